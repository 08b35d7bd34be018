import { Inject } from '@nestjs/common';
import { Args, Resolver, Subscription } from '@nestjs/graphql';
import { Actor, READ_MODELS, encodePosition, type RequestActor } from '@sce/platform';
import type { DataSource } from 'typeorm';
import { guidelineNotFound } from '../domain/guideline.errors';
import { findGuideline, findVisibleGuideline, guidelineDraftVisibility, guidelineVisibility } from '../read-models/guideline-directory';
import { findVersion } from '../read-models/guideline-texts';
import { GuidelineLiveFeed, type GuidelineLiveEvent } from '../live/guideline-live-feed';
import { liveIterator } from '../live/live-iterator';
import { GuidelineChangeObject, GuidelineChangedArgs, GuidelineVersionPublishedEventObject } from './guideline-live.types';
import { toGuidelineObject, toVersionObject } from './guideline.mapping';

// What the public may learn of a guideline as it happens: the events that change what it sees (its published
// versions and its status), never a draft's edits, comments or reviews.
const PUBLIC_EVENT_TYPES = new Set(['GuidelineVersionPublished', 'GuidelineWithdrawn', 'GuidelineSuperseded']);
// The payload is the subscription's own value (not { fieldName: value }).
const itself = <T>(payload: T) => payload;

/**
 * Live updates over graphql-ws (a token in connection_init's payload, { authorization: 'Bearer ...' }), with
 * the rules of the queries: each event is checked against the subscriber as it arrives.
 */
@Resolver()
export class GuidelineSubscriptionsResolver {
  constructor(
    private readonly feed: GuidelineLiveFeed,
    @Inject(READ_MODELS) private readonly db: DataSource,
  ) {}

  @Subscription(() => GuidelineVersionPublishedEventObject, { resolve: itself, description: 'Every guideline version published from now on, on any API instance' })
  guidelineVersionPublished(): Promise<AsyncIterableIterator<GuidelineVersionPublishedEventObject>> {
    return liveIterator(this.feed, async (event) => {
      if (event.type !== 'GuidelineVersionPublished') return null;
      const { major, minor } = event.data as { major: number; minor: number };
      const [row, version] = await Promise.all([findGuideline(this.db, event.guidelineId), findVersion(this.db, event.guidelineId, major, minor)]);
      // A published guideline is visible to everyone; the check stays in case the rule ever narrows.
      if (!row || !version || !(await guidelineVisibility.allows(row, { actorId: null, roles: [], correlationId: 'live' }, this.db))) return null;
      return { guideline: toGuidelineObject(row), version: toVersionObject(version), position: encodePosition(event.position) };
    });
  }

  @Subscription(() => GuidelineChangeObject, {
    resolve: itself,
    description: "Every change to one guideline you may see, from now on: all of its events for its authors, reviewers and admins; to others, its published versions, withdrawal and successor only",
  })
  async guidelineChanged(@Args() { id }: GuidelineChangedArgs, @Actor() actor: RequestActor): Promise<AsyncIterableIterator<GuidelineChangeObject>> {
    if (!(await findVisibleGuideline(this.db, id, actor))) throw guidelineNotFound(id);
    return liveIterator(this.feed, (event) => this.changeFor(event, id, actor));
  }

  /** The change as this subscriber may see it, or null; visibility is checked again per event (a draft may be published, an author removed). */
  private async changeFor(event: GuidelineLiveEvent, guidelineId: string, actor: RequestActor): Promise<GuidelineChangeObject | null> {
    if (event.guidelineId !== guidelineId) return null;
    const row = await findVisibleGuideline(this.db, guidelineId, actor);
    if (!row) return null;
    if (!PUBLIC_EVENT_TYPES.has(event.type) && !(await guidelineDraftVisibility.allows(row, actor, this.db))) return null;
    return { guidelineId, type: event.type, occurredAt: new Date(event.occurredAt), position: encodePosition(event.position), guideline: toGuidelineObject(row) };
  }
}
