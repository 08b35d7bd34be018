import { Inject } from '@nestjs/common';
import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { idFor, type EventStore } from '@sce/event-sourcing';
import {
  Actor,
  CommandExecutor,
  HasRole,
  OrganisationRole,
  Connection,
  EVENT_STORE,
  HistoryConnection,
  IdempotencyArgs,
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
import { accountExists } from '@sce/auth';
import type { DataSource } from 'typeorm';
import { organisationDecider } from '../domain/organisation.decide';
import { organisationStreamId } from '../domain/organisation.events';
import { organisationNotFound } from '../domain/organisation.errors';
import { findOrganisation, findVisibleOrganisation, listOrganisations } from '../read-models/organisation-directory/organisation-directory.queries';
import { organisationVisibility } from '../read-models/organisation-directory/organisation-visibility';
import { organisationCountsByCountry } from '../read-models/organisations-by-country/organisations-by-country.projection';
import type { OrganisationRow } from '../read-models/organisation-directory/organisation-row.entity';
import {
  OrganisationArgs,
  OrganisationIdArgs,
  OrganisationMemberArgs,
  OrganisationMemberInput,
  OrganisationsArgs,
  RegisterOrganisationInput,
  SuspendOrganisationArgs,
  UpdateOrganisationProfileInput,
} from './organisation.inputs';
import type { OrganisationCommand } from '../domain/organisation.commands';
import { membersOfOrganisations } from '../read-models/organisation-members/organisation-members';
import { unknownMemberAccount } from '../domain/organisation.errors';
import {
  AddOrganisationMemberPayload,
  ChangeMemberRolePayload,
  LeaveOrganisationPayload,
  OrganisationCountryCountObject,
  OrganisationMemberObject,
  OrganisationObject,
  RegisterOrganisationPayload,
  RemoveOrganisationMemberPayload,
  SuspendOrganisationPayload,
  UpdateOrganisationProfilePayload,
  VerifyOrganisationPayload,
  type OrganisationPayload,
} from './organisation.object-type';
import { ORGANISATION_DIRECTORY } from '../read-models/organisation-directory/organisation-directory.projection';
import { organisationMembersProjection } from '../read-models/organisation-members/organisation-members';

const OrganisationConnection = Connection(OrganisationObject, 'Organisation');
const LIST = 'organisations';
// What an organisation mutation's answer reads (the organisation and its members): all it waits for.
const ANSWER_READS = [ORGANISATION_DIRECTORY, organisationMembersProjection.name];

@Resolver(() => OrganisationObject)
export class OrganisationsResolver {
  constructor(
    private readonly commands: CommandExecutor,
    @Inject(READ_MODELS) private readonly db: DataSource,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly consistency: ReadConsistency,
  ) {}

  @Query(() => OrganisationObject, { nullable: true })
  async organisation(@Args() { id }: OrganisationArgs, @Args() { consistency }: ConsistencyArgs, @Actor() actor: RequestActor): Promise<OrganisationObject | null> {
    await this.consistency.require(consistency);
    const row = await findVisibleOrganisation(this.db, id, actor);
    return row && toOrganisationObject(row);
  }

  @Query(() => OrganisationConnection)
  async organisations(@Args() { first, after, filter }: OrganisationsArgs, @Args() { consistency }: ConsistencyArgs, @Actor() actor: RequestActor) {
    await this.consistency.require(consistency);
    return paginate(LIST, { first, after }, (size, afterId) => listOrganisations(this.db, filter ?? {}, actor, size, afterId), (row) => row.id, toOrganisationObject);
  }

  @Query(() => [OrganisationCountryCountObject], { description: 'Organisations per country, most first' })
  async organisationCountsByCountry(@Args() { consistency }: ConsistencyArgs): Promise<OrganisationCountryCountObject[]> {
    await this.consistency.require(consistency);
    return organisationCountsByCountry(this.db);
  }

  @VisibleParent(organisationVisibility)
  @ResolveField(() => HistoryConnection, { description: 'Every change, oldest first, with who made it and when' })
  history(@Parent() organisation: OrganisationObject, @Args() page: PageArgs, @Context() context: GraphqlContext) {
    return readHistory(this.store, organisationStreamId(organisation.id), organisation.revision + 1, page, context);
  }

  @Mutation(() => RegisterOrganisationPayload)
  async registerOrganisation(
    @Args('input') input: RegisterOrganisationInput,
    @Args() { idempotencyKey }: IdempotencyArgs,
    @Actor() actor: RequestActor,
  ): Promise<OrganisationPayload> {
    const metadata = commandMetadata(actor, idempotencyKey);
    const organisationId = idFor(metadata, 'organisation');
    const { name, type, country, city, website, description } = input;
    const result = await this.commands.execute(
      organisationDecider,
      organisationStreamId(organisationId),
      {
        type: 'RegisterOrganisation',
        data: { organisationId, founderAccountId: actor.actorId!, name: name.trim(), type, country, city: city ?? null, website: website ?? null, description: description ?? null },
        metadata,
      },
      { readModels: ANSWER_READS },
    );
    return { organisation: await this.commands.answer(result, () => this.load(organisationId), organisationId), position: result.positionToken };
  }

  @VisibleParent(organisationVisibility)
  @ResolveField(() => [OrganisationMemberObject], { description: 'Accounts that act for the organisation, oldest first' })
  async members(@Parent() organisation: OrganisationObject, @Context() context: GraphqlContext): Promise<OrganisationMemberObject[]> {
    const loader = requestLoader(context, 'organisation-members', async (ids: readonly string[]) => groupedBy(ids, await membersOfOrganisations(this.db, ids), (row) => row.organisationId));
    return (await loader.load(organisation.id)).map((row) => ({ accountId: row.accountId, role: row.role, since: new Date(row.since) }));
  }

  @OrganisationRole(['OWNER'], (args) => args.input?.organisationId)
  @Mutation(() => AddOrganisationMemberPayload, { description: 'OWNER only' })
  async addOrganisationMember(@Args('input') input: OrganisationMemberInput, @Args() { idempotencyKey }: IdempotencyArgs, @Actor() actor: RequestActor) {
    if (!(await accountExists(this.db, input.accountId))) throw unknownMemberAccount(input.organisationId, input.accountId);
    return this.run(input.organisationId, { type: 'AddOrganisationMember', data: { ...input } }, actor, idempotencyKey);
  }

  @OrganisationRole(['OWNER'], (args) => args.input?.organisationId)
  @Mutation(() => ChangeMemberRolePayload, { description: 'OWNER only; the last OWNER cannot be demoted' })
  changeMemberRole(@Args('input') input: OrganisationMemberInput, @Args() { idempotencyKey }: IdempotencyArgs, @Actor() actor: RequestActor) {
    return this.run(input.organisationId, { type: 'ChangeMemberRole', data: { ...input } }, actor, idempotencyKey);
  }

  @OrganisationRole(['OWNER'], (args) => args.organisationId)
  @Mutation(() => RemoveOrganisationMemberPayload, { description: 'OWNER only; the last OWNER cannot be removed' })
  removeOrganisationMember(@Args() { organisationId, accountId }: OrganisationMemberArgs, @Args() { idempotencyKey }: IdempotencyArgs, @Actor() actor: RequestActor) {
    return this.run(organisationId, { type: 'RemoveOrganisationMember', data: { organisationId, accountId } }, actor, idempotencyKey);
  }

  @OrganisationRole(['OWNER', 'EDITOR', 'MEMBER'], (args) => args.organisationId)
  @Mutation(() => LeaveOrganisationPayload, { description: 'Leave an organisation you belong to (not as its last OWNER)' })
  leaveOrganisation(@Args() { organisationId }: OrganisationIdArgs, @Args() { idempotencyKey }: IdempotencyArgs, @Actor() actor: RequestActor) {
    return this.run(organisationId, { type: 'RemoveOrganisationMember', data: { organisationId, accountId: actor.actorId! } }, actor, idempotencyKey);
  }

  @HasRole('ADMIN')
  @Mutation(() => VerifyOrganisationPayload, { description: 'ADMIN only' })
  verifyOrganisation(@Args() { organisationId }: OrganisationIdArgs, @Args() { idempotencyKey }: IdempotencyArgs, @Actor() actor: RequestActor) {
    return this.run(organisationId, { type: 'VerifyOrganisation', data: { organisationId } }, actor, idempotencyKey);
  }

  @HasRole('ADMIN')
  @Mutation(() => SuspendOrganisationPayload, { description: 'ADMIN only' })
  suspendOrganisation(@Args() { organisationId, reason }: SuspendOrganisationArgs, @Args() { idempotencyKey }: IdempotencyArgs, @Actor() actor: RequestActor) {
    return this.run(organisationId, { type: 'SuspendOrganisation', data: { organisationId, reason } }, actor, idempotencyKey);
  }

  @OrganisationRole(['OWNER', 'EDITOR'], (args) => args.input?.id)
  @Mutation(() => UpdateOrganisationProfilePayload, { description: 'Changes profile fields (OWNER or EDITOR); needs the revision you last read' })
  async updateOrganisationProfile(
    @Args('input') input: UpdateOrganisationProfileInput,
    @Args() { idempotencyKey }: IdempotencyArgs,
    @Actor() actor: RequestActor,
  ): Promise<OrganisationPayload> {
    const { id, expectedRevision, ...changes } = input;
    const result = await this.commands.execute(
      organisationDecider,
      organisationStreamId(id),
      { type: 'UpdateOrganisationProfile', data: { organisationId: id, changes: { ...changes, name: changes.name?.trim() } }, metadata: commandMetadata(actor, idempotencyKey) },
      { expectedRevision, readModels: ANSWER_READS },
    );
    return { organisation: await this.commands.answer(result, () => this.load(id), id), position: result.positionToken };
  }

  private async run(organisationId: string, command: Omit<OrganisationCommand, 'metadata'>, actor: RequestActor, idempotencyKey: string | undefined): Promise<OrganisationPayload> {
    const result = await this.commands.execute(organisationDecider, organisationStreamId(organisationId), { ...command, metadata: commandMetadata(actor, idempotencyKey) } as OrganisationCommand, {
      readModels: ANSWER_READS,
    });
    return { organisation: await this.commands.answer(result, () => this.load(organisationId), organisationId), position: result.positionToken };
  }

  private async load(id: string): Promise<OrganisationObject> {
    const row = await findOrganisation(this.db, id);
    if (!row) throw organisationNotFound(id);
    return toOrganisationObject(row);
  }
}

function toOrganisationObject(row: OrganisationRow): OrganisationObject {
  return {
    ...row,
    type: row.type as OrganisationObject['type'],
    status: row.status as OrganisationObject['status'],
    registeredAt: new Date(row.registeredAt),
    updatedAt: new Date(row.updatedAt),
  };
}
