import { Inject } from '@nestjs/common';
import { Args, Query, Resolver } from '@nestjs/graphql';
import { Actor, CASE_STUDY_SEARCH, ConsistencyArgs, READ_MODELS, ReadConsistency, encodeCursor, offsetPageInfo, offsetWindow, type RequestActor } from '@sce/platform';
import type { CaseStudySearchDocument, CaseStudySearchIndex, CaseStudySearchVariant } from '@sce/search';
import type { DataSource } from 'typeorm';
import { submissionsSearchForbidden } from '../domain/case-study.errors';
import { CASE_STUDY_ACCESS } from '../read-models/case-study-access/case-study-access';
import { CASE_STUDY_DIRECTORY } from '../read-models/case-study-directory/case-study-directory.projection';
import { findVisibleCaseStudy } from '../read-models/case-study-directory/case-study-directory.queries';
import { CASE_STUDY_SEARCH_FEED } from '../search/case-study-search-feed';
import { toCaseStudyObject } from './case-study.mapping';
import type { CaseStudyObject } from './case-study.object-type';
import {
  CaseStudySearchConnection,
  MAX_SEARCH_DEPTH,
  SearchCaseStudiesArgs,
  SimilarCaseStudiesArgs,
  SimilarCaseStudy,
  type CaseStudySearchFilterInput,
  type SimilarityReason,
} from './case-study-search.types';

const SEARCH_LIST = 'case-study-search';
// What a search answer reads: the index, and the directory and membership its nodes are resolved and checked through.
const SEARCH_READS = [CASE_STUDY_SEARCH_FEED, CASE_STUDY_DIRECTORY, CASE_STUDY_ACCESS];
const SEES_SUBMISSIONS = ['REVIEWER', 'ADMIN'];
// similarCaseStudies: how many candidates each way of finding them brings, and how many source words it asks with.
const SIMILAR_POOL = 100;
const SIMILAR_WORDS = 20;

/** searchCaseStudies and similarCaseStudies: the search index finds, the case-study directory shows (through its own visibility). */
@Resolver()
export class CaseStudySearchResolver {
  constructor(
    @Inject(CASE_STUDY_SEARCH) private readonly search: CaseStudySearchIndex,
    @Inject(READ_MODELS) private readonly db: DataSource,
    private readonly consistency: ReadConsistency,
  ) {}

  @Query(() => CaseStudySearchConnection, { description: 'Full-text search over published case studies (and submissions for reviewers and admins), with filters, facets and highlights' })
  async searchCaseStudies(@Args() args: SearchCaseStudiesArgs, @Args() { consistency }: ConsistencyArgs, @Actor() actor: RequestActor): Promise<CaseStudySearchConnection> {
    if (args.includeSubmissions && !actor.roles.some((role) => SEES_SUBMISSIONS.includes(role))) throw submissionsSearchForbidden();
    await this.consistency.require(consistency, SEARCH_READS);
    const window = offsetWindow(SEARCH_LIST, args.after, args.first, MAX_SEARCH_DEPTH);
    const { offset } = window;
    const variants: CaseStudySearchVariant[] = args.includeSubmissions ? ['PUBLISHED', 'IN_REVIEW'] : ['PUBLISHED'];
    const query = { text: args.query ?? undefined, variants, filter: toPortFilter(args.filter), facets: args.facets ?? [], sort: args.sort, ...window };
    let result = await this.search.search({ ...query, matching: 'ALL' });
    // Nothing holds every word: as Meilisearch's default matching strategy ("last"), the last word is dropped,
    // then the one before, until some case study holds all the words left.
    const words = (args.query ?? '').trim().split(/\s+/).filter(Boolean);
    let matchedAllWords = true;
    for (let kept = words.length - 1; result.totalCount === 0 && kept >= 1; kept--) {
      matchedAllWords = false;
      result = await this.search.search({ ...query, text: words.slice(0, kept).join(' '), matching: 'ALL' });
    }
    const nodes = await this.visible(result.hits.map((hit) => hit.caseStudyId), actor);
    // A hit the directory does not show this caller (the index lagging behind an archive, say) is left out, never shown.
    const edges = result.hits.flatMap((hit, index) => {
      const node = nodes.get(hit.caseStudyId);
      return node ? [{ cursor: encodeCursor(SEARCH_LIST, offset + index + 1), node, highlights: hit.highlights, score: hit.score, variant: hit.variant }] : [];
    });
    return {
      edges,
      totalCount: result.totalCount,
      facets: result.facets,
      matchedAllWords,
      pageInfo: offsetPageInfo(SEARCH_LIST, window, result.hits.length, result.totalCount, MAX_SEARCH_DEPTH, edges),
    };
  }

  @Query(() => [SimilarCaseStudy], {
    description: 'Published case studies from contexts like this one: same sectors and a similar transferability profile (city size, income level, region), then similar words; each with its reasons',
  })
  async similarCaseStudies(@Args() { id, first }: SimilarCaseStudiesArgs, @Args() { consistency }: ConsistencyArgs, @Actor() actor: RequestActor): Promise<SimilarCaseStudy[]> {
    await this.consistency.require(consistency, SEARCH_READS);
    // The source must be visible to the caller; its text is the published one, or the one in review for those who may see it.
    if (!(await findVisibleCaseStudy(this.db, id, actor))) return [];
    const source = (await this.search.get({ caseStudyId: id, variant: 'PUBLISHED' })) ?? (await this.search.get({ caseStudyId: id, variant: 'IN_REVIEW' }));
    if (!source) return [];
    const words = [...new Set(`${source.title} ${source.summary}`.toLowerCase().match(/[\p{L}\p{N}]{4,}/gu) ?? [])].slice(0, SIMILAR_WORDS);
    const common = { variants: ['PUBLISHED'] as const, excludeCaseStudyIds: [id], offset: 0, limit: SIMILAR_POOL };
    const [byText, bySector] = await Promise.all([
      words.length ? this.search.search({ ...common, text: words.join(' '), matching: 'ANY' }) : Promise.resolve({ hits: [] }),
      source.sectors.length ? this.search.search({ ...common, filter: { sectors: source.sectors }, sort: 'NEWEST' }) : Promise.resolve({ hits: [] }),
    ]);
    const topText = byText.hits[0]?.score || 1;
    const textScore = new Map(byText.hits.map((hit) => [hit.caseStudyId, hit.score / topText]));
    const candidates = [...new Set([...bySector.hits, ...byText.hits].map((hit) => hit.caseStudyId))];
    const documents = await Promise.all(candidates.map((caseStudyId) => this.search.get({ caseStudyId, variant: 'PUBLISHED' })));
    const ranked = documents
      .filter((document): document is CaseStudySearchDocument => document !== undefined)
      .map((document) => similarity(source, document, textScore.get(document.caseStudyId)))
      .sort((a, b) => b.score - a.score)
      .slice(0, first);
    const nodes = await this.visible(ranked.map((entry) => entry.caseStudyId), actor);
    return ranked.flatMap((entry) => {
      const caseStudy = nodes.get(entry.caseStudyId);
      return caseStudy ? [{ caseStudy, score: entry.score, reasons: entry.reasons }] : [];
    });
  }

  // Through the case-study context's own visibility rule: the index never decides what a caller sees.
  private async visible(ids: readonly string[], actor: RequestActor): Promise<Map<string, CaseStudyObject>> {
    const rows = await Promise.all([...new Set(ids)].map((caseStudyId) => findVisibleCaseStudy(this.db, caseStudyId, actor)));
    return new Map(rows.filter((row) => row !== null).map((row) => [row.id, toCaseStudyObject(row)]));
  }
}

/**
 * How alike two case studies' contexts are: shared sectors weigh most, then each matching part of the
 * transferability profile, then the words (the ANY text score, 0..1, relative to the best text match).
 */
export function similarity(source: CaseStudySearchDocument, other: CaseStudySearchDocument, text: number | undefined): { caseStudyId: string; score: number; reasons: SimilarityReason[] } {
  const reasons: SimilarityReason[] = other.sectors.filter((sector) => source.sectors.includes(sector)).map((sector) => ({ kind: 'SAME_SECTOR', detail: sector }));
  const sharedSectors = reasons.length;
  if (source.citySize && source.citySize === other.citySize) reasons.push({ kind: 'SAME_CITY_SIZE', detail: source.citySize });
  if (source.incomeLevel && source.incomeLevel === other.incomeLevel) reasons.push({ kind: 'SAME_INCOME_LEVEL', detail: source.incomeLevel });
  if (source.region !== 'OTHER' && source.region === other.region) reasons.push({ kind: 'SAME_REGION', detail: source.region });
  const profile = reasons.length - sharedSectors;
  if (text !== undefined) reasons.push({ kind: 'SIMILAR_TEXT', detail: `words in common with "${source.title.slice(0, 80)}" (relative text score ${text.toFixed(2)})` });
  const score = (sharedSectors > 0 ? 4 : 0) + Math.min(sharedSectors, 3) + profile + (text ?? 0);
  return { caseStudyId: other.caseStudyId, score: Math.round(score * 1000) / 1000, reasons };
}

function toPortFilter(filter: CaseStudySearchFilterInput | null | undefined) {
  if (!filter) return undefined;
  const list = (values: readonly string[] | null | undefined) => (values?.length ? [...values] : undefined);
  return {
    sectors: list(filter.sectors),
    countries: list(filter.countries?.map((country) => country.toUpperCase())),
    regions: list(filter.regions),
    sdgTargets: list(filter.sdgTargets),
    organisationIds: list(filter.organisationIds),
    organisationTypes: list(filter.organisationTypes),
    languages: list(filter.languages),
    citySizes: list(filter.citySizes),
    incomeLevels: list(filter.incomeLevels),
    partnershipIds: list(filter.partnershipIds),
    kpiCodes: list(filter.kpiCodes),
    years: filter.years ? { from: filter.years.from ?? undefined, to: filter.years.to ?? undefined } : undefined,
    cost: filter.cost ? { min: filter.cost.min ?? undefined, max: filter.cost.max ?? undefined, currency: filter.cost.currency.toUpperCase() } : undefined,
  };
}
