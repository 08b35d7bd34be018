import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { PORTAL_CSP } from '../apps/api/src/http/portal';
import { BUILT_WEB, ensureBuilt } from './support/build';
import { describeEachProfile } from './support/profiles';
import { startTestApp, type TestApp } from './support/test-app';

// The portal is served by the API process from dist/web (built here, as `npm start` builds it).
describeEachProfile('The web portal at /', (profile) => {
  let api: TestApp;
  let script: string;
  beforeAll(async () => {
    ensureBuilt();
    script = readdirSync(join(BUILT_WEB, 'assets')).find((name) => name.endsWith('.js'))!;
    api = await startTestApp(profile);
  }, 240_000);
  afterAll(() => api?.close());

  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${api.baseUrl}${path}`, { headers });

  it('serves the page at / under a CSP that allows this origin only', async () => {
    const response = await get('/', { accept: 'text/html' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.get('content-security-policy')).toBe(PORTAL_CSP);
    expect(PORTAL_CSP).not.toMatch(/unsafe|https?:|\*/);
    expect(response.headers.get('cache-control')).toBe('no-cache');
    const html = await response.text();
    expect(html).toContain(`src="/assets/${script}"`);
    expect(html).not.toMatch(/<script>(?!<\/script>)|<style>|https?:\/\//);
  });

  it('answers a client route (a case study address) with the same page, so a shared link opens', async () => {
    const page = await (await get('/', { accept: 'text/html' })).text();
    const response = await get('/case-studies/some-id?tab=history', { accept: 'text/html,application/xhtml+xml' });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(page);
  });

  it('sends hashed assets pre-compressed when gzip is accepted, plain otherwise, cached for good', async () => {
    const file = readFileSync(join(BUILT_WEB, 'assets', script));
    const zipped = await get(`/assets/${script}`, { 'accept-encoding': 'gzip' });
    expect(zipped.headers.get('content-encoding')).toBe('gzip');
    expect(zipped.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(zipped.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(zipped.headers.get('vary')).toMatch(/Accept-Encoding/i);
    // fetch decodes gzip itself: the bytes it gives are the file's.
    expect(Buffer.from(await zipped.arrayBuffer())).toEqual(file);
    const raw = await fetch(`${api.baseUrl}/assets/${script}`, { headers: { 'accept-encoding': 'identity' } });
    expect(raw.headers.get('content-encoding')).toBeNull();
    expect(Buffer.from(await raw.arrayBuffer())).toEqual(file);
    expect(gunzipSync(readFileSync(join(BUILT_WEB, 'assets', `${script}.gz`)))).toEqual(file);
  });

  it('leaves the API alone: GraphiQL at GET /graphql, GraphQL on POST, health, and 404 for what is not there', async () => {
    const ide = await get('/graphql', { accept: 'text/html' });
    expect(ide.status).toBe(200);
    expect(ide.headers.get('content-security-policy')).toBeNull();
    expect(await ide.text()).toContain('GraphiQL');
    const answer = await api.graphql('{ caseStudies(first: 1) { totalCount } }');
    expect(answer.data).toEqual({ caseStudies: { totalCount: 0 } });
    expect((await get('/health')).status).toBe(200);
    expect((await get('/assets/missing-123.js')).status).toBe(404);
    // Not a page a browser asked for: no HTML in place of JSON.
    expect((await get('/case-studies/x', { accept: 'application/json' })).status).toBe(404);
  });

  it('never serves a file outside dist/web', async () => {
    for (const path of ['/../package.json', '/%2e%2e/package.json', '/..%2fpackage.json', '/assets/..%2f..%2f..%2fpackage.json']) {
      const response = await get(path, { accept: 'text/html' });
      const body = await response.text();
      expect(body).not.toContain('"smart-cities-exchange"');
    }
  });
});
