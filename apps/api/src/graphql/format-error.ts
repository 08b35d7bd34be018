import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLFormattedError } from 'graphql';
import { Logger } from '@nestjs/common';
import { DomainError } from '@sce/event-sourcing';
import { loggableError, type GraphqlContext } from '@sce/platform';
import { graphqlCodeFor } from './error-codes';

const logger = new Logger('GraphQL');

// Codes Apollo itself assigns to requests that never reached a resolver; they are already client errors.
const CLIENT_ERROR_CODES = new Set(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT', 'BAD_REQUEST', 'PERSISTED_QUERY_NOT_FOUND', 'OPERATION_RESOLUTION_FAILURE']);

type ErrorKind = { kind: 'domain'; original: DomainError; code: string } | { kind: 'client'; code: string } | { kind: 'unexpected'; original: unknown };

// One reading of an error for both what the client is told and what operators are told.
function kindOf(error: unknown, code: unknown): ErrorKind {
  const original = originalOf(error);
  const mapped = original instanceof DomainError ? graphqlCodeFor(original.code) : undefined;
  if (original instanceof DomainError && mapped) return { kind: 'domain', original, code: mapped };
  if (typeof code === 'string' && CLIENT_ERROR_CODES.has(code)) return { kind: 'client', code };
  return { kind: 'unexpected', original: original ?? error };
}

/** Every error leaves with a stable extensions.code; anything unexpected is masked (and logged by {@link logOperationError}). */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const kind = kindOf(error, formatted.extensions?.code);
  if (kind.kind === 'domain') {
    return {
      message: kind.original.message,
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: kind.code, reason: kind.original.code, ...kind.original.details },
    };
  }
  if (kind.kind === 'client') {
    // Our own request-level refusals (query cost, body) name their rule and figures; keep them.
    const { reason, cost, maximumCost } = formatted.extensions ?? {};
    const figures = typeof reason === 'string' ? { reason, ...(cost !== undefined ? { cost, maximumCost } : {}) } : {};
    return {
      message: formatted.message,
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: kind.code === 'GRAPHQL_PARSE_FAILED' || kind.code === 'GRAPHQL_VALIDATION_FAILED' ? kind.code : 'BAD_USER_INPUT', ...figures },
    };
  }
  return { message: 'Internal server error', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}

/**
 * What operators must read about an operation's error, with the request's correlation id: an unexpected error
 * (the client only sees "Internal server error"), or a dependency that failed or lags (UNAVAILABLE). A client's
 * mistake (bad input, not found, forbidden) is the client's to read and is not logged.
 */
export function logOperationError(error: { path?: readonly (string | number)[]; extensions?: Record<string, unknown> }, correlationId: string | number | undefined): void {
  const kind = kindOf(error, error.extensions?.code);
  const fields = { ...(correlationId !== undefined ? { correlationId: String(correlationId) } : {}), path: error.path };
  if (kind.kind === 'domain' && kind.code === 'UNAVAILABLE') logger.warn({ ...fields, error: loggableError(kind.original) }, 'a GraphQL operation answered UNAVAILABLE');
  else if (kind.kind === 'unexpected') logger.error({ ...fields, error: loggableError(kind.original) }, 'unexpected error in a GraphQL operation');
}

/** Apollo's formatError sees no request, so the errors are logged here, where the request's correlation id is. */
export const operationErrorLog: ApolloServerPlugin<GraphqlContext> = {
  async requestDidStart() {
    return {
      async didEncounterErrors({ errors, contextValue }) {
        for (const error of errors) logOperationError(error, contextValue?.req?.id);
      },
    };
  },
};

function originalOf(error: unknown): unknown {
  let current = error as { originalError?: unknown } | undefined;
  while (current && typeof current === 'object' && 'originalError' in current && current.originalError) current = current.originalError as never;
  return current;
}
