// Guideline search on the case-study engines: a guideline document is written as a case-study document into an
// engine instance of its own (its own file, tables or index), so the typo, stemming, snippet and facet rules
// are the ones the case-study contract already proves, and the two searches never count each other's documents.
import type { CaseStudyFacet, CaseStudySearchDocument, CaseStudySearchHighlight, CaseStudySearchIndex, CaseStudySearchQuery, CaseStudySearchVariant } from './case-study-search.port';
import type {
  GuidelineFacet,
  GuidelineSearchDocument,
  GuidelineSearchHighlight,
  GuidelineSearchIndex,
  GuidelineSearchKey,
  GuidelineSearchQuery,
  GuidelineSearchResult,
  GuidelineSearchVariant,
  GuidelineSearchWrite,
} from './guideline-search.port';

// The working text rides in the engine's IN_REVIEW variant: both are "not what the public sees".
const TO_ENGINE: Record<GuidelineSearchVariant, CaseStudySearchVariant> = { PUBLISHED: 'PUBLISHED', WORKING: 'IN_REVIEW' };
const FROM_ENGINE: Record<CaseStudySearchVariant, GuidelineSearchVariant> = { PUBLISHED: 'PUBLISHED', IN_REVIEW: 'WORKING' };
// Status is a keyword facet in a slot guidelines have no use for (city size: one value per document, varchar(40)).
const TO_ENGINE_FACET: Record<GuidelineFacet, CaseStudyFacet> = { SECTOR: 'SECTOR', STATUS: 'CITY_SIZE', LANGUAGE: 'LANGUAGE' };
const FROM_ENGINE_FACET = Object.fromEntries(Object.entries(TO_ENGINE_FACET).map(([guideline, engine]) => [engine, guideline])) as Record<CaseStudyFacet, GuidelineFacet>;
// Headings go in the city slot: weighted below title and summary and above the sections (body) in every engine,
// shown whole in snippets, and otherwise unused. The narrative slot stays empty.
const FROM_ENGINE_FIELD: Partial<Record<CaseStudySearchHighlight['field'], GuidelineSearchHighlight['field']>> = { title: 'title', summary: 'summary', city: 'headings', body: 'sections' };
const HEADING_SEPARATOR = '\n';

export function toEngineDocument(document: GuidelineSearchDocument): CaseStudySearchDocument {
  return {
    caseStudyId: document.guidelineId,
    variant: TO_ENGINE[document.variant],
    language: document.language,
    title: document.title,
    summary: document.summary,
    // One heading per line, so get() gives them back as written.
    city: document.headings.map((heading) => heading.replace(/\s+/g, ' ')).join(HEADING_SEPARATOR),
    narrative: '',
    body: document.sections,
    country: '',
    region: '',
    sectors: document.sectors,
    sdgTargets: [],
    organisationIds: [],
    organisationTypes: [],
    partnershipId: null,
    kpiCodes: [],
    citySize: document.status,
    incomeLevel: null,
    // The text revision in a number slot of no other use here (nothing filters guidelines by year).
    yearFrom: document.textRevision,
    yearTo: null,
    cost: null,
    publishedAt: document.updatedAt,
  };
}

export function fromEngineDocument(document: CaseStudySearchDocument): GuidelineSearchDocument {
  return {
    guidelineId: document.caseStudyId,
    variant: FROM_ENGINE[document.variant],
    textRevision: document.yearFrom ?? 0,
    language: document.language,
    title: document.title,
    summary: document.summary,
    headings: document.city === '' ? [] : document.city.split(HEADING_SEPARATOR),
    sections: document.body,
    sectors: document.sectors,
    status: document.citySize ?? '',
    updatedAt: document.publishedAt,
  };
}

/** The engine query for a guideline query: visibility as a variant scope, so totals and facets count only what the viewer sees. */
export function toEngineQuery(query: GuidelineSearchQuery): CaseStudySearchQuery {
  const filter = query.filter ?? {};
  const visibility: Pick<CaseStudySearchQuery, 'variants' | 'scopedVariant'> = query.viewer.seesAllWorking
    ? { variants: ['IN_REVIEW'] }
    : { variants: ['PUBLISHED'], scopedVariant: { variant: 'IN_REVIEW', caseStudyIds: query.viewer.workingOf } };
  return {
    text: query.text,
    matching: 'ALL',
    ...visibility,
    filter: { sectors: filter.sectors, citySizes: filter.statuses, languages: filter.languages },
    facets: (query.facets ?? []).map((facet) => TO_ENGINE_FACET[facet]),
    sort: query.sort ?? 'RELEVANCE',
    offset: query.offset,
    limit: query.limit,
  };
}

export class GuidelineSearchOverEngine implements GuidelineSearchIndex {
  constructor(private readonly engineIndex: CaseStudySearchIndex) {}

  get engine(): string {
    return this.engineIndex.engine;
  }

  /** The engine underneath (erasure checks and compaction read its storage). */
  get underlying(): CaseStudySearchIndex {
    return this.engineIndex;
  }

  apply(writes: readonly GuidelineSearchWrite[]): Promise<void> {
    return this.engineIndex.apply(
      writes.map((write) => ({
        key: { caseStudyId: write.key.guidelineId, variant: TO_ENGINE[write.key.variant] },
        revision: write.revision,
        document: write.document ? toEngineDocument(write.document) : null,
      })),
    );
  }

  async search(query: GuidelineSearchQuery): Promise<GuidelineSearchResult> {
    const result = await this.engineIndex.search(toEngineQuery(query));
    return {
      totalCount: result.totalCount,
      hits: result.hits.map((hit) => ({
        guidelineId: hit.caseStudyId,
        variant: FROM_ENGINE[hit.variant],
        score: hit.score,
        highlights: hit.highlights.flatMap((highlight) => {
          const field = FROM_ENGINE_FIELD[highlight.field];
          return field ? [{ field, snippet: highlight.snippet }] : [];
        }),
      })),
      facets: result.facets.map((counts) => ({ facet: FROM_ENGINE_FACET[counts.facet], values: counts.values })),
    };
  }

  async get(key: GuidelineSearchKey): Promise<GuidelineSearchDocument | undefined> {
    const document = await this.engineIndex.get({ caseStudyId: key.guidelineId, variant: TO_ENGINE[key.variant] });
    return document && fromEngineDocument(document);
  }

  clear(): Promise<void> {
    return this.engineIndex.clear();
  }

  needsReplay(): boolean {
    return this.engineIndex.needsReplay?.() ?? false;
  }

  replayStarted(): void {
    this.engineIndex.replayStarted?.();
  }

  close(): Promise<void> {
    return this.engineIndex.close();
  }
}
