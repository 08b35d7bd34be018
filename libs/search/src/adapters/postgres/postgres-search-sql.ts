// Pure SQL builders of the PostgreSQL search adapter: the row written for a document, the filter conditions,
// facet expressions and the tsquery of a word group. Kept apart from I/O so their escaping is unit-tested.
import { toEur } from '@sce/vocabulary';
import type { CaseStudyFacet, CaseStudySearchDocument, CaseStudySearchFilter, CaseStudySearchQuery, CaseStudySearchSort, CaseStudySearchWrite } from '../../case-study-search.port';
import { stemmingLanguageOf, words } from '../../text-analysis';

/**
 * The text-search configuration of a document, chosen by its language: PostgreSQL's english, french and
 * russian Snowball stemmers (copies without stop words, see the migration), 'simple' (no stemming) for others.
 */
export function searchConfigOf(language: string): SearchConfig {
  switch (stemmingLanguageOf(language)) {
    case 'en':
      return 'sce_english';
    case 'fr':
      return 'sce_french';
    case 'ru':
      return 'sce_russian';
    default:
      return 'simple';
  }
}
export type SearchConfig = 'sce_english' | 'sce_french' | 'sce_russian' | 'simple';
/** A query has no language: its words are stemmed in every configuration a document may have used. */
export const SEARCH_CONFIGS: readonly SearchConfig[] = ['sce_english', 'sce_french', 'sce_russian', 'simple'];

/**
 * The vocabulary holds the folded surface words of the documents, marked with this prefix, beside their stems:
 * typos are corrected against what was written, and the last query word is expanded as a prefix of written
 * words ('renovatio' -> 'renovation'), which a prefix of a stem cannot do ('renovatio' is longer than 'renov').
 */
export const SURFACE = '>';

/** The row written for one key: text already folded and tokenised by the shared text analysis. */
export interface SearchRow {
  case_study_id: string;
  variant: string;
  revision: number;
  document: CaseStudySearchDocument | null;
  search_config: SearchConfig | null;
  // Folded words joined by spaces: PostgreSQL's parser then sees the words our tokeniser found (ь, ъ, digits).
  title: string;
  summary_city: string;
  narrative: string;
  body: string;
  /** A body too long for one tsvector, in parts (then `body` here is empty). */
  has_parts: boolean;
  /** The distinct words as written (folded), for the typo tier; null for a tombstone. See writtenWordsOf. */
  written: string[] | null;
  language: string | null;
  country: string | null;
  region: string | null;
  sectors: string[] | null;
  sdg_targets: string[] | null;
  organisation_ids: string[] | null;
  organisation_types: string[] | null;
  partnership_id: string | null;
  kpi_codes: string[] | null;
  city_size: string | null;
  income_level: string | null;
  year_from: number | null;
  year_to: number | null;
  cost_eur: number | null;
  published_at: string | null;
}

/** The vocabulary entries of written words: distinct, marked. */
export const surfaceTermsOf = (words: Iterable<string>) => [...new Set(words)].map((word) => SURFACE + word);

/** The folded words of every text field of a document (what the vocabulary learns from it). */
export const documentWords = (document: CaseStudySearchDocument) => [document.title, document.summary, document.city, document.narrative, document.body].flatMap(words);

/** A document's folded words by field, found once per write: its row, body parts and vocabulary all use them. */
export interface AnalysedDocument {
  config: SearchConfig;
  title: string[];
  summaryCity: string[];
  narrative: string[];
  body: string[];
  /** The body is too long for one tsvector: it goes in parts. */
  hasParts: boolean;
}

export function analyseDocument(document: CaseStudySearchDocument): AnalysedDocument {
  const body = words(document.body);
  return {
    config: searchConfigOf(document.language),
    title: words(document.title),
    summaryCity: [...words(document.summary), ...words(document.city)],
    narrative: words(document.narrative),
    body,
    hasParts: Buffer.byteLength(body.join(' ')) > PART_BYTES,
  };
}

/** One part of a long body: its own tsvector, within PostgreSQL's limits. */
export interface BodyPartRow {
  case_study_id: string;
  variant: string;
  part: number;
  search_config: SearchConfig;
  text: string;
}

/**
 * The folded text a tsvector may hold: its lexemes must stay under 1 MB (PostgreSQL refuses more), and they are
 * at most as long as the text, so 512 KB of text fits with room. A longer body is indexed whole, in parts of
 * this size, each its own row.
 */
export const PART_BYTES = 512 * 1024;

export function bodyPartsOf(write: CaseStudySearchWrite, analysed = write.document ? analyseDocument(write.document) : undefined): BodyPartRow[] {
  const document = write.document;
  if (!document || !analysed?.hasParts) return [];
  const body = analysed.body;
  const parts: BodyPartRow[] = [];
  let current: string[] = [];
  let bytes = 0;
  const flush = () => {
    parts.push({ case_study_id: write.key.caseStudyId, variant: write.key.variant, part: parts.length, search_config: searchConfigOf(document.language), text: current.join(' ') });
    current = [];
    bytes = 0;
  };
  for (const word of body) {
    const size = Buffer.byteLength(word) + 1;
    if (bytes + size > PART_BYTES) flush();
    current.push(word);
    bytes += size;
  }
  if (current.length > 0) flush();
  return parts;
}

/**
 * The distinct words of a document as written (folded): what the typo tier counts a typo against. Within a
 * tsvector's limits: lexemes of at most 2,047 bytes, under 1 MB in all (a very long body's rarest words past
 * that only rank as any other match: it is still indexed whole, in parts).
 */
export function writtenWordsOf(analysed: AnalysedDocument): string[] {
  const distinct = new Set<string>();
  let bytes = 0;
  for (const field of [analysed.title, analysed.summaryCity, analysed.narrative, analysed.body]) {
    for (const word of field) {
      if (distinct.has(word)) continue;
      const size = Buffer.byteLength(word);
      if (size >= MAX_LEXEME_BYTES || bytes + size > PART_BYTES) continue;
      distinct.add(word);
      bytes += size + 1;
    }
  }
  return [...distinct];
}

const MAX_LEXEME_BYTES = 2048;

/** The row of a write; a removal is a tombstone with no text. */
export function rowOf(write: CaseStudySearchWrite, analysed = write.document ? analyseDocument(write.document) : undefined): SearchRow {
  const document = write.document;
  const key = { case_study_id: write.key.caseStudyId, variant: write.key.variant, revision: write.revision };
  if (!document || !analysed) {
    return { ...key, document: null, search_config: null, title: '', summary_city: '', narrative: '', body: '', has_parts: false, written: null, language: null, country: null, region: null, sectors: null, sdg_targets: null, organisation_ids: null, organisation_types: null, partnership_id: null, kpi_codes: null, city_size: null, income_level: null, year_from: null, year_to: null, cost_eur: null, published_at: null };
  }
  return {
    ...key,
    document,
    search_config: analysed.config,
    title: analysed.title.join(' '),
    summary_city: analysed.summaryCity.join(' '),
    narrative: analysed.narrative.join(' '),
    body: analysed.hasParts ? '' : analysed.body.join(' '),
    has_parts: analysed.hasParts,
    written: writtenWordsOf(analysed),
    language: document.language,
    country: document.country,
    region: document.region,
    sectors: document.sectors,
    sdg_targets: document.sdgTargets,
    organisation_ids: document.organisationIds,
    organisation_types: document.organisationTypes,
    partnership_id: document.partnershipId,
    kpi_codes: document.kpiCodes,
    city_size: document.citySize,
    income_level: document.incomeLevel,
    year_from: document.yearFrom,
    year_to: document.yearTo,
    cost_eur: document.cost?.amountInEur ?? null,
    published_at: document.publishedAt,
  };
}

/** The column list of jsonb_to_recordset for SearchRow, in one place with the row's shape. */
export const SEARCH_ROW_COLUMNS = `case_study_id text, variant text, revision bigint, document jsonb, search_config text, title text,
  summary_city text, narrative text, body text, has_parts boolean, written text[], language text, country text, region text,
  sectors text[], sdg_targets text[], organisation_ids text[], organisation_types text[], partnership_id text, kpi_codes text[],
  city_size text, income_level text, year_from integer, year_to integer, cost_eur double precision, published_at timestamptz`;

/** A lexeme of a tsquery, quoted: tsquery syntax inside the quotes escapes only ' and \. */
export const tsLexeme = (lexeme: string) => `'${lexeme.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;

/** One query word as a tsquery: any of its stems, and the stems of its typo corrections and prefix expansions. */
export function groupTsQuery(lexemes: readonly string[]): string {
  return `(${[...new Set(lexemes)].map((lexeme) => tsLexeme(lexeme)).join(' | ')})`;
}

/** Collects positional parameters ($1, $2, ...) for one statement. */
export class SqlParameters {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

const nonEmpty = (list: readonly string[] | undefined): list is string[] => Array.isArray(list) && list.length > 0;

/** The WHERE conditions of a query, on the alias `d`, except the text match. */
export function filterConditions(query: Pick<CaseStudySearchQuery, 'variants' | 'scopedVariant' | 'filter' | 'excludeCaseStudyIds'>, parameters: SqlParameters): string[] {
  const variants = `d.variant = ANY(${parameters.add([...query.variants])}::text[])`;
  const scoped = query.scopedVariant;
  const conditions = [
    'd.document IS NOT NULL',
    nonEmpty(scoped?.caseStudyIds)
      ? `CASE WHEN d.case_study_id = ANY(${parameters.add([...scoped!.caseStudyIds])}::text[]) THEN d.variant = ${parameters.add(scoped!.variant)}::text ELSE ${variants} END`
      : variants,
  ];
  if (nonEmpty(query.excludeCaseStudyIds)) conditions.push(`NOT (d.case_study_id = ANY(${parameters.add(query.excludeCaseStudyIds)}::text[]))`);
  const filter: CaseStudySearchFilter = query.filter ?? {};
  const anyOf = (column: string, values: string[] | undefined) => {
    if (nonEmpty(values)) conditions.push(`d.${column} = ANY(${parameters.add(values)}::text[])`);
  };
  const overlaps = (column: string, values: string[] | undefined) => {
    if (nonEmpty(values)) conditions.push(`d.${column} && ${parameters.add(values)}::text[]`);
  };
  overlaps('sectors', filter.sectors);
  anyOf('country', filter.countries);
  anyOf('region', filter.regions);
  overlaps('sdg_targets', filter.sdgTargets);
  overlaps('organisation_ids', filter.organisationIds);
  overlaps('organisation_types', filter.organisationTypes);
  anyOf('language', filter.languages);
  anyOf('city_size', filter.citySizes);
  anyOf('income_level', filter.incomeLevels);
  anyOf('partnership_id', filter.partnershipIds);
  overlaps('kpi_codes', filter.kpiCodes);
  const years = filter.years;
  if (years && (years.from !== undefined || years.to !== undefined)) {
    // The period overlaps [from, to]; an open end of the period is its other end; no period, no match.
    conditions.push('(d.year_from IS NOT NULL OR d.year_to IS NOT NULL)');
    if (years.from !== undefined) conditions.push(`COALESCE(d.year_to, d.year_from) >= ${parameters.add(years.from)}::integer`);
    if (years.to !== undefined) conditions.push(`COALESCE(d.year_from, d.year_to) <= ${parameters.add(years.to)}::integer`);
  }
  const cost = filter.cost;
  if (cost && (cost.min !== undefined || cost.max !== undefined)) {
    const min = cost.min === undefined ? undefined : toEur(cost.min, cost.currency);
    const max = cost.max === undefined ? undefined : toEur(cost.max, cost.currency);
    // A currency without a rate matches nothing, as in every adapter (the GraphQL input refuses it first).
    if (min === null || max === null) conditions.push('false');
    conditions.push('d.cost_eur IS NOT NULL');
    if (min != null) conditions.push(`d.cost_eur >= ${parameters.add(min)}::double precision`);
    if (max != null) conditions.push(`d.cost_eur <= ${parameters.add(max)}::double precision`);
  }
  return conditions;
}

/** The value expression and FROM addition that count one facet over the matched rows `m`. */
export const FACET_VALUES: Record<CaseStudyFacet, { list: boolean; column: string }> = {
  SECTOR: { list: true, column: 'sectors' },
  COUNTRY: { list: false, column: 'country' },
  REGION: { list: false, column: 'region' },
  LANGUAGE: { list: false, column: 'language' },
  SDG_TARGET: { list: true, column: 'sdg_targets' },
  ORGANISATION_TYPE: { list: true, column: 'organisation_types' },
  CITY_SIZE: { list: false, column: 'city_size' },
  INCOME_LEVEL: { list: false, column: 'income_level' },
};

export function facetSql(facet: CaseStudyFacet): string {
  const { list, column } = FACET_VALUES[facet];
  const counted = list
    ? `SELECT v.value, count(*)::int AS count FROM matched m CROSS JOIN LATERAL unnest(m.${column}) AS v(value) GROUP BY v.value`
    : `SELECT m.${column} AS value, count(*)::int AS count FROM matched m WHERE m.${column} IS NOT NULL GROUP BY m.${column}`;
  return `(SELECT coalesce(json_agg(f ORDER BY f.count DESC, f.value), '[]'::json) FROM (${counted}) f)`;
}

/** ORDER BY of the page over `m` (the matched rows); ties broken by key so pages never overlap. */
export function orderBy(sort: CaseStudySearchSort | undefined): string {
  const tie = 'm.case_study_id, m.variant';
  switch (sort ?? 'RELEVANCE') {
    case 'RELEVANCE':
      return `m.score DESC, m.published_at DESC, ${tie}`;
    case 'NEWEST':
      return `m.published_at DESC, ${tie}`;
    case 'COST_ASC':
      return `m.cost_eur ASC NULLS LAST, m.published_at DESC, ${tie}`;
    case 'COST_DESC':
      return `m.cost_eur DESC NULLS LAST, m.published_at DESC, ${tie}`;
    default: {
      const unknown: never = sort as never;
      throw new RangeError(`sort: unknown value ${JSON.stringify(unknown)}`);
    }
  }
}
