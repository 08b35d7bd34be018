import { Inject } from '@nestjs/common';
import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { idFor, type EventStore } from '@sce/event-sourcing';
import { OrganisationObject, findOrganisation, memberRoleOf, organisationVisibility } from '@sce/organisations';
import { findPartnership, membersOfPartnerships } from '@sce/partnerships';
import {
  Actor,
  CommandExecutor,
  ConsistencyArgs,
  Connection,
  EVENT_STORE,
  HasRole,
  HistoryConnection,
  IdempotencyArgs,
  OrganisationRole,
  PageArgs,
  READ_MODELS,
  ReadConsistency,
  VisibleParent,
  commandMetadata,
  decodeCursor,
  groupedBy,
  invalidCursor,
  paginate,
  readHistory,
  requestLoader,
  toConnection,
  type ConnectionShape,
  type GraphqlContext,
  type HistoryEntry,
  type RequestActor,
} from '@sce/platform';
import type { DataSource } from 'typeorm';
import type { CaseStudyCommand } from '../domain/case-study.commands';
import { caseStudyDecider } from '../domain/case-study.decide';
import { diffContents } from '../domain/case-study-diff';
import { caseStudyNotFound, notInPartnership, revisionNotFound, unknownCaseStudyOrganisation, unknownCaseStudyPartnership } from '../domain/case-study.errors';
import { caseStudyStreamId } from '../domain/case-study.events';
import { CASE_STUDY_DIRECTORY } from '../read-models/case-study-directory/case-study-directory.projection';
import { findCaseStudy, findVisibleCaseStudy, listCaseStudies, listReviewQueue } from '../read-models/case-study-directory/case-study-directory.queries';
import { caseStudyDraftVisibility, caseStudyVisibility } from '../read-models/case-study-directory/case-study-visibility';
import { contentOf, findRevision, revisionsOf, type CaseStudyRevisionRow } from '../read-models/case-study-revisions/case-study-revisions';
import { organisationsNamedBy } from '../domain/case-study';
import { draftContent, revisedFields, toCaseStudyObject, toRevisionObject, toWorkingDraftObject } from './case-study.mapping';
import {
  ArchiveCaseStudyArgs,
  CaseStudiesArgs,
  CaseStudyArgs,
  CaseStudyDiffArgs,
  CaseStudyIdArgs,
  DraftCaseStudyInput,
  LinkCaseStudyArgs,
  ReviewCaseStudyInput,
  ReviseCaseStudyInput,
  SubmitCaseStudyArgs,
} from './case-study.inputs';
import {
  ArchiveCaseStudyPayload,
  CaseStudyDiffObject,
  CaseStudyObject,
  CaseStudyRevisionObject,
  DraftCaseStudyPayload,
  LinkCaseStudyToPartnershipPayload,
  ReviewCaseStudyPayload,
  ReviseCaseStudyPayload,
  SubmitCaseStudyPayload,
  WorkingDraftObject,
  type CaseStudyPayload,
} from './case-study.object-type';

export const CaseStudyConnection = Connection(CaseStudyObject, 'CaseStudy');
const CaseStudyRevisionConnection = Connection(CaseStudyRevisionObject, 'CaseStudyRevision');
const LIST = 'case-studies';
const REVISIONS = 'case-study-revisions';
/** Acting for the organisation of the case study a call names (looked up by the authorisation layer). */
export const CASE_STUDY_ORGANISATION = 'case-study-organisation';
const ACTS_FOR = ['OWNER', 'EDITOR'];
const organisationOfCaseStudy = (args: Record<string, any>) => ({ lookup: CASE_STUDY_ORGANISATION, id: args.caseStudyId ?? args.input?.id });
// What a case-study mutation's answer reads: all it waits for.
const ANSWER_READS = [CASE_STUDY_DIRECTORY];

@Resolver(() => CaseStudyObject)
export class CaseStudiesResolver {
  constructor(
    private readonly commands: CommandExecutor,
    @Inject(READ_MODELS) private readonly db: DataSource,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly consistency: ReadConsistency,
  ) {}

  @Query(() => CaseStudyObject, { nullable: true, description: 'A case study you may see: published ones for everyone; drafts for their organisation, reviewers and admins' })
  async caseStudy(@Args() { id }: CaseStudyArgs, @Args() { consistency }: ConsistencyArgs, @Actor() actor: RequestActor): Promise<CaseStudyObject | null> {
    await this.consistency.require(consistency);
    const row = await findVisibleCaseStudy(this.db, id, actor);
    return row && toCaseStudyObject(row);
  }

  @Query(() => CaseStudyConnection, { description: 'Case studies you may see, oldest first' })
  async caseStudies(@Args() { first, after, filter }: CaseStudiesArgs, @Args() { consistency }: ConsistencyArgs, @Actor() actor: RequestActor) {
    await this.consistency.require(consistency);
    return paginate(LIST, { first, after }, (size, afterId) => listCaseStudies(this.db, filter ?? {}, actor, size, afterId), (row) => row.id, toCaseStudyObject);
  }

  @HasRole('REVIEWER')
  @Query(() => CaseStudyConnection, { description: 'REVIEWER: submitted case studies you may review (none of your organisations involved, not drafted or revised by you)' })
  async reviewQueue(@Args() { first, after }: PageArgs, @Args() { consistency }: ConsistencyArgs, @Actor() actor: RequestActor) {
    await this.consistency.require(consistency);
    return paginate('review-queue', { first, after }, (size, afterId) => listReviewQueue(this.db, actor.actorId!, size, afterId), (row) => row.id, toCaseStudyObject);
  }

  @VisibleParent(caseStudyDraftVisibility)
  @ResolveField(() => WorkingDraftObject, { nullable: true, description: "The text being worked on (first draft or revision): its organisation's members, reviewers and admins only" })
  workingDraft(@Parent() caseStudy: CaseStudyObject): WorkingDraftObject | null {
    return toWorkingDraftObject(caseStudy);
  }

  @VisibleParent(caseStudyVisibility)
  @ResolveField(() => HistoryConnection, { description: 'Every change, oldest first; the public sees it up to the published text' })
  async history(@Parent() caseStudy: CaseStudyObject, @Args() page: PageArgs, @Context() context: GraphqlContext, @Actor() actor: RequestActor): Promise<ConnectionShape<HistoryEntry>> {
    const lastRevision = (await this.seesDrafts(caseStudy, actor)) ? caseStudy.revision : (caseStudy.publishedRevision ?? -1);
    const history = await readHistory(this.store, caseStudyStreamId(caseStudy.id), lastRevision + 1, page, context);
    // Work after the published text (a revision under review) stays out of the public history.
    const edges = history.edges.filter((edge) => edge.node.revision <= lastRevision);
    const last = edges[edges.length - 1];
    const hasNextPage = history.pageInfo.hasNextPage && edges.length === history.edges.length && (last?.node.revision ?? lastRevision) < lastRevision;
    return { edges, totalCount: lastRevision + 1, pageInfo: { ...history.pageInfo, hasNextPage, startCursor: edges[0]?.cursor ?? null, endCursor: last?.cursor ?? null } };
  }

  @VisibleParent(caseStudyVisibility)
  @ResolveField(() => CaseStudyRevisionConnection, { description: 'Its texts, oldest first: every draft and revision for those who may see drafts, the published texts for everyone else' })
  async revisions(@Parent() caseStudy: CaseStudyObject, @Args() { first, after }: PageArgs, @Context() context: GraphqlContext, @Actor() actor: RequestActor) {
    const publishedOnly = !(await this.seesDrafts(caseStudy, actor));
    const loader = requestLoader(context, `${REVISIONS}:${publishedOnly}`, async (ids: readonly string[]) => groupedBy(ids, await revisionsOf(this.db, ids, publishedOnly), (row) => row.caseStudyId));
    const afterRevision = after == null ? -1 : Number(decodeCursor(REVISIONS, after));
    if (!Number.isSafeInteger(afterRevision)) throw invalidCursor(after!);
    const rows = (await loader.load(caseStudy.id)).filter((row) => row.revision > afterRevision);
    const page = { rows: rows.slice(0, first), hasNextPage: rows.length > first, totalCount: () => loader.load(caseStudy.id).then((all) => all.length) };
    return toConnection(REVISIONS, page, (row: CaseStudyRevisionRow) => row.revision, toRevisionObject, after != null);
  }

  @VisibleParent(caseStudyVisibility)
  @ResolveField(() => CaseStudyDiffObject, { description: 'Field-level changes between two of its texts (see revisions): lists item by item, texts word by word' })
  async diff(@Parent() caseStudy: CaseStudyObject, @Args() { fromRevision, toRevision }: CaseStudyDiffArgs, @Actor() actor: RequestActor): Promise<CaseStudyDiffObject> {
    const publishedOnly = !(await this.seesDrafts(caseStudy, actor));
    const text = async (revision: number) => {
      const row = await findRevision(this.db, caseStudy.id, revision);
      if (!row || (publishedOnly && !row.publishedAt)) throw revisionNotFound(caseStudy.id, revision);
      return contentOf(row);
    };
    return { fromRevision, toRevision, changes: diffContents(await text(fromRevision), await text(toRevision)) };
  }

  @OrganisationRole(ACTS_FOR, (args) => args.input?.organisationId)
  @Mutation(() => DraftCaseStudyPayload, { description: 'For an organisation you are OWNER or EDITOR of' })
  async draftCaseStudy(@Args('input') input: DraftCaseStudyInput, @Args() { idempotencyKey }: IdempotencyArgs, @Actor() actor: RequestActor): Promise<CaseStudyPayload> {
    const content = draftContent(input);
    await this.requireOrganisations(content.organisationIds);
    const metadata = commandMetadata(actor, idempotencyKey);
    const caseStudyId = idFor(metadata, 'case-study');
    const result = await this.commands.execute(
      caseStudyDecider,
      caseStudyStreamId(caseStudyId),
      { type: 'DraftCaseStudy', data: { caseStudyId, organisationId: input.organisationId, content }, metadata },
      { readModels: ANSWER_READS },
    );
    return { caseStudy: await this.commands.answer(result, () => this.load(caseStudyId), caseStudyId), position: result.positionToken };
  }

  @OrganisationRole(ACTS_FOR, organisationOfCaseStudy)
  @Mutation(() => ReviseCaseStudyPayload, { description: 'OWNER or EDITOR of its organisation; needs the revision you last read. A published case study keeps its published text until the revision is approved' })
  async reviseCaseStudy(@Args('input') input: ReviseCaseStudyInput, @Args() { idempotencyKey }: IdempotencyArgs, @Actor() actor: RequestActor): Promise<CaseStudyPayload> {
    const changes = revisedFields(input);
    await this.requireOrganisations(changes.organisationIds ?? []);
    const { id, expectedRevision, changeNote } = input;
    return this.run(id, { type: 'ReviseCaseStudy', data: { caseStudyId: id, changes, changeNote } }, actor, idempotencyKey, expectedRevision);
  }

  @OrganisationRole(ACTS_FOR, organisationOfCaseStudy)
  @Mutation(() => SubmitCaseStudyPayload, { description: 'OWNER or EDITOR of its organisation: sends the working draft to review' })
  submitCaseStudy(@Args() { caseStudyId, expectedRevision }: SubmitCaseStudyArgs, @Args() { idempotencyKey }: IdempotencyArgs, @Actor() actor: RequestActor) {
    return this.run(caseStudyId, { type: 'SubmitCaseStudy', data: { caseStudyId } }, actor, idempotencyKey, expectedRevision ?? undefined);
  }

  @HasRole('REVIEWER')
  @Mutation(() => ReviewCaseStudyPayload, {
    description: 'REVIEWER, in person, from none of its organisations, who did not draft or revise it: APPROVE publishes it; REQUEST_CHANGES sends it back with comments',
  })
  async reviewCaseStudy(@Args('input') input: ReviewCaseStudyInput, @Args() { idempotencyKey }: IdempotencyArgs, @Actor() actor: RequestActor): Promise<CaseStudyPayload> {
    const { caseStudyId, decision, expectedRevision } = input;
    const row = await findCaseStudy(this.db, caseStudyId);
    const involved = row ? organisationsNamedBy(toCaseStudyObject(row).snapshot.state) : [];
    // Asked of the organisations context itself (its own membership table, which its mutations wait for).
    const roles = await Promise.all(involved.map((organisationId) => memberRoleOf(this.db, organisationId, actor.actorId!)));
    const memberOf = involved.filter((_, index) => roles[index] !== null);
    const comments = (input.comments ?? []).map(({ field, comment }) => ({ field: field ?? null, comment }));
    return this.run(caseStudyId, { type: 'ReviewCaseStudy', data: { caseStudyId, decision, comments, reviewer: { roles: actor.roles, memberOf } } }, actor, idempotencyKey, expectedRevision ?? undefined);
  }

  @OrganisationRole(ACTS_FOR, organisationOfCaseStudy)
  @Mutation(() => ArchiveCaseStudyPayload, { description: 'OWNER or EDITOR of its organisation: withdraws a published case study from the public' })
  archiveCaseStudy(@Args() { caseStudyId, reason }: ArchiveCaseStudyArgs, @Args() { idempotencyKey }: IdempotencyArgs, @Actor() actor: RequestActor) {
    return this.run(caseStudyId, { type: 'ArchiveCaseStudy', data: { caseStudyId, reason } }, actor, idempotencyKey);
  }

  @OrganisationRole(ACTS_FOR, organisationOfCaseStudy)
  @Mutation(() => LinkCaseStudyToPartnershipPayload, { description: 'OWNER or EDITOR of its organisation, which must be a member of the partnership' })
  async linkCaseStudyToPartnership(@Args() { caseStudyId, partnershipId }: LinkCaseStudyArgs, @Args() { idempotencyKey }: IdempotencyArgs, @Actor() actor: RequestActor) {
    if (!(await findPartnership(this.db, partnershipId))) throw unknownCaseStudyPartnership(partnershipId);
    const row = await findCaseStudy(this.db, caseStudyId);
    if (!row) throw caseStudyNotFound(caseStudyId);
    const members = await membersOfPartnerships(this.db, [partnershipId]);
    if (!members.some((member) => member.organisationId === row.organisationId && member.status === 'MEMBER')) throw notInPartnership(caseStudyId, partnershipId, row.organisationId);
    return this.run(caseStudyId, { type: 'LinkCaseStudyToPartnership', data: { caseStudyId, partnershipId } }, actor, idempotencyKey);
  }

  private seesDrafts(caseStudy: CaseStudyObject, actor: RequestActor) {
    return caseStudyDraftVisibility.allows(caseStudy, actor, this.db);
  }

  private async requireOrganisations(organisationIds: readonly string[]): Promise<void> {
    for (const organisationId of new Set(organisationIds)) if (!(await findOrganisation(this.db, organisationId))) throw unknownCaseStudyOrganisation(organisationId);
  }

  private async run(caseStudyId: string, command: Omit<CaseStudyCommand, 'metadata'>, actor: RequestActor, idempotencyKey: string | undefined, expectedRevision?: number): Promise<CaseStudyPayload> {
    const result = await this.commands.execute(caseStudyDecider, caseStudyStreamId(caseStudyId), { ...command, metadata: commandMetadata(actor, idempotencyKey) } as CaseStudyCommand, {
      ...(expectedRevision !== undefined ? { expectedRevision } : {}),
      readModels: ANSWER_READS,
    });
    return { caseStudy: await this.commands.answer(result, () => this.load(caseStudyId), caseStudyId), position: result.positionToken };
  }

  private async load(caseStudyId: string): Promise<CaseStudyObject> {
    const row = await findCaseStudy(this.db, caseStudyId);
    if (!row) throw caseStudyNotFound(caseStudyId);
    return toCaseStudyObject(row);
  }
}

/** Case studies on the Organisation type: this context extends it, the organisations context does not know. */
@Resolver(() => OrganisationObject)
export class OrganisationCaseStudiesResolver {
  constructor(@Inject(READ_MODELS) private readonly db: DataSource) {}

  @VisibleParent(organisationVisibility)
  @ResolveField(() => CaseStudyConnection, { description: 'Case studies the organisation is involved in that you may see' })
  caseStudies(@Parent() organisation: OrganisationObject, @Args() { first, after }: PageArgs, @Actor() actor: RequestActor) {
    return paginate(LIST, { first, after }, (size, afterId) => listCaseStudies(this.db, { organisationId: organisation.id }, actor, size, afterId), (row) => row.id, toCaseStudyObject);
  }
}
