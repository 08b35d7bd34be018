import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CaseStudySearchIndex } from '../../case-study-search.port';
import { testCaseStudySearchContract } from '../../testing/case-study-search-contract';
import { EmbeddedSearchIndex } from './embedded-search-index';

const dir = mkdtempSync(join(tmpdir(), 'sce-search-'));
const fileName = join(dir, 'search.sqlite');

testCaseStudySearchContract('embedded', async () => new EmbeddedSearchIndex({ fileName }), {
  // Every byte of every file the engine keeps (database, write-ahead log), after its compaction.
  storageContains: async (index: CaseStudySearchIndex, text: string) => {
    (index as EmbeddedSearchIndex).compact();
    const needle = Buffer.from(text, 'utf8');
    return readdirSync(dir).some((name) => readFileSync(join(dir, name)).includes(needle));
  },
  reopen: async (index) => {
    await index.close();
    return new EmbeddedSearchIndex({ fileName });
  },
  destroy: async () => rmSync(dir, { recursive: true, force: true }),
});
