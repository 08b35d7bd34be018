// The restart half of bench:search, in a process of its own: open an index that already holds the documents,
// answer one query, and report the time since this process started (what a restarted API instance pays).
import { ENGINES } from './search-engines';

async function main(): Promise<void> {
  const [name, place, text] = process.argv.slice(2);
  const engine = ENGINES[name];
  if (!engine) throw new Error(`restart: unknown engine ${name}`);
  const opening = performance.now();
  const index = await engine.open(place);
  const openMs = performance.now() - opening;
  const result = await index.search({ text, variants: ['PUBLISHED'], offset: 0, limit: 20 });
  // performance.now() counts from this process's start.
  const toFirstAnswerMs = performance.now();
  await index.close();
  console.log(JSON.stringify({ toFirstAnswerMs, openMs, rssBytes: process.resourceUsage().maxRSS * 1024, totalCount: result.totalCount }));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
