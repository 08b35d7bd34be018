import type { RecordedEvent } from '@sce/event-sourcing';
import type { RequestActor } from '@sce/platform';
import type { GuidelineEvent } from '../domain/guideline.events';
import { aGuidelineContent } from '../testing/guideline-content.fixture';
import { evolveGuidelineRow, guidelineDraftVisibility, guidelineVisibility, stageOf, type GuidelineRow } from './guideline-directory';

const guidelineId = '018f2b4e-0000-7000-8000-000000000001';
let streamRevision = -1;
const recorded = (event: GuidelineEvent): RecordedEvent =>
  ({ ...event, id: `e${++streamRevision}`, streamId: `guideline-${guidelineId}`, streamRevision, position: streamRevision + 1, schemaVersion: 1, recordedAt: '2026-01-01T00:00:00.000Z', metadata: { actorId: 'author-1', correlationId: 'c', causationId: null, occurredAt: `2026-01-0${Math.min(9, streamRevision + 1)}T00:00:00.000Z` } }) as unknown as RecordedEvent;
const fold = (events: GuidelineEvent[]) => events.reduce<GuidelineRow | null>((row, event) => evolveGuidelineRow(row, recorded(event)), null)!;

const drafted: GuidelineEvent = { type: 'GuidelineDrafted', data: { guidelineId, draftedBy: 'author-1', content: aGuidelineContent() } };
const edited = (revision: number): GuidelineEvent => ({ type: 'GuidelineEdited', data: { guidelineId, editedBy: 'author-1', revision, changes: [{ kind: 'EDIT', sectionId: 'scope', body: `Edit ${revision}` }], changeNote: 'n', amendment: null } });
const requested = (revision: number): GuidelineEvent => ({ type: 'GuidelineReviewRequested', data: { guidelineId, requestedBy: 'author-1', revision } });
const reviewed = (revision: number, decision: 'APPROVE' | 'REQUEST_CHANGES'): GuidelineEvent => ({ type: 'GuidelineReviewed', data: { guidelineId, reviewedBy: 'reviewer-1', revision, decision, comment: null } });
const published = (revision: number, minor: number): GuidelineEvent => ({
  type: 'GuidelineVersionPublished',
  data: { guidelineId, major: 1, minor, kind: minor ? 'MINOR' : 'MAJOR', revision, changeSummary: 's', approvedBy: 'reviewer-1', publishedBy: 'author-1' },
});

describe('The guideline directory row', () => {
  beforeEach(() => (streamRevision = -1));

  it.each<[string, GuidelineEvent[], string, string]>([
    ['drafted', [drafted], 'DRAFT', 'DRAFT'],
    ['in review', [drafted, requested(1)], 'DRAFT', 'IN_REVIEW'],
    ['approved', [drafted, requested(1), reviewed(1, 'APPROVE')], 'DRAFT', 'APPROVED'],
    ['sent back', [drafted, requested(1), reviewed(1, 'REQUEST_CHANGES')], 'DRAFT', 'CHANGES_REQUESTED'],
    ['sent back, then edited', [drafted, requested(1), reviewed(1, 'REQUEST_CHANGES'), edited(2)], 'DRAFT', 'DRAFT'],
    ['published', [drafted, requested(1), reviewed(1, 'APPROVE'), published(1, 0)], 'PUBLISHED', 'PUBLISHED'],
    ['published, then edited', [drafted, requested(1), reviewed(1, 'APPROVE'), published(1, 0), edited(2)], 'PUBLISHED', 'DRAFT'],
    ['withdrawn', [drafted, { type: 'GuidelineWithdrawn', data: { guidelineId, withdrawnBy: 'author-1', reason: 'r' } }], 'WITHDRAWN', 'WITHDRAWN'],
  ])('when %s has status %s and stage %s', (_name, events, status, stage) => {
    const row = fold(events);
    expect([row.status, stageOf(row)]).toEqual([status, stage]);
  });

  it('keeps the latest version, its text revision and the stream revision the public history ends at', () => {
    const row = fold([drafted, requested(1), reviewed(1, 'APPROVE'), published(1, 0), edited(2), requested(2), reviewed(2, 'APPROVE'), published(2, 1), edited(3)]);
    expect(row).toMatchObject({ latestMajor: 1, latestMinor: 1, publishedRevision: 2, publishedStreamRevision: 7, streamRevision: 8, revision: 3 });
  });

  it('shows a never-published guideline only to its authors, reviewers and admins; a published one to everyone', () => {
    const draft = fold([drafted]);
    const anyone: RequestActor = { actorId: null, roles: [], correlationId: 'c' };
    const author = { actorId: 'author-1', roles: ['POLICY_AUTHOR'], correlationId: 'c' };
    const otherAuthor = { actorId: 'author-2', roles: ['POLICY_AUTHOR'], correlationId: 'c' };
    const reviewer = { actorId: 'reviewer-1', roles: ['REVIEWER'], correlationId: 'c' };
    const allows = (rule: typeof guidelineVisibility, row: GuidelineRow, actor: RequestActor) => rule.allows(row, actor, null as never);
    expect([anyone, otherAuthor, author, reviewer].map((actor) => allows(guidelineVisibility, draft, actor))).toEqual([false, false, true, true]);
    streamRevision = -1;
    const out = fold([drafted, requested(1), reviewed(1, 'APPROVE'), published(1, 0)]);
    expect([anyone, otherAuthor, author, reviewer].map((actor) => allows(guidelineVisibility, out, actor))).toEqual([true, true, true, true]);
    expect([anyone, otherAuthor, author, reviewer].map((actor) => allows(guidelineDraftVisibility, out, actor))).toEqual([false, false, true, true]);
  });
});
