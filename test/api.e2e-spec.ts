import { readFileSync } from 'node:fs';
import { SCHEMA_FILE, renderSchema } from '../apps/api/src/graphql/schema-file';
import { describeEachProfile } from './support/profiles';
import { codesOf, startTestApp, type TestApp } from './support/test-app';

describeEachProfile('The API server (HTTP)', (profile) => {
  let api: TestApp;
  beforeAll(async () => {
    api = await startTestApp(profile, { REQUEST_BODY_LIMIT_BYTES: '65536', GRAPHQL_MAX_DEPTH: '5' });
  });
  afterAll(() => api.close());

  it('has schema.graphql up to date with the code (run `npm run schema` to regenerate)', () => {
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(renderSchema(api.app));
  });

  it('reports health and projection lag on GET /health', async () => {
    const response = await fetch(`${api.baseUrl}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      status: 'ok',
      eventStore: {
        headPosition: expect.any(Number),
        ...(profile.name === 'postgres' ? { positionHeadroom: expect.objectContaining({ aboveHead: true, transactionsLeft: expect.any(Number) }) } : {}),
      },
      projections: { parked: expect.objectContaining({ 'organisation-directory': 0 }), parkedTotal: 0 },
      lag: 0,
      caughtUp: true,
    });
  });

  it('refuses a simple cross-site request (CSRF prevention)', async () => {
    const response = await fetch(`${api.baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/CSRF/i);
  });

  it('refuses queries deeper than the configured limit', async () => {
    const deep = `{ organisations { edges { node { history { edges { node { type } } } } } } }`;
    const response = await api.graphql(deep);
    expect(codesOf(response)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(response.errors![0].message).toMatch(/exceeds maximum operation depth/);
  });

  it('refuses a request body over the limit with 413 and stores nothing', async () => {
    const response = await fetch(`${api.baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'mutation($d: String) { __typename }', variables: { d: 'x'.repeat(100_000) } }),
    });
    expect(response.status).toBe(413);
  });

  const postRaw = async (body: string) => {
    const response = await fetch(`${api.baseUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    return { status: response.status, body: (await response.json()) as { errors?: Array<{ message: string; extensions?: { code?: string } }> } };
  };

  it('answers a body that is not JSON with a GraphQL error carrying a code', async () => {
    const { status, body } = await postRaw('{"query": "{ __typename }"');
    expect(status).toBe(400);
    expect(body.errors).toEqual([{ message: expect.stringMatching(/not valid JSON/), extensions: { code: 'BAD_REQUEST' } }]);
  });

  it.each([['an array', '[1, 2]'], ['a string', '"hello"'], ['a number', '42'], ['null', 'null']])('says a JSON body that is %s is not an operation (not "not valid JSON")', async (_, raw) => {
    const { status, body } = await postRaw(raw);
    expect(status).toBe(400);
    expect(body.errors).toEqual([{ message: expect.stringMatching(/must be a JSON object/), extensions: { code: 'BAD_REQUEST' } }]);
    expect(body.errors![0].message).not.toMatch(/not valid JSON/);
  });

  it('answers a malformed query with GRAPHQL_PARSE_FAILED, not a server error', async () => {
    expect(codesOf(await api.graphql('{ organisations { '))).toEqual(['GRAPHQL_PARSE_FAILED']);
  });

  it('serves a GraphQL IDE from its own origin, with no CDN', async () => {
    const page = await fetch(`${api.baseUrl}/graphql`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('GraphiQL');
    const scripts = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]);
    expect(scripts.length).toBeGreaterThanOrEqual(4);
    for (const src of scripts) {
      expect(src.startsWith('/')).toBe(true);
      const asset = await fetch(`${api.baseUrl}${src}`);
      expect(asset.status).toBe(200);
    }
  });
});
