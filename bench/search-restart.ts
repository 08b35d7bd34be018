// The restart half of bench:search, in a process of its own: open an index that already holds the documents,
// answer one query, and report the time since this process started (what a restarted API instance pays).
import { join } from 'node:path';
import { EmbeddedSearchIndex } from '@sce/search/adapters/embedded/embedded-search-index';

async function main(): Promise<void> {
  const [engine, dir, text] = process.argv.slice(2);
  if (engine !== 'embedded') throw new Error(`restart: unknown engine ${engine}`);
  const opening = performance.now();
  const index = new EmbeddedSearchIndex({ fileName: join(dir, 'search.sqlite') });
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
