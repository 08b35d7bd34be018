import type { SubscriptionConfig } from '@nestjs/graphql';
import type { ServerOptions } from 'graphql-ws';
import { specifiedRules, validate, type ValidationRule } from 'graphql';
import { randomUUID } from 'node:crypto';
import type { ActorNames, GraphqlContext } from '@sce/platform';
import { formatError, logOperationError } from './format-error';

type ConnectionParams = Record<string, unknown> | undefined;
type UpgradeRequest = { request?: { socket?: { remoteAddress?: string } } };

/**
 * GraphQL subscriptions over graphql-ws (the graphql-transport-ws protocol) on the same path as queries.
 * Apollo's HTTP pipeline does not see these operations, so what it gives queries is repeated here: the
 * caller's token (sent in connection_init's payload as { authorization: 'Bearer ...' }: browsers cannot set
 * headers on a WebSocket) becomes the request the authorization guard reads, the depth limit applies, and
 * errors leave with the same extensions.code as over HTTP.
 */
export function graphqlWsOptions(validationRules: ValidationRule[], actorNames: ActorNames): SubscriptionConfig {
  const options: Partial<ServerOptions<ConnectionParams, UpgradeRequest>> = {
    context: (ctx): GraphqlContext & Record<string, unknown> => {
      const authorization = ctx.connectionParams?.authorization ?? ctx.connectionParams?.Authorization;
      return { req: { id: randomUUID(), ip: ctx.extra?.request?.socket?.remoteAddress, headers: typeof authorization === 'string' ? { authorization } : {} }, actorNames };
    },
    validate: (schema, document) => validate(schema, document, [...specifiedRules, ...validationRules]),
    onNext: (_ctx, _id, _payload, args, result) => {
      if (!result.errors?.length) return undefined;
      for (const error of result.errors) logOperationError(error, (args.contextValue as Partial<GraphqlContext> | undefined)?.req?.id);
      return { ...result, errors: result.errors.map((error) => formatError(error.toJSON(), error)) };
    },
    onError: (_ctx, _id, _payload, errors) => errors.map((error) => formatError({ ...error.toJSON(), extensions: { code: 'GRAPHQL_VALIDATION_FAILED', ...error.extensions } }, error)),
  };
  // @nestjs/graphql 14 types only part of graphql-ws's options, but passes them all to useServer after its own
  // schema and context (services/gql-subscription.service.js), so these replace its context: e2e-tested.
  return { 'graphql-ws': options as SubscriptionConfig['graphql-ws'] };
}
