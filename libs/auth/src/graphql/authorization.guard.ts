import { Inject, Injectable, Optional, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext, type GqlContextType } from '@nestjs/graphql';
import { ORGANISATION_MEMBERSHIP, OrganisationLookups, POLICY_KEY, PROJECTION_RUNNER, READ_MODELS, type GraphqlContext, type OrganisationMembership, type Policy, type RequestActor } from '@sce/platform';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { authenticationRequired, invalidToken, notAllowed } from '../domain/auth.errors';
import type { ProjectionRunner } from '@sce/projections';
import { AccountLookups, accountRolesProjection, rolesOf } from '../read-models/account-roles';
import { TokenService } from '../tokens';
import { ApiKeysService } from '../api-keys.service';

const ANYONE: Policy = { kind: 'anyone' };
const SIGNED_IN: Policy = { kind: 'signed-in' };

/**
 * Authorisation in one place: every GraphQL field with a resolver (root fields and field resolvers alike:
 * the GraphQL module enables guards on field resolvers) passes here before it runs. It
 * establishes who is calling (a bad token is refused even where anyone may read) and applies the field's
 * policy; mutations without one require a signed-in caller.
 */
@Injectable()
export class AuthorizationGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
    private readonly apiKeys: ApiKeysService,
    @Inject(READ_MODELS) private readonly db: DataSource,
    private readonly lookups: OrganisationLookups,
    @Optional() @Inject(ORGANISATION_MEMBERSHIP) private readonly membership?: OrganisationMembership,
    @Optional() @Inject(PROJECTION_RUNNER) projections?: ProjectionRunner,
  ) {
    this.accounts = new AccountLookups(db, () => projections?.positionOf(accountRolesProjection.name));
  }

  /** Every signed-in request reads its account's roles: kept while the account-roles read model is unchanged. */
  private readonly accounts: AccountLookups;

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType<GqlContextType>() !== 'graphql') return true;
    const gql = GqlExecutionContext.create(context);
    const { req } = gql.getContext<GraphqlContext>();
    req.actor ??= await this.actorOf(req);
    const policy =
      this.reflector.getAllAndOverride<Policy>(POLICY_KEY, [context.getHandler(), context.getClass()]) ??
      (gql.getInfo().parentType.name === 'Mutation' ? SIGNED_IN : ANYONE);
    if (policy.kind === 'visible-parent') {
      if (!(await policy.rule.allows(gql.getRoot(), req.actor, this.db))) throw notAllowed(`${gql.getInfo().parentType.name}.${gql.getInfo().fieldName} is not visible to you`);
      return true;
    }
    return authorize(policy, req.actor, gql.getInfo().fieldName, gql.getArgs(), this.membership, this.lookups);
  }

  private async actorOf(req: GraphqlContext['req']): Promise<RequestActor> {
    const correlationId = req.id ? String(req.id) : randomUUID();
    const header = req.headers.authorization;
    if (header === undefined) return { actorId: null, roles: [], correlationId };
    const value = Array.isArray(header) ? header[0] : header;
    const bearer = /^Bearer ([\w-]+\.[\w-]*\.[\w-]*)$/.exec(value);
    const apiKey = /^ApiKey (\S+)$/.exec(value);
    if (!bearer && !apiKey) throw invalidToken('expected "Authorization: Bearer <token>" or "Authorization: ApiKey <key>"');
    const { accountId, apiKeyId } = bearer ? { accountId: this.tokens.verify(bearer[1]), apiKeyId: undefined } : await this.apiKeys.authenticate(apiKey![1]);
    const account = await this.accounts.find(accountId);
    if (!account) throw invalidToken('its account does not exist');
    return { actorId: accountId, roles: rolesOf(account), correlationId, ...(apiKeyId ? { apiKeyId } : {}) };
  }
}

export async function authorize(
  policy: Policy,
  actor: RequestActor,
  what: string,
  args: Record<string, unknown>,
  membership?: OrganisationMembership,
  lookups?: OrganisationLookups,
): Promise<true> {
  if (policy.kind === 'anyone') return true;
  if (policy.kind === 'visible-parent') throw new Error(`${what}: a visible-parent policy applies to field resolvers only`);
  if (!actor.actorId) throw authenticationRequired();
  if (policy.kind === 'person' && actor.apiKeyId) throw notAllowed(`${what} needs a signed-in person (a bearer token), not an API key`);
  if (policy.kind === 'role' && !policy.roles.some((role) => actor.roles.includes(role))) throw notAllowed(`${what} needs the role ${policy.roles.join(' or ')}`);
  if (policy.kind === 'organisation-role') {
    const named = policy.organisationOf(args);
    const organisationId = typeof named === 'object' ? named.id && (await lookups?.resolve(named.lookup, named.id)) : named;
    const role = organisationId && membership ? await membership.roleOf(organisationId, actor.actorId) : null;
    if (!role || !policy.roles.includes(role)) throw notAllowed(`${what} needs the organisation role ${policy.roles.join(' or ')}`);
  }
  return true;
}
