import { Client } from 'pg';
import { anEvent } from '../../testing/event-store-contract';
import { dropSchema, postgresTestUrl, uniqueSchemaName } from '../../testing/postgres-test-database';
import { PostgresEventStore } from './postgres-event-store';

describe('PostgresEventStore opening a log made before snapshots existed', () => {
  const schema = uniqueSchemaName('upgrade');
  afterAll(() => dropSchema(schema));

  it('keeps its events and gains the snapshot table', async () => {
    const older = await PostgresEventStore.create({ connectionString: postgresTestUrl()!, schema });
    await older.appendToStream('s-1', [anEvent('Before')], { expectedRevision: 'no_stream' });
    await older.close();
    // The schema as an earlier release left it: no snapshot table.
    const admin = new Client({ connectionString: postgresTestUrl() });
    await admin.connect();
    await admin.query(`DROP TABLE "${schema}".stream_snapshots`);
    await admin.end();

    const store = await PostgresEventStore.create({ connectionString: postgresTestUrl()!, schema });
    try {
      expect((await store.readStream('s-1')).map((event) => event.type)).toEqual(['Before']);
      await store.writeSnapshot({ streamId: 's-1', streamRevision: 0, schemaVersion: 1, state: '{}' });
      expect(await store.readSnapshot('s-1')).toMatchObject({ streamRevision: 0 });
    } finally {
      await store.close();
    }
  });
});
