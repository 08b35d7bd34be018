// The guideline search port: what the guidelines context gives a search engine, and what it asks of one.
// Implemented over the case-study engines (guideline-search-over-engine.ts), each in a store of its own.

/**
 * PUBLISHED: the latest published version, what everyone sees. WORKING: the working text (drafts, edits since
 * the last version), seen by the guideline's authors, reviewers and admins only; those callers search it in
 * place of the published one, so each guideline is one hit at most.
 */
export type GuidelineSearchVariant = 'PUBLISHED' | 'WORKING';

export interface GuidelineSearchKey {
  guidelineId: string;
  variant: GuidelineSearchVariant;
}

/**
 * One searchable text of a guideline. No personal data (no author ids or names): an erased person leaves
 * nothing in the index.
 */
export interface GuidelineSearchDocument extends GuidelineSearchKey {
  /** The text revision the document holds (the version's revision for PUBLISHED). */
  textRevision: number;
  /** BCP 47; adapters stem by its primary subtag. */
  language: string;
  title: string;
  summary: string;
  /** The section headings in reading order. */
  headings: string[];
  /** Every section body (Markdown), in reading order, separated by blank lines; indexed whole. */
  sections: string;
  sectors: string[];
  /** The guideline's status: DRAFT, PUBLISHED, WITHDRAWN or SUPERSEDED. */
  status: string;
  /** ISO instant: when the version was published (PUBLISHED) or the working text last changed (WORKING); sort NEWEST. */
  updatedAt: string;
}

/** A revision-guarded write (as CaseStudySearchWrite): kept only when `revision` (stream revision) is newer. */
export interface GuidelineSearchWrite {
  key: GuidelineSearchKey;
  revision: number;
  /** null removes the document, leaving a tombstone with its revision. */
  document: GuidelineSearchDocument | null;
}

export type GuidelineFacet = 'SECTOR' | 'STATUS' | 'LANGUAGE';
export type GuidelineSearchSort = 'RELEVANCE' | 'NEWEST';

/** Each list means "any of"; different fields combine with AND. */
export interface GuidelineSearchFilter {
  sectors?: string[];
  statuses?: string[];
  languages?: string[];
}

/**
 * Who is searching, decided by the guidelines context: everyone sees published versions; `seesAllWorking`
 * (reviewers, admins) sees every working text instead; `workingOf` lists the guidelines whose working text
 * this caller may see (theirs as an author).
 */
export interface GuidelineSearchViewer {
  seesAllWorking: boolean;
  workingOf: readonly string[];
}

export const PUBLIC_VIEWER: GuidelineSearchViewer = { seesAllWorking: false, workingOf: [] };

export interface GuidelineSearchQuery {
  text?: string;
  viewer: GuidelineSearchViewer;
  filter?: GuidelineSearchFilter;
  facets?: readonly GuidelineFacet[];
  sort?: GuidelineSearchSort;
  offset: number;
  limit: number;
}

export interface GuidelineSearchHighlight {
  field: 'title' | 'summary' | 'headings' | 'sections';
  /** A short passage with each matched word in <mark>…</mark>; other markup escaped. */
  snippet: string;
}

export interface GuidelineSearchHit extends GuidelineSearchKey {
  score: number;
  highlights: GuidelineSearchHighlight[];
}

export interface GuidelineFacetCounts {
  facet: GuidelineFacet;
  /** Over every visible match (not only the page), highest first. */
  values: { value: string; count: number }[];
}

export interface GuidelineSearchResult {
  totalCount: number;
  hits: GuidelineSearchHit[];
  facets: GuidelineFacetCounts[];
}

/** The port: idempotent, revision-guarded writes (at-least-once feeding) and visibility-scoped queries. */
export interface GuidelineSearchIndex {
  readonly engine: string;
  apply(writes: readonly GuidelineSearchWrite[]): Promise<void>;
  search(query: GuidelineSearchQuery): Promise<GuidelineSearchResult>;
  get(key: GuidelineSearchKey): Promise<GuidelineSearchDocument | undefined>;
  clear(): Promise<void>;
  needsReplay?(): boolean;
  replayStarted?(): void;
  close(): Promise<void>;
}
