import { Catch, type ArgumentsHost } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import type { GqlContextType } from '@nestjs/graphql';

/**
 * Nest's default handler logs every error a resolver throws at error level with its stack, a client's
 * mistake (bad input, not found, forbidden) as much as a real failure: noise for operators, and a way for
 * anyone to fill the log. An operation's errors go on to graphql-js untouched here; formatError gives them
 * their code and operationErrorLog logs the ones operators must see, with the request's correlation id.
 * HTTP routes (/health) keep Nest's default handling.
 */
@Catch()
export class OperationErrorsFilter extends BaseExceptionFilter {
  override catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType<GqlContextType>() === 'graphql') throw exception;
    super.catch(exception, host);
  }
}
