import { randomBytes } from 'node:crypto';
import { GuidelineSearchOverEngine } from '../../guideline-search-over-engine';
import { testCaseStudySearchContract } from '../../testing/case-study-search-contract';
import { testGuidelineSearchContract } from '../../testing/guideline-search-contract';
import { MeilisearchCaseStudySearchIndex } from './meilisearch-case-study-search';

// Runs only when MEILISEARCH_URL is set (test/test-servers.js leaves this file out otherwise): no Meilisearch
// server can be installed on the machines this project is built on. Each run uses an index of its own.
const uid = `case_studies_test_${randomBytes(4).toString('hex')}`;

testCaseStudySearchContract('meilisearch', () => MeilisearchCaseStudySearchIndex.open({ url: process.env.MEILISEARCH_URL!, apiKey: process.env.MEILISEARCH_API_KEY, indexUid: uid }));

// Guideline search in an index of its own, as the composition root names it (<index>_guidelines).
testGuidelineSearchContract('meilisearch', async () =>
  new GuidelineSearchOverEngine(await MeilisearchCaseStudySearchIndex.open({ url: process.env.MEILISEARCH_URL!, apiKey: process.env.MEILISEARCH_API_KEY, indexUid: `${uid}_guidelines` })),
);
