import { createCorpus } from './search-corpus';
import { EmbeddedSearchIndex } from '@sce/search/adapters/embedded/embedded-search-index';
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
const N = Number(process.argv[2] ?? 20000);
const corpus = createCorpus(42);
const index: any = new EmbeddedSearchIndex({ fileName: join(mkdtempSync('/tmp/apply-'), 'search.sqlite') });
(async () => {
  let busy = 0; let window = 0;
  for (let s = 0; s < N; s += 500) {
    const writes = [];
    for (let i = s; i < Math.min(N, s + 500); i++) { const d = corpus.document(i).document; writes.push({ key: { caseStudyId: d.caseStudyId, variant: d.variant }, revision: 1, document: d }); }
    const t = performance.now(); await index.apply(writes); const dt = performance.now() - t; busy += dt; window += dt;
    if ((s + 500) % 10000 === 0) { console.log(`${s + 500}: last 10k at ${Math.round(10000 / (window / 1000))} docs/s`); window = 0; }
  }
  console.log(`total ${Math.round(N / (busy / 1000))} docs/s`);
})();
