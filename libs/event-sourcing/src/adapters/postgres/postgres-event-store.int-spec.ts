import { Client } from 'pg';
import { anEvent, testEventStoreContract } from '../../testing/event-store-contract';
import { dropSchema, postgresTestUrl, uniqueSchemaName } from '../../testing/postgres-test-database';
import { PostgresEventStore } from './postgres-event-store';

describe('PostgresEventStore', () => {
  let schema: string;
  testEventStoreContract('postgres', {
    create: () => {
      schema = uniqueSchemaName('contract');
      return PostgresEventStore.create({ connectionString: postgresTestUrl()!, schema, idleRecheckMs: 5000 });
    },
    destroy: () => dropSchema(schema),
  });
});

describe('PostgresEventStore when the server drops its connections', () => {
  const schema = uniqueSchemaName('dropped');
  let store: PostgresEventStore;
  beforeAll(async () => {
    store = await PostgresEventStore.create({ connectionString: postgresTestUrl()!, schema });
  });
  afterAll(async () => {
    await store.close();
    await dropSchema(schema);
  });

  it('keeps the process alive and appends again on a new connection', async () => {
    await store.appendToStream('before', [anEvent('Before')], { expectedRevision: 'no_stream' });
    const admin = new Client({ connectionString: postgresTestUrl() });
    await admin.connect();
    const { rows } = await admin.query(
      `SELECT pg_terminate_backend(pid) AS terminated FROM pg_stat_activity WHERE query LIKE $1 AND pid <> pg_backend_pid()`,
      [`%"${schema}".append_batch%`],
    );
    await admin.end();
    expect(rows.length).toBeGreaterThan(0); // the connection kept for appends was there, and is gone
    await new Promise((resolve) => setTimeout(resolve, 100));
    const after = await store.appendToStream('after', [anEvent('After')], { expectedRevision: 'no_stream' });
    expect(after.nextExpectedRevision).toBe(0);
    expect(await store.readStream('after')).toHaveLength(1);
  });
});
