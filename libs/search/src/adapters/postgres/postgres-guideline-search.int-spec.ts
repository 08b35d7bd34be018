import { GuidelineSearchOverEngine } from '../../guideline-search-over-engine';
import { testGuidelineSearchContract } from '../../testing/guideline-search-contract';
import type { PostgresCaseStudySearchIndex } from './postgres-case-study-search';
import { openPostgresTestIndex } from './postgres-search-test-database';

// On the guideline_search_* tables of the migration, as in production.
testGuidelineSearchContract('postgres', async () => new GuidelineSearchOverEngine(await openPostgresTestIndex('guideline_search')), {
  storageContains: (index, text) => ((index as GuidelineSearchOverEngine).underlying as PostgresCaseStudySearchIndex).storageContains(text),
});
