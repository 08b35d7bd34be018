import { Inject } from '@nestjs/common';
import { Args, Query, Resolver } from '@nestjs/graphql';
import { Actor, ConsistencyArgs, GUIDELINE_SEARCH, READ_MODELS, ReadConsistency, encodeCursor, offsetPageInfo, offsetWindow, type RequestActor } from '@sce/platform';
import type { GuidelineSearchIndex } from '@sce/search';
import type { DataSource } from 'typeorm';
import { normaliseLanguageTag } from '../domain/guideline-content';
import { GUIDELINE_DIRECTORY, findVisibleGuideline, searchViewerOf } from '../read-models/guideline-directory';
import { GUIDELINE_SEARCH_FEED } from '../search/guideline-search-feed';
import { toGuidelineObject } from './guideline.mapping';
import { GuidelineSearchConnection, MAX_GUIDELINE_SEARCH_DEPTH, SearchGuidelinesArgs, type GuidelineSearchFilterInput } from './guideline-search.types';

const SEARCH_LIST = 'guideline-search';
// What an answer reads: the index, and the directory its nodes (and the caller's own guidelines) come from.
const SEARCH_READS = [GUIDELINE_SEARCH_FEED, GUIDELINE_DIRECTORY];

/** searchGuidelines: the index finds and counts within what the caller may see; the directory shows. */
@Resolver()
export class GuidelineSearchResolver {
  constructor(
    @Inject(GUIDELINE_SEARCH) private readonly search: GuidelineSearchIndex,
    @Inject(READ_MODELS) private readonly db: DataSource,
    private readonly consistency: ReadConsistency,
  ) {}

  @Query(() => GuidelineSearchConnection, {
    description:
      'Full-text search over guidelines: the latest published version for everyone; the working text in its place for its authors, reviewers and admins. Not read-your-writes: pass a position token as consistency to find a change just made',
  })
  async searchGuidelines(@Args() args: SearchGuidelinesArgs, @Args() { consistency }: ConsistencyArgs, @Actor() actor: RequestActor): Promise<GuidelineSearchConnection> {
    await this.consistency.require(consistency, SEARCH_READS);
    const window = offsetWindow(SEARCH_LIST, args.after, args.first, MAX_GUIDELINE_SEARCH_DEPTH);
    const { offset } = window;
    const viewer = await searchViewerOf(this.db, actor);
    const result = await this.search.search({ text: args.query ?? undefined, viewer, filter: toPortFilter(args.filter), facets: args.facets ?? [], sort: args.sort, ...window });
    const rows = await Promise.all(result.hits.map((hit) => findVisibleGuideline(this.db, hit.guidelineId, actor)));
    // A hit the directory does not show this caller (the index lagging behind) is left out, never shown.
    const edges = result.hits.flatMap((hit, index) => {
      const row = rows[index];
      if (!row) return [];
      const revision = hit.variant === 'PUBLISHED' ? row.publishedRevision : row.revision;
      return revision === null ? [] : [{ cursor: encodeCursor(SEARCH_LIST, offset + index + 1), node: toGuidelineObject(row), variant: hit.variant, revision, highlights: hit.highlights, score: hit.score }];
    });
    return {
      edges,
      totalCount: result.totalCount,
      facets: result.facets,
      pageInfo: offsetPageInfo(SEARCH_LIST, window, result.hits.length, result.totalCount, MAX_GUIDELINE_SEARCH_DEPTH, edges),
    };
  }
}

function toPortFilter(filter: GuidelineSearchFilterInput | null | undefined) {
  if (!filter) return undefined;
  const list = <T extends string>(values: readonly T[] | null | undefined) => (values?.length ? [...values] : undefined);
  return {
    sectors: list(filter.sectors),
    statuses: list(filter.statuses),
    languages: list(filter.languages?.map((language) => normaliseLanguageTag(language) ?? language)),
  };
}
