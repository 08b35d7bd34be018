import type { CaseStudySearchIndex } from '../../case-study-search.port';
import { aSearchDocument, aWrite, testCaseStudySearchContract } from '../../testing/case-study-search-contract';
import type { PostgresCaseStudySearchIndex } from './postgres-case-study-search';
import { openPostgresTestIndex } from './postgres-search-test-database';

testCaseStudySearchContract('postgres', openPostgresTestIndex, {
  // Every live row of the engine's tables, as text (documents, tsvectors, long-body parts, vocabulary).
  storageContains: (index: CaseStudySearchIndex, text: string) => (index as PostgresCaseStudySearchIndex).storageContains(text),
});

// The benchmark's bare-engine comparison asks PostgreSQL the adapter's own tsquery: it must match what search finds.
describe('PostgresCaseStudySearchIndex.matchingTsQueryFor (the bench:search comparator)', () => {
  let index: PostgresCaseStudySearchIndex;
  beforeAll(async () => {
    index = await openPostgresTestIndex();
    await index.apply([
      aWrite(aSearchDocument({ caseStudyId: 'cs-heat', title: 'Renovation of district heating networks', language: 'en' })),
      aWrite(aSearchDocument({ caseStudyId: 'cs-tram', title: 'Трамвайные линии Казани', summary: 'Новые трамваи', language: 'ru' })),
    ]);
  });
  afterAll(() => index?.close());

  const matchedBy = async (tsquery: string | undefined) =>
    ((await index['dataSource'].query(`SELECT case_study_id FROM case_study_search_documents WHERE terms @@ $1::tsquery ORDER BY 1`, [tsquery])) as { case_study_id: string }[]).map(
      (row) => row.case_study_id,
    );

  it('holds the stems and typo candidates search() matches with: a typo and another inflected form match what search finds', async () => {
    for (const text of ['renovatoin heating', 'трамваев']) {
      const query = { text, variants: ['PUBLISHED' as const], offset: 0, limit: 10 };
      const found = (await index.search(query)).hits.map((hit) => hit.caseStudyId).sort();
      expect(found).toHaveLength(1);
      expect(await matchedBy(await index.matchingTsQueryFor(query))).toEqual(found);
    }
  });

  it('is undefined for a query without words to match', async () => {
    expect(await index.matchingTsQueryFor({ text: '  ', variants: ['PUBLISHED'], offset: 0, limit: 10 })).toBeUndefined();
    expect(await index.matchingTsQueryFor({ variants: ['PUBLISHED'], offset: 0, limit: 10 })).toBeUndefined();
  });
});
