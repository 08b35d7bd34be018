import { Inject } from '@nestjs/common';
import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import {
  Actor,
  Anyone,
  ClientAddress,
  CommandExecutor,
  ConsistencyArgs,
  HasRole,
  IdempotencyArgs,
  PersonOnly,
  READ_MODELS,
  ReadConsistency,
  commandMetadata,
  encodePosition,
  type PositionPayload,
  type RequestActor,
} from '@sce/platform';
import type { DataSource } from 'typeorm';
import { AccountsService, type AccountOutcome } from '../accounts.service';
import { accountNotFound } from '../domain/auth.errors';
import { PlatformRole } from '../domain/platform-role';
import { findAccount, rolesOf } from '../read-models/account-roles';
import { TokenService } from '../tokens';
import {
  AccountIdArgs,
  AccountObject,
  ApiKeyIdArgs,
  ApiKeyObject,
  CreateApiKeyArgs,
  CreateApiKeyPayload,
  ForgetAccountPayload,
  ForgetMePayload,
  GrantRolePayload,
  RevokeApiKeyPayload,
  RevokeRolePayload,
  RoleChangeArgs,
  SignInInput,
  SignInPayload,
  SignUpInput,
  SignUpPayload,
  type AccountPayload,
} from './account.types';
import { ApiKeysService } from '../api-keys.service';
import type { ApiKeyRow } from '../people/api-key.entity';

@Resolver(() => AccountObject)
export class AccountsResolver {
  constructor(
    private readonly accounts: AccountsService,
    private readonly tokens: TokenService,
    private readonly apiKeys: ApiKeysService,
    private readonly consistency: ReadConsistency,
    private readonly commands: CommandExecutor,
    @Inject(READ_MODELS) private readonly db: DataSource,
  ) {}

  @Anyone()
  @Mutation(() => SignUpPayload, { description: 'Creates an account and signs it in' })
  async signUp(@Args('input') input: SignUpInput, @Args() { idempotencyKey }: IdempotencyArgs, @Actor() actor: RequestActor, @ClientAddress() address: string): Promise<SignUpPayload> {
    // Anonymous callers' keys are scoped to the request (see commandMetadata): two strangers may pick the same key.
    const metadata = commandMetadata(actor, idempotencyKey, { mutation: 'signUp', input: { ...input } });
    return this.session(await this.accounts.signUp(input, metadata, [], address));
  }

  @Anyone()
  @Mutation(() => SignInPayload, { description: 'Signs in. Changes nothing, so idempotencyKey is accepted (like on every mutation) and ignored' })
  async signIn(@Args('input') input: SignInInput, @Args() _: IdempotencyArgs, @ClientAddress() address: string): Promise<SignInPayload> {
    return this.session({ accountId: await this.accounts.signIn(input.email, input.password, address), position: 0 });
  }

  @Query(() => AccountObject, { nullable: true, description: 'The signed-in account; null for an anonymous visitor' })
  async me(@Args() { consistency }: ConsistencyArgs, @Actor() actor: RequestActor): Promise<AccountObject | null> {
    await this.consistency.require(consistency);
    return actor.actorId ? this.load(actor.actorId) : null;
  }

  @HasRole(PlatformRole.ADMIN)
  @Mutation(() => GrantRolePayload)
  async grantRole(@Args() { accountId, role }: RoleChangeArgs, @Args() { idempotencyKey }: IdempotencyArgs, @Actor() actor: RequestActor): Promise<AccountPayload> {
    return this.accountPayload(await this.accounts.changeRole('GrantPlatformRole', accountId, role, commandMetadata(actor, idempotencyKey)));
  }

  @HasRole(PlatformRole.ADMIN)
  @Mutation(() => RevokeRolePayload)
  async revokeRole(@Args() { accountId, role }: RoleChangeArgs, @Args() { idempotencyKey }: IdempotencyArgs, @Actor() actor: RequestActor): Promise<AccountPayload> {
    return this.accountPayload(await this.accounts.changeRole('RevokePlatformRole', accountId, role, commandMetadata(actor, idempotencyKey)));
  }

  @PersonOnly()
  @Mutation(() => CreateApiKeyPayload, { description: 'A key for a partner integration, acting as you; its secret is shown once' })
  async createApiKey(@Args() { name }: CreateApiKeyArgs, @Args() { idempotencyKey }: IdempotencyArgs, @Actor() actor: RequestActor): Promise<CreateApiKeyPayload> {
    const { key, plaintext, position } = await this.apiKeys.create(actor.actorId!, name, commandMetadata(actor, idempotencyKey));
    return { apiKey: toApiKeyObject(key), key: plaintext, position: encodePosition(position) };
  }

  @Query(() => [ApiKeyObject], { description: 'Your API keys, without their secrets' })
  async myApiKeys(@Args() { consistency }: ConsistencyArgs, @Actor() actor: RequestActor): Promise<ApiKeyObject[]> {
    await this.consistency.require(consistency);
    if (!actor.actorId) return [];
    return (await this.apiKeys.list(actor.actorId)).map(toApiKeyObject);
  }

  @PersonOnly()
  @Mutation(() => RevokeApiKeyPayload)
  async revokeApiKey(@Args() { id }: ApiKeyIdArgs, @Args() { idempotencyKey }: IdempotencyArgs, @Actor() actor: RequestActor): Promise<{ apiKey: ApiKeyObject } & PositionPayload> {
    const { key, position } = await this.apiKeys.revoke(actor.actorId!, id, commandMetadata(actor, idempotencyKey));
    return { apiKey: toApiKeyObject(key), position: encodePosition(position) };
  }

  @PersonOnly()
  @Mutation(() => ForgetMePayload, { description: 'Erases your name, e-mail, password and API keys; your contributions stay, shown as by a "former member"' })
  async forgetMe(@Args() { idempotencyKey }: IdempotencyArgs, @Actor() actor: RequestActor): Promise<{ accountId: string } & PositionPayload> {
    return forgotten(await this.accounts.forget(actor.actorId!, commandMetadata(actor, idempotencyKey)));
  }

  @HasRole(PlatformRole.ADMIN)
  @Mutation(() => ForgetAccountPayload, { description: 'ADMIN: erase a person on their request (right to erasure)' })
  async forgetAccount(@Args() { accountId }: AccountIdArgs, @Args() { idempotencyKey }: IdempotencyArgs, @Actor() actor: RequestActor): Promise<{ accountId: string } & PositionPayload> {
    if (!(await findAccount(this.db, accountId))) throw accountNotFound(accountId);
    return forgotten(await this.accounts.forget(accountId, commandMetadata(actor, idempotencyKey)));
  }

  /** The account as the read models hold it after the change; NOT_CAUGHT_UP (saved) when they did not reach it in time. */
  private async accountPayload({ accountId, position, caughtUp = true }: AccountOutcome): Promise<AccountPayload> {
    const positionToken = encodePosition(position);
    return { account: await this.commands.answer({ caughtUp, positionToken }, () => this.load(accountId), accountId), position: positionToken };
  }

  // A sign-up its read models have not reached yet answers NOT_CAUGHT_UP (saved): its token would not work yet either.
  private async session(outcome: AccountOutcome): Promise<SignUpPayload> {
    return { ...this.tokens.issue(outcome.accountId), ...(await this.accountPayload(outcome)) };
  }

  private async load(accountId: string): Promise<AccountObject> {
    const [account, person] = await Promise.all([findAccount(this.db, accountId), this.accounts.findPerson(accountId)]);
    if (!account) throw accountNotFound(accountId);
    return { id: accountId, name: person?.name ?? null, email: person?.email ?? null, roles: rolesOf(account), registeredAt: new Date(account.registeredAt) };
  }
}

const forgotten = ({ accountId, position }: AccountOutcome) => ({ accountId, position: encodePosition(position) });

function toApiKeyObject(key: ApiKeyRow): ApiKeyObject {
  return { id: key.id, name: key.name, createdAt: new Date(key.createdAt), revokedAt: key.revokedAt ? new Date(key.revokedAt) : null };
}
