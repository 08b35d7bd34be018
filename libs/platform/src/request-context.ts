import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { CommandMetadata } from '@sce/event-sourcing';
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

export function commandMetadata(actor: RequestActor, idempotencyKey?: string | null): CommandMetadata {
  return {
    now: new Date(),
    actorId: actor.actorId,
    correlationId: actor.correlationId,
    causationId: null,
    ...(idempotencyKey ? { idempotencyKey } : {}),
    ...(actor.apiKeyId ? { apiKeyId: actor.apiKeyId } : {}),
  };
}
