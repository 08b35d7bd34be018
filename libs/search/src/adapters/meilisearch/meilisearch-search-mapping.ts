// Pure parts of the Meilisearch adapter: the index settings, a port document as a Meilisearch document, the
// filter expression (values escaped), sorts, facets, snippets and error mapping. Unit-tested without a server.
import { toEur } from '@sce/vocabulary';
import type {
  CaseStudyFacet,
  CaseStudySearchDocument,
  CaseStudySearchHighlight,
  CaseStudySearchKey,
  CaseStudySearchQuery,
  CaseStudySearchSort,
  CaseStudySearchWrite,
} from '../../case-study-search.port';
import { CASE_STUDY_FACET_FIELDS } from '../../case-study-search.port';
import { escapeHtml, tokenize } from '../../text-analysis';
import { SearchEngineError } from '../../search.errors';

/**
 * Meilisearch keeps 65,535 word positions per attribute and drops the rest silently, and a hard separator
 * ('.', '\n') takes 8 positions: a body goes in attributes of at most 7,000 words (7,000 x 9 < 65,535), up to
 * this many; a longer body is refused, never cut.
 */
export const BODY_WORDS_PER_ATTRIBUTE = 7_000;
export const MAX_BODY_ATTRIBUTES = 64;
export const BODY_ATTRIBUTES: readonly string[] = Array.from({ length: MAX_BODY_ATTRIBUTES }, (_, i) => (i === 0 ? 'body' : `body_${i}`));
/** Weight order: Meilisearch's "attribute" ranking rule ranks a match in an earlier attribute higher. */
export const SEARCHABLE_ATTRIBUTES: readonly string[] = ['title', 'summary', 'city', 'narrative', ...BODY_ATTRIBUTES];

/** Documents are stored under their own field names, so each facet is the attribute of its field. */
export const FACET_ATTRIBUTES: Record<CaseStudyFacet, string> = CASE_STUDY_FACET_FIELDS;

/** The most facet values counted per facet, and the most hits counted exactly (totalCount). */
export const MAX_VALUES_PER_FACET = 1_000;
export const MAX_TOTAL_HITS = 100_000;

/** Every setting the adapter relies on, stated explicitly rather than left to the server's defaults. */
export function indexSettings() {
  return {
    searchableAttributes: [...SEARCHABLE_ATTRIBUTES],
    filterableAttributes: ['id', 'caseStudyId', 'variant', 'tombstone', 'partnershipId', 'kpiCodes', 'organisationIds', 'yearStart', 'yearEnd', 'costEur', ...Object.values(FACET_ATTRIBUTES)],
    sortableAttributes: ['publishedAtMs', 'costEur'],
    // The default rules, then newest first among equals.
    rankingRules: ['words', 'typo', 'proximity', 'attribute', 'sort', 'exactness', 'publishedAtMs:desc'],
    // Meilisearch's own rule, the one the contract states: 1 typo from 5 letters, 2 from 9, everywhere.
    typoTolerance: { enabled: true, minWordSizeForTypos: { oneTypo: 5, twoTypos: 9 }, disableOnAttributes: [], disableOnWords: [] },
    faceting: { maxValuesPerFacet: MAX_VALUES_PER_FACET, sortFacetValuesBy: { '*': 'count' as const } },
    pagination: { maxTotalHits: MAX_TOTAL_HITS },
    // ь and ъ are letters of the words they are in ("объявление", "деньги"), never separators.
    nonSeparatorTokens: ['ь', 'ъ', 'Ь', 'Ъ'],
    stopWords: [],
    synonyms: {},
  };
}

/** A document id Meilisearch accepts (a-z A-Z 0-9 - _, at most 511 bytes) for any case-study id. */
export const documentId = (key: CaseStudySearchKey) => `${key.variant}-${Buffer.from(key.caseStudyId, 'utf8').toString('base64url')}`;

/** What Meilisearch stores for a key. A tombstone keeps the key and revision, and no text. */
export interface MeilisearchDocument {
  id: string;
  caseStudyId: string;
  variant: string;
  revision: number;
  tombstone: boolean;
  /** The port's document as given, for get(); not searchable. */
  source?: CaseStudySearchDocument;
  [attribute: string]: unknown;
}

// ё is е for search (the tokenizer keeps them apart); one character for one, so snippets keep their length.
const searchable = (text: string) => text.replace(/ё/g, 'е').replace(/Ё/g, 'Е').replace(/[\u0002\u0003]/g, ' ');

/** The body in attributes of at most BODY_WORDS_PER_ATTRIBUTE words, cut between words. */
export function bodyAttributes(body: string): Record<string, string> {
  const tokens = tokenize(body);
  const parts = Math.max(1, Math.ceil(tokens.length / BODY_WORDS_PER_ATTRIBUTE));
  if (parts > MAX_BODY_ATTRIBUTES) {
    throw new Error(`A body of ${tokens.length} words is longer than the Meilisearch adapter indexes whole (${MAX_BODY_ATTRIBUTES * BODY_WORDS_PER_ATTRIBUTE} words)`);
  }
  const attributes: Record<string, string> = {};
  for (let part = 0; part < parts; part++) {
    const from = part === 0 ? 0 : tokens[part * BODY_WORDS_PER_ATTRIBUTE].start;
    const to = part === parts - 1 ? body.length : tokens[(part + 1) * BODY_WORDS_PER_ATTRIBUTE].start;
    attributes[BODY_ATTRIBUTES[part]] = searchable(body.slice(from, to));
  }
  return attributes;
}

export function toMeilisearchDocument(write: CaseStudySearchWrite): MeilisearchDocument {
  const key = { id: documentId(write.key), caseStudyId: write.key.caseStudyId, variant: write.key.variant, revision: write.revision };
  const document = write.document;
  if (!document) return { ...key, tombstone: true };
  const yearStart = document.yearFrom ?? document.yearTo;
  const yearEnd = document.yearTo ?? document.yearFrom;
  // Absent rather than null: Meilisearch sorts documents without the attribute last, in both directions.
  const optional = {
    ...(document.partnershipId !== null && { partnershipId: document.partnershipId }),
    ...(document.citySize !== null && { citySize: document.citySize }),
    ...(document.incomeLevel !== null && { incomeLevel: document.incomeLevel }),
    ...(yearStart !== null && { yearStart }),
    ...(yearEnd !== null && { yearEnd }),
    ...(document.cost?.amountInEur != null && { costEur: document.cost.amountInEur }),
  };
  return {
    ...key,
    tombstone: false,
    source: document,
    title: searchable(document.title),
    summary: searchable(document.summary),
    city: searchable(document.city),
    narrative: searchable(document.narrative),
    ...bodyAttributes(document.body),
    language: document.language,
    country: document.country,
    region: document.region,
    sectors: document.sectors,
    sdgTargets: document.sdgTargets,
    organisationIds: document.organisationIds,
    organisationTypes: document.organisationTypes,
    kpiCodes: document.kpiCodes,
    publishedAtMs: Date.parse(document.publishedAt),
    ...optional,
  };
}

/** A string value in a filter expression: double-quoted, with \ and " escaped. */
export const filterValue = (value: string) => `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
const list = (values: readonly string[]) => `[${values.map(filterValue).join(', ')}]`;
const finite = (field: string, value: number) => {
  if (!Number.isFinite(value)) throw new RangeError(`${field} must be a finite number, not ${value}`);
  return String(value);
};

/** The filter expression of a query: tombstones, variants, exclusions and every port filter, ANDed. */
export function filterExpression(query: Pick<CaseStudySearchQuery, 'variants' | 'scopedVariant' | 'filter' | 'excludeCaseStudyIds'>): string {
  const scoped = query.scopedVariant;
  const variants = `variant IN ${list(query.variants)}`;
  const conditions = [
    'tombstone = false',
    scoped?.caseStudyIds.length
      ? `((caseStudyId IN ${list(scoped.caseStudyIds)} AND variant = ${filterValue(scoped.variant)}) OR (caseStudyId NOT IN ${list(scoped.caseStudyIds)} AND ${variants}))`
      : variants,
  ];
  if (query.excludeCaseStudyIds?.length) conditions.push(`caseStudyId NOT IN ${list(query.excludeCaseStudyIds)}`);
  const filter = query.filter ?? {};
  // On an array attribute, IN matches when any element is in the list: "any of", as the port says.
  const anyOf: Array<[string, string[] | undefined]> = [
    ['sectors', filter.sectors],
    ['country', filter.countries],
    ['region', filter.regions],
    ['sdgTargets', filter.sdgTargets],
    ['organisationIds', filter.organisationIds],
    ['organisationTypes', filter.organisationTypes],
    ['language', filter.languages],
    ['citySize', filter.citySizes],
    ['incomeLevel', filter.incomeLevels],
    ['partnershipId', filter.partnershipIds],
    ['kpiCodes', filter.kpiCodes],
  ];
  for (const [attribute, values] of anyOf) if (values?.length) conditions.push(`${attribute} IN ${list(values)}`);
  // A comparison leaves out documents without the attribute: no period, or no cost, no match.
  if (filter.years?.from !== undefined) conditions.push(`yearEnd >= ${finite('filter.years.from', filter.years.from)}`);
  if (filter.years?.to !== undefined) conditions.push(`yearStart <= ${finite('filter.years.to', filter.years.to)}`);
  const cost = filter.cost;
  if (cost && (cost.min !== undefined || cost.max !== undefined)) {
    const min = cost.min === undefined ? undefined : toEur(cost.min, cost.currency);
    const max = cost.max === undefined ? undefined : toEur(cost.max, cost.currency);
    // A currency without a rate matches nothing, as in every adapter (the GraphQL input refuses it first).
    if (min === null || max === null) conditions.push('costEur < 0 AND costEur >= 0');
    if (min != null) conditions.push(`costEur >= ${finite('filter.cost.min', min)}`);
    if (max != null) conditions.push(`costEur <= ${finite('filter.cost.max', max)}`);
  }
  return conditions.join(' AND ');
}

export function sortOf(sort: CaseStudySearchSort | undefined): string[] | undefined {
  switch (sort ?? 'RELEVANCE') {
    case 'RELEVANCE':
      return undefined;
    case 'NEWEST':
      return ['publishedAtMs:desc'];
    case 'COST_ASC':
      return ['costEur:asc', 'publishedAtMs:desc'];
    case 'COST_DESC':
      return ['costEur:desc', 'publishedAtMs:desc'];
    default:
      throw new RangeError(`sort: unknown value ${JSON.stringify(sort)}`);
  }
}

/** Facet counts highest first, then by value, as the port asks. */
export const facetValues = (distribution: Record<string, number> | undefined) =>
  Object.entries(distribution ?? {})
    .map(([value, count]) => ({ value, count }))
    .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));

// Meilisearch marks matches with these (they never occur in indexed text); the rest is escaped, then marked.
export const MARK_START = '\u0002';
export const MARK_END = '\u0003';
export const CROP_WORDS = 24;

/** Snippets from Meilisearch's _formatted attributes: fields with a match, the body from its first part that has one. */
export function highlightsOf(formatted: Record<string, unknown> | undefined): CaseStudySearchHighlight[] {
  if (!formatted) return [];
  const snippet = (text: unknown) =>
    typeof text === 'string' && text.includes(MARK_START) ? escapeHtml(text).split(MARK_START).join('<mark>').split(MARK_END).join('</mark>') : undefined;
  const highlights: CaseStudySearchHighlight[] = [];
  for (const field of ['title', 'summary', 'city', 'narrative'] as const) {
    const marked = snippet(formatted[field]);
    if (marked !== undefined) highlights.push({ field, snippet: marked });
  }
  const body = BODY_ATTRIBUTES.map((attribute) => snippet(formatted[attribute])).find((marked) => marked !== undefined);
  if (body !== undefined) highlights.push({ field: 'body', snippet: body });
  return highlights;
}

/** The client's errors (matched by name: the client is loaded lazily) as SearchEngineError. */
export function searchEngineError(error: unknown, doing: string): unknown {
  if (!(error instanceof Error) || error instanceof SearchEngineError) return error;
  switch (error.name) {
    case 'MeilisearchRequestError':
    case 'MeilisearchRequestTimeOutError':
    case 'MeilisearchTaskTimeOutError':
      return new SearchEngineError('UNAVAILABLE', undefined, `Meilisearch ${doing}: ${error.message}`, { cause: error });
    case 'MeilisearchApiError': {
      const body = (error as Error & { cause?: { code?: string }; response?: { status?: number } }).cause;
      const status = (error as Error & { response?: { status?: number } }).response?.status ?? 0;
      // 5xx and 429 pass: the server is there but cannot serve now.
      const kind = status >= 500 || status === 429 ? 'UNAVAILABLE' : 'REJECTED';
      return new SearchEngineError(kind, body?.code, `Meilisearch ${doing}: ${error.message}`, { cause: error });
    }
    default:
      return error;
  }
}

/** A finished task that did not succeed, as SearchEngineError (REJECTED). */
export function failedTask(task: { status: string; type?: string; error?: { code: string; message: string } | null }, doing: string): SearchEngineError | undefined {
  if (task.status === 'succeeded') return undefined;
  return new SearchEngineError('REJECTED', task.error?.code, `Meilisearch ${doing}: task ${task.type ?? ''} ${task.status}${task.error ? `: ${task.error.message}` : ''}`);
}
