import { Inject } from '@nestjs/common';
import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { idFor, type EventStore } from '@sce/event-sourcing';
import { OrganisationObject, findOrganisation, organisationVisibility, visibleOrganisationNames } from '@sce/organisations';
import {
  Actor,
  CommandExecutor,
  Connection,
  EVENT_STORE,
  HistoryConnection,
  IdempotencyArgs,
  OrganisationRole,
  PageArgs,
  READ_MODELS,
  ConsistencyArgs,
  ReadConsistency,
  commandMetadata,
  paginate,
  readHistory,
  VisibleParent,
  groupedBy,
  requestLoader,
  type GraphqlContext,
  type RequestActor,
} from '@sce/platform';
import type { Sector } from '@sce/vocabulary';
import type { DataSource } from 'typeorm';
import type { PartnershipCommand } from '../domain/partnership.commands';
import { partnershipDecider } from '../domain/partnership.decide';
import { PartnershipError, PartnershipErrorCode, partnershipNotFound } from '../domain/partnership.errors';
import { partnershipStreamId, type PartnerRole } from '../domain/partnership.events';
import { codesOf, findPartnership, listPartnerships, partnershipDirectoryProjection, type PartnershipRow } from '../read-models/partnership-directory';
import { connectedOrganisations, membersOfPartnerships, partnershipMembersProjection } from '../read-models/partnership-members';
import {
  ActivatePartnershipPayload,
  CompletePartnershipPayload,
  DissolvePartnershipPayload,
  InvitePartnerPayload,
  LeavePartnershipPayload,
  ProposePartnershipPayload,
  RespondToPartnershipInvitationPayload,
  type PartnershipPayload,
  ConnectedOrganisationObject,
  DissolvePartnershipArgs,
  InvitePartnerInput,
  LeavePartnershipArgs,
  PartnershipGraphArgs,
  PartnershipIdArgs,
  PartnershipMemberObject,
  PartnershipObject,
  PartnershipsArgs,
  ProposePartnershipInput,
  RespondToInvitationInput,
} from './partnership.types';

const PartnershipConnection = Connection(PartnershipObject, 'Partnership');
const LIST = 'partnerships';
/** Acting for the lead organisation of the partnership a call names (looked up by the authorisation layer). */
export const PARTNERSHIP_LEAD = 'partnership-lead';
const leadOf = (args: Record<string, any>) => ({ lookup: PARTNERSHIP_LEAD, id: args.partnershipId ?? args.input?.partnershipId });
const ACTS_FOR = ['OWNER', 'EDITOR'];
// What a partnership mutation's answer reads (the partnership and its members): all it waits for.
const ANSWER_READS = [partnershipDirectoryProjection.name, partnershipMembersProjection.name];

@Resolver(() => PartnershipObject)
export class PartnershipsResolver {
  constructor(
    private readonly commands: CommandExecutor,
    @Inject(READ_MODELS) private readonly db: DataSource,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly consistency: ReadConsistency,
  ) {}

  @Query(() => PartnershipObject, { nullable: true })
  async partnership(@Args() { partnershipId }: PartnershipIdArgs, @Args() { consistency }: ConsistencyArgs): Promise<PartnershipObject | null> {
    await this.consistency.require(consistency);
    const row = await findPartnership(this.db, partnershipId);
    return row && toPartnershipObject(row);
  }

  @Query(() => PartnershipConnection)
  async partnerships(@Args() { first, after, filter }: PartnershipsArgs, @Args() { consistency }: ConsistencyArgs) {
    await this.consistency.require(consistency);
    return paginate(LIST, { first, after }, (size, afterId) => listPartnerships(this.db, filter ?? {}, size, afterId), (row) => row.id, toPartnershipObject);
  }

  @Query(() => [ConnectedOrganisationObject], { description: 'Organisations connected to one through partnerships, up to depth 2' })
  async partnershipGraph(@Args() { organisationId, depth, first }: PartnershipGraphArgs, @Args() { consistency }: ConsistencyArgs, @Actor() actor: RequestActor): Promise<ConnectedOrganisationObject[]> {
    await this.consistency.require(consistency);
    const connected = await connectedOrganisations(this.db, organisationId, depth, first);
    // Organisations the caller may not see (suspended) are left out of the graph, not shown nameless.
    const names = await visibleOrganisationNames(this.db, connected.map((entry) => entry.organisationId), actor);
    return connected.filter((entry) => names.has(entry.organisationId)).map((entry) => ({ ...entry, name: names.get(entry.organisationId)! }));
  }

  @ResolveField(() => [PartnershipMemberObject], { description: 'The lead, partners and invitations, oldest first' })
  async members(@Parent() partnership: PartnershipObject, @Context() context: GraphqlContext): Promise<PartnershipMemberObject[]> {
    const loader = requestLoader(context, 'partnership-members', async (ids: readonly string[]) => groupedBy(ids, await membersOfPartnerships(this.db, ids), (row) => row.partnershipId));
    return (await loader.load(partnership.id)).map((row) => ({
      organisationId: row.organisationId,
      role: row.role as PartnerRole,
      status: row.status as PartnershipMemberObject['status'],
      since: new Date(row.since),
    }));
  }

  @ResolveField(() => HistoryConnection)
  history(@Parent() partnership: PartnershipObject, @Args() page: PageArgs, @Context() context: GraphqlContext) {
    return readHistory(this.store, partnershipStreamId(partnership.id), partnership.revision + 1, page, context);
  }

  @OrganisationRole(ACTS_FOR, (args) => args.input?.leadOrganisationId)
  @Mutation(() => ProposePartnershipPayload, { description: 'For an organisation you are OWNER or EDITOR of, which becomes the LEAD' })
  async proposePartnership(@Args('input') input: ProposePartnershipInput, @Args() { idempotencyKey }: IdempotencyArgs, @Actor() actor: RequestActor): Promise<PartnershipPayload> {
    const metadata = commandMetadata(actor, idempotencyKey);
    const partnershipId = idFor(metadata, 'partnership');
    const { leadOrganisationId, title, objectives, sectors, countries, startsOn, endsOn } = input;
    const result = await this.commands.execute(
      partnershipDecider,
      partnershipStreamId(partnershipId),
      {
        type: 'ProposePartnership',
        data: { partnershipId, leadOrganisationId, title: title.trim(), objectives, sectors, countries, startsOn, endsOn: endsOn ?? null },
        metadata,
      },
      { readModels: ANSWER_READS },
    );
    return { partnership: await this.commands.answer(result, () => this.load(partnershipId), partnershipId), position: result.positionToken };
  }

  @OrganisationRole(ACTS_FOR, leadOf)
  @Mutation(() => InvitePartnerPayload, { description: 'For the lead organisation' })
  async invitePartner(@Args('input') input: InvitePartnerInput, @Args() { idempotencyKey }: IdempotencyArgs, @Actor() actor: RequestActor) {
    if (!(await findOrganisation(this.db, input.organisationId))) {
      throw new PartnershipError(PartnershipErrorCode.UnknownOrganisation, `There is no organisation ${input.organisationId}`, { organisationId: input.organisationId });
    }
    return this.run(input.partnershipId, { type: 'InvitePartner', data: { ...input } }, actor, idempotencyKey);
  }

  @OrganisationRole(ACTS_FOR, (args) => args.input?.organisationId)
  @Mutation(() => RespondToPartnershipInvitationPayload, { description: 'For the invited organisation' })
  respondToPartnershipInvitation(@Args('input') input: RespondToInvitationInput, @Args() { idempotencyKey }: IdempotencyArgs, @Actor() actor: RequestActor) {
    return this.run(input.partnershipId, { type: 'RespondToPartnershipInvitation', data: { ...input } }, actor, idempotencyKey);
  }

  @OrganisationRole(ACTS_FOR, leadOf)
  @Mutation(() => ActivatePartnershipPayload, { description: 'For the lead organisation; needs a partner who accepted' })
  activatePartnership(@Args() { partnershipId }: PartnershipIdArgs, @Args() { idempotencyKey }: IdempotencyArgs, @Actor() actor: RequestActor) {
    return this.run(partnershipId, { type: 'ActivatePartnership', data: { partnershipId } }, actor, idempotencyKey);
  }

  @OrganisationRole(ACTS_FOR, leadOf)
  @Mutation(() => CompletePartnershipPayload, { description: 'For the lead organisation' })
  completePartnership(@Args() { partnershipId }: PartnershipIdArgs, @Args() { idempotencyKey }: IdempotencyArgs, @Actor() actor: RequestActor) {
    return this.run(partnershipId, { type: 'CompletePartnership', data: { partnershipId } }, actor, idempotencyKey);
  }

  @OrganisationRole(ACTS_FOR, leadOf)
  @Mutation(() => DissolvePartnershipPayload, { description: 'For the lead organisation' })
  dissolvePartnership(@Args() { partnershipId, reason }: DissolvePartnershipArgs, @Args() { idempotencyKey }: IdempotencyArgs, @Actor() actor: RequestActor) {
    return this.run(partnershipId, { type: 'DissolvePartnership', data: { partnershipId, reason } }, actor, idempotencyKey);
  }

  @OrganisationRole(ACTS_FOR, (args) => args.organisationId)
  @Mutation(() => LeavePartnershipPayload, { description: 'For the leaving organisation (not the lead)' })
  leavePartnership(@Args() { partnershipId, organisationId }: LeavePartnershipArgs, @Args() { idempotencyKey }: IdempotencyArgs, @Actor() actor: RequestActor) {
    return this.run(partnershipId, { type: 'LeavePartnership', data: { partnershipId, organisationId } }, actor, idempotencyKey);
  }

  private async run(partnershipId: string, command: Omit<PartnershipCommand, 'metadata'>, actor: RequestActor, idempotencyKey: string | undefined): Promise<PartnershipPayload> {
    const result = await this.commands.execute(partnershipDecider, partnershipStreamId(partnershipId), { ...command, metadata: commandMetadata(actor, idempotencyKey) } as PartnershipCommand, {
      readModels: ANSWER_READS,
    });
    return { partnership: await this.commands.answer(result, () => this.load(partnershipId), partnershipId), position: result.positionToken };
  }

  private async load(partnershipId: string): Promise<PartnershipObject> {
    const row = await findPartnership(this.db, partnershipId);
    if (!row) throw partnershipNotFound(partnershipId);
    return toPartnershipObject(row);
  }
}

/** Partnerships on the Organisation type: this context extends it, the organisations context does not know. */
@Resolver(() => OrganisationObject)
export class OrganisationPartnershipsResolver {
  constructor(@Inject(READ_MODELS) private readonly db: DataSource) {}

  @VisibleParent(organisationVisibility)
  @ResolveField(() => PartnershipConnection, { description: 'Partnerships the organisation is a member of' })
  partnerships(@Parent() organisation: OrganisationObject, @Args() { first, after }: PageArgs) {
    return paginate(LIST, { first, after }, (size, afterId) => listPartnerships(this.db, { organisationId: organisation.id }, size, afterId), (row) => row.id, toPartnershipObject);
  }
}

function toPartnershipObject(row: PartnershipRow): PartnershipObject {
  return {
    id: row.id,
    title: row.title,
    objectives: row.objectives,
    status: row.status as PartnershipObject['status'],
    leadOrganisationId: row.leadOrganisationId,
    sectors: codesOf(row.sectors) as Sector[],
    countries: codesOf(row.countries),
    startsOn: row.startsOn,
    endsOn: row.endsOn,
    revision: row.revision,
    proposedAt: new Date(row.proposedAt),
  };
}
