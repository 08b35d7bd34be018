import type { Browser } from 'playwright-core';
import { describeInBrowser, launchChromium } from './support/browser';
import { ensureBuilt } from './support/build';
import { seedPortal, type PortalFixtures } from './support/portal-fixtures';
import { expectUrl, journey, searchOpenAndDiff } from './support/portal-journeys';
import { startTestApp, type TestApp } from './support/test-app';

// The portal in a real browser (Chromium through playwright-core) against the real server on a fresh data
// directory (SQLite). Screenshots: artifacts/screenshots/<journey>/.
describeInBrowser('Web portal journeys in Chromium [sqlite]', () => {
  let api: TestApp;
  let browser: Browser;
  let fixtures: PortalFixtures;

  beforeAll(async () => {
    ensureBuilt();
    [api, browser] = await Promise.all([startTestApp(), launchChromium()]);
    fixtures = await seedPortal(api);
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  it('searches with a typo and a facet, opens the case study and sees its revision diff', async () => {
    await journey(browser, 'search', (page, check) => searchOpenAndDiff(page, check, api.baseUrl, fixtures));
  });

  it('opens a guideline, diffs 1.0 against 1.1, picks an as-of date and reads the blame', async () => {
    await journey(browser, 'guideline', async (page, check) => {
      await page.goto(`${api.baseUrl}/guidelines`);
      await page.getByRole('link', { name: 'Open data for urban mobility' }).click();
      await expectUrl(page, new RegExp(`/guidelines/${fixtures.guidelineId}$`));
      await page.getByRole('heading', { name: 'Version timeline' }).waitFor();
      await page.getByText('Version 1.1', { exact: true }).first().waitFor();
      await check('guideline');

      await page.getByLabel('From', { exact: true }).selectOption('1.0');
      await page.getByLabel('To', { exact: true }).selectOption('1.1');
      await page.getByRole('button', { name: 'Show differences' }).click();
      const quality = page.locator('.section-diff', { hasText: 'Quality' });
      await quality.waitFor();
      expect(await quality.locator('.badge').textContent()).toBe('added');
      const licence = page.locator('.section-diff', { hasText: 'Licence' });
      expect(await licence.locator('ins').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('attribution')]));
      await check('guideline-diff-inline');
      await page.getByRole('button', { name: 'Side by side' }).click();
      await licence.locator('.diff-side').first().waitFor();
      await check('guideline-diff-side-by-side');

      // Yesterday nothing was published; today version 1.1 stands.
      const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
      await page.getByLabel('Read the guideline as it stood on a date').fill(day(-1));
      await page.getByText('Nothing was published by then.').waitFor();
      await page.getByLabel('Read the guideline as it stood on a date').fill(day(0));
      await page.locator('.as-of').getByText('Version 1.1').waitFor();
      await check('guideline-as-of');

      await page.getByRole('button', { name: 'Show blame' }).click();
      const blameOf = (heading: string) => page.locator('.blame li').filter({ has: page.locator('strong', { hasText: new RegExp(`^${heading}$`) }) });
      await blameOf('Licence').getByText(/revision 2 .*Attribution licences are enough/).waitFor();
      expect(await blameOf('Scope').textContent()).not.toContain('Attribution licences are enough');
      await check('guideline-blame');
    });
  });

  it('signs up (the API refusing a short password first, in its own words) and is signed in', async () => {
    await journey(browser, 'sign-up', async (page, check) => {
      await page.goto(`${api.baseUrl}/sign-in`);
      await page.getByLabel('Name').fill('Lela Kapanadze');
      await page.getByLabel('E-mail').last().fill(`lela.${Date.now()}@example.org`);
      await page.getByLabel('Password').last().fill('short');
      await page.getByRole('button', { name: 'Create account' }).click();
      await page.getByRole('alert').waitFor();
      expect(await page.getByRole('alert').textContent()).toMatch(/10/);
      await check('sign-up-refused');
      await page.getByLabel('Password').last().fill('a long enough passphrase');
      await page.getByRole('button', { name: 'Create account' }).click();
      await expectUrl(page, /\/$/);
      await page.getByText('Signed in as Lela Kapanadze').waitFor();
      await check('signed-in');
    });
  });

  it('switches the interface to Russian and French, remembers the choice, and labels content in its own language', async () => {
    await journey(browser, 'languages', async (page, check) => {
      await page.goto(`${api.baseUrl}/case-studies/${fixtures.frenchId}`);
      await page.getByRole('heading', { level: 1, name: /Tramway/ }).waitFor();
      await page.getByLabel('Interface language').selectOption('ru');
      await page.getByText('Язык материала: французский').waitFor();
      expect(await page.locator('html').getAttribute('lang')).toBe('ru');
      await check('case-study-ru');
      await page.reload();
      await page.getByText('Язык материала: французский').waitFor();
      await page.getByLabel('Язык интерфейса').selectOption('fr');
      await page.getByText('Langue du contenu : français').or(page.getByText('Langue du contenu: français')).waitFor();
      await page.getByRole('link', { name: 'Études de cas' }).click();
      await page.getByRole('heading', { level: 1, name: 'Ce qui a marché dans des villes comme la vôtre' }).waitFor();
      // Numbers and dates follow the interface language.
      await page.getByRole('heading', { name: 'Études de cas trouvées : 2' }).waitFor();
      await check('search-fr');
    });
  });
});
