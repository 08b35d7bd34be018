import type { LoggerService } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pino, type DestinationStream, type Level, type Logger } from 'pino';

const CORRELATION_HEADER = 'x-correlation-id';

// A client may pass its own correlation id; anything that is not a short token is replaced.
function correlationIdFor(req: IncomingMessage, res: ServerResponse): string {
  const given = req.headers[CORRELATION_HEADER];
  const id = typeof given === 'string' && /^[\w.:-]{1,100}$/.test(given) ? given : randomUUID();
  res.setHeader(CORRELATION_HEADER, id);
  return id;
}

export interface RequestLogging {
  /** Logs each request once it ends and gives `req.id` (the correlation id) to everything after it. */
  middleware(req: IncomingMessage, res: ServerResponse, next: () => void): void;
  /** Nest's own log lines (a line about a request names its correlation id in its fields). */
  loggerService: LoggerService;
}

/**
 * Pino for the whole app: one JSON line per request plus Nest's lines, with credentials redacted. The request
 * line is written here rather than by pino-http, which made two child loggers per request (one serialising
 * the request) for a line that needs four fields: a fifth of the request path's logging cost.
 *
 * The correlation id does not travel by AsyncLocalStorage: on Node 20 it runs a hook on every promise made
 * anywhere in the process, which cost 4-8% of the request path's CPU time (27% of a detail query's, with
 * its many promises) for the few lines written inside a request. Those lines take the id from where they
 * are: `req.id` in the GraphQL context (operation errors), a command's metadata (read-your-writes warnings).
 */
export function createRequestLogging(level: string, destination?: DestinationStream): RequestLogging {
  const logger = destination ? pino({ level }, destination) : pino({ level });
  return {
    middleware(req, res, next) {
      const correlationId = correlationIdFor(req, res);
      (req as IncomingMessage & { id?: string }).id = correlationId;
      // Health probes every few seconds would drown the log.
      if (req.url !== '/health') {
        const startedAt = Date.now();
        // As the request arrived: a router mounted at a path (Apollo's at /graphql) strips it from req.url, and
        // a response that ends inside that router never gets it back.
        const { method, url } = req;
        const done = () => {
          res.removeListener('finish', done);
          res.removeListener('close', done);
          // One short line per request: method, path, status, time. No headers at all, so no bearer token,
          // API key or cookie can reach the log.
          const fields = { correlationId, req: { method, url }, res: { statusCode: res.statusCode }, responseTime: Date.now() - startedAt };
          if (res.statusCode >= 500) logger.error({ ...fields, err: { message: `failed with status code ${res.statusCode}` } }, 'request errored');
          else logger.info(fields, 'request completed');
        };
        res.on('finish', done);
        res.on('close', done);
      }
      next();
    },
    loggerService: new PinoLoggerService(logger),
  };
}

const LEVELS = { log: 'info', error: 'error', warn: 'warn', debug: 'debug', verbose: 'trace', fatal: 'fatal' } as const satisfies Record<string, Level>;

// Nest calls a LoggerService as (message, ...params, context): the context comes last when a Logger has one,
// and the message may be an object of fields (our code's style: logger.warn({ streamId }, 'text')).
class PinoLoggerService implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, ...params: unknown[]) { this.write('log', message, params); }
  error(message: unknown, ...params: unknown[]) { this.write('error', message, params); }
  warn(message: unknown, ...params: unknown[]) { this.write('warn', message, params); }
  debug(message: unknown, ...params: unknown[]) { this.write('debug', message, params); }
  verbose(message: unknown, ...params: unknown[]) { this.write('verbose', message, params); }
  fatal(message: unknown, ...params: unknown[]) { this.write('fatal', message, params); }

  private write(method: keyof typeof LEVELS, message: unknown, params: unknown[]): void {
    const fields: Record<string, unknown> = {};
    if (params.length > 0) fields.context = params.pop();
    const texts = params.filter((param) => param !== undefined);
    const logger = this.logger;
    const level = LEVELS[method];
    if (message instanceof Error) logger[level]({ ...fields, err: message }, ...(texts as [string]));
    else if (typeof message === 'object' && message !== null) logger[level]({ ...fields, ...message }, ...(texts as [string]));
    // Nest's own exception handler passes (text, stack, context).
    else if (method === 'error' && texts.length === 1 && typeof texts[0] === 'string' && texts[0].includes('\n    at ')) logger.error({ ...fields, err: { message: String(message), stack: texts[0] } }, String(message));
    else logger[level](fields, String(message), ...texts);
  }
}
