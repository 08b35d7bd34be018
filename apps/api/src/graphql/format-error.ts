import type { GraphQLFormattedError } from 'graphql';
import { Logger } from '@nestjs/common';
import { DomainError } from '@sce/event-sourcing';
import { loggableError } from '@sce/platform';
import { graphqlCodeFor } from './error-codes';

const logger = new Logger('GraphQL');

// Codes Apollo itself assigns to requests that never reached a resolver; they are already client errors.
const CLIENT_ERROR_CODES = new Set(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT', 'BAD_REQUEST', 'PERSISTED_QUERY_NOT_FOUND', 'OPERATION_RESOLUTION_FAILURE']);

/** Every error leaves with a stable extensions.code; anything unexpected is logged and masked. */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = originalOf(error);
  const mapped = original instanceof DomainError ? graphqlCodeFor(original.code) : undefined;
  if (original instanceof DomainError && mapped) {
    // A dependency that failed (a search engine) or lags: the client gets a plain retryable code, operators the cause.
    if (mapped === 'UNAVAILABLE') logger.warn({ error: loggableError(original), path: formatted.path }, 'a GraphQL operation answered UNAVAILABLE');
    return {
      message: original.message,
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: mapped, reason: original.code, ...original.details },
    };
  }
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && CLIENT_ERROR_CODES.has(code)) {
    // Our own request-level refusals (query cost, body) name their rule and figures; keep them.
    const { reason, cost, maximumCost } = formatted.extensions ?? {};
    const figures = typeof reason === 'string' ? { reason, ...(cost !== undefined ? { cost, maximumCost } : {}) } : {};
    return {
      message: formatted.message,
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: code === 'GRAPHQL_PARSE_FAILED' || code === 'GRAPHQL_VALIDATION_FAILED' ? code : 'BAD_USER_INPUT', ...figures },
    };
  }
  logger.error({ error: loggableError(original ?? error), path: formatted.path }, 'unexpected error in a GraphQL operation');
  return { message: 'Internal server error', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}

function originalOf(error: unknown): unknown {
  let current = error as { originalError?: unknown } | undefined;
  while (current && typeof current === 'object' && 'originalError' in current && current.originalError) current = current.originalError as never;
  return current;
}
