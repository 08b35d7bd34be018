import { Client } from 'pg';

// Finds the PostgreSQL the server-profile suites use and creates their database. Without one, those suites
// are skipped with a message, unless SCE_REQUIRE_POSTGRES=1 (as in CI), where a missing server fails the run.
export default async function globalSetup(): Promise<void> {
  const url = new URL(process.env.POSTGRES_TEST_URL ?? 'postgres://postgres@127.0.0.1:5432/sce_test');
  const database = url.pathname.slice(1);
  const maintenance = new URL(url);
  maintenance.pathname = '/postgres';
  const client = new Client({ connectionString: maintenance.toString(), connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!rowCount) await client.query(`CREATE DATABASE "${database.replace(/"/g, '')}"`);
    process.env.SCE_TEST_POSTGRES_URL = url.toString();
  } catch (error) {
    if (process.env.SCE_REQUIRE_POSTGRES === '1') throw new Error(`PostgreSQL is required (SCE_REQUIRE_POSTGRES=1) but ${url.host} is not reachable: ${String(error)}`);
    process.env.SCE_TEST_POSTGRES_URL = '';
    console.warn(`\n[sce] PostgreSQL not reachable at ${url.host} (${(error as Error).message}): SKIPPING the PostgreSQL suites (event-store contract on postgres, ordering, failover, e2e on the postgres profile).\n`);
  } finally {
    await client.end().catch(() => undefined);
  }
}
