import { Inject } from '@nestjs/common';
import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Actor, Anyone, ClientAddress, CommandExecutor, HasRole, IdempotencyArgs, PersonOnly, READ_MODELS, commandMetadata, type RequestActor } from '@sce/platform';
import type { DataSource } from 'typeorm';
import { AccountsService } from '../accounts.service';
import { accountDecider } from '../domain/account.decide';
import { accountStreamId } from '../domain/account.events';
import { AccountNotFoundError } from '../domain/auth.errors';
import { PlatformRole } from '../domain/platform-role';
import { findAccount, rolesOf } from '../read-models/account-roles';
import { TokenService } from '../tokens';
import { AccountIdArgs, AccountObject, ApiKeyIdArgs, ApiKeyObject, AuthPayload, CreateApiKeyArgs, CreatedApiKey, RoleChangeArgs, SignInInput, SignUpInput } from './account.types';
import { ApiKeysService } from '../api-keys.service';
import type { ApiKeyRow } from '../people/api-key.entity';

@Resolver(() => AccountObject)
export class AccountsResolver {
  constructor(
    private readonly accounts: AccountsService,
    private readonly tokens: TokenService,
    private readonly apiKeys: ApiKeysService,
    private readonly commands: CommandExecutor,
    @Inject(READ_MODELS) private readonly db: DataSource,
  ) {}

  @Anyone()
  @Mutation(() => AuthPayload, { description: 'Creates an account and signs it in' })
  async signUp(@Args('input') input: SignUpInput, @Args() { idempotencyKey }: IdempotencyArgs, @Actor() actor: RequestActor, @ClientAddress() address: string): Promise<AuthPayload> {
    const accountId = await this.accounts.signUp(input, commandMetadata(actor, idempotencyKey), [], address);
    return this.authPayload(accountId);
  }

  @Anyone()
  @Mutation(() => AuthPayload)
  async signIn(@Args('input') input: SignInInput, @ClientAddress() address: string): Promise<AuthPayload> {
    return this.authPayload(await this.accounts.signIn(input.email, input.password, address));
  }

  @Query(() => AccountObject, { nullable: true, description: 'The signed-in account; null for an anonymous visitor' })
  async me(@Actor() actor: RequestActor): Promise<AccountObject | null> {
    return actor.actorId ? this.load(actor.actorId) : null;
  }

  @HasRole(PlatformRole.ADMIN)
  @Mutation(() => AccountObject)
  grantRole(@Args() { accountId, role }: RoleChangeArgs, @Actor() actor: RequestActor): Promise<AccountObject> {
    return this.changeRole('GrantPlatformRole', accountId, role, actor);
  }

  @HasRole(PlatformRole.ADMIN)
  @Mutation(() => AccountObject)
  revokeRole(@Args() { accountId, role }: RoleChangeArgs, @Actor() actor: RequestActor): Promise<AccountObject> {
    return this.changeRole('RevokePlatformRole', accountId, role, actor);
  }

  @PersonOnly()
  @Mutation(() => CreatedApiKey, { description: 'A key for a partner integration, acting as you; its secret is shown once' })
  async createApiKey(@Args() { name }: CreateApiKeyArgs, @Args() { idempotencyKey }: IdempotencyArgs, @Actor() actor: RequestActor): Promise<CreatedApiKey> {
    const { key, plaintext } = await this.apiKeys.create(actor.actorId!, name, commandMetadata(actor, idempotencyKey));
    return { apiKey: toApiKeyObject(key), key: plaintext };
  }

  @Query(() => [ApiKeyObject], { description: 'Your API keys, without their secrets' })
  async myApiKeys(@Actor() actor: RequestActor): Promise<ApiKeyObject[]> {
    if (!actor.actorId) return [];
    return (await this.apiKeys.list(actor.actorId)).map(toApiKeyObject);
  }

  @PersonOnly()
  @Mutation(() => ApiKeyObject)
  async revokeApiKey(@Args() { id }: ApiKeyIdArgs, @Actor() actor: RequestActor): Promise<ApiKeyObject> {
    return toApiKeyObject(await this.apiKeys.revoke(actor.actorId!, id, commandMetadata(actor)));
  }

  @PersonOnly()
  @Mutation(() => Boolean, { description: 'Erases your name, e-mail, password and API keys; your contributions stay, shown as by a "former member"' })
  async forgetMe(@Actor() actor: RequestActor): Promise<boolean> {
    await this.accounts.forget(actor.actorId!, commandMetadata(actor));
    return true;
  }

  @HasRole(PlatformRole.ADMIN)
  @Mutation(() => Boolean, { description: 'ADMIN: erase a person on their request (right to erasure)' })
  async forgetAccount(@Args() { accountId }: AccountIdArgs, @Actor() actor: RequestActor): Promise<boolean> {
    if (!(await findAccount(this.db, accountId))) throw new AccountNotFoundError(accountId);
    await this.accounts.forget(accountId, commandMetadata(actor));
    return true;
  }

  private async changeRole(type: 'GrantPlatformRole' | 'RevokePlatformRole', accountId: string, role: PlatformRole, actor: RequestActor) {
    await this.commands.execute(accountDecider, accountStreamId(accountId), { type, data: { accountId, role }, metadata: commandMetadata(actor) });
    return this.load(accountId);
  }

  private async authPayload(accountId: string): Promise<AuthPayload> {
    return { ...this.tokens.issue(accountId), account: await this.load(accountId) };
  }

  private async load(accountId: string): Promise<AccountObject> {
    const [account, person] = await Promise.all([findAccount(this.db, accountId), this.accounts.findPerson(accountId)]);
    if (!account) throw new AccountNotFoundError(accountId);
    return { id: accountId, name: person?.name ?? null, email: person?.email ?? null, roles: rolesOf(account), registeredAt: new Date(account.registeredAt) };
  }
}

function toApiKeyObject(key: ApiKeyRow): ApiKeyObject {
  return { id: key.id, name: key.name, createdAt: new Date(key.createdAt), revokedAt: key.revokedAt ? new Date(key.revokedAt) : null };
}
