import type { CaseStudyFacet, CaseStudySearchQuery } from '../../case-study-search.port';
import { FactColumns, type DocumentFacts } from './fact-columns';

// Facts drawn from `seed` over small value sets, so filters and facets hit many documents.
function factsOf(seed: number): DocumentFacts {
  let state = seed;
  const next = () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x80000000;
  };
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)];
  const some = (list: readonly string[]) => Array.from({ length: Math.floor(next() * 4) }, () => pick(list));
  return {
    caseStudyId: `cs-${seed % 700}`,
    variant: pick(['PUBLISHED', 'IN_REVIEW']),
    language: pick(['en', 'fr', 'ru']),
    country: pick(['FR', 'DE', 'KZ', 'UA']),
    region: pick(['Western Europe', 'Central Asia']),
    sectors: some(['energy', 'mobility', 'water', 'housing']),
    sdgTargets: some(['11.1', '11.2', '7.2']),
    organisationIds: some(['o1', 'o2', 'o3']),
    organisationTypes: some(['CITY', 'NGO']),
    partnershipId: pick([null, 'p1', 'p2']),
    kpiCodes: some(['EC-1', 'EN-2']),
    citySize: pick([null, 'SMALL', 'LARGE']),
    incomeLevel: pick([null, 'LOW', 'HIGH']),
    yearFrom: pick([null, 2010, 2015, 2020]),
    yearTo: pick([null, 2016, 2022]),
    costEur: pick([null, 1000, 50_000, 2_000_000]),
    publishedAt: Math.floor(next() * 1e12),
  };
}

/** The reference: the same rules over plain objects. */
function naiveAccept(query: CaseStudySearchQuery, f: DocumentFacts): boolean {
  const filter = query.filter ?? {};
  const anyOf = (wanted: string[] | undefined, values: readonly (string | null)[]) => !wanted?.length || values.some((value) => value !== null && wanted.includes(value));
  const scoped = query.scopedVariant;
  const visible = scoped?.caseStudyIds.includes(f.caseStudyId) ? f.variant === scoped.variant : query.variants.includes(f.variant as never);
  const start = f.yearFrom ?? f.yearTo;
  const end = f.yearTo ?? f.yearFrom;
  const years = !filter.years || (start !== null && end !== null && start <= (filter.years.to ?? Infinity) && end >= (filter.years.from ?? -Infinity));
  const cost = !filter.cost || (f.costEur !== null && f.costEur >= (filter.cost.min ?? -Infinity) && f.costEur <= (filter.cost.max ?? Infinity));
  return (
    visible &&
    !(query.excludeCaseStudyIds ?? []).includes(f.caseStudyId) &&
    anyOf(filter.sectors, f.sectors) &&
    anyOf(filter.countries, [f.country]) &&
    anyOf(filter.sdgTargets, f.sdgTargets) &&
    anyOf(filter.organisationIds, f.organisationIds) &&
    anyOf(filter.languages, [f.language]) &&
    anyOf(filter.citySizes, [f.citySize]) &&
    anyOf(filter.partnershipIds, [f.partnershipId]) &&
    anyOf(filter.kpiCodes, f.kpiCodes) &&
    years &&
    cost
  );
}

const FACETS: Record<string, (f: DocumentFacts) => (string | null)[]> = {
  SECTOR: (f) => f.sectors,
  COUNTRY: (f) => [f.country],
  SDG_TARGET: (f) => f.sdgTargets,
  CITY_SIZE: (f) => [f.citySize],
};

function naiveFacet(facts: DocumentFacts[], read: (f: DocumentFacts) => (string | null)[]) {
  const counts = new Map<string, number>();
  for (const f of facts) for (const value of new Set(read(f))) if (value !== null) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1));
}

const queries: CaseStudySearchQuery[] = [
  { variants: ['PUBLISHED'], offset: 0, limit: 10 },
  { variants: ['PUBLISHED', 'IN_REVIEW'], filter: { sectors: ['energy', 'water'], countries: ['FR'] }, offset: 0, limit: 10 },
  { variants: ['PUBLISHED'], filter: { sdgTargets: ['7.2'], citySizes: ['SMALL'], partnershipIds: ['p1'] }, offset: 0, limit: 10 },
  { variants: ['PUBLISHED'], filter: { years: { from: 2017, to: 2019 }, cost: { min: 10_000, currency: 'EUR' } }, offset: 0, limit: 10 },
  { variants: ['PUBLISHED'], filter: { organisationIds: ['o2'], kpiCodes: ['EN-2'], languages: ['ru'] }, offset: 0, limit: 10 },
  { variants: ['PUBLISHED'], filter: { sectors: ['no such sector'] }, offset: 0, limit: 10 },
  { variants: ['PUBLISHED'], scopedVariant: { variant: 'IN_REVIEW', caseStudyIds: ['cs-3', 'cs-4'] }, excludeCaseStudyIds: ['cs-5'], offset: 0, limit: 10 },
];

describe('FactColumns', () => {
  it('given documents written, rewritten and removed, when filtered and counted, then agrees with the rules over plain objects', () => {
    const columns = new FactColumns();
    const held = new Map<number, DocumentFacts>();
    // Rowids as SQLite gives them; then most rewritten (dead list ranges: the pool compacts) and some removed.
    for (let id = 1; id <= 3000; id++) held.set(id, factsOf(id));
    for (let round = 0; round < 3; round++) for (let id = 1; id <= 3000; id += 1 + round) held.set(id, factsOf(id * 7 + round));
    for (let id = 5; id <= 3000; id += 9) held.delete(id);
    for (let id = 1; id <= 3000; id++) columns.set(id, factsOf(id));
    for (let round = 0; round < 3; round++) for (let id = 1; id <= 3000; id += 1 + round) columns.set(id, factsOf(id * 7 + round));
    for (let id = 5; id <= 3000; id += 9) columns.set(id, null);

    expect(columns.size).toBe(held.size);
    for (const query of queries) {
      const accept = columns.filterOf(query);
      const ids = [...held.keys()].filter((id) => accept(id));
      expect(ids).toEqual([...held].filter(([, f]) => naiveAccept(query, f)).map(([id]) => id));
      for (const [facet, read] of Object.entries(FACETS)) {
        expect(columns.countFacet(facet as CaseStudyFacet, ids).values).toEqual(naiveFacet(ids.map((id) => held.get(id)!), read));
      }
    }
    // Removed and never-written rowids pass no filter.
    const accept = columns.filterOf({ variants: ['PUBLISHED', 'IN_REVIEW'], offset: 0, limit: 10 });
    expect([0, 5, 14, 3001, 1_000_000].map((id) => accept(id))).toEqual([false, false, false, false, false]);
  });

  it('given documents, when cleared, then holds none and takes new ones as a new table', () => {
    const columns = new FactColumns();
    for (let id = 1; id <= 2000; id++) columns.set(id, factsOf(id));
    columns.clear();
    const everything: CaseStudySearchQuery = { variants: ['PUBLISHED', 'IN_REVIEW'], offset: 0, limit: 10 };
    expect(columns.size).toBe(0);
    expect([1, 5, 2000].map((id) => columns.filterOf(everything)(id))).toEqual([false, false, false]);
    columns.set(3, factsOf(3));
    const accept = columns.filterOf(everything);
    expect([1, 3].map((id) => accept(id))).toEqual([false, true]);
    expect(columns.countFacet('COUNTRY', [3]).values).toEqual([{ value: factsOf(3).country, count: 1 }]);
  });

  it('orders by cost with the documents that have none last, then newest first', () => {
    const columns = new FactColumns();
    const base = factsOf(1);
    columns.set(1, { ...base, costEur: null, publishedAt: 3 });
    columns.set(2, { ...base, costEur: 500, publishedAt: 1 });
    columns.set(3, { ...base, costEur: 100, publishedAt: 2 });
    columns.set(4, { ...base, costEur: 100, publishedAt: 5 });
    const score = new Float64Array(5);
    expect([1, 2, 3, 4].sort(columns.orderOf('COST_ASC', score))).toEqual([4, 3, 2, 1]);
    expect([1, 2, 3, 4].sort(columns.orderOf('COST_DESC', score))).toEqual([2, 4, 3, 1]);
    expect([1, 2, 3, 4].sort(columns.orderOf('NEWEST', score))).toEqual([4, 1, 3, 2]);
  });
});
