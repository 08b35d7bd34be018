// The search port: what the case-studies context gives a search engine, and what it asks of one. Every
// adapter (embedded, PostgreSQL, Meilisearch) implements CaseStudySearchIndex and passes the one contract
// suite. Documents are built by the case-studies context from its own state; the engine never reads the log
// nor another context's tables.

/**
 * Which text of a case study a document holds. PUBLISHED is what the public sees; IN_REVIEW is a submitted
 * draft or revision, searchable only by those who may see it (reviewers, members, admins). A published case
 * study under revision has both, so the public keeps finding the published text until approval.
 */
export type CaseStudySearchVariant = 'PUBLISHED' | 'IN_REVIEW';
export const CASE_STUDY_SEARCH_VARIANTS: readonly CaseStudySearchVariant[] = ['PUBLISHED', 'IN_REVIEW'];

export interface CaseStudySearchKey {
  caseStudyId: string;
  variant: CaseStudySearchVariant;
}

export interface CaseStudyCost {
  amount: number;
  /** ISO 4217. */
  currency: string;
  /** The amount converted by the static table in @sce/vocabulary (currency-rates), for ranges and sorting. */
  amountInEur: number | null;
}

/**
 * One searchable document. It carries no personal data (no account ids, names or e-mail addresses), so an
 * erased person leaves nothing in any index; the erasure test checks every adapter for that.
 */
export interface CaseStudySearchDocument extends CaseStudySearchKey {
  /** BCP 47 as given ('en', 'fr', 'ru', 'pt-BR'); adapters choose stemming by its primary subtag. */
  language: string;
  // Full text, weighted in this order: title, summary, city, narrative, body.
  title: string;
  summary: string;
  city: string;
  /**
   * The structured narrative as text: situation before, objectives, process, resources, results,
   * sustainability, building blocks with their enabling factors, barriers and lessons, outcomes and
   * indicator names, lessons learned, preconditions. Joined by blank lines.
   */
  narrative: string;
  /** Markdown, indexed whole, however long. */
  body: string;
  // Filters and facets: codes, never free text.
  /** ISO 3166-1 alpha-2. */
  country: string;
  /** UNECE sub-region of the country (regionOf in @sce/vocabulary). */
  region: string;
  sectors: string[];
  /** As given: '11', '11.6', '11.6.2'. */
  sdgTargets: string[];
  organisationIds: string[];
  /** Types of the organisations involved (MUNICIPALITY, NGO, ...), distinct. */
  organisationTypes: string[];
  partnershipId: string | null;
  /** U4SSC KPI codes of the outcome indicators that have one. */
  kpiCodes: string[];
  citySize: string | null;
  incomeLevel: string | null;
  /** The period of the case study, as years. */
  yearFrom: number | null;
  yearTo: number | null;
  cost: CaseStudyCost | null;
  /** ISO instant: when this text was published (PUBLISHED) or submitted (IN_REVIEW); sort NEWEST. */
  publishedAt: string;
}

/**
 * A write for one key. The adapter keeps it only when `revision` (the case study's stream revision that
 * produced it) is newer than the one stored for that key; `document: null` removes the document and leaves a
 * tombstone with its revision, so a late replay never brings it back nor regresses it.
 */
export interface CaseStudySearchWrite {
  key: CaseStudySearchKey;
  revision: number;
  document: CaseStudySearchDocument | null;
  /**
   * Written again at the same revision because something else it is built from changed (an organisation's
   * type): kept unless the stored revision is newer. A replay of such a write can only repeat the same text.
   */
  refresh?: boolean;
}

/** Whether `write` may replace what is stored at `storedRevision` (undefined: nothing stored): the revision guard. */
export function replaces(write: Pick<CaseStudySearchWrite, 'revision' | 'refresh'>, storedRevision: number | undefined): boolean {
  return storedRevision === undefined || storedRevision < write.revision || (write.refresh === true && storedRevision === write.revision);
}

/** Of two writes to one key in one batch, the one that wins: the newer revision, a refresh at an equal one. */
export function laterWrite<W extends Pick<CaseStudySearchWrite, 'revision' | 'refresh'>>(seen: W | undefined, write: W): W {
  return replaces(write, seen?.revision) ? write : seen!;
}

export type CaseStudyFacet = 'SECTOR' | 'COUNTRY' | 'REGION' | 'LANGUAGE' | 'SDG_TARGET' | 'ORGANISATION_TYPE' | 'CITY_SIZE' | 'INCOME_LEVEL';

/** The document field each facet counts. */
export const CASE_STUDY_FACET_FIELDS = {
  SECTOR: 'sectors',
  COUNTRY: 'country',
  REGION: 'region',
  LANGUAGE: 'language',
  SDG_TARGET: 'sdgTargets',
  ORGANISATION_TYPE: 'organisationTypes',
  CITY_SIZE: 'citySize',
  INCOME_LEVEL: 'incomeLevel',
} as const satisfies Record<CaseStudyFacet, keyof CaseStudySearchDocument>;
export type CaseStudySearchSort = 'RELEVANCE' | 'NEWEST' | 'COST_ASC' | 'COST_DESC';

/** Each list means "any of"; different fields combine with AND. Absent or empty: no condition. */
export interface CaseStudySearchFilter {
  sectors?: string[];
  countries?: string[];
  regions?: string[];
  sdgTargets?: string[];
  organisationIds?: string[];
  organisationTypes?: string[];
  languages?: string[];
  citySizes?: string[];
  incomeLevels?: string[];
  partnershipIds?: string[];
  kpiCodes?: string[];
  /** The case study's period overlaps [from, to]. */
  years?: { from?: number; to?: number };
  /** Bounds in `currency`, converted to EUR by the static table and compared with cost.amountInEur. */
  cost?: { min?: number; max?: number; currency: string };
}

export interface ScopedVariant {
  variant: CaseStudySearchVariant;
  caseStudyIds: readonly string[];
}

export interface CaseStudySearchQuery {
  /** Free text; empty or absent lists everything that passes the filter. */
  text?: string;
  /**
   * ALL (default): every query word must match (with its typo, stem and prefix variants). ANY: documents
   * matching some words, ranked by how many and how well (used by similarCaseStudies).
   */
  matching?: 'ALL' | 'ANY';
  /** The variants the caller may see; the adapter returns nothing else. */
  variants: readonly CaseStudySearchVariant[];
  /**
   * Visibility per document, in the engine (so totals and facet counts never include what the caller may not
   * see): the documents of these ids are seen in `variant` only, in place of `variants`. A guideline's authors
   * search its working text instead of its published one; every other guideline stays in `variants`.
   */
  scopedVariant?: ScopedVariant;
  filter?: CaseStudySearchFilter;
  /** Case studies left out of the answer (similarCaseStudies leaves out the one it starts from). */
  excludeCaseStudyIds?: string[];
  facets?: readonly CaseStudyFacet[];
  sort?: CaseStudySearchSort;
  offset: number;
  limit: number;
}

export interface CaseStudySearchHighlight {
  field: 'title' | 'summary' | 'city' | 'narrative' | 'body';
  /** A short passage of the original text with each matched word wrapped in <mark>…</mark>; other markup escaped. */
  snippet: string;
}

export interface CaseStudySearchHit extends CaseStudySearchKey {
  /** Higher is better; comparable only within one answer. */
  score: number;
  highlights: CaseStudySearchHighlight[];
}

export interface CaseStudyFacetCounts {
  facet: CaseStudyFacet;
  /** Counted over every document matching the query and filter (not only the page); highest first. */
  values: { value: string; count: number }[];
}

export interface CaseStudySearchResult {
  totalCount: number;
  hits: CaseStudySearchHit[];
  facets: CaseStudyFacetCounts[];
}

/**
 * The port. Writes are idempotent and revision-guarded, so the external-sink projection can deliver at least
 * once; `apply` resolves when the writes are durable (the projection then stores its checkpoint).
 */
export interface CaseStudySearchIndex {
  /** 'embedded' | 'postgres' | 'meilisearch': shown in /health and the start-up log. */
  readonly engine: string;
  /**
   * `position`: the log position these writes take the index up to, for an engine that records it with them
   * (durablePosition); such an engine may resolve before the writes are on disk.
   */
  apply(writes: readonly CaseStudySearchWrite[], position?: number): Promise<void>;
  /** The log position recorded with the last writes that reached the disk (see SinkProjection.durablePosition). */
  durablePosition?(): Promise<number | undefined>;
  /** What to call when accepted writes failed to reach the disk after all (see SinkProjection.onLostWrites). */
  onLostWrites?(lost: (error: unknown) => void): void;
  search(query: CaseStudySearchQuery): Promise<CaseStudySearchResult>;
  /** The stored document for a key, or undefined (removed or never written). */
  get(key: CaseStudySearchKey): Promise<CaseStudySearchDocument | undefined>;
  /** Removes every document and tombstone: the first step of a rebuild from the log. */
  clear(): Promise<void>;
  /**
   * Engines that keep their own copy beside the log's checkpoint (the embedded file): true while the copy holds
   * nothing delivered before (a new or emptied file), so the feed must start again from the beginning of the
   * log; replayStarted() once it has been moved back.
   */
  needsReplay?(): boolean;
  replayStarted?(): void;
  close(): Promise<void>;
}
