import { fromEngineDocument, toEngineDocument, toEngineQuery } from './guideline-search-over-engine';
import { PUBLIC_VIEWER } from './guideline-search.port';
import { aGuidelineDocument } from './testing/guideline-search-contract';

describe('guideline search on a case-study engine', () => {
  it('maps a document there and back: headings one per line, status as a keyword, the working text as IN_REVIEW', () => {
    const document = aGuidelineDocument({ variant: 'WORKING', headings: ['Scope', 'Tariffs\nand metering', ''], status: 'DRAFT', textRevision: 7 });
    const engine = toEngineDocument(document);
    expect(engine).toMatchObject({ caseStudyId: document.guidelineId, variant: 'IN_REVIEW', city: 'Scope\nTariffs and metering\n', citySize: 'DRAFT', yearFrom: 7, narrative: '' });
    expect(fromEngineDocument(engine)).toEqual({ ...document, headings: ['Scope', 'Tariffs and metering', ''] });
    expect(fromEngineDocument(toEngineDocument(aGuidelineDocument({ headings: [] }))).headings).toEqual([]);
  });

  it('turns the viewer into variants and a scope: the public sees PUBLISHED, an author their working texts in place of those, reviewers every working text', () => {
    const query = { text: 'flood', offset: 0, limit: 10, filter: { statuses: ['WITHDRAWN'], sectors: ['WATER'] }, facets: ['STATUS' as const, 'SECTOR' as const] };
    expect(toEngineQuery({ ...query, viewer: PUBLIC_VIEWER })).toMatchObject({
      variants: ['PUBLISHED'],
      scopedVariant: { variant: 'IN_REVIEW', caseStudyIds: [] },
      filter: { citySizes: ['WITHDRAWN'], sectors: ['WATER'] },
      facets: ['CITY_SIZE', 'SECTOR'],
    });
    expect(toEngineQuery({ ...query, viewer: { seesAllWorking: false, workingOf: ['g1'] } })).toMatchObject({ variants: ['PUBLISHED'], scopedVariant: { variant: 'IN_REVIEW', caseStudyIds: ['g1'] } });
    const reviewer = toEngineQuery({ ...query, viewer: { seesAllWorking: true, workingOf: [] } });
    expect(reviewer.variants).toEqual(['IN_REVIEW']);
    expect(reviewer.scopedVariant).toBeUndefined();
  });
});
