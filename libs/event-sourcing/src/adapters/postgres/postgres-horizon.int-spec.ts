import { Client } from 'pg';
import type { RecordedEvent } from '../../event';
import { WrongExpectedRevisionError } from '../../errors';
import { anEvent, waitUntil } from '../../testing/event-store-contract';
import { postgresTestUrl, storesOnOneSchema } from '../../testing/postgres-test-database';

// Positions are (transaction id, ordinal) and readers stop at the oldest open transaction: these specs
// show what that means when a transaction stays open, and when separate processes race on one stream.
describe('PostgreSQL read horizon and cross-process races', () => {
  // An idle re-check far beyond the test's waits: delivery must not depend on it.
  const open = storesOnOneSchema('horizon', { idleRecheckMs: 60_000 });

  it('holds back events committed after an older transaction that is still open, and delivers them soon after it ends', async () => {
    const [writer, reader] = [await open(), await open()];
    const received: RecordedEvent[] = [];
    const subscription = reader.subscribeToAll({ after: await reader.headPosition() }, async (batch) => void received.push(...batch));
    const before = await reader.headPosition();

    // Any transaction holding a transaction id will do: here one that is not an append at all.
    const older = new Client({ connectionString: postgresTestUrl() });
    await older.connect();
    await older.query('BEGIN');
    await older.query('SELECT pg_current_xact_id()');
    try {
      const appended = await writer.appendToStream('held-back', [anEvent('Later')], { expectedRevision: 'no_stream' });
      expect(await writer.readStream('held-back')).toHaveLength(1); // the stream itself is readable at once
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(received).toEqual([]);
      expect(await reader.readAll({ after: before })).toEqual([]);
      expect(await reader.headPosition()).toBe(appended.lastPosition); // stored, not yet readable

      await older.query('COMMIT');
      const ended = Date.now();
      await waitUntil(() => received.length === 1, 5000);
      expect(Date.now() - ended).toBeLessThan(1000);
      expect(received[0].globalPosition).toBe(appended.lastPosition);
    } finally {
      await older.end();
      await subscription.stop();
    }
  });

  it('never skips an append that commits late with a lower position: it is delivered first, then the later one', async () => {
    const [writer, reader] = [await open(), await open()];
    const received: RecordedEvent[] = [];
    const subscription = reader.subscribeToAll({ after: await reader.headPosition() }, async (batch) => void received.push(...batch));
    // An append made by hand inside a transaction left open: its position is taken, its commit comes last.
    const late = new Client({ connectionString: postgresTestUrl() });
    await late.connect();
    try {
      await late.query('BEGIN');
      const event = anEvent('Early');
      const { rows } = await late.query<{ first_position: string }>(
        `SELECT * FROM "${open.schema}".append_batch($1, $2, $3, $4, $5, $6, $7::jsonb[], $8::jsonb[], false)`,
        [['late-stream'], ['no_stream'], [1], [event.id], [event.type], [1], [JSON.stringify(event.data)], [JSON.stringify(event.metadata)]],
      );
      const earlyPosition = Number(rows[0].first_position);
      const later = await writer.appendToStream('on-time', [anEvent('Later')], { expectedRevision: 'no_stream' });
      expect(later.lastPosition).toBeGreaterThan(earlyPosition);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(received).toEqual([]); // 'Later' is committed, but delivering it now would skip 'Early' for good

      await late.query('COMMIT');
      await waitUntil(() => received.length === 2, 5000);
      expect(received.map((e) => [e.type, e.globalPosition])).toEqual([
        ['Early', earlyPosition],
        ['Later', later.lastPosition],
      ]);
    } finally {
      await late.end();
      await subscription.stop();
    }
  });

  it('wakes a subscription for an append another process makes the moment it subscribes (no lost wake-up)', async () => {
    const writer = await open();
    for (let round = 0; round < 5; round++) {
      const reader = await open(); // a new process each time: its LISTEN is not up yet
      const received: RecordedEvent[] = [];
      const subscription = reader.subscribeToAll({ after: await reader.headPosition() }, async (batch) => void received.push(...batch));
      await writer.appendToStream(`at-once-${round}`, [anEvent('Now')], { expectedRevision: 'no_stream' });
      await waitUntil(() => received.length === 1, 3000);
      await subscription.stop();
    }
  });

  it('lets exactly one of two processes win a race on an exact revision; the other gets a conflict, never a raw database error', async () => {
    const [a, b] = [await open(), await open()];
    for (let round = 0; round < 25; round++) {
      const stream = `race-${round}`;
      await a.appendToStream(stream, [anEvent('Created')], { expectedRevision: 'no_stream' });
      const outcomes = await Promise.allSettled([
        a.appendToStream(stream, [anEvent('FromA')], { expectedRevision: 0 }),
        b.appendToStream(stream, [anEvent('FromB')], { expectedRevision: 0 }),
      ]);
      expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
      const loser = outcomes.find((outcome) => outcome.status === 'rejected') as PromiseRejectedResult;
      expect(loser.reason).toBeInstanceOf(WrongExpectedRevisionError);
      expect(await a.readStream(stream)).toHaveLength(2);
    }
  });

  it('stores every append of two processes racing on one stream with any revision, each once, revisions without gaps', async () => {
    const [a, b] = [await open(), await open()];
    await Promise.all(
      [a, b].map(async (store, writer) => {
        for (let i = 0; i < 40; i++) await store.appendToStream('contended', [anEvent('Written', { writer, i })], { expectedRevision: 'any' });
      }),
    );
    const stream = await a.readStream('contended');
    expect(stream).toHaveLength(80);
    expect(stream.map((event) => event.streamRevision)).toEqual(Array.from({ length: 80 }, (_, i) => i));
  });
});
