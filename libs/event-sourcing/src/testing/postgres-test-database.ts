import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** The database test/global-setup.ts prepared, or undefined when PostgreSQL is not reachable. */
export const postgresTestUrl = (): string | undefined => process.env.SCE_TEST_POSTGRES_URL || undefined;

/** describe for suites that need PostgreSQL: skipped, and saying why, when there is none. */
export const describeWithPostgres = (name: string, body: () => void) =>
  postgresTestUrl() ? describe(name, body) : describe.skip(`${name} (skipped: PostgreSQL not reachable)`, body);

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
