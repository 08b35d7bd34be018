import type { CaseStudyFacet, CaseStudySearchFilterInput, CaseStudySearchSort, SearchQueryVariables } from './graphql/generated';

/** Each facet the API counts: its name in the address, and the filter field it narrows. */
export const FACETS = [
  { param: 'sector', facet: 'SECTOR', filter: 'sectors' },
  { param: 'country', facet: 'COUNTRY', filter: 'countries' },
  { param: 'region', facet: 'REGION', filter: 'regions' },
  { param: 'sdg', facet: 'SDG_TARGET', filter: 'sdgTargets' },
  { param: 'orgType', facet: 'ORGANISATION_TYPE', filter: 'organisationTypes' },
  { param: 'lang', facet: 'LANGUAGE', filter: 'languages' },
  { param: 'size', facet: 'CITY_SIZE', filter: 'citySizes' },
  { param: 'income', facet: 'INCOME_LEVEL', filter: 'incomeLevels' },
] as const satisfies ReadonlyArray<{ param: string; facet: CaseStudyFacet; filter: keyof CaseStudySearchFilterInput }>;

export type FacetParam = (typeof FACETS)[number]['param'];
export const SORTS: CaseStudySearchSort[] = ['RELEVANCE', 'NEWEST', 'COST_ASC', 'COST_DESC'];
export const PAGE_SIZE = 10;

/** Everything a search page shows is decided by this, and this is the address's query string. */
export interface SearchState {
  q: string;
  sort: CaseStudySearchSort;
  /** The cursor the page starts after (opaque, from the API); absent on the first page. */
  after?: string;
  /** 1-based, for people; the cursor decides what is fetched. */
  page: number;
  filters: Partial<Record<FacetParam, string[]>>;
}

export function parseSearch(search: string): SearchState {
  const params = new URLSearchParams(search);
  const sort = params.get('sort') as CaseStudySearchSort | null;
  const page = Number.parseInt(params.get('page') ?? '1', 10);
  const filters: SearchState['filters'] = {};
  for (const { param } of FACETS) {
    const values = params.getAll(param).filter(Boolean);
    if (values.length) filters[param] = [...new Set(values)];
  }
  return {
    q: params.get('q') ?? '',
    sort: sort && SORTS.includes(sort) ? sort : 'RELEVANCE',
    after: params.get('after') ?? undefined,
    page: Number.isFinite(page) && page > 1 && params.has('after') ? page : 1,
    filters,
  };
}

/** The query string for a state: defaults left out and a stable order, so equal searches have equal addresses. */
export function searchString(state: SearchState): string {
  const params = new URLSearchParams();
  if (state.q.trim()) params.set('q', state.q.trim());
  for (const { param } of FACETS) for (const value of [...(state.filters[param] ?? [])].sort()) params.append(param, value);
  if (state.sort !== 'RELEVANCE') params.set('sort', state.sort);
  if (state.after && state.page > 1) {
    params.set('page', String(state.page));
    params.set('after', state.after);
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** A change of query, filter or sort starts again at the first page. */
export function withFilterToggled(state: SearchState, param: FacetParam, value: string): SearchState {
  const current = state.filters[param] ?? [];
  const next = current.includes(value) ? current.filter((v) => v !== value) : [...current, value];
  const filters = { ...state.filters, [param]: next };
  if (!next.length) delete filters[param];
  return { ...state, filters, after: undefined, page: 1 };
}

export function searchVariables(state: SearchState): SearchQueryVariables {
  const filter: CaseStudySearchFilterInput = {};
  for (const { param, filter: field } of FACETS) {
    const values = state.filters[param];
    if (values?.length) (filter as Record<string, string[]>)[field] = values;
  }
  return {
    query: state.q.trim() || null,
    filter: Object.keys(filter).length ? filter : null,
    facets: FACETS.map((f) => f.facet),
    sort: state.sort,
    first: PAGE_SIZE,
    after: state.after ?? null,
  };
}
