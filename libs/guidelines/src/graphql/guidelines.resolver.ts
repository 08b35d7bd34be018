import type { EventEmitter } from 'node:events';
import { Inject } from '@nestjs/common';
import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { idFor, type CommandMetadata, type EventStore } from '@sce/event-sourcing';
import { findCaseStudy } from '@sce/case-studies';
import {
  Actor,
  CommandExecutor,
  ConsistencyArgs,
  Connection,
  EVENT_STORE,
  HasRole,
  HistoryConnection,
  IdempotencyArgs,
  PageArgs,
  READ_MODELS,
  ReadConsistency,
  SignedIn,
  VisibleParent,
  commandMetadata,
  encodePosition,
  paginate,
  readHistory,
  type ConnectionShape,
  type GraphqlContext,
  type HistoryEntry,
  type RequestActor,
} from '@sce/platform';
import type { DataSource } from 'typeorm';
import { blameWords, headingCreditOf, lastChangeOf } from '../domain/blame';
import { compareSections, sectionDiffsInSteps, unifiedInSteps } from '../domain/guideline-diff';
import { pageOfDiffSections } from './guideline-diff-page';
import { holdTurnForRequest, TurnGate } from './turn-gate';
import type { GuidelineCommand } from '../domain/guideline.commands';
import { guidelineDecider, POLICY_AUTHOR_ROLE, GUIDELINE_REVIEWER_ROLE } from '../domain/guideline.decide';
import {
  citedCaseStudyNotFound,
  guidelineNotFound,
  guidelineRevisionNotFound,
  guidelineVersionNotFound,
  invalidTextReference,
  successorNotFound,
} from '../domain/guideline.errors';
import { guidelineStreamId } from '../domain/guideline.events';
import { GUIDELINE_ACCOUNT_ROLES, platformRolesOf } from '../read-models/guideline-account-roles';
import {
  GUIDELINE_DIRECTORY,
  findGuideline,
  findVisibleGuideline,
  guidelineDraftVisibility,
  guidelineVisibility,
  listGuidelines,
  predecessorsOf,
} from '../read-models/guideline-directory';
import { GUIDELINE_EVIDENCE, evidenceOf, type GuidelineEvidenceRow } from '../read-models/guideline-evidence';
import { GUIDELINE_AMENDMENTS, amendmentsOf } from '../read-models/guideline-amendments';
import { GUIDELINE_BLAMES, blamesAt } from '../read-models/guideline-blames';
import { GUIDELINE_EVIDENCE_HISTORY, citedCaseStudies, changeSinceCited, evidencePeriodsAt, listGuidelinesWithStaleEvidence, type GuidelineEvidencePeriodRow } from '../read-models/guideline-evidence-history';
import { GUIDELINE_TEXTS, anchorOf, commentsOf, findRevision, findVersion, orderOf, repliesOf, revisionAt, textAt, versionAt, versionsOf, type GuidelineVersionRow } from '../read-models/guideline-texts';
import { toMarkdown } from './guideline-markdown';
import {
  toAmendmentObject,
  toCommentObject,
  toCreditObject,
  toEvidenceChange,
  toEvidenceObject,
  toGuidelineObject,
  toPeriodEvidence,
  toSectionChanges,
  toTextObject,
  toVersionObject,
} from './guideline.mapping';
import {
  AmendmentArgs,
  CiteEvidenceInput,
  CommentOnGuidelineInput,
  CompareGuidelinesArgs,
  GuidelineAsOfArgs,
  GuidelineBlameArgs,
  DraftGuidelineInput,
  EditGuidelineInput,
  GuidelineArgs,
  GuidelineAuthorArgs,
  GuidelineCommentArgs,
  GuidelineDiffArgs,
  GuidelineDiffPageArgs,
  GuidelineIdArgs,
  GuidelinesArgs,
  GuidelineVersionArgs,
  ProposeAmendmentInput,
  PublishGuidelineVersionInput,
  RejectAmendmentArgs,
  ReplyToGuidelineCommentInput,
  ReviewGuidelineInput,
  SupersedeGuidelineArgs,
  WithdrawEvidenceArgs,
  WithdrawGuidelineArgs,
  type GuidelineSideInput,
  type GuidelineTextRefInput,
} from './guideline.inputs';
import {
  AcceptAmendmentPayload,
  AddGuidelineAuthorPayload,
  CiteEvidencePayload,
  CommentOnGuidelinePayload,
  DraftGuidelinePayload,
  EditGuidelinePayload,
  GuidelineAmendmentObject,
  GuidelineAsOfObject,
  GuidelineBlameObject,
  GuidelineComparisonObject,
  GuidelineCommentObject,
  GuidelineDiffObject,
  GuidelineSectionDiffObject,
  type ComputedGuidelineDiff,
  GuidelineEvidenceObject,
  GuidelineObject,
  GuidelineTextObject,
  GuidelineVersionObject,
  GuidelineVersionTextObject,
  ProposeAmendmentPayload,
  PublishGuidelineVersionPayload,
  RejectAmendmentPayload,
  RemoveGuidelineAuthorPayload,
  ReplyToGuidelineCommentPayload,
  RequestGuidelineReviewPayload,
  ResolveGuidelineCommentPayload,
  ReviewGuidelinePayload,
  SupersedeGuidelinePayload,
  WithdrawEvidencePayload,
  WithdrawGuidelinePayload,
  type GuidelinePayload,
} from './guideline.object-type';

export const GuidelineConnection = Connection(GuidelineObject, 'Guideline');
const LIST = 'guidelines';
// What a guideline mutation's answer reads, and what a query right after it reads (versions, texts, comments).
const ANSWER_READS = [GUIDELINE_DIRECTORY, GUIDELINE_TEXTS, GUIDELINE_BLAMES];
const EVIDENCE_READS = [GUIDELINE_DIRECTORY, GUIDELINE_EVIDENCE, GUIDELINE_EVIDENCE_HISTORY];
const AMENDMENT_READS = [GUIDELINE_DIRECTORY, GUIDELINE_TEXTS, GUIDELINE_BLAMES, GUIDELINE_AMENDMENTS];
const STALE_LIST = 'guidelinesWithStaleEvidence';
const parseVersion = (number: string) => number.split('.').map(Number) as [number, number];

/**
 * The last few values computed for a key, and the ones being computed: a second ask while the first is running
 * waits for it instead of starting again. A failed computation is not kept.
 */
class RecentValues<V> {
  private readonly values = new Map<string, Promise<V>>();
  constructor(private readonly max: number) {}

  get(key: string, compute: () => Promise<V>): Promise<V> {
    let value = this.values.get(key);
    if (value) {
      // Most recently used last.
      this.values.delete(key);
      this.values.set(key, value);
      return value;
    }
    value = compute();
    this.values.set(key, value);
    value.catch(() => this.values.delete(key));
    while (this.values.size > this.max) this.values.delete(this.values.keys().next().value!);
    return value;
  }
}

/** Lets other callbacks (other requests, whose I/O is pending) run before going on. */
const letOthersRun = () => new Promise((resolve) => setImmediate(resolve));

/** Runs steps to their end, letting other callbacks (other requests) run between two steps. */
async function inTurns<T>(steps: Generator<void, T>): Promise<T> {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    await letOthersRun();
  }
}

// A diff of a 50,000-word guideline is a few megabytes: a few dozen are kept.
const recentDiffs = new RecentValues<ComputedGuidelineDiff>(32);
// Requests for diffs take turns, one at a time (with other requests served between two turns): 20 clients
// paging a long diff otherwise keep the one JavaScript thread busy writing their answers, and a list query
// arriving meanwhile waited behind all of them.
const diffTurns = new TurnGate();

@Resolver(() => GuidelineObject)
export class GuidelinesResolver {
  constructor(
    private readonly commands: CommandExecutor,
    @Inject(READ_MODELS) private readonly db: DataSource,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly consistency: ReadConsistency,
  ) {}

  @Query(() => GuidelineObject, { nullable: true, description: 'A guideline you may see: those with a published version for everyone; drafts for their authors, reviewers and admins' })
  async guideline(@Args() { id }: GuidelineArgs, @Args() { consistency }: ConsistencyArgs, @Actor() actor: RequestActor): Promise<GuidelineObject | null> {
    await this.consistency.require(consistency);
    const row = await findVisibleGuideline(this.db, id, actor);
    return row && toGuidelineObject(row);
  }

  @Query(() => GuidelineConnection, { description: 'Guidelines you may see, oldest first' })
  async guidelines(@Args() { first, after, filter }: GuidelinesArgs, @Args() { consistency }: ConsistencyArgs, @Actor() actor: RequestActor) {
    await this.consistency.require(consistency);
    const { status, sector, language, authorId } = filter ?? {};
    const criteria = { status: status ?? undefined, sector: sector ?? undefined, language: language ?? undefined, authorId: authorId ?? undefined };
    return paginate(LIST, { first, after }, (size, afterId) => listGuidelines(this.db, criteria, actor, size, afterId), (row) => row.id, toGuidelineObject);
  }

  @VisibleParent(guidelineVisibility)
  @ResolveField(() => GuidelineTextObject, { nullable: true, description: 'The text of the latest published version; null before the first' })
  async published(@Parent() guideline: GuidelineObject): Promise<GuidelineTextObject | null> {
    if (guideline.publishedRevision === null) return null;
    return this.text(guideline, guideline.publishedRevision);
  }

  @VisibleParent(guidelineDraftVisibility)
  @ResolveField(() => GuidelineTextObject, { description: 'The working text: its authors, reviewers and admins only' })
  draft(@Parent() guideline: GuidelineObject): Promise<GuidelineTextObject> {
    return this.text(guideline, guideline.revision);
  }

  @VisibleParent(guidelineVisibility)
  @ResolveField(() => [GuidelineVersionObject], { description: 'Every published version, oldest first' })
  async versions(@Parent() guideline: GuidelineObject): Promise<GuidelineVersionObject[]> {
    return (await versionsOf(this.db, guideline.id)).map(toVersionObject);
  }

  @VisibleParent(guidelineVisibility)
  @ResolveField(() => GuidelineVersionTextObject, { description: 'A published version with its full text' })
  async version(@Parent() guideline: GuidelineObject, @Args() { number }: GuidelineVersionArgs): Promise<GuidelineVersionTextObject> {
    const [major, minor] = parseVersion(number);
    const row = await findVersion(this.db, guideline.id, major, minor);
    if (!row) throw guidelineVersionNotFound(guideline.id, number);
    return { version: toVersionObject(row), text: await this.text(guideline, row.revision) };
  }

  @VisibleParent(guidelineVisibility)
  @ResolveField(() => GuidelineDiffObject, {
    description: 'What changed between any two versions or text revisions (revisions that are not published: authors, reviewers and admins only): section by section, word by word, and as a unified text',
  })
  async diff(@Parent() guideline: GuidelineObject, @Args() { from, to }: GuidelineDiffArgs, @Actor() actor: RequestActor, @Context() context: GraphqlContext): Promise<GuidelineDiffObject> {
    await holdTurnForRequest(diffTurns, context.req as { res?: EventEmitter });
    const seesDrafts = await guidelineDraftVisibility.allows(guideline, actor, this.db);
    const [older, newer] = await Promise.all([this.resolveRef(guideline, from, 'from', seesDrafts), this.resolveRef(guideline, to, 'to', seesDrafts)]);
    // The text of a revision never changes, so neither does a diff between two: concurrent and repeated asks for
    // one pair share one computation (a word diff of a much-rewritten guideline takes a second of CPU).
    const key = `${guideline.id}:${older.revision}:${older.label}:${newer.revision}:${newer.label}`;
    const computed = await recentDiffs.get(key, async () => {
      const [before, after] = await Promise.all([this.sectionsAt(guideline, older.revision), this.sectionsAt(guideline, newer.revision)]);
      // The unified text is left for the field resolver: most clients page the structured sections only.
      return { sections: await inTurns(sectionDiffsInSteps(before, after)), before, after, labels: { from: older.label, to: newer.label }, unifiedLines: new Map() };
    });
    // A diff's answer is written in one stretch of the event loop; requests that came meanwhile go first.
    await letOthersRun();
    return { from: older.label, to: newer.label, fromRevision: older.revision, toRevision: newer.revision, sectionCount: computed.sections.length, computed };
  }

  @VisibleParent(guidelineVisibility)
  @ResolveField(() => [GuidelineCommentObject], {
    description: 'Comments, oldest first, with where each points in the working text now; to those who may not see the working text, only the comments made on published versions',
  })
  async comments(@Parent() guideline: GuidelineObject, @Actor() actor: RequestActor): Promise<GuidelineCommentObject[]> {
    const seesDrafts = await guidelineDraftVisibility.allows(guideline, actor, this.db);
    const rows = await commentsOf(this.db, guideline.id);
    // A comment on a draft revision may quote text that was never published: the public sees those on published versions.
    const published = seesDrafts ? null : new Set((await versionsOf(this.db, guideline.id)).map((version) => version.revision));
    const shown = published ? rows.filter((row) => published.has(anchorOf(row).revision)) : rows;
    return shown.map((row) => toCommentObject(row, seesDrafts));
  }

  @VisibleParent(guidelineVisibility)
  @ResolveField(() => [GuidelineEvidenceObject], { description: 'The case studies cited for its sections (to the public: for the sections of the latest published version)' })
  async evidence(@Parent() guideline: GuidelineObject, @Actor() actor: RequestActor): Promise<GuidelineEvidenceObject[]> {
    const [rows, periods] = await Promise.all([evidenceOf(this.db, guideline.id), evidencePeriodsAt(this.db, guideline.id, null)]);
    const changes = await this.changesSinceCited(periods);
    const withChange = (row: GuidelineEvidenceRow) => ({ ...toEvidenceObject(row), evidenceChangedSince: changes.get(`${row.sectionId}:${row.caseStudyId}`) ?? null });
    if (await guidelineDraftVisibility.allows(guideline, actor, this.db)) return rows.map(withChange);
    const published = guideline.publishedRevision === null ? null : await findRevision(this.db, guideline.id, guideline.publishedRevision);
    const sections = new Set(published ? orderOf(published) : []);
    return rows.filter((row) => sections.has(row.sectionId)).map(withChange);
  }

  @VisibleParent(guidelineVisibility)
  @ResolveField(() => GuidelineAsOfObject, {
    description: 'The guideline as it stood at an instant: the working text (its authors, reviewers and admins only), the latest version published by then, and the evidence and comments of then',
  })
  async asOf(@Parent() guideline: GuidelineObject, @Args() { at }: GuidelineAsOfArgs, @Actor() actor: RequestActor): Promise<GuidelineAsOfObject> {
    const seesDrafts = await guidelineDraftVisibility.allows(guideline, actor, this.db);
    const instant = at.toISOString();
    const [working, version] = await Promise.all([seesDrafts ? revisionAt(this.db, guideline.id, instant) : null, versionAt(this.db, guideline.id, instant)]);
    const draft = working ? await this.text(guideline, working.revision) : null;
    const published = version ? { version: toVersionObject(version), text: await this.text(guideline, version.revision) } : null;
    // The public sees the citations of the sections of the version out then, as `evidence` does now.
    const periods = await evidencePeriodsAt(this.db, guideline.id, instant);
    const publicSections = new Set(published?.text.sections.map((section) => section.sectionId) ?? []);
    const evidence = periods.filter((period) => seesDrafts || publicSections.has(period.sectionId)).map(toPeriodEvidence);
    // Comments made by then, with only the replies and resolution of then; the public sees those on published versions, as `comments` does.
    const publishedRevisions = seesDrafts ? null : new Set((await versionsOf(this.db, guideline.id)).map((row) => row.revision));
    const comments = (await commentsOf(this.db, guideline.id))
      .filter((row) => row.commentedAt <= instant && (!publishedRevisions || publishedRevisions.has(anchorOf(row).revision)))
      .map((row) => {
        const resolved = row.resolvedAt !== null && row.resolvedAt <= instant;
        const replies = repliesOf(row).filter((reply) => reply.repliedAt <= instant);
        const comment = toCommentObject({ ...row, replies: JSON.stringify(replies) }, false);
        return { ...comment, resolvedBy: resolved ? row.resolvedBy : null, resolvedAt: resolved ? comment.resolvedAt : null };
      });
    return { at, draft, published, evidence, comments };
  }

  @VisibleParent(guidelineVisibility)
  @ResolveField(() => GuidelineBlameObject, {
    description: 'Per section of a version or text revision (revisions never published: authors, reviewers and admins only), and per word inside it: who last changed it, when, and why; an accepted amendment is credited to its proposer',
  })
  async blame(@Parent() guideline: GuidelineObject, @Args() { of }: GuidelineBlameArgs, @Actor() actor: RequestActor): Promise<GuidelineBlameObject> {
    const seesDrafts = await guidelineDraftVisibility.allows(guideline, actor, this.db);
    const ref = await this.resolveRef(guideline, of, 'of', seesDrafts);
    const revision = await findRevision(this.db, guideline.id, ref.revision);
    if (!revision) throw guidelineRevisionNotFound(guideline.id, ref.revision);
    const order = orderOf(revision);
    const blames = await blamesAt(this.db, guideline.id, order, ref.revision);
    const sections = order.flatMap((sectionId, position) => {
      const blame = blames.get(sectionId);
      if (!blame) return [];
      const words = blameWords(blame).map((word) => ({ word: word.word, offset: word.offset, credit: toCreditObject(word.credit) }));
      return [{ sectionId, position, heading: blame.heading, lastChange: toCreditObject(lastChangeOf(blame)), headingChange: toCreditObject(headingCreditOf(blame)), words }];
    });
    return { of: ref.label, revision: ref.revision, sections };
  }

  @VisibleParent(guidelineVisibility)
  @ResolveField(() => String, { description: 'A published version as a Markdown document: title, version line, summary, then each section under its heading' })
  async markdown(@Parent() guideline: GuidelineObject, @Args() { number }: GuidelineVersionArgs): Promise<string> {
    const [major, minor] = parseVersion(number);
    const row = await findVersion(this.db, guideline.id, major, minor);
    if (!row) throw guidelineVersionNotFound(guideline.id, number);
    return toMarkdown(await this.text(guideline, row.revision), toVersionObject(row));
  }

  @Query(() => GuidelineComparisonObject, {
    nullable: true,
    description: "Two different guidelines (two cities' versions of a policy) side by side, sections matched by heading; null when either is one you may not see (as `guideline` answers)",
  })
  async compareGuidelines(@Args() { a, b }: CompareGuidelinesArgs, @Args() { consistency }: ConsistencyArgs, @Actor() actor: RequestActor): Promise<GuidelineComparisonObject | null> {
    await this.consistency.require(consistency);
    const [left, right] = await Promise.all([this.side(a, actor), this.side(b, actor)]);
    if (!left || !right) return null;
    const sections = compareSections(left.sections, right.sections).map((comparison) => {
      const body = (sections: typeof left.sections, side: { sectionId: string; heading: string; position: number } | null) => side && { ...side, body: sections[side.position].body };
      return { ...comparison, left: body(left.sections, comparison.left), right: body(right.sections, comparison.right) };
    });
    return { left: left.side, right: right.side, sections };
  }

  @Query(() => GuidelineConnection, {
    description: 'Guidelines you may see with a cited case study published anew or archived since it was cited (to those who may not see the working text: in the sections of the latest published version), by id',
  })
  async guidelinesWithStaleEvidence(@Args() { first, after }: PageArgs, @Args() { consistency }: ConsistencyArgs, @Actor() actor: RequestActor) {
    await this.consistency.require(consistency);
    return paginate(STALE_LIST, { first, after }, (size, afterId) => listGuidelinesWithStaleEvidence(this.db, actor, size, afterId), (row) => row.id, toGuidelineObject);
  }

  @VisibleParent(guidelineVisibility)
  @ResolveField(() => HistoryConnection, { description: 'Every event, oldest first; the public sees it up to the latest published version' })
  async history(@Parent() guideline: GuidelineObject, @Args() page: PageArgs, @Context() context: GraphqlContext, @Actor() actor: RequestActor): Promise<ConnectionShape<HistoryEntry>> {
    const seesDrafts = await guidelineDraftVisibility.allows(guideline, actor, this.db);
    const lastRevision = seesDrafts ? guideline.streamRevision : (guideline.publishedStreamRevision ?? -1);
    const history = await readHistory(this.store, guidelineStreamId(guideline.id), lastRevision + 1, page, context);
    // Work after the latest published version (edits, comments on them) stays out of the public history.
    const edges = history.edges.filter((edge) => edge.node.revision <= lastRevision);
    const last = edges[edges.length - 1];
    const hasNextPage = history.pageInfo.hasNextPage && edges.length === history.edges.length && (last?.node.revision ?? lastRevision) < lastRevision;
    return { edges, totalCount: lastRevision + 1, pageInfo: { ...history.pageInfo, hasNextPage, startCursor: edges[0]?.cursor ?? null, endCursor: last?.cursor ?? null } };
  }

  @VisibleParent(guidelineVisibility)
  @ResolveField(() => [GuidelineAmendmentObject], {
    description: 'Amendments proposed, oldest first: all of them for its authors, reviewers and admins (authors accept or reject them); your own for anyone else',
  })
  async amendments(@Parent() guideline: GuidelineObject, @Actor() actor: RequestActor): Promise<GuidelineAmendmentObject[]> {
    const seesDrafts = await guidelineDraftVisibility.allows(guideline, actor, this.db);
    const rows = await amendmentsOf(this.db, guideline.id);
    return rows.filter((row) => seesDrafts || row.proposedBy === actor.actorId).map(toAmendmentObject);
  }

  @VisibleParent(guidelineVisibility)
  @ResolveField(() => [ID], { description: 'The guidelines this one supersedes (each names it as its successor) that you may see' })
  async predecessorIds(@Parent() guideline: GuidelineObject, @Actor() actor: RequestActor): Promise<string[]> {
    const rows = await predecessorsOf(this.db, guideline.id);
    const visible = await Promise.all(rows.map((row) => guidelineVisibility.allows(row, actor, this.db)));
    return rows.filter((_, index) => visible[index]).map((row) => row.id);
  }

  @HasRole(POLICY_AUTHOR_ROLE)
  @Mutation(() => DraftGuidelinePayload, { description: 'POLICY_AUTHOR: a new guideline, with you as its first author' })
  async draftGuideline(@Args('input') input: DraftGuidelineInput, @Args() { idempotencyKey }: IdempotencyArgs, @Actor() actor: RequestActor): Promise<GuidelinePayload> {
    const metadata = commandMetadata(actor, idempotencyKey);
    const guidelineId = idFor(metadata, 'guideline');
    const sections = input.sections.map((section, index) => ({ sectionId: idFor(metadata, `guideline-section-${index}`), heading: section.heading, body: section.body }));
    const content = { title: input.title, summary: input.summary, sectors: input.sectors, language: input.language, sections };
    const result = await this.commands.execute(guidelineDecider, guidelineStreamId(guidelineId), { type: 'DraftGuideline', data: { guidelineId, content }, metadata }, { readModels: ANSWER_READS });
    return { guideline: await this.commands.answer(result, () => this.load(guidelineId), guidelineId), position: result.positionToken };
  }

  @HasRole(POLICY_AUTHOR_ROLE)
  @Mutation(() => EditGuidelinePayload, { description: 'An author: section changes applied together, on the text revision you read (a stale one is a CONFLICT)' })
  editGuideline(@Args('input') input: EditGuidelineInput, @Args() { idempotencyKey }: IdempotencyArgs, @Actor() actor: RequestActor): Promise<GuidelinePayload> {
    const { guidelineId, expectedRevision, changeNote } = input;
    return this.run(guidelineId, actor, idempotencyKey, (metadata) => ({
      type: 'EditGuideline',
      data: { guidelineId, expectedRevision, changeNote, changes: toSectionChanges(guidelineId, input.changes, (index) => idFor(metadata, `guideline-section-${index}`)) },
    }));
  }

  @HasRole(POLICY_AUTHOR_ROLE)
  @Mutation(() => AddGuidelineAuthorPayload, { description: 'An author: another POLICY_AUTHOR becomes an author' })
  async addGuidelineAuthor(@Args() { guidelineId, accountId }: GuidelineAuthorArgs, @Args() { idempotencyKey }: IdempotencyArgs, @Actor() actor: RequestActor): Promise<GuidelinePayload> {
    // The roles as of now: a role granted a moment ago is in this context's copy once it has caught up.
    await this.consistency.require({ atLeast: encodePosition(await this.store.headPosition()) }, [GUIDELINE_ACCOUNT_ROLES]);
    const roles = await platformRolesOf(this.db, accountId);
    return this.run(guidelineId, actor, idempotencyKey, () => ({ type: 'AddGuidelineAuthor', data: { guidelineId, accountId, roles } }));
  }

  @HasRole(POLICY_AUTHOR_ROLE)
  @Mutation(() => RemoveGuidelineAuthorPayload, { description: 'An author: removes an author (never the last one)' })
  removeGuidelineAuthor(@Args() { guidelineId, accountId }: GuidelineAuthorArgs, @Args() { idempotencyKey }: IdempotencyArgs, @Actor() actor: RequestActor): Promise<GuidelinePayload> {
    return this.run(guidelineId, actor, idempotencyKey, () => ({ type: 'RemoveGuidelineAuthor', data: { guidelineId, accountId } }));
  }

  @HasRole(POLICY_AUTHOR_ROLE)
  @Mutation(() => RequestGuidelineReviewPayload, { description: 'An author: sends the working text to review' })
  requestGuidelineReview(@Args() { guidelineId }: GuidelineIdArgs, @Args() { idempotencyKey }: IdempotencyArgs, @Actor() actor: RequestActor): Promise<GuidelinePayload> {
    return this.run(guidelineId, actor, idempotencyKey, () => ({ type: 'RequestGuidelineReview', data: { guidelineId } }));
  }

  @HasRole(GUIDELINE_REVIEWER_ROLE)
  @Mutation(() => ReviewGuidelinePayload, { description: 'REVIEWER, in person, who is not an author and wrote none of its text: APPROVE, or REQUEST_CHANGES with a comment' })
  reviewGuideline(@Args('input') input: ReviewGuidelineInput, @Args() { idempotencyKey }: IdempotencyArgs, @Actor() actor: RequestActor): Promise<GuidelinePayload> {
    const { guidelineId, decision } = input;
    return this.run(guidelineId, actor, idempotencyKey, () => ({ type: 'ReviewGuideline', data: { guidelineId, decision, comment: input.comment ?? null, reviewer: { roles: actor.roles } } }));
  }

  @HasRole(POLICY_AUTHOR_ROLE)
  @Mutation(() => PublishGuidelineVersionPayload, { description: 'An author: publishes the approved text (not edited since) as the next MAJOR or MINOR version' })
  publishGuidelineVersion(@Args('input') input: PublishGuidelineVersionInput, @Args() { idempotencyKey }: IdempotencyArgs, @Actor() actor: RequestActor): Promise<GuidelinePayload> {
    const { guidelineId, kind, changeSummary } = input;
    return this.run(guidelineId, actor, idempotencyKey, () => ({ type: 'PublishGuidelineVersion', data: { guidelineId, kind, changeSummary } }));
  }

  @HasRole(POLICY_AUTHOR_ROLE)
  @Mutation(() => WithdrawGuidelinePayload, { description: 'An author: withdraws it for good (its published versions and history stay readable)' })
  withdrawGuideline(@Args() { guidelineId, reason }: WithdrawGuidelineArgs, @Args() { idempotencyKey }: IdempotencyArgs, @Actor() actor: RequestActor): Promise<GuidelinePayload> {
    return this.run(guidelineId, actor, idempotencyKey, () => ({ type: 'WithdrawGuideline', data: { guidelineId, reason } }));
  }

  @HasRole(POLICY_AUTHOR_ROLE)
  @Mutation(() => SupersedeGuidelinePayload, { description: 'An author of a published guideline: names the guideline that replaces it' })
  async supersedeGuideline(@Args() { guidelineId, successorId }: SupersedeGuidelineArgs, @Args() { idempotencyKey }: IdempotencyArgs, @Actor() actor: RequestActor): Promise<GuidelinePayload> {
    if (successorId !== guidelineId && !(await findVisibleGuideline(this.db, successorId, actor))) throw successorNotFound(guidelineId, successorId);
    return this.run(guidelineId, actor, idempotencyKey, () => ({ type: 'SupersedeGuideline', data: { guidelineId, successorId } }));
  }

  @SignedIn()
  @Mutation(() => CommentOnGuidelinePayload, { description: 'Anyone signed in who may see it: a comment on a section, optionally on a quoted passage of it' })
  async commentOnGuideline(@Args('input') input: CommentOnGuidelineInput, @Args() { idempotencyKey }: IdempotencyArgs, @Actor() actor: RequestActor) {
    const { guidelineId, sectionId, revision, text } = input;
    await this.requireVisible(guidelineId, actor);
    const quote = input.quote ? { text: input.quote.text, before: input.quote.before, after: input.quote.after, offset: input.quote.offset } : null;
    let commentId = '';
    const payload = await this.run(guidelineId, actor, idempotencyKey, (metadata) => {
      commentId = idFor(metadata, 'guideline-comment');
      return { type: 'CommentOnGuideline', data: { guidelineId, commentId, anchor: { sectionId, revision, quote }, text } };
    });
    return { ...payload, commentId };
  }

  @SignedIn()
  @Mutation(() => ReplyToGuidelineCommentPayload, { description: 'Anyone signed in who may see it' })
  async replyToGuidelineComment(@Args('input') input: ReplyToGuidelineCommentInput, @Args() { idempotencyKey }: IdempotencyArgs, @Actor() actor: RequestActor) {
    const { guidelineId, commentId, text } = input;
    await this.requireVisible(guidelineId, actor);
    let replyId = '';
    const payload = await this.run(guidelineId, actor, idempotencyKey, (metadata) => {
      replyId = idFor(metadata, 'guideline-comment-reply');
      return { type: 'ReplyToGuidelineComment', data: { guidelineId, commentId, replyId, text } };
    });
    return { ...payload, replyId };
  }

  @SignedIn()
  @Mutation(() => ResolveGuidelineCommentPayload, { description: 'The one who commented, or an author' })
  async resolveGuidelineComment(@Args() { guidelineId, commentId }: GuidelineCommentArgs, @Args() { idempotencyKey }: IdempotencyArgs, @Actor() actor: RequestActor): Promise<GuidelinePayload> {
    await this.requireVisible(guidelineId, actor);
    return this.run(guidelineId, actor, idempotencyKey, () => ({ type: 'ResolveGuidelineComment', data: { guidelineId, commentId } }));
  }

  @SignedIn()
  @Mutation(() => ProposeAmendmentPayload, { description: 'Anyone signed in: section changes with a rationale, on a published guideline or one in review' })
  async proposeAmendment(@Args('input') input: ProposeAmendmentInput, @Args() { idempotencyKey }: IdempotencyArgs, @Actor() actor: RequestActor) {
    const { guidelineId, rationale } = input;
    await this.requireVisible(guidelineId, actor);
    let amendmentId = '';
    const payload = await this.run(guidelineId, actor, idempotencyKey, (metadata) => {
      amendmentId = idFor(metadata, 'guideline-amendment');
      const changes = toSectionChanges(guidelineId, input.changes, (index) => idFor(metadata, `guideline-amendment-section-${index}`));
      return { type: 'ProposeGuidelineAmendment', data: { guidelineId, amendmentId, changes, rationale } };
    }, AMENDMENT_READS);
    return { ...payload, amendmentId };
  }

  @HasRole(POLICY_AUTHOR_ROLE)
  @Mutation(() => AcceptAmendmentPayload, { description: "An author: applies the amendment as an edit (its words credited to its proposer)" })
  acceptAmendment(@Args() { guidelineId, amendmentId }: AmendmentArgs, @Args() { idempotencyKey }: IdempotencyArgs, @Actor() actor: RequestActor): Promise<GuidelinePayload> {
    return this.run(guidelineId, actor, idempotencyKey, () => ({ type: 'AcceptGuidelineAmendment', data: { guidelineId, amendmentId } }), AMENDMENT_READS);
  }

  @HasRole(POLICY_AUTHOR_ROLE)
  @Mutation(() => RejectAmendmentPayload, { description: 'An author: rejects the amendment, saying why' })
  rejectAmendment(@Args() { guidelineId, amendmentId, reason }: RejectAmendmentArgs, @Args() { idempotencyKey }: IdempotencyArgs, @Actor() actor: RequestActor): Promise<GuidelinePayload> {
    return this.run(guidelineId, actor, idempotencyKey, () => ({ type: 'RejectGuidelineAmendment', data: { guidelineId, amendmentId, reason } }), AMENDMENT_READS);
  }

  @HasRole(POLICY_AUTHOR_ROLE)
  @Mutation(() => CiteEvidencePayload, { description: "An author: a published case study supports a section, pinned to the case study's current revision" })
  async citeEvidence(@Args('input') input: CiteEvidenceInput, @Args() { idempotencyKey }: IdempotencyArgs, @Actor() actor: RequestActor): Promise<GuidelinePayload> {
    const { guidelineId, sectionId, caseStudyId } = input;
    const caseStudy = await findCaseStudy(this.db, caseStudyId);
    if (!caseStudy) throw citedCaseStudyNotFound(guidelineId, caseStudyId);
    const cited = { caseStudyId, status: caseStudy.status, revision: caseStudy.revision };
    return this.run(guidelineId, actor, idempotencyKey, () => ({ type: 'CiteEvidence', data: { guidelineId, sectionId, caseStudy: cited, note: input.note ?? null } }), EVIDENCE_READS);
  }

  @HasRole(POLICY_AUTHOR_ROLE)
  @Mutation(() => WithdrawEvidencePayload, { description: 'An author: the case study no longer supports the section' })
  withdrawEvidence(@Args() { guidelineId, sectionId, caseStudyId }: WithdrawEvidenceArgs, @Args() { idempotencyKey }: IdempotencyArgs, @Actor() actor: RequestActor): Promise<GuidelinePayload> {
    return this.run(guidelineId, actor, idempotencyKey, () => ({ type: 'WithdrawEvidence', data: { guidelineId, sectionId, caseStudyId } }), EVIDENCE_READS);
  }

  private async text(guideline: GuidelineObject, revision: number): Promise<GuidelineTextObject> {
    return toTextObject(guideline, revision, await this.sectionsAt(guideline, revision));
  }

  private async sectionsAt(guideline: GuidelineObject, revision: number) {
    const sections = await textAt(this.db, guideline.id, revision);
    if (!sections) throw guidelineRevisionNotFound(guideline.id, revision);
    return sections;
  }

  /** A version or a text revision as the revision it stands for; revisions never published only for those who see drafts. */
  private async resolveRef(guideline: GuidelineObject, ref: GuidelineTextRefInput, field: string, seesDrafts: boolean): Promise<{ revision: number; label: string }> {
    const { version, revision } = ref;
    if ((version == null) === (revision == null)) throw invalidTextReference(guideline.id, field);
    if (version != null) {
      const [major, minor] = parseVersion(version);
      const row = await findVersion(this.db, guideline.id, major, minor);
      if (!row) throw guidelineVersionNotFound(guideline.id, version);
      return { revision: row.revision, label: `version ${version}` };
    }
    const published = seesDrafts || (await versionsOf(this.db, guideline.id)).some((row) => row.revision === revision);
    if (!published || revision! > guideline.revision) throw guidelineRevisionNotFound(guideline.id, revision!);
    return { revision: revision!, label: `revision ${revision}` };
  }

  /** What changed in each standing citation's case study since it was cited, by section and case study. */
  private async changesSinceCited(periods: GuidelineEvidencePeriodRow[]) {
    const caseStudies = await citedCaseStudies(this.db, periods.map((period) => period.caseStudyId));
    const changes = new Map<string, ReturnType<typeof toEvidenceChange>>();
    for (const period of periods) changes.set(`${period.sectionId}:${period.caseStudyId}`, toEvidenceChange(changeSinceCited(period, caseStudies.get(period.caseStudyId))));
    return changes;
  }

  /** One side of a comparison: the version asked for, else the latest published one, else (for those who see drafts) the working text; null if hidden. */
  private async side(input: GuidelineSideInput, actor: RequestActor) {
    const row = await findVisibleGuideline(this.db, input.id, actor);
    if (!row) return null;
    const guideline = toGuidelineObject(row);
    let version: GuidelineVersionRow | null = null;
    if (input.version != null) {
      const [major, minor] = parseVersion(input.version);
      version = await findVersion(this.db, guideline.id, major, minor);
      if (!version) throw guidelineVersionNotFound(guideline.id, input.version);
    }
    const revision = version?.revision ?? guideline.publishedRevision ?? ((await guidelineDraftVisibility.allows(guideline, actor, this.db)) ? guideline.revision : null);
    if (revision === null) return null;
    const number = version ? `${version.major}.${version.minor}` : revision === guideline.publishedRevision ? guideline.latestVersion : null;
    return { sections: await this.sectionsAt(guideline, revision), side: { guidelineId: guideline.id, title: guideline.title, version: number, revision } };
  }

  private async requireVisible(guidelineId: string, actor: RequestActor): Promise<void> {
    if (!(await findVisibleGuideline(this.db, guidelineId, actor))) throw guidelineNotFound(guidelineId);
  }

  private async run(
    guidelineId: string,
    actor: RequestActor,
    idempotencyKey: string | undefined,
    command: (metadata: CommandMetadata) => Omit<GuidelineCommand, 'metadata'>,
    readModels: readonly string[] = ANSWER_READS,
  ): Promise<GuidelinePayload> {
    const metadata = commandMetadata(actor, idempotencyKey);
    const result = await this.commands.execute(guidelineDecider, guidelineStreamId(guidelineId), { ...command(metadata), metadata } as GuidelineCommand, { readModels });
    return { guideline: await this.commands.answer(result, () => this.load(guidelineId), guidelineId), position: result.positionToken };
  }

  private async load(guidelineId: string): Promise<GuidelineObject> {
    const row = await findGuideline(this.db, guidelineId);
    if (!row) throw guidelineNotFound(guidelineId);
    return toGuidelineObject(row);
  }
}

/**
 * The paged parts of a diff. Guideline.diff has already checked who may see the two texts, so these only
 * cut the diff it computed into pages.
 */
@Resolver(() => GuidelineDiffObject)
export class GuidelineDiffResolver {
  @ResolveField(() => [GuidelineSectionDiffObject], { description: 'The sections that differ, in the order of the newer text; all of them unless `first` is given' })
  sections(@Parent() diff: GuidelineDiffObject, @Args() page: GuidelineDiffPageArgs): GuidelineSectionDiffObject[] {
    return pageOfDiffSections(diff.computed.sections, page);
  }

  @ResolveField(() => String, { description: 'The same as a unified text: a header per section, then its changed lines; paged as `sections` when `first` or `after` is given' })
  unified(@Parent() diff: GuidelineDiffObject, @Args() page: GuidelineDiffPageArgs): Promise<string> {
    const { computed } = diff;
    const text = (sections: typeof computed.sections) => inTurns(unifiedInSteps(sections, computed.before, computed.after, computed.labels, computed.unifiedLines));
    if (page.first != null || page.after != null) return text(pageOfDiffSections(computed.sections, page));
    // Unpaged, it is written once per cached diff, as the whole diff was before.
    computed.unified ??= text(computed.sections);
    return computed.unified;
  }
}
