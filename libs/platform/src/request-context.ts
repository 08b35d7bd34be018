import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { payloadHash, type CommandMetadata } from '@sce/event-sourcing';
import { randomUUID } from 'node:crypto';

/** What a request contributes to every command: who acts, and the correlation id of its log lines. */
export interface RequestActor {
  /** The signed-in account, or null for an anonymous visitor. */
  actorId: string | null;
  roles: readonly string[];
  correlationId: string;
  /** When the account acts through an API key. */
  apiKeyId?: string;
}

export interface GraphqlContext {
  req: { id?: string | number; ip?: string; socket?: { remoteAddress?: string }; headers: Record<string, string | string[] | undefined>; actor?: RequestActor };
  /** Who acted, by name, for history entries (the accounts context provides it; see HistoryEntry.actorName). */
  actorNames?: ActorNames;
}

/** The names of the people behind accounts; the forgotten are simply absent. */
export interface ActorNames {
  namesOf(accountIds: string[]): Promise<Map<string, string>>;
}

/** Resolver parameter: the client's network address (Express's req.ip; set 'trust proxy' behind a proxy). */
export const ClientAddress = createParamDecorator((_: unknown, context: ExecutionContext): string => {
  const { req } = GqlExecutionContext.create(context).getContext<GraphqlContext>();
  return req?.ip ?? req?.socket?.remoteAddress ?? 'unknown';
});

/** Resolver parameter: `@Actor() actor: RequestActor`, as the authorization guard established it. */
export const Actor = createParamDecorator((_: unknown, context: ExecutionContext): RequestActor => {
  const { req } = GqlExecutionContext.create(context).getContext<GraphqlContext>();
  return req?.actor ?? { actorId: null, roles: [], correlationId: req?.id ? String(req.id) : randomUUID() };
});

/**
 * The metadata of a command a request sends. `request` (the mutation's name and input) scopes an anonymous
 * caller's idempotency key: with no account to tie it to, the key applies to that exact request only, so two
 * strangers who pick the same key do not share an outcome. Every mutation open to anonymous callers passes it.
 */
export function commandMetadata(actor: RequestActor, idempotencyKey?: string | null, request?: { mutation: string; input: unknown }): CommandMetadata {
  const anonymousScope = idempotencyKey && !actor.actorId && request ? { idempotencyScope: payloadHash(request) } : {};
  return {
    now: new Date(),
    actorId: actor.actorId,
    correlationId: actor.correlationId,
    causationId: null,
    ...(idempotencyKey ? { idempotencyKey, ...anonymousScope } : {}),
    ...(actor.apiKeyId ? { apiKeyId: actor.apiKeyId } : {}),
  };
}
