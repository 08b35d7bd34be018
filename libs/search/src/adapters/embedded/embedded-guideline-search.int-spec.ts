import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GuidelineSearchOverEngine } from '../../guideline-search-over-engine';
import { testGuidelineSearchContract } from '../../testing/guideline-search-contract';
import { EmbeddedSearchIndex } from './embedded-search-index';

const dir = mkdtempSync(join(tmpdir(), 'sce-guideline-search-'));

testGuidelineSearchContract('embedded', async () => new GuidelineSearchOverEngine(new EmbeddedSearchIndex({ fileName: join(dir, 'guideline-search.sqlite') })), {
  storageContains: async (index, text) => {
    ((index as GuidelineSearchOverEngine).underlying as EmbeddedSearchIndex).compact();
    return readdirSync(dir).some((name) => readFileSync(join(dir, name)).includes(Buffer.from(text, 'utf8')));
  },
  destroy: async () => rmSync(dir, { recursive: true, force: true }),
});
