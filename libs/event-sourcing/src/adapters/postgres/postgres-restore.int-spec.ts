import { execFileSync } from 'node:child_process';
import { Client } from 'pg';
import { anEvent, waitUntil } from '../../testing/event-store-contract';
import { postgresTestUrl, uniqueSchemaName } from '../../testing/postgres-test-database';
import { PostgresEventStore } from './postgres-event-store';
import { MAX_TRANSACTION_ID, POSITIONS_PER_TRANSACTION } from './postgres-schema';

// Positions come from transaction ids. A logical dump restored into another cluster meets lower ones; a
// fresh database of this cluster does not, so the source log is first moved far ahead, as if it had been
// written by a cluster a million transactions older than this one.
const AHEAD = 1_000_000 * POSITIONS_PER_TRANSACTION;

async function admin<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

describe('PostgreSQL log restored from a dump into a cluster with lower transaction ids', () => {
  const schema = uniqueSchemaName('restore');
  const sourceUrl = postgresTestUrl()!;
  const database = `sce_restore_${schema}`;
  const targetUrl = Object.assign(new URL(sourceUrl), { pathname: `/${database}` }).toString();
  const stores: PostgresEventStore[] = [];
  const open = async (connectionString: string) => {
    const store = await PostgresEventStore.create({ connectionString, schema });
    stores.push(store);
    return store;
  };
  afterAll(async () => {
    await Promise.all(stores.map((store) => store.close()));
    await admin(sourceUrl, async (client) => {
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await client.query(`DROP DATABASE IF EXISTS "${database}"`);
    });
  });

  it('gives new events positions above every restored one, so a checkpoint skips nothing', async () => {
    const source = await open(sourceUrl);
    await source.appendToStream('before', [anEvent('One'), anEvent('Two')], { expectedRevision: 'no_stream' });
    await source.close();
    await admin(sourceUrl, (client) => client.query(`UPDATE "${schema}".events SET global_position = global_position + ${AHEAD}`));
    await admin(sourceUrl, (client) => client.query(`CREATE DATABASE "${database}"`));
    const dump = execFileSync('pg_dump', ['--dbname', sourceUrl, '--schema', schema, '--no-owner'], { maxBuffer: 64 * 1024 * 1024 });
    execFileSync('psql', ['--dbname', targetUrl, '--quiet', '--set', 'ON_ERROR_STOP=1'], { input: dump, stdio: ['pipe', 'ignore', 'pipe'] });

    const restored = await open(targetUrl);
    const log = await restored.readAll();
    expect(log.map((event) => event.type)).toEqual(['One', 'Two']);
    const checkpoint = log[1].globalPosition; // a projection had read everything before the move
    expect((await restored.positionHeadroom()).transactionIdOffset).toBeGreaterThan(0);

    const appended = await restored.appendToStream('after', [anEvent('Three')], { expectedRevision: 'no_stream' });
    expect(appended.firstPosition).toBeGreaterThan(checkpoint);
    let next: string[] = [];
    await waitUntil(async () => (next = (await restored.readAll({ after: checkpoint })).map((event) => event.type)).length > 0);
    expect(next).toEqual(['Three']);
    await expect(restored.appendToStream('before', [anEvent('Four')], { expectedRevision: 1 })).resolves.toMatchObject({ nextExpectedRevision: 2 });

    // A second start changes nothing: the offset is kept, and positions keep growing from it.
    const offset = (await restored.positionHeadroom()).transactionIdOffset;
    const again = await open(targetUrl);
    const headroom = await again.positionHeadroom();
    expect(headroom).toMatchObject({ transactionIdOffset: offset, aboveHead: true });
    expect(headroom.transactionsLeft).toBe(MAX_TRANSACTION_ID - headroom.nextTransactionId - offset);
    const later = await again.appendToStream('after', [anEvent('Five')], { expectedRevision: 0 });
    expect(later.firstPosition).toBeGreaterThan(await restored.readStream('before').then((events) => events[2].globalPosition));
  });

  it('refuses to start when a restored log leaves no position space, and says why', async () => {
    const full = uniqueSchemaName('full');
    const store = await PostgresEventStore.create({ connectionString: sourceUrl, schema: full });
    await store.appendToStream('s-1', [anEvent()], { expectedRevision: 'no_stream' });
    await store.close();
    try {
      await admin(sourceUrl, (client) => client.query(`UPDATE "${full}".events SET global_position = ${(MAX_TRANSACTION_ID - 1) * POSITIONS_PER_TRANSACTION + 1}`));
      await expect(PostgresEventStore.create({ connectionString: sourceUrl, schema: full })).rejects.toThrow(/no position space left/);
    } finally {
      await admin(sourceUrl, (client) => client.query(`DROP SCHEMA "${full}" CASCADE`));
    }
  });
});
