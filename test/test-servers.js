// Which real servers (and the browser) the test run can use. Suites that need a server that is not there are left out of the
// run (not skipped inside it), and this says so once, at the start. With SCE_REQUIRE_POSTGRES=1 (CI) a
// missing PostgreSQL fails the run instead, and SCE_REQUIRE_CHROMIUM=1 does the same for Chromium.
const { existsSync } = require('node:fs');
const { Client } = require('pg');

// The one place that says which suites cannot run at all without PostgreSQL: files named
// postgres-*.int-spec.ts, and the ones listed here. Every other suite runs its PostgreSQL half only when
// the server is there (describeEachProfile, readModelDrivers). CI runs the whole suite once without it.
const POSTGRES_ONLY = ['postgres-[a-z-]+\\.int-spec', 'failover\\.e2e-spec', 'guideline-subscriptions\\.e2e-spec', 'web-journeys-postgres\\.e2e-spec'];
const KURRENTDB_ONLY = ['kurrentdb-event-store\\.int-spec'];
const MEILISEARCH_ONLY = ['meilisearch-search\\.int-spec'];
// The portal's journeys drive a real Chromium (Debian's package); CI installs it, a laptop may not have it.
const CHROMIUM_ONLY = ['web-journeys(-postgres)?\\.e2e-spec'];
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** The test database's URL (created if missing), or undefined when PostgreSQL is not reachable. */
async function findPostgres() {
  const url = new URL(process.env.POSTGRES_TEST_URL ?? 'postgres://postgres@127.0.0.1:5432/sce_test');
  const maintenance = new URL(url);
  maintenance.pathname = '/postgres';
  const client = new Client({ connectionString: maintenance.toString(), connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    const database = url.pathname.slice(1);
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!rowCount) await client.query(`CREATE DATABASE "${database.replace(/"/g, '')}"`);
    return url.toString();
  } catch (error) {
    if (process.env.SCE_REQUIRE_POSTGRES === '1') throw new Error(`PostgreSQL is required (SCE_REQUIRE_POSTGRES=1) but ${url.host} is not reachable: ${error.message}`);
    console.warn(`[sce] PostgreSQL not reachable at ${url.host} (${error.message}): NOT RUNNING the PostgreSQL suites (event-store contract, ordering, failover) nor the postgres profile of the read-model and e2e suites.`);
    return undefined;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Sets SCE_TEST_POSTGRES_URL for the suites and returns the test files this run must leave out. */
async function testServers() {
  // Jest may load its config more than once per run: probe and report once.
  if (process.env.SCE_TEST_SERVERS_LEFT_OUT !== undefined) return JSON.parse(process.env.SCE_TEST_SERVERS_LEFT_OUT);
  const postgres = await findPostgres();
  process.env.SCE_TEST_POSTGRES_URL = postgres ?? '';
  const leftOut = postgres ? [] : [...POSTGRES_ONLY];
  if (!process.env.KURRENTDB_URL) {
    console.warn('[sce] KURRENTDB_URL not set: NOT RUNNING the KurrentDB event-store contract suite (no KurrentDB server here).');
    leftOut.push(...KURRENTDB_ONLY);
  }
  if (!process.env.MEILISEARCH_URL) {
    console.warn('[sce] MEILISEARCH_URL not set: NOT RUNNING the Meilisearch search contract suite (no Meilisearch server here).');
    leftOut.push(...MEILISEARCH_ONLY);
  }
  if (!existsSync(chromiumPath)) {
    if (process.env.SCE_REQUIRE_CHROMIUM === '1') throw new Error(`Chromium is required (SCE_REQUIRE_CHROMIUM=1) but ${chromiumPath} is missing: apt-get install -y chromium`);
    console.warn(`[sce] ${chromiumPath} not found: NOT RUNNING the portal's browser journeys (apt-get install -y chromium, or set CHROMIUM_PATH).`);
    leftOut.push(...CHROMIUM_ONLY);
  }
  process.env.SCE_TEST_SERVERS_LEFT_OUT = JSON.stringify(leftOut);
  return leftOut;
}

module.exports = { testServers, chromiumPath };
