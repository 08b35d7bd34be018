import { Client } from 'pg';
import { anEvent, testEventStoreContract, waitUntil } from '../../testing/event-store-contract';
import { testSnapshotStoreContract } from '../../testing/snapshot-store-contract';
import { dropSchema, postgresTestUrl, storesOnOneSchema, uniqueSchemaName } from '../../testing/postgres-test-database';
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
  testSnapshotStoreContract('postgres', {
    create: () => {
      schema = uniqueSchemaName('snapshots');
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
    // At once: whether or not the store has heard of the drop yet, the append must not fail.
    const after = await store.appendToStream('after', [anEvent('After')], { expectedRevision: 'no_stream' });
    expect(after.nextExpectedRevision).toBe(0);
    expect(await store.readStream('after')).toHaveLength(1);
  });

  it('re-sends a batch whose connection is dropped while it runs, and stores it once', async () => {
    const admin = new Client({ connectionString: postgresTestUrl() });
    await admin.connect();
    // The test holds the stream's lock, so the append waits inside the server until its backend is terminated.
    const lock = [`${schema}.events.stream`, 'held'];
    await admin.query('SELECT pg_advisory_lock(hashtext($1), hashtext($2))', lock);
    const append = store.appendToStream('held', [anEvent('Held')], { expectedRevision: 'no_stream' });
    let waiting: number | undefined;
    await waitUntil(async () => {
      const { rows } = await admin.query(`SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE $1`, [`%"${schema}".append_batch%`]);
      waiting = rows[0]?.pid;
      return waiting !== undefined;
    });
    await admin.query('SELECT pg_terminate_backend($1)', [waiting]);
    await admin.query('SELECT pg_advisory_unlock(hashtext($1), hashtext($2))', lock);
    await admin.end();
    await expect(append).resolves.toMatchObject({ nextExpectedRevision: 0 });
    expect(await store.readStream('held')).toHaveLength(1);
  });
});

describe('PostgresEventStore when the database refuses one append of a batch', () => {
  const open = storesOnOneSchema('refused');

  it('fails that append alone, whatever the error', async () => {
    const store = await open();
    // An operator's constraint stands for a refusal the store's own payload check cannot foresee.
    const admin = new Client({ connectionString: postgresTestUrl() });
    await admin.connect();
    await admin.query(`ALTER TABLE "${open.schema}".events ADD CONSTRAINT refused_type CHECK (type <> 'Refused')`);
    await admin.end();
    const outcomes = await Promise.allSettled([
      store.appendToStream('s-1', [anEvent('Fine')], { expectedRevision: 'no_stream' }),
      store.appendToStream('s-2', [anEvent('Refused')], { expectedRevision: 'no_stream' }),
      store.appendToStream('s-3', [anEvent('Fine'), anEvent('Fine')], { expectedRevision: 'no_stream' }),
      store.appendToStream('s-4', [anEvent('Fine')], { expectedRevision: 'no_stream' }),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect((outcomes[1] as PromiseRejectedResult).reason).toMatchObject({ code: '23514' });
    expect(await store.readStream('s-3')).toHaveLength(2);
    expect(await store.readStream('s-2')).toEqual([]);
  });
});
