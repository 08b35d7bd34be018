import type { Browser } from 'playwright-core';
import { launchChromium } from './support/browser';
import { ensureBuilt } from './support/build';
import { COMMENT, EDIT_GUIDELINE } from './support/guidelines.graphql';
import { PASSWORD, seedPortal, type PortalFixtures } from './support/portal-fixtures';
import { expectUrl, journey, searchOpenAndDiff, signIn } from './support/portal-journeys';
import { createAccount, startTestApp, type TestApp } from './support/test-app';

// The portal in a real browser (Chromium through playwright-core) against the real server on a fresh data
// directory (SQLite). Screenshots: artifacts/screenshots/<journey>/.
describe('Web portal journeys in Chromium [sqlite]', () => {
  let api: TestApp;
  let browser: Browser;
  let fixtures: PortalFixtures;
  // Before anything was published: "the day before" is counted from here, so a run across midnight holds.
  let seededFrom: number;

  beforeAll(async () => {
    ensureBuilt();
    [api, browser] = await Promise.all([startTestApp(), launchChromium()]);
    seededFrom = Date.now();
    fixtures = await seedPortal(api);
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  it('searches with a typo and a facet, opens the case study and sees its revision diff', async () => {
    await journey(browser, 'search', (page, check) => searchOpenAndDiff(page, check, api.baseUrl, fixtures));
  });

  it('works by keyboard alone: skip link, search box, a facet checkbox, a result link', async () => {
    await journey(browser, 'keyboard', async (page, check) => {
      await page.goto(`${api.baseUrl}/`);
      await page.getByRole('heading', { level: 1 }).waitFor();
      await page.keyboard.press('Tab');
      expect(await page.evaluate('document.activeElement.textContent')).toBe('Skip to content');
      await page.keyboard.press('Enter');
      // From the main landmark the next stop is the search box.
      await page.keyboard.press('Tab');
      expect(await page.evaluate('document.activeElement.id')).toBe('q');
      await page.keyboard.type('tramway');
      await page.locator('.result-list[data-query="tramway"] .result').first().waitFor();
      // Tab on to the first facet checkbox and tick it with the space bar.
      for (let i = 0; i < 10 && (await page.evaluate('document.activeElement.type')) !== 'checkbox'; i++) await page.keyboard.press('Tab');
      const ticked = (await page.evaluate('document.activeElement.id')) as string;
      await page.keyboard.press('Space');
      await page.waitForURL(/sector=/);
      expect(await page.isChecked(`#${ticked}`)).toBe(true);
      await check('keyboard-facet');
      // Then on to the result's link, opened with Enter.
      for (let i = 0; i < 40 && !(await page.evaluate('document.activeElement.closest(".result") !== null')); i++) await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');
      await page.waitForURL(new RegExp(`/case-studies/${fixtures.frenchId}$`));
      await page.getByRole('heading', { level: 1, name: /Tramway/ }).waitFor();
    });
  });

  it('opens a guideline, diffs 1.0 against 1.1, picks an as-of date and reads the blame', async () => {
    await journey(browser, 'guideline', async (page, check) => {
      await page.goto(`${api.baseUrl}/guidelines`);
      await page.getByRole('link', { name: 'Open data for urban mobility' }).click();
      await expectUrl(page, new RegExp(`/guidelines/${fixtures.guidelineId}$`));
      await page.getByRole('heading', { name: 'Version timeline' }).waitFor();
      await page.getByText('Version 1.1', { exact: true }).first().waitFor();
      // Version 1.0 read in full from the timeline: the licence as it was, and no Quality section yet.
      await page.getByRole('button', { name: 'Read version 1.0' }).click();
      const old = page.locator('.version-text');
      await old.getByText('Publish the data under an open licence that allows commercial reuse.', { exact: false }).waitFor();
      expect(await old.getByRole('heading', { name: 'Quality' }).count()).toBe(0);
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

      // The day before the seeding nothing was published; today version 1.1 stands.
      const day = (at: number) => new Date(at).toISOString().slice(0, 10);
      await page.getByLabel('Read the guideline as it stood on a date').fill(day(seededFrom - 86_400_000));
      await page.getByText('Nothing was published by then.').waitFor();
      await page.getByLabel('Read the guideline as it stood on a date').fill(day(Date.now()));
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

  it('opens an organisation from a case study, sees its partnership graph to depth 2 and follows it to a partnership', async () => {
    await journey(browser, 'organisation', async (page, check) => {
      await page.goto(`${api.baseUrl}/case-studies/${fixtures.retrofitId}`);
      await page.getByRole('link', { name: 'Tbilisi City Hall' }).first().click();
      await expectUrl(page, new RegExp(`/organisations/${fixtures.organisationId}$`));
      const graph = page.getByRole('group', { name: /Partnership graph/ });
      await graph.waitFor();
      // The bank at depth 1, the institute (the bank's partner) at depth 2, each a link.
      await graph.locator('.depth-1').first().waitFor();
      expect(await graph.locator('.graph-node').count()).toBe(3);
      for (const name of ['Tbilisi City Hall', 'Caucasus Green Bank', 'Institute of Urban Studies']) await graph.getByRole('link', { name }).waitFor();
      // Tbilisi - bank, and bank - institute (through the bank's own partnership).
      await page.locator('.partnership-graph .graph-edge').nth(1).waitFor({ state: 'attached' });
      expect(await page.locator('.partnership-graph .graph-edge').count()).toBe(2);
      await check('organisation-graph');
      await page.getByRole('link', { name: 'Tbilisi retrofit finance' }).click();
      await expectUrl(page, new RegExp(`/partnerships/${fixtures.partnershipId}$`));
      await page.getByRole('link', { name: 'Caucasus Green Bank' }).waitFor();
      await check('partnership');
      await page.getByRole('link', { name: 'Caucasus Green Bank' }).click();
      await page.getByRole('heading', { level: 1, name: 'Caucasus Green Bank' }).waitFor();
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

  it("signs up, registers an organisation, drafts a case study (the API's messages by its fields), submits it; a reviewer approves it and finds it by search", async () => {
    const title = `Solar canopies over the Rustavi bus depot ${Date.now()}`;
    await journey(browser, 'draft-submit-review', async (page, check) => {
      await page.goto(`${api.baseUrl}/sign-in`);
      await page.getByLabel('Name').fill('Giorgi Tsereteli');
      await page.getByLabel('E-mail').last().fill(`giorgi.${Date.now()}@example.org`);
      await page.getByLabel('Password').last().fill('a long enough passphrase');
      await page.getByRole('button', { name: 'Create account' }).click();
      await page.getByRole('link', { name: 'New case study' }).click();
      await page.getByLabel('Organisation name').fill('Rustavi City Hall');
      await page.getByLabel('Country (ISO code, e.g. GE)').fill('GE');
      await page.getByLabel('City').fill('Rustavi');
      await check('register-organisation');
      await page.getByRole('button', { name: 'Register your organisation' }).click();

      // Saved with the title left empty: the API's own message, next to the field.
      await page.getByLabel('Summary').fill('Photovoltaic canopies power the electric bus fleet');
      await page.getByLabel('Full description').fill('Canopies over 120 parking bays feed the chargers of 40 buses.');
      await page.getByLabel('City', { exact: true }).fill('Rustavi');
      await page.getByLabel('Country (ISO code, e.g. GE)').fill('GE');
      await page.getByLabel('Transport').check();
      await page.getByLabel('Energy').check();
      await page.getByRole('button', { name: 'Save draft' }).click();
      await page.locator('#cs-title-error').waitFor();
      expect(await page.locator('#cs-title-error').textContent()).toMatch(/title/i);
      expect(await page.getByLabel('Title').getAttribute('aria-describedby')).toBe('cs-title-error');
      await check('draft-refused');

      // Kept in the browser as typed: a reload, even right after the last keystroke, loses nothing.
      await page.getByLabel('Title').fill(title);
      await page.reload();
      expect(await page.getByLabel('Title').inputValue()).toBe(title);

      // A repeatable group: an outcome whose KPI code the API refuses, its message under that field of that outcome.
      await page.getByRole('button', { name: 'Add an outcome' }).click();
      await page.locator('#cs-outcome-0-description').fill('Less diesel burnt by the bus fleet');
      await page.locator('#cs-outcome-0-kpi').fill('not a code');
      await page.getByRole('button', { name: 'Add a funding source' }).click();
      await page.locator('#cs-funding-0').fill('Asian Development Bank');
      await page.getByRole('button', { name: 'Save draft' }).click();
      await page.locator('#cs-outcome-0-kpi-error').waitFor();
      expect(await page.locator('#cs-outcome-0-kpi-error').textContent()).toMatch(/U4SSC/);
      expect(await page.locator('#cs-outcome-0-kpi').getAttribute('aria-describedby')).toBe('cs-outcome-0-kpi-error');
      await check('outcome-refused');
      await page.locator('#cs-outcome-0-kpi').fill('');
      await page.locator('#cs-outcome-0-name').fill('Diesel burnt');
      await page.locator('#cs-outcome-0-unit').fill('litres a year');
      await page.locator('#cs-outcome-0-baseline').fill('120000');
      await page.locator('#cs-outcome-0-achieved').fill('80000');
      await page.locator('#cs-outcome-0-year').fill('2024');
      await page.locator('#cs-cost-amount').fill('1250000');
      await page.locator('#cs-cost-currency').fill('GEL');
      await page.getByRole('button', { name: 'Save draft' }).click();
      await page.getByText(/Draft saved \(revision \d+\)/).waitFor();
      // Another tab open on the form, left alone while this one submits: reloaded (or closed), it does not bring
      // the submitted draft back.
      const otherTab = await page.context().newPage();
      await otherTab.goto(`${api.baseUrl}/case-studies/new`);
      expect(await otherTab.getByLabel('Title').inputValue()).toBe(title);
      await page.getByRole('button', { name: 'Submit for review' }).click();
      await page.getByText('Submitted for review.').waitFor();
      await check('submitted');
      await otherTab.reload();
      await otherTab.getByLabel('Title').waitFor();
      expect(await otherTab.getByLabel('Title').inputValue()).toBe('');
      await otherTab.close();
    });

    await journey(browser, 'draft-submit-review', async (page, check) => {
      await signIn(page, api.baseUrl, fixtures.reviewer.email, PASSWORD);
      await page.getByRole('link', { name: 'Review queue' }).click();
      const item = page.locator('.review-item', { hasText: title });
      await item.waitFor();
      await check('review-queue');
      await item.getByRole('button', { name: 'Approve and publish' }).click();
      await item.getByText('Approved and published.').waitFor();
      await page.getByRole('link', { name: 'Case studies', exact: true }).click();
      await page.getByLabel('Search case studies').fill('solar canopies rustavi');
      await page.getByRole('link', { name: title }).waitFor();
      await check('found-by-search');
    });
  });

  it('an author edits a guideline while another author saves first, sees the conflict and what they changed, then saves on top', async () => {
    await journey(browser, 'guideline-conflict', async (page, check) => {
      await signIn(page, api.baseUrl, fixtures.authors.a.email, PASSWORD);
      await page.goto(`${api.baseUrl}/guidelines/${fixtures.guidelineId}`);
      await page.getByRole('link', { name: 'Edit the working text' }).click();
      await page.getByRole('heading', { name: /Edit the working text/ }).waitFor();
      const revisionShown = Number((await page.locator('.guideline-editor .meta').textContent())!.match(/\d+/)![0]);
      await page.getByLabel('Text', { exact: true }).nth(2).fill('Use GTFS for timetables, GTFS Realtime for positions and GBFS for shared bikes.');
      await page.getByLabel('What changed and why').fill('Shared bikes too');

      // Meanwhile the other author saves a change to another section.
      const scope = (await api.as(fixtures.authors.b.token).graphql(`query($id: ID!) { guideline(id: $id) { draft { sections { sectionId heading } } } }`, { id: fixtures.guidelineId })).data.guideline.draft.sections.find((s: { heading: string }) => s.heading === 'Scope').sectionId;
      const theirs = await api.as(fixtures.authors.b.token).graphql(EDIT_GUIDELINE, { input: { guidelineId: fixtures.guidelineId, expectedRevision: revisionShown, changeNote: 'Parking too', changes: [{ kind: 'EDIT', sectionId: scope, body: 'This guideline covers timetables, real-time positions, parking occupancy and counts of trips.' }] } });
      expect(theirs.errors).toBeUndefined();

      await page.getByRole('button', { name: 'Save' }).click();
      const conflict = page.getByRole('alert').filter({ hasText: 'Someone else saved first' });
      await conflict.waitFor();
      expect(await conflict.locator('ins').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('parking occupancy')]));
      // The edit is still there, now on top of their revision.
      expect(await page.getByLabel('Text', { exact: true }).nth(2).inputValue()).toContain('GBFS');
      await check('conflict');
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByText(`Saved as revision ${revisionShown + 2}.`).waitFor();
      await check('saved-on-top');
      // Both changes stand: theirs in Scope, this one in Formats.
      const saved = (await api.as(fixtures.authors.b.token).graphql(`query($id: ID!) { guideline(id: $id) { draft { sections { heading body } } } }`, { id: fixtures.guidelineId })).data.guideline.draft.sections;
      expect(saved.find((s: { heading: string }) => s.heading === 'Scope').body).toContain('parking occupancy');
      expect(saved.find((s: { heading: string }) => s.heading === 'Formats').body).toContain('GBFS');

      // A comment on a section of the published text, shown under it.
      await page.getByRole('link', { name: 'Open data for urban mobility' }).click();
      await page.getByLabel('Comment on “Licence”').fill('Name the licences you accept.');
      await page.getByRole('button', { name: 'Add comment' }).nth(1).click();
      await page.locator('.guideline-section', { has: page.getByRole('heading', { name: 'Licence', exact: true }) }).getByText('Name the licences you accept.').waitFor();
      await check('commented');
    });
  });

  it('someone signed in proposes an amendment to a section; an author accepts it and it is in the working text', async () => {
    const quality = 'Publish how often the data is refreshed, how complete it is and how to report errors.';
    await journey(browser, 'amendment', async (page, check) => {
      await signIn(page, api.baseUrl, fixtures.reviewer.email, PASSWORD);
      await page.goto(`${api.baseUrl}/guidelines/${fixtures.guidelineId}`);
      const section = page.locator('.guideline-section', { has: page.getByRole('heading', { name: 'Quality', exact: true }) });
      await section.locator('summary', { hasText: 'Propose an amendment' }).click();
      await section.getByLabel('Text', { exact: true }).fill(quality);
      await section.getByLabel('Why (becomes the change note)').fill('Say how to report errors');
      await section.getByRole('button', { name: 'Propose an amendment' }).click();
      await section.getByText('Amendment proposed').waitFor();
      await check('proposed');
    });
    await journey(browser, 'amendment', async (page, check) => {
      await signIn(page, api.baseUrl, fixtures.authors.a.email, PASSWORD);
      await page.goto(`${api.baseUrl}/guidelines/${fixtures.guidelineId}`);
      const amendment = page.locator('.amendment', { hasText: 'Say how to report errors' });
      await amendment.getByText('Proposed', { exact: true }).waitFor();
      await check('to-decide');
      await amendment.getByRole('button', { name: 'Accept' }).click();
      await amendment.getByText('Accepted', { exact: true }).waitFor();
      await check('accepted');
    });
    const draft = (await api.as(fixtures.authors.b.token).graphql(`query($id: ID!) { guideline(id: $id) { draft { sections { heading body } } } }`, { id: fixtures.guidelineId })).data.guideline.draft;
    expect(draft.sections.find((s: { heading: string }) => s.heading === 'Quality').body).toBe(quality);
  });

  it('an author replies to a comment and resolves it, sends the text to review; a reviewer is refused in the API\'s words, then approves; the author publishes the next version', async () => {
    const reviewer = await createAccount(api, 'Second Reviewer', ['REVIEWER']);
    const read = await api.as(reviewer.token).graphql(`query($id: ID!) { guideline(id: $id) { latestVersion published { revision sections { sectionId heading } } } }`, { id: fixtures.guidelineId });
    const { latestVersion, published } = read.data.guideline;
    const scope = published.sections.find((s: { heading: string }) => s.heading === 'Scope').sectionId;
    const commented = await api.as(reviewer.token).graphql(COMMENT, { i: { guidelineId: fixtures.guidelineId, sectionId: scope, revision: published.revision, text: 'Say which cities this is for.' } });
    expect(commented.errors).toBeUndefined();

    await journey(browser, 'guideline-review', async (page, check) => {
      await signIn(page, api.baseUrl, fixtures.authors.a.email, PASSWORD);
      await page.goto(`${api.baseUrl}/guidelines/${fixtures.guidelineId}`);
      const comment = page.locator('.comments li', { hasText: 'Say which cities this is for.' });
      await comment.getByLabel('Reply to this comment').fill('Cities of any size.');
      await comment.getByRole('button', { name: 'Reply', exact: true }).click();
      await comment.getByText('↳ Cities of any size.').waitFor();
      await comment.getByRole('button', { name: 'Mark resolved' }).click();
      await comment.locator('.meta', { hasText: 'resolved' }).waitFor();
      await check('replied-and-resolved');
      await page.getByRole('button', { name: 'Request review' }).click();
      await page.getByText('Sent to review.').waitFor();
      await check('in-review');
    });
    await journey(browser, 'guideline-review', async (page, check) => {
      await signIn(page, api.baseUrl, reviewer.email, PASSWORD);
      await page.goto(`${api.baseUrl}/guidelines/${fixtures.guidelineId}`);
      // Changes are requested with a comment: without one the API refuses, and its message is shown as it is.
      await page.getByRole('button', { name: 'Request changes' }).click();
      const refusal = page.getByRole('alert');
      await refusal.waitFor();
      expect(await refusal.textContent()).toMatch(/BAD_USER_INPUT|comment/i);
      await check('refused');
      await page.getByRole('button', { name: 'Approve', exact: true }).click();
      await page.getByText('Approved: an author can publish it.').waitFor();
      await check('approved');
    });
    const [major, minor] = latestVersion.split('.').map(Number);
    const next = `${major}.${minor + 1}`;
    await journey(browser, 'guideline-review', async (page, check) => {
      await signIn(page, api.baseUrl, fixtures.authors.a.email, PASSWORD);
      await page.goto(`${api.baseUrl}/guidelines/${fixtures.guidelineId}`);
      await page.getByLabel('Kind of version').selectOption('MINOR');
      await page.getByLabel('Change summary').fill('Quality reporting and shared bikes');
      await page.getByRole('button', { name: 'Publish version' }).click();
      await page.getByText(`Published as version ${next}.`).waitFor();
      await page.locator('.timeline li', { hasText: 'Quality reporting and shared bikes' }).getByText(`Version ${next}`, { exact: true }).waitFor();
      await check('published');
    });
  });
});
