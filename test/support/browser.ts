import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

const ROOT = join(__dirname, '../..');
// Suites that need Chromium are left out of the run when it is missing (test/test-servers.js decides, once).
export const CHROMIUM: string = require('../test-servers').chromiumPath;
export const SCREENSHOTS = join(ROOT, 'artifacts/screenshots');
const AXE = require.resolve('axe-core/axe.min.js');

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // No sandbox (root in CI); and nothing of Chromium's own calling home, so "no request leaves" holds for it too.
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-default-apps', '--disable-sync', '--no-first-run', '--disable-domain-reliability', '--disable-features=Translate,OptimizationHints,MediaRouter,AutofillServerCommunication', '--metrics-recording-only'],
  });
}

/** What a page did that fails a test: requests off this machine, console errors, uncaught exceptions. */
export interface PageProblems {
  offMachine: string[];
  consoleErrors: string[];
}

/** A fresh context (own storage) whose every request off 127.0.0.1 is refused and recorded, with axe-core preloaded. */
export async function openPage(browser: Browser, options: { locale?: string } = {}): Promise<{ context: BrowserContext; page: Page; problems: PageProblems }> {
  const context = await browser.newContext({ locale: options.locale ?? 'en-GB', viewport: { width: 1200, height: 900 } });
  const problems: PageProblems = { offMachine: [], consoleErrors: [] };
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.protocol === 'data:' || url.protocol === 'blob:' || url.hostname === '127.0.0.1') return route.continue();
    problems.offMachine.push(url.href);
    return route.abort();
  });
  // An init script is not subject to the page's CSP, which allows this origin's scripts only.
  await context.addInitScript({ path: AXE });
  const page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') problems.consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => problems.consoleErrors.push(error.message));
  return { context, page, problems };
}

/** axe-core on the page as it is now: the serious and critical violations, described for a failure message. */
export async function seriousA11yViolations(page: Page): Promise<string[]> {
  // Runs in the page (no DOM types here): axe-core was preloaded by openPage.
  const violations = await page.evaluate(`axe.run(document, { resultTypes: ['violations'] }).then((result) =>
    result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')).slice(0, 3) })))`) as Array<{ id: string; impact: string; help: string; targets: string[] }>;
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.impact} ${v.id}: ${v.help} (${v.targets.join(', ')})`);
}

export async function screenshot(page: Page, folder: string, name: string): Promise<string> {
  const dir = join(SCREENSHOTS, folder);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
