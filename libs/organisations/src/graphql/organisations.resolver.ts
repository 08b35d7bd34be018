import { Inject } from '@nestjs/common';
import { Args, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
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
  commandMetadata,
  paginate,
  readHistory,
  VisibleParent,
  type RequestActor,
} from '@sce/platform';
import { accountExists } from '@sce/auth';
import type { DataSource } from 'typeorm';
import { organisationDecider } from '../domain/organisation.decide';
import { organisationStreamId } from '../domain/organisation.events';
import { OrganisationNotFoundError } from '../domain/organisation.errors';
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
import { membersOf } from '../read-models/organisation-members/organisation-members';
import { UnknownMemberAccountError } from '../domain/organisation.errors';
import { OrganisationCountryCountObject, OrganisationMemberObject, OrganisationObject } from './organisation.object-type';

const OrganisationConnection = Connection(OrganisationObject, 'Organisation');
const LIST = 'organisations';

@Resolver(() => OrganisationObject)
export class OrganisationsResolver {
  constructor(
    private readonly commands: CommandExecutor,
    @Inject(READ_MODELS) private readonly db: DataSource,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  @Query(() => OrganisationObject, { nullable: true })
  async organisation(@Args() { id }: OrganisationArgs, @Actor() actor: RequestActor): Promise<OrganisationObject | null> {
    const row = await findVisibleOrganisation(this.db, id, actor);
    return row && toOrganisationObject(row);
  }

  @Query(() => OrganisationConnection)
  organisations(@Args() { first, after, filter }: OrganisationsArgs, @Actor() actor: RequestActor) {
    return paginate(LIST, { first, after }, (size, afterId) => listOrganisations(this.db, filter ?? {}, actor, size, afterId), (row) => row.id, toOrganisationObject);
  }

  @Query(() => [OrganisationCountryCountObject], { description: 'Organisations per country, most first' })
  organisationCountsByCountry(): Promise<OrganisationCountryCountObject[]> {
    return organisationCountsByCountry(this.db);
  }

  @VisibleParent(organisationVisibility)
  @ResolveField(() => HistoryConnection, { description: 'Every change, oldest first, with who made it and when' })
  history(@Parent() organisation: OrganisationObject, @Args() page: PageArgs) {
    return readHistory(this.store, organisationStreamId(organisation.id), organisation.revision + 1, page);
  }

  @Mutation(() => OrganisationObject)
  async registerOrganisation(
    @Args('input') input: RegisterOrganisationInput,
    @Args() { idempotencyKey }: IdempotencyArgs,
    @Actor() actor: RequestActor,
  ): Promise<OrganisationObject> {
    const metadata = commandMetadata(actor, idempotencyKey);
    const organisationId = idFor(metadata, 'organisation');
    const { name, type, country, city, website, description } = input;
    await this.commands.execute(organisationDecider, organisationStreamId(organisationId), {
      type: 'RegisterOrganisation',
      data: { organisationId, founderAccountId: actor.actorId!, name: name.trim(), type, country, city: city ?? null, website: website ?? null, description: description ?? null },
      metadata,
    });
    return this.load(organisationId);
  }

  @VisibleParent(organisationVisibility)
  @ResolveField(() => [OrganisationMemberObject], { description: 'Accounts that act for the organisation, oldest first' })
  async members(@Parent() organisation: OrganisationObject): Promise<OrganisationMemberObject[]> {
    return (await membersOf(this.db, organisation.id)).map((row) => ({ accountId: row.accountId, role: row.role, since: new Date(row.since) }));
  }

  @OrganisationRole(['OWNER'], (args) => args.input?.organisationId)
  @Mutation(() => OrganisationObject, { description: 'OWNER only' })
  async addOrganisationMember(@Args('input') input: OrganisationMemberInput, @Args() { idempotencyKey }: IdempotencyArgs, @Actor() actor: RequestActor) {
    if (!(await accountExists(this.db, input.accountId))) throw new UnknownMemberAccountError(input.organisationId, input.accountId);
    return this.run(input.organisationId, { type: 'AddOrganisationMember', data: { ...input } }, actor, idempotencyKey);
  }

  @OrganisationRole(['OWNER'], (args) => args.input?.organisationId)
  @Mutation(() => OrganisationObject, { description: 'OWNER only; the last OWNER cannot be demoted' })
  changeMemberRole(@Args('input') input: OrganisationMemberInput, @Actor() actor: RequestActor) {
    return this.run(input.organisationId, { type: 'ChangeMemberRole', data: { ...input } }, actor);
  }

  @OrganisationRole(['OWNER'], (args) => args.organisationId)
  @Mutation(() => OrganisationObject, { description: 'OWNER only; the last OWNER cannot be removed' })
  removeOrganisationMember(@Args() { organisationId, accountId }: OrganisationMemberArgs, @Actor() actor: RequestActor) {
    return this.run(organisationId, { type: 'RemoveOrganisationMember', data: { organisationId, accountId } }, actor);
  }

  @OrganisationRole(['OWNER', 'EDITOR', 'MEMBER'], (args) => args.organisationId)
  @Mutation(() => OrganisationObject, { description: 'Leave an organisation you belong to (not as its last OWNER)' })
  leaveOrganisation(@Args() { organisationId }: OrganisationIdArgs, @Actor() actor: RequestActor) {
    return this.run(organisationId, { type: 'RemoveOrganisationMember', data: { organisationId, accountId: actor.actorId! } }, actor);
  }

  @HasRole('ADMIN')
  @Mutation(() => OrganisationObject, { description: 'ADMIN only' })
  verifyOrganisation(@Args() { organisationId }: OrganisationIdArgs, @Actor() actor: RequestActor) {
    return this.run(organisationId, { type: 'VerifyOrganisation', data: { organisationId } }, actor);
  }

  @HasRole('ADMIN')
  @Mutation(() => OrganisationObject, { description: 'ADMIN only' })
  suspendOrganisation(@Args() { organisationId, reason }: SuspendOrganisationArgs, @Actor() actor: RequestActor) {
    return this.run(organisationId, { type: 'SuspendOrganisation', data: { organisationId, reason } }, actor);
  }

  @OrganisationRole(['OWNER', 'EDITOR'], (args) => args.input?.id)
  @Mutation(() => OrganisationObject, { description: 'Changes profile fields (OWNER or EDITOR); needs the revision you last read' })
  async updateOrganisationProfile(
    @Args('input') input: UpdateOrganisationProfileInput,
    @Args() { idempotencyKey }: IdempotencyArgs,
    @Actor() actor: RequestActor,
  ): Promise<OrganisationObject> {
    const { id, expectedRevision, ...changes } = input;
    await this.commands.execute(
      organisationDecider,
      organisationStreamId(id),
      { type: 'UpdateOrganisationProfile', data: { organisationId: id, changes: { ...changes, name: changes.name?.trim() } }, metadata: commandMetadata(actor, idempotencyKey) },
      { expectedRevision },
    );
    return this.load(id);
  }

  private async run(organisationId: string, command: Omit<OrganisationCommand, 'metadata'>, actor: RequestActor, idempotencyKey?: string) {
    await this.commands.execute(organisationDecider, organisationStreamId(organisationId), { ...command, metadata: commandMetadata(actor, idempotencyKey) } as OrganisationCommand);
    return this.load(organisationId);
  }

  private async load(id: string): Promise<OrganisationObject> {
    const row = await findOrganisation(this.db, id);
    if (!row) throw new OrganisationNotFoundError(id);
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
