import { join } from 'node:path';
import { createCorpus } from './search-corpus';
import { mixedQueries } from './search-workload';
import { EmbeddedSearchIndex } from '../libs/search/src/adapters/embedded/embedded-search-index';
(async () => {
  const index = new EmbeddedSearchIndex({ fileName: join(process.argv[2], 'search.sqlite') });
  const queries = mixedQueries(createCorpus(42), 1000, 100000, 42);
  for (const { query } of queries.slice(0, 50)) await index.search(query);
  const t = performance.now();
  for (let r = 0; r < 2; r++) for (const { query } of queries) await index.search(query);
  console.log('ms per query', ((performance.now() - t) / 2000).toFixed(2));
  await index.close();
})();
