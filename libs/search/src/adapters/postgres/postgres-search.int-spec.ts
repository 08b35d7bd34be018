import type { CaseStudySearchIndex } from '../../case-study-search.port';
import { testCaseStudySearchContract } from '../../testing/case-study-search-contract';
import type { PostgresCaseStudySearchIndex } from './postgres-case-study-search';
import { openPostgresTestIndex } from './postgres-search-test-database';

testCaseStudySearchContract('postgres', openPostgresTestIndex, {
  // Every live row of the engine's tables, as text (documents, tsvectors, long-body parts, vocabulary).
  storageContains: (index: CaseStudySearchIndex, text: string) => (index as PostgresCaseStudySearchIndex).storageContains(text),
});
