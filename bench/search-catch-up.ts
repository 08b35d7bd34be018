// The indexing half of bench:search, in a process of its own: the case-study search feed catches up with the
// whole log into an engine, as a server started over an existing log does. Its peak RSS is then that of a
// server catching up, not of the bench process (which also holds the corpus and the hit-rate samples).
import { ENGINES } from './search-engines';
import { projectionFeed } from './search-feed';

async function main(): Promise<void> {
  const [name, place, logDir, batch] = process.argv.slice(2);
  const engine = ENGINES[name];
  if (!engine) throw new Error(`catch-up: unknown engine ${name}`);
  const feed = await projectionFeed(logDir);
  const index = await engine.open(place);
  const cpuStarted = process.cpuUsage();
  const { seconds } = await feed.project(index, Number(batch));
  const cpu = process.cpuUsage(cpuStarted);
  await index.close();
  await engine.close();
  await feed.close();
  console.log(JSON.stringify({ seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, rssBytes: process.resourceUsage().maxRSS * 1024 }));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
