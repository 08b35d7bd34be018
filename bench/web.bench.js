#!/usr/bin/env node
// `npm run bench:web`: the portal's budgets (issue 11), measured on this machine and printed with PASS/MISS.
// 1. A fresh `npm start` (dist/ removed) with the portal build, and the same without it (the server build
//    alone), each until /health answers; then a restart with unchanged sources, which must not build.
// 2. The demo data loaded, then Chromium (playwright-core) over CDP with network emulation (1.6 Mbps down,
//    150 ms RTT) and a 4x CPU slowdown: first contentful paint of the search page (cold cache), the
//    search page's JavaScript as sent (gzipped), results after the last keystroke, and every request
//    made, none of which may leave the machine.
const { execFileSync, spawn } = require('node:child_process');
const { existsSync, mkdtempSync, rmSync, statSync } = require('node:fs');
const { createServer } = require('node:net');
const { tmpdir } = require('node:os');
const { join, resolve } = require('node:path');

const ROOT = resolve(__dirname, '..');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const STAMP = join(ROOT, 'dist/.build-stamp');
const WEB_INDEX = join(ROOT, 'dist/web/index.html');
const DEMO_PASSWORD = 'bench demo password';
// The throttled profile of the budgets: Chromium's "Slow 3G"-like figures from issue 11.
const NETWORK = { offline: false, latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8 };
const CPU_SLOWDOWN = 4;
const QUERIES = ['district heating', 'electric buses', 'rain gardens', 'air quality'];

const budgets = [];
const budget = (name, measured, limit, unit, pass = measured <= limit) => budgets.push({ name, measured, limit, unit, pass });

function freePort() {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });
}

/** Runs a command to its end (the build alone), or `npm start` until /health answers; returns ms and the child. */
async function startServer(command, args, dataDir) {
  const port = await freePort();
  const started = performance.now();
  // As a newcomer's `npm start`: no NODE_ENV, so the token secret is generated in the data directory.
  const { NODE_ENV, ...env } = process.env;
  const child = spawn(command, args, { cwd: ROOT, env: { ...env, LOG_LEVEL: 'warn', HOST: '127.0.0.1', PORT: String(port), DATA_DIR: dataDir }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const baseUrl = `http://127.0.0.1:${port}`;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited during start:\n${output}`);
    const health = await fetch(`${baseUrl}/health`).catch(() => undefined);
    if (health?.ok) break;
    if (performance.now() - started > 180_000) throw new Error(`server not healthy after 180 s:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { ms: performance.now() - started, baseUrl, stop: () => new Promise((r) => (child.once('exit', r), child.kill('SIGTERM'))) };
}

async function startTimes() {
  const dataDir = () => mkdtempSync(join(tmpdir(), 'sce-bench-web-'));
  // Without the portal: the same fresh start, the server build alone, then the built server.
  rmSync(join(ROOT, 'dist'), { recursive: true, force: true });
  const without = await (async () => {
    const started = performance.now();
    execFileSync(process.execPath, ['-e', "process.exitCode = require('./scripts/build.js').buildServer() ? 0 : 1"], { cwd: ROOT, stdio: 'inherit' });
    const server = await startServer(process.execPath, ['dist/apps/api/src/main.js'], dataDir());
    await server.stop();
    return performance.now() - started;
  })();
  rmSync(join(ROOT, 'dist'), { recursive: true, force: true });
  const fresh = await startServer(process.execPath, ['scripts/start.js'], dataDir());
  await fresh.stop();
  const stampBefore = statSync(STAMP).mtimeMs;
  const indexBefore = statSync(WEB_INDEX).mtimeMs;
  return { without, withPortal: fresh.ms, stampBefore, indexBefore, dataDir };
}

async function browserFigures(baseUrl) {
  const { chromium } = require('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-default-apps', '--disable-sync', '--no-first-run', '--disable-domain-reliability', '--disable-features=Translate,OptimizationHints,MediaRouter'] });
  try {
    const context = await browser.newContext({ locale: 'en-GB' });
    const offMachine = [];
    let requests = 0;
    await context.route('**/*', (route) => {
      requests += 1;
      const url = new URL(route.request().url());
      if (url.hostname === '127.0.0.1' || url.protocol === 'data:') return route.continue();
      offMachine.push(url.href);
      return route.abort();
    });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Network.emulateNetworkConditions', NETWORK);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
    // Bytes on the wire (encodedDataLength: compressed, with headers) of every script the page loads.
    const scripts = new Map();
    cdp.on('Network.responseReceived', (event) => event.type === 'Script' && scripts.set(event.requestId, 0));
    cdp.on('Network.loadingFinished', (event) => scripts.has(event.requestId) && scripts.set(event.requestId, event.encodedDataLength));

    await page.goto(`${baseUrl}/`, { waitUntil: 'load' });
    const fcp = await page.evaluate(`new Promise((done) => {
      const entry = performance.getEntriesByName('first-contentful-paint')[0];
      if (entry) return done(entry.startTime);
      new PerformanceObserver((list) => done(list.getEntriesByName('first-contentful-paint')[0].startTime)).observe({ type: 'paint', buffered: true });
    })`);
    await page.locator('.result-list[data-query=""] .result').first().waitFor({ timeout: 30_000 });
    const scriptBytes = [...scripts.values()].reduce((sum, bytes) => sum + bytes, 0);

    // Typed as a person types (120 ms between keys, throttled as above); timed from the last key to the
    // list showing that query's results.
    const box = page.getByLabel('Search case studies');
    const afterKeystroke = [];
    for (const query of QUERIES) {
      await box.fill('');
      await page.locator(".result-list[data-query=\"\"]").waitFor({ state: "attached" });
      await box.pressSequentially(query, { delay: 120 });
      const lastKey = performance.now();
      await page.locator(`.result-list[data-query=${JSON.stringify(query)}]`).waitFor({ state: "attached", timeout: 30_000 });
      afterKeystroke.push(performance.now() - lastKey);
    }
    await context.close();
    return { fcp, scriptBytes, afterKeystroke, offMachine, requests };
  } finally {
    await browser.close();
  }
}

async function main() {
  if (!existsSync(CHROMIUM)) {
    console.error(`bench:web needs Chromium at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH)`);
    process.exit(2);
  }
  const times = await startTimes();
  const dataDir = times.dataDir();
  execFileSync(process.execPath, ['dist/apps/cli/src/main.js', 'demo'], { cwd: ROOT, env: { ...process.env, DATA_DIR: dataDir, SCE_DEMO_PASSWORD: DEMO_PASSWORD }, stdio: 'ignore' });
  // A restart with unchanged sources: `npm start` again, on the demo data this time.
  const restart = await startServer(process.execPath, ['scripts/start.js'], dataDir);
  const rebuilt = statSync(STAMP).mtimeMs !== times.stampBefore || statSync(WEB_INDEX).mtimeMs !== times.indexBefore;
  try {
    const figures = await browserFigures(restart.baseUrl);
    const sorted = [...figures.afterKeystroke].sort((a, b) => a - b);
    budget('search page first contentful paint (throttled, cold cache)', figures.fcp, 2000, 'ms');
    budget(`results after the last keystroke (worst of ${sorted.length} queries; median ${Math.round(sorted[Math.floor(sorted.length / 2)])} ms)`, sorted[sorted.length - 1], 1000, 'ms');
    budget('search page JavaScript, gzipped as sent', figures.scriptBytes / 1024, 150, 'KB');
    budget(`requests leaving the machine (of ${figures.requests})`, figures.offMachine.length, 0, '');
  } finally {
    await restart.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  budget(`fresh npm start with the portal vs without (${(times.withPortal / 1000).toFixed(1)} s vs ${(times.without / 1000).toFixed(1)} s), extra`, (times.withPortal - times.without) / 1000, 30, 's');
  budget(`restart with unchanged sources rebuilds (${(restart.ms / 1000).toFixed(1)} s to healthy)`, rebuilt ? 1 : 0, 0, 'builds');

  const width = Math.max(...budgets.map((b) => b.name.length));
  console.log('\nbench:web budgets (issue 11)');
  for (const b of budgets) {
    const value = Number.isInteger(b.measured) ? String(b.measured) : b.measured.toFixed(b.unit === 'ms' ? 0 : 1);
    console.log(`${b.pass ? 'PASS' : 'MISS'}  ${b.name.padEnd(width)}  ${`${value} ${b.unit}`.trim().padStart(10)}  (budget ${b.unit === 'builds' || b.unit === '' ? '' : '<= '}${b.limit} ${b.unit})`.replace('(budget 0 )', '(budget 0)'));
  }
  // --strict (CI may pass it) turns a missed budget into a failing exit code.
  if (process.argv.includes('--strict') && budgets.some((b) => !b.pass)) process.exitCode = 1;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
