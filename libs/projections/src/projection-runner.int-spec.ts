import { WriteGate, type EventToAppend } from '@sce/event-sourcing';
import { SqliteEventStore } from '@sce/event-sourcing/adapters/sqlite';
import { anEvent, waitUntil } from '@sce/event-sourcing/testing/event-store-contract';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Column, DataSource, Entity, PrimaryColumn } from 'typeorm';
import type { Projection } from './projection';
import { ProjectionCheckpointEntity } from './projection-checkpoint.entity';
import { ProjectionParkedEventEntity } from './projection-parked-event.entity';
import { ProjectionRunner } from './projection-runner';

// A deliberately non-idempotent read model: one counter per stream, incremented per event. Applying an
// event twice, or skipping one, shows in the totals.
@Entity('event_counts')
class EventCount {
  @PrimaryColumn({ type: 'varchar' })
  streamId: string;

  @Column({ type: 'integer' })
  count: number;
}

const counting: Projection = {
  name: 'event-counts',
  handles: ['Ticked'],
  entities: [EventCount],
  async apply(events, manager) {
    for (const event of events) {
      const row = await manager.findOneBy(EventCount, { streamId: event.streamId });
      await manager.save(EventCount, { streamId: event.streamId, count: (row?.count ?? 0) + 1 });
    }
  },
};

describe('ProjectionRunner: exactly once', () => {
  let dir: string;
  let store: SqliteEventStore;
  const dataSources: DataSource[] = [];
  const runners: ProjectionRunner[] = [];

  // Each "process" gets its own connections; only the gate is shared, as it is within one process.
  const open = async () => {
    const db = new DataSource({ type: 'better-sqlite3', database: join(dir, 'db.sqlite'), entities: [EventCount, ProjectionCheckpointEntity, ProjectionParkedEventEntity], synchronize: true, enableWAL: true, timeout: 5000 });
    await db.initialize();
    dataSources.push(db);
    return db;
  };
  const total = async (db: DataSource) => (await db.getRepository(EventCount).find()).reduce((sum, row) => sum + row.count, 0);
  const append = async (count: number) => {
    for (let i = 0; i < count; i++) await store.appendToStream(`s-${i % 7}`, [anEvent('Ticked', { i }) as EventToAppend], { expectedRevision: 'any' });
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sce-runner-'));
  });
  afterEach(async () => {
    for (const runner of runners.splice(0)) await runner.stop();
    await store.close();
    for (const db of dataSources.splice(0)) await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('applies every event once with two runners on the same read model (a zombie leader and a new one)', async () => {
    const gate = new WriteGate();
    store = new SqliteEventStore({ fileName: join(dir, 'db.sqlite'), writeGate: gate, pollIntervalMs: 20 });
    const [a, b] = [new ProjectionRunner(store, await open(), [counting], { gate, batchSize: 17, retryDelayMs: 10 }), new ProjectionRunner(store, await open(), [counting], { gate, batchSize: 5, retryDelayMs: 10 })];
    runners.push(a, b);
    await Promise.all([a.start(), b.start()]);
    await append(300);
    await waitUntil(async () => (await a.status()).caughtUpTo >= 300 && (await b.status()).caughtUpTo >= 300, 20000);
    expect(await total(dataSources[0])).toBe(300);
  });

  it.each([
    ['another runner (the CLI)', false],
    ['the live runner itself', true],
  ])('applies every event once when a rebuild by %s races the live subscription', async (_, sameRunner) => {
    const gate = new WriteGate();
    store = new SqliteEventStore({ fileName: join(dir, 'db.sqlite'), writeGate: gate, pollIntervalMs: 20 });
    const live = new ProjectionRunner(store, await open(), [counting], { gate, batchSize: 13, retryDelayMs: 10 });
    runners.push(live);
    await live.start();
    await append(150);
    await live.waitFor(150, 10000);
    const rebuilder = sameRunner ? live : new ProjectionRunner(store, dataSources[0], [counting], { gate, batchSize: 11 });
    await Promise.all([rebuilder.rebuild('event-counts'), append(150)]);
    await waitUntil(async () => (await live.status()).caughtUpTo >= 300, 20000);
    await waitUntil(async () => (await total(dataSources[0])) >= 300, 20000);
    expect(await total(dataSources[0])).toBe(300);
  });
  it('a projection catching up that first reads nothing, while the shared batches are past it, still reaches them with no further writes', async () => {
    const gate = new WriteGate();
    store = new SqliteEventStore({ fileName: join(dir, 'db.sqlite'), writeGate: gate, pollIntervalMs: 20 });
    const first = new ProjectionRunner(store, await open(), [counting], { gate, batchSize: 10, retryDelayMs: 10 });
    await first.start();
    await append(20);
    expect(await first.waitFor(20, 10000)).toBe(true);
    await first.stop();

    // A projection added later starts at 0 while the shared batches start at 20. Its first read comes back
    // empty, as a PostgreSQL read does while an older transaction in the cluster is still open.
    let hidden = false;
    const laggingStore = new Proxy(store, {
      get(target, key) {
        if (key === 'readAll') {
          return async (options: Parameters<SqliteEventStore['readAll']>[0]) => {
            if (!hidden && (options?.after ?? 0) < 20) {
              hidden = true;
              return [];
            }
            return target.readAll(options);
          };
        }
        const value = Reflect.get(target, key, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const seen: number[] = [];
    const late: Projection = { name: 'late-projection', handles: ['Ticked'], entities: [], apply: async (events) => void seen.push(...events.map((e) => e.globalPosition)) };
    const second = new ProjectionRunner(laggingStore, dataSources[0], [counting, late], { gate, batchSize: 10, retryDelayMs: 10 });
    runners.push(second);
    await second.start();
    expect(await second.waitFor(20, 5000, ['late-projection'])).toBe(true);
    expect(hidden).toBe(true);
    expect(seen).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it("commits projected rows without a disk flush and gives the connection back at its own durability for everything else", async () => {
    const gate = new WriteGate();
    store = new SqliteEventStore({ fileName: join(dir, 'db.sqlite'), writeGate: gate, pollIntervalMs: 20 });
    const db = await open();
    await db.query('PRAGMA synchronous = FULL');
    const levels: number[] = [];
    // What the connection's synchronous level is while the projection writes its rows.
    const observing: Projection = { ...counting, apply: async (events, manager) => {
      levels.push(Number((await manager.query('PRAGMA synchronous'))[0].synchronous));
      await counting.apply(events, manager);
    } };
    const runner = new ProjectionRunner(store, db, [observing], { gate, batchSize: 10, retryDelayMs: 10 });
    runners.push(runner);
    await runner.start();
    await append(25);
    expect(await runner.waitFor(25, 10000)).toBe(true);
    expect(await total(db)).toBe(25);
    expect(new Set(levels)).toEqual(new Set([1])); // NORMAL: the log replays what a power cut would lose
    expect(Number((await db.query('PRAGMA synchronous'))[0].synchronous)).toBe(2); // FULL again for other writes
  });
});
