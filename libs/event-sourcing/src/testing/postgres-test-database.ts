import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { PostgresEventStore, type PostgresEventStoreOptions } from '../adapters/postgres/postgres-event-store';

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

/**
 * For specs about several processes on one log: `open()` connects another store (its own pool, so to
 * PostgreSQL a separate process) to one fresh schema; all are closed and the schema dropped after the file.
 */
export function storesOnOneSchema(prefix: string, options: Partial<PostgresEventStoreOptions> = {}): (() => Promise<PostgresEventStore>) & { schema: string } {
  const schema = uniqueSchemaName(prefix);
  const stores: PostgresEventStore[] = [];
  afterAll(async () => {
    await Promise.all(stores.map((store) => store.close()));
    await dropSchema(schema);
  });
  const open = async () => {
    const store = await PostgresEventStore.create({ ...options, connectionString: postgresTestUrl()!, schema });
    stores.push(store);
    return store;
  };
  return Object.assign(open, { schema });
}
