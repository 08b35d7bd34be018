import type { Browser, Page } from 'playwright-core';
import { openPage, screenshot, seriousA11yViolations, type PageProblems } from './browser';
import type { PortalFixtures } from './portal-fixtures';

// The journeys of issue 11, written once: test/web-journeys.e2e-spec.ts runs them on SQLite, and
// test/web-journeys-postgres.e2e-spec.ts runs the first on PostgreSQL.

/** Opens a page, runs the journey, and fails on requests off the machine, console errors or axe violations. */
export async function journey(browser: Browser, folder: string, run: (page: Page, check: (name: string) => Promise<void>) => Promise<void>, locale?: string): Promise<void> {
  const { context, page, problems } = await openPage(browser, { locale });
  const violations: string[] = [];
  // Every page state worth a look: axe-core over it, and a screenshot kept for the CI log.
  const check = async (name: string) => {
    await page.waitForLoadState('networkidle');
    // networkidle is reached once per document: after that, the page's own marker says a fetch is under way.
    await page.locator('[aria-busy="true"]').first().waitFor({ state: 'detached' });
    violations.push(...(await seriousA11yViolations(page)).map((v) => `${name}: ${v}`));
    await screenshot(page, folder, name);
  };
  try {
    await run(page, check);
  } finally {
    await context.close();
  }
  expectClean(problems, violations);
}

function expectClean(problems: PageProblems, violations: string[]): void {
  expect({ offMachine: problems.offMachine, consoleErrors: problems.consoleErrors, violations }).toEqual({ offMachine: [], consoleErrors: [], violations: [] });
}

/** Search with a typo and a facet, open the case study, see its diff. */
export async function searchOpenAndDiff(page: Page, check: (name: string) => Promise<void>, baseUrl: string, fixtures: PortalFixtures): Promise<void> {
  await page.goto(`${baseUrl}/`);
  await page.getByRole('heading', { level: 1 }).waitFor();
  await page.getByLabel('Search case studies').fill('retrofiting');
  const result = page.getByRole('link', { name: 'Retrofitting 40 Soviet-era apartment blocks' });
  await result.waitFor();
  await expectUrl(page, /\?q=retrofiting$/);
  // The list shown is the typo's answer, not the unfiltered list the link was already in.
  await page.locator('.result-list[data-query="retrofiting"]').waitFor();
  await check('search-typo');

  await page.getByLabel(/^Housing/).check();
  await expectUrl(page, /\?q=retrofiting&sector=HOUSING$/);
  await page.getByRole('heading', { name: 'Case studies found: 1' }).waitFor();
  expect(await page.locator('mark').first().textContent()).toMatch(/retrofit/i);
  await check('search-facet');

  await result.click();
  await expectUrl(page, new RegExp(`/case-studies/${fixtures.retrofitId}$`));
  await page.getByRole('heading', { level: 1, name: 'Retrofitting 40 Soviet-era apartment blocks' }).waitFor();
  await page.getByRole('img', { name: /EN: E: E: 1C.*Baseline: 210 kWh\/m2, Achieved: 115 kWh\/m2/ }).waitFor();
  await page.getByRole('link', { name: 'Tbilisi City Hall' }).first().waitFor();
  await check('case-study');

  await page.getByRole('button', { name: 'Compare with previous' }).last().click();
  const titleChange = page.locator('.field-change', { has: page.locator('code', { hasText: /^title$/ }) });
  await titleChange.waitFor();
  expect(await titleChange.locator('ins').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('40')]));
  await page.getByRole('button', { name: 'Side by side' }).click();
  await titleChange.locator('.diff-side').first().waitFor();
  await check('case-study-diff');
}

export async function expectUrl(page: Page, pattern: RegExp): Promise<void> {
  await page.waitForURL(pattern, { timeout: 5_000 });
}

export async function signIn(page: Page, baseUrl: string, email: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/sign-in`);
  await page.getByLabel('E-mail').first().fill(email);
  await page.getByLabel('Password').first().fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByText(/^Signed in as /).waitFor();
}
