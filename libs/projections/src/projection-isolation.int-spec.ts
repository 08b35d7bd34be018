import { type EventToAppend } from '@sce/event-sourcing';
import { SqliteEventStore } from '@sce/event-sourcing/adapters/sqlite';
import { anEvent } from '@sce/event-sourcing/testing/event-store-contract';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Column, Entity, PrimaryColumn, Table, type DataSource, type MigrationInterface, type QueryRunner } from 'typeorm';
import type { Projection } from './projection';
import { ProjectionRunner } from './projection-runner';
import type { SinkProjection } from './sink-projection';
import { readModelDrivers, type ReadModelDatabases } from './testing/read-model-databases';

// Non-idempotent on purpose: `applied` counts how often an event reached the table, so a rolled-back
// savepoint that left rows behind, or an event applied twice, shows.
@Entity('label_rows')
class LabelRow {
  @PrimaryColumn({ type: 'varchar' })
  streamId: string;

  @Column({ type: 'varchar' })
  label: string;

  @Column({ type: 'integer' })
  applied: number;
}

@Entity('stream_counts')
class StreamCount {
  @PrimaryColumn({ type: 'varchar' })
  streamId: string;

  @Column({ type: 'integer' })
  count: number;
}

// The spec's own tables, made as production makes tables: by a migration.
class CreateSpecTables1764329900000 implements MigrationInterface {
  name = 'CreateSpecTables1764329900000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const text = (name: string, isPrimary = false) => ({ name, type: 'varchar', length: '300', isPrimary });
    await queryRunner.createTable(new Table({ name: 'label_rows', columns: [text('streamId', true), text('label'), { name: 'applied', type: 'integer' }] }), true);
    await queryRunner.createTable(new Table({ name: 'stream_counts', columns: [text('streamId', true), { name: 'count', type: 'integer' }] }), true);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('stream_counts');
    await queryRunner.dropTable('label_rows');
  }
}

// Every event, whatever its content: the innocent bystander.
const counting: Projection = {
  name: 'stream-counts',
  handles: ['Labelled'],
  entities: [StreamCount],
  async apply(events, manager) {
    for (const event of events) {
      const row = await manager.findOneBy(StreamCount, { streamId: event.streamId });
      await manager.save(StreamCount, { streamId: event.streamId, count: (row?.count ?? 0) + 1 });
    }
  },
};

// A null label breaks the NOT NULL column on both databases, as a NUL character breaks PostgreSQL text.
function labelling(state: { acceptNull: boolean; attempts: number[] }): Projection {
  return {
    name: 'labels',
    handles: ['Labelled'],
    entities: [LabelRow],
    async apply(events, manager) {
      for (const event of events) {
        state.attempts.push(event.globalPosition);
        const label = (event.data as { label: string | null }).label ?? (state.acceptNull ? '(none)' : null);
        const row = await manager.findOneBy(LabelRow, { streamId: event.streamId });
        await manager.save(LabelRow, { streamId: event.streamId, label: label as string, applied: (row?.applied ?? 0) + 1 });
      }
    },
  };
}

describe.each(readModelDrivers())('Projections on %s read models are independent', (_driver, databases) => {
  let dir: string;
  let store: SqliteEventStore;
  let readModels: ReadModelDatabases;
  let db: DataSource;
  let runner: ProjectionRunner;
  let state: { acceptNull: boolean; attempts: number[] };

  const label = async (streamId: string, value: string | null) =>
    (await store.appendToStream(streamId, [anEvent('Labelled', { label: value }) as EventToAppend], { expectedRevision: 'any' })).lastPosition;
  const rows = async () => Object.fromEntries((await db.getRepository(LabelRow).find()).map((row) => [row.streamId, [row.label, row.applied]]));
  const counts = async () => Object.fromEntries((await db.getRepository(StreamCount).find()).map((row) => [row.streamId, row.count]));

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sce-isolation-'));
    store = new SqliteEventStore({ fileName: join(dir, 'log.sqlite'), pollIntervalMs: 20 });
    readModels = databases();
    db = await readModels.open([LabelRow, StreamCount], [CreateSpecTables1764329900000]);
    state = { acceptNull: false, attempts: [] };
    runner = new ProjectionRunner(store, db, [counting, labelling(state)], { batchSize: 50, retryDelayMs: 10, attemptDelayMs: 5, maxAttempts: 3 });
  });
  afterEach(async () => {
    await runner.stop();
    await store.close();
    await readModels.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  // One batch: good events on either side of the poison one.
  const appendAroundPoison = async () => {
    for (const name of ['a', 'b', 'c']) await label(name, name.toUpperCase());
    const poison = await label('poison', null);
    for (const name of ['d', 'e']) await label(name, name.toUpperCase());
    return poison;
  };

  it('rolls back a failing projection alone, parks the poison event after a bounded number of attempts, and goes on', async () => {
    const poison = await appendAroundPoison();
    await runner.start();

    expect(await runner.waitFor(await store.headPosition(), 10000)).toBe(true);
    expect(await counts()).toEqual({ a: 1, b: 1, c: 1, poison: 1, d: 1, e: 1 });
    // Rows written before the poison event in the failed batch were rolled back with it: each applied once.
    expect(await rows()).toEqual({ a: ['A', 1], b: ['B', 1], c: ['C', 1], d: ['D', 1], e: ['E', 1] });
    // Once in the shared batch, then three times alone.
    expect(state.attempts.filter((position) => position === poison)).toHaveLength(4);
    expect(await runner.parked()).toEqual([
      expect.objectContaining({ projection: 'labels', position: poison, streamId: 'poison', revision: 0, eventType: 'Labelled', attempts: 3, error: expect.stringMatching(/null/i) }),
    ]);
    expect((await runner.status()).parked).toEqual({ 'stream-counts': 0, labels: 1 });
    expect(runner.checkpoints()).toEqual({ 'stream-counts': await store.headPosition(), labels: await store.headPosition() });

    // Live events after the parked one flow again, in the shared batches.
    const later = await label('f', 'F');
    expect(await runner.waitFor(later, 5000, ['labels'])).toBe(true);
    expect(await rows()).toMatchObject({ f: ['F', 1] });
  });

  it('keeps the other projections and their waiters going while one retries', async () => {
    await runner.stop();
    runner = new ProjectionRunner(store, db, [counting, labelling(state)], { batchSize: 50, retryDelayMs: 10, attemptDelayMs: 400, maxAttempts: 3 });
    await runner.start();
    const poison = await label('poison', null);
    expect(await runner.waitFor(poison, 5000, ['stream-counts'])).toBe(true);
    // The labels projection is still between its attempts (400 ms, then 800 ms) when the counts are there.
    expect(await runner.waitFor(poison, 100, ['labels'])).toBe(false);
    expect(await runner.waitFor(poison, 10000, ['labels'])).toBe(true);
    expect(await runner.parked()).toHaveLength(1);
  });

  it('keeps the SQL projections going while a sink fails or hangs', async () => {
    await runner.stop();
    let healthy = false;
    const documents: number[] = [];
    const sink: SinkProjection = {
      name: 'search',
      handles: ['Labelled'],
      timeoutMs: 50,
      async deliver(events, signal) {
        if (!healthy) {
          await new Promise((resolve) => signal.addEventListener('abort', resolve));
          throw new Error('search engine not answering');
        }
        documents.push(...events.map((event) => event.globalPosition));
      },
    };
    runner = new ProjectionRunner(store, db, [counting, labelling(state)], { batchSize: 50, retryDelayMs: 10, maxSinkBackoffMs: 50, sinks: [sink] });
    await runner.start();
    const last = await label('a', 'A');
    expect(await runner.waitFor(last, 5000)).toBe(true);
    expect(await counts()).toEqual({ a: 1 });
    expect(await runner.waitFor(last, 200, ['search'])).toBe(false);
    healthy = true;
    expect(await runner.waitFor(last, 5000, ['search'])).toBe(true);
    expect(documents).toEqual([last]);
  });

  it('retries parked events on demand, removing those that now succeed', async () => {
    const poison = await appendAroundPoison();
    await runner.start();
    expect(await runner.waitFor(await store.headPosition(), 10000)).toBe(true);

    const failing = await runner.retryParked('labels');
    expect(failing.applied).toEqual([]);
    expect(failing.stillParked).toEqual([expect.objectContaining({ position: poison, attempts: 4 })]);
    expect(await runner.parked()).toEqual([expect.objectContaining({ position: poison, attempts: 4 })]);

    state.acceptNull = true;
    const fixed = await runner.retryParked('labels', poison);
    expect(fixed.applied).toEqual([expect.objectContaining({ projection: 'labels', position: poison })]);
    expect(await runner.parked()).toEqual([]);
    expect(await rows()).toMatchObject({ poison: ['(none)', 1], a: ['A', 1] });
    await expect(runner.retryParked('nope')).rejects.toThrow(/Unknown projection 'nope'/);
  });

  it('rebuilds beside the live tables exactly once while events arrive, and carries the parked events over', async () => {
    await appendAroundPoison();
    await runner.start();
    expect(await runner.waitFor(await store.headPosition(), 10000)).toBe(true);

    const live: Array<Promise<number>> = [];
    await runner.rebuildBesideLive('labels', () => {
      live.push(label(`live-${live.length}`, 'L'));
    });
    await Promise.all(live);
    expect(await runner.waitFor(await store.headPosition(), 10000)).toBe(true);
    const expected: Record<string, [string, number]> = { a: ['A', 1], b: ['B', 1], c: ['C', 1], d: ['D', 1], e: ['E', 1] };
    for (let i = 0; i < live.length; i++) expected[`live-${i}`] = ['L', 1];
    expect(await rows()).toEqual(expected);
    expect(await runner.parked()).toEqual([expect.objectContaining({ projection: 'labels', streamId: 'poison', attempts: 3 })]);

    state.acceptNull = true;
    await runner.rebuildBesideLive('labels');
    expect(await runner.parked()).toEqual([]);
    expect(await rows()).toMatchObject({ poison: ['(none)', 1], a: ['A', 1] });
  });

  it('does not retry a parked event after a restart, and a rebuild replays it', async () => {
    await appendAroundPoison();
    await runner.start();
    expect(await runner.waitFor(await store.headPosition(), 10000)).toBe(true);
    await runner.stop();

    const before = state.attempts.length;
    runner = new ProjectionRunner(store, db, [counting, labelling(state)], { batchSize: 50, retryDelayMs: 10, attemptDelayMs: 5, maxAttempts: 3 });
    await runner.start();
    const later = await label('f', 'F');
    expect(await runner.waitFor(later, 5000)).toBe(true);
    expect(state.attempts.slice(before)).toEqual([later]);

    // A rebuild starts over, parked events included; fixed meanwhile, the poison event now goes in.
    state.acceptNull = true;
    await runner.rebuild('labels');
    expect(await runner.parked()).toEqual([]);
    expect(await rows()).toEqual({ a: ['A', 1], b: ['B', 1], c: ['C', 1], poison: ['(none)', 1], d: ['D', 1], e: ['E', 1], f: ['F', 1] });
  });
});

// On SQLite one writer serves every projection, so a slow one's transaction holds the others whatever the
// runner does; on PostgreSQL its own loop has a connection of its own.
const postgresOnly = readModelDrivers().filter(([driver]) => driver === 'PostgreSQL');
if (postgresOnly.length) {
  describe.each(postgresOnly)('A slow projection on %s read models', (_driver, databases) => {
    let dir: string;
    let store: SqliteEventStore;
    let readModels: ReadModelDatabases;
    let runner: ProjectionRunner;

    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'sce-slow-'));
      store = new SqliteEventStore({ fileName: join(dir, 'log.sqlite'), pollIntervalMs: 20 });
      readModels = databases();
    });
    afterEach(async () => {
      await runner.stop();
      await store.close();
      await readModels.dispose();
      rmSync(dir, { recursive: true, force: true });
    });

    it('leaves the shared batches once found slow, and no longer holds the others', async () => {
      const db = await readModels.open([StreamCount], [CreateSpecTables1764329900000]);
      let release: () => void = () => undefined;
      const blocked = new Promise<void>((resolve) => (release = resolve));
      let calls = 0;
      const slow: Projection = {
        name: 'slow',
        handles: ['Labelled'],
        entities: [],
        async apply(events) {
          if (events.length === 0) return;
          // Slower than slowBatchMs once, in the shared batch; then stuck until released, on its own.
          if (calls++ === 0) await new Promise((resolve) => setTimeout(resolve, 100));
          else await blocked;
        },
      };
      runner = new ProjectionRunner(store, db, [counting, slow], { batchSize: 50, retryDelayMs: 10, slowBatchMs: 50 });
      await runner.start();
      const append = async (streamId: string) => (await store.appendToStream(streamId, [anEvent('Labelled', { label: streamId }) as EventToAppend], { expectedRevision: 'any' })).lastPosition;

      const first = await append('a');
      expect(await runner.waitFor(first, 5000)).toBe(true);
      const second = await append('b');
      expect(await runner.waitFor(second, 5000, ['stream-counts'])).toBe(true);
      const third = await append('c');
      expect(await runner.waitFor(third, 5000, ['stream-counts'])).toBe(true);
      expect(runner.checkpoints()).toEqual({ 'stream-counts': third, slow: first });

      release();
      expect(await runner.waitFor(third, 5000)).toBe(true);
    });
  });
}
