import type { Browser } from 'playwright-core';
import { launchChromium } from './support/browser';
import { ensureBuilt } from './support/build';
import { seedPortal, type PortalFixtures } from './support/portal-fixtures';
import { journey, searchOpenAndDiff } from './support/portal-journeys';
import { postgresProfile } from './support/profiles';
import { startTestApp, type TestApp } from './support/test-app';

// The search journey once on the PostgreSQL profile (event store and read models there); the other
// journeys run on SQLite (test/web-journeys.e2e-spec.ts). Needs PostgreSQL: test/test-servers.js leaves
// this file out when it is not reachable.
describe('Web portal journey in Chromium [postgres]', () => {
  let api: TestApp;
  let browser: Browser;
  let fixtures: PortalFixtures;

  beforeAll(async () => {
    ensureBuilt();
    [api, browser] = await Promise.all([startTestApp(postgresProfile), launchChromium()]);
    fixtures = await seedPortal(api);
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  it('searches with a typo and a facet, opens the case study and sees its revision diff', async () => {
    await journey(browser, 'search-postgres', (page, check) => searchOpenAndDiff(page, check, api.baseUrl, fixtures));
  });
});
