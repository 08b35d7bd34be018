import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/**
 * The database test/test-servers.js prepared, or undefined when PostgreSQL is not reachable (then the
 * PostgreSQL-only files are left out of the run and mixed suites register only their SQLite profile).
 */
export const postgresTestUrl = (): string | undefined => process.env.SCE_TEST_POSTGRES_URL || undefined;

export const uniqueSchemaName = (prefix = 'test') => `${prefix}_${randomBytes(5).toString('hex')}`;

export async function dropSchema(schema: string): Promise<void> {
  const client = new Client({ connectionString: postgresTestUrl() });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}
