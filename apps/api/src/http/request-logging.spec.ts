import { Logger } from '@nestjs/common';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { createRequestLogging } from './request-logging';

// A real pino writing to memory and a real HTTP server: what an operator would read in the log.
describe('Request logging', () => {
  const lines: Array<Record<string, any>> = [];
  const memory = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  const logging = createRequestLogging('info', memory);
  let server: Server;
  let baseUrl: string;

  beforeAll(async () => {
    Logger.overrideLogger(logging.loggerService);
    server = createServer((req, res) =>
      logging.middleware(req, res, () => {
        // What runs after the middleware reads the id from the request (operation errors take it from the GraphQL context).
        new Logger('Handler').warn({ correlationId: (req as typeof req & { id?: string }).id, path: req.url }, 'inside a request');
        // What a router mounted at a path does (Express strips /graphql for Apollo's handler).
        if (req.url?.startsWith('/graphql')) req.url = req.url.slice('/graphql'.length) || '/';
        res.end('ok');
      }),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    Logger.overrideLogger(true);
    await new Promise((resolve) => server.close(resolve));
  });

  beforeEach(() => lines.splice(0));

  const settle = () => new Promise((resolve) => setImmediate(resolve));

  it('keeps a correlation id the client sent, answers with it, names it in the request line and gives it to what handles the request', async () => {
    const response = await fetch(`${baseUrl}/graphql`, { headers: { 'x-correlation-id': 'trace-7' } });
    await settle();
    expect(response.headers.get('x-correlation-id')).toBe('trace-7');
    const nestLine = lines.find((line) => line.msg === 'inside a request');
    expect(nestLine).toMatchObject({ level: 40, correlationId: 'trace-7', context: 'Handler', path: '/graphql' });
    expect(lines.find((line) => line.msg === 'request completed')).toMatchObject({ correlationId: 'trace-7', req: { url: '/graphql' }, res: { statusCode: 200 } });
  });

  it('replaces a correlation id that is not a short token', async () => {
    const response = await fetch(`${baseUrl}/graphql`, { headers: { 'x-correlation-id': 'no spaces <allowed>' } });
    expect(response.headers.get('x-correlation-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('never writes credentials', async () => {
    await fetch(`${baseUrl}/graphql`, { headers: { authorization: 'Bearer secret-token', cookie: 'session=secret-cookie' } });
    await settle();
    const written = JSON.stringify(lines);
    expect(written).not.toContain('secret-token');
    expect(written).not.toContain('secret-cookie');
    // The request line holds no headers at all: method, path, status and time.
    expect(lines.find((line) => line.msg === 'request completed')).toMatchObject({ req: { method: 'GET', url: '/graphql' }, res: { statusCode: expect.any(Number) } });
    expect(lines.find((line) => line.msg === 'request completed')?.req.headers).toBeUndefined();
  });

  it('does not log health probes', async () => {
    await fetch(`${baseUrl}/health`);
    await settle();
    expect(lines.filter((line) => line.msg === 'request completed')).toEqual([]);
  });

  it('logs outside a request without a correlation id, and errors with their stack', () => {
    new Logger('Projections').error({ err: new Error('disk full') }, 'projections hit an error; retrying');
    expect(lines[0]).toMatchObject({ level: 50, context: 'Projections', msg: 'projections hit an error; retrying', err: { message: 'disk full' } });
    expect(lines[0].err.stack).toContain('disk full');
    expect(lines[0]).not.toHaveProperty('correlationId');
  });
});
