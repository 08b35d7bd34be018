import { type EventToAppend } from '@sce/event-sourcing';
import { SqliteEventStore } from '@sce/event-sourcing/adapters/sqlite';
import { anEvent } from '@sce/event-sourcing/testing/event-store-contract';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Column, Entity, PrimaryColumn, Table, type DataSource, type MigrationInterface, type QueryRunner } from 'typeorm';
import type { Projection } from './projection';
import { ProjectionCheckpointEntity } from './projection-checkpoint.entity';
import { ProjectionRunner } from './projection-runner';
import type { SinkProjection } from './sink-projection';
import { readModelDrivers, type ReadModelDatabases } from './testing/read-model-databases';

// Non-idempotent on purpose: an event applied twice or skipped shows in the counts.
@Entity('waiter_tick_counts')
class TickCount {
  @PrimaryColumn({ type: 'varchar' })
  streamId: string;

  @Column({ type: 'integer' })
  count: number;
}

class CreateWaiterSpecTables1764329950000 implements MigrationInterface {
  name = 'CreateWaiterSpecTables1764329950000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(new Table({ name: 'waiter_tick_counts', columns: [{ name: 'streamId', type: 'varchar', length: '300', isPrimary: true }, { name: 'count', type: 'integer' }] }), true);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('waiter_tick_counts');
  }
}

const counting: Projection = {
  name: 'ticks',
  handles: ['Ticked'],
  entities: [TickCount],
  async apply(events, manager) {
    for (const event of events) {
      const row = await manager.findOneBy(TickCount, { streamId: event.streamId });
      await manager.save(TickCount, { streamId: event.streamId, count: (row?.count ?? 0) + 1 });
    }
  },
};

// Added after the others were already at the head, and failing on one event: it catches up on its own and parks that event.
const fragile: Projection = {
  name: 'fragile',
  handles: ['Ticked'],
  entities: [],
  async apply(events) {
    if (events.some((event) => (event.data as { i: number }).i === 2)) throw new Error('cannot take tick 2');
  },
};

/**
 * How long a waiter took to resolve, timed from just before it is made: the clock must start before the call,
 * whose synchronous start (a first read of the checkpoints) can take a while on a loaded machine and would
 * otherwise be missing from the time measured (192 ms measured for a 300 ms timeout, on CI).
 */
async function timed<T>(wait: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const startedAt = Date.now();
  const result = await wait();
  return { result, ms: Date.now() - startedAt };
}

describe.each(readModelDrivers())('Waiters of a projection runner on %s read models', (driver, databases) => {
  let dir: string;
  let store: SqliteEventStore;
  let readModels: ReadModelDatabases;
  let db: DataSource;
  let delivered: number[];
  const runners: ProjectionRunner[] = [];

  const feed = (): SinkProjection => ({
    name: 'feed',
    handles: ['Ticked'],
    async deliver(events) {
      delivered.push(...events.map((event) => event.globalPosition));
    },
  });
  const runnerOf = (projections: Projection[]) => {
    const runner = new ProjectionRunner(store, db, projections, { batchSize: 3, retryDelayMs: 10, attemptDelayMs: 5, maxAttempts: 2, sinks: [feed()] });
    runners.push(runner);
    return runner;
  };
  const tick = async (i: number) => (await store.appendToStream(`s-${i % 3}`, [anEvent('Ticked', { i }) as EventToAppend], { expectedRevision: 'any' })).lastPosition;
  const storedCheckpoint = async (name: string) => (await db.getRepository(ProjectionCheckpointEntity).findOneBy({ name }))?.position ?? 0;

  /** Five events, projected and delivered by a runner that then stops: the checkpoints in the database are at the head. */
  const projectedByAnEarlierRunner = async () => {
    for (let i = 0; i < 5; i++) await tick(i);
    const head = await store.headPosition();
    const earlier = runnerOf([counting]);
    await earlier.start();
    expect(await earlier.waitFor(head, 10000, ['ticks', 'feed'])).toBe(true);
    await earlier.stop();
    return head;
  };

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sce-waiters-'));
    store = new SqliteEventStore({ fileName: join(dir, 'log.sqlite'), pollIntervalMs: 20 });
    readModels = databases();
    db = await readModels.open([TickCount], [CreateWaiterSpecTables1764329950000]);
    delivered = [];
  });
  afterEach(async () => {
    for (const runner of runners.splice(0)) await runner.stop();
    await store.close();
    await readModels.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    ['every SQL projection', undefined],
    ['a sink', ['feed']],
  ])('resolves a waiter for %s made while the runner loads its checkpoints, with no event after', async (_, names) => {
    const head = await projectedByAnEarlierRunner();
    const runner = runnerOf([counting]);

    const starting = runner.start();
    const waited = timed(() => runner.waitFor(head, 3000, names));
    await starting;

    const { result, ms } = await waited;
    expect(result).toBe(true);
    expect(ms).toBeLessThan(1500);
  });

  it('resolves a start-up waiter through a projection that catches up on its own and parks an event', async () => {
    const head = await projectedByAnEarlierRunner();
    const runner = runnerOf([counting, fragile]);

    const starting = runner.start();
    const waited = runner.waitFor(head, 10000, ['fragile']);
    await starting;

    expect(await waited).toBe(true);
    expect(await runner.parked('fragile')).toEqual([expect.objectContaining({ projection: 'fragile', eventType: 'Ticked' })]);
    expect(runner.checkpoints()).toEqual({ ticks: head, fragile: head, feed: head });
  });

  it('resolves a start-up waiter false when the runner is stopped before it finished starting, and leaves nothing running', async () => {
    const head = await projectedByAnEarlierRunner();
    const runner = runnerOf([counting]);

    const starting = runner.start();
    const waited = timed(() => runner.waitFor(head + 1, 10000));
    await runner.stop();
    await starting;
    const { result, ms } = await waited;
    expect(result).toBe(false);
    expect(ms).toBeLessThan(2000);

    // A subscription opened by the interrupted start would project this event; nothing may.
    await tick(5);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await storedCheckpoint('ticks')).toBe(head);
    expect(runner.checkpoints()).toEqual({ ticks: head, feed: head });
  });

  it('resolves a waiter false on stop, well before its timeout', async () => {
    const head = await projectedByAnEarlierRunner();
    const runner = runnerOf([counting]);
    await runner.start();

    const waited = timed(() => runner.waitFor(head + 1, 10000, ['ticks', 'feed']));
    await runner.stop();

    const { result, ms } = await waited;
    expect(result).toBe(false);
    expect(ms).toBeLessThan(2000);
  });

  it('resolves a waiter false at its timeout when the position is never reached', async () => {
    const head = await projectedByAnEarlierRunner();
    const runner = runnerOf([counting]);
    await runner.start();

    const { result, ms } = await timed(() => runner.waitFor(head + 1, 300));
    expect(result).toBe(false);
    expect(ms).toBeGreaterThanOrEqual(290);
    expect(ms).toBeLessThan(2000);
  });

  it('resolves a waiter for an event that arrives while its projection is rebuilt', async () => {
    const head = await projectedByAnEarlierRunner();
    const runner = runnerOf([counting]);
    await runner.start();

    const rebuilding = runner.rebuild('ticks');
    const later = await tick(5);
    expect(await runner.waitFor(later, 10000)).toBe(true);
    await rebuilding;
    expect(await runner.waitFor(later, 10000)).toBe(true);
    const counts = await db.getRepository(TickCount).find();
    expect(counts.reduce((sum, row) => sum + row.count, 0)).toBe(head + 1);
  });

  it('on an instance that does not run the projections (a standby), sees a sink pass events it does not handle', async () => {
    const head = await projectedByAnEarlierRunner();
    const leader = runnerOf([counting]);
    await leader.start();
    // Nothing the sink reads: the leader moves its position in memory only, the stored one stays at the last tick.
    const noted = (await store.appendToStream('notes', [anEvent('Noted', {}) as EventToAppend], { expectedRevision: 'any' })).lastPosition;
    expect(await leader.waitFor(noted, 10000, ['ticks', 'feed'])).toBe(true);
    expect(await storedCheckpoint('feed')).toBe(head);

    const standby = runnerOf([counting]);
    const { result, ms } = await timed(() => standby.waitFor(noted, 3000, ['ticks', 'feed']));
    expect(result).toBe(true);
    expect(ms).toBeLessThan(1500);
    // A position the sink has not passed (no leader delivers it) is still waited for, up to the timeout.
    await leader.stop();
    const ticked = await tick(9);
    expect(await standby.waitFor(ticked, 300, ['feed'])).toBe(false);
  });

  it('on a standby, resolves false at its timeout when the stored checkpoints cannot be read, and says why', async () => {
    const head = await projectedByAnEarlierRunner();
    const errors: unknown[] = [];
    const standby = new ProjectionRunner(store, db, [counting], { onError: (error) => errors.push(error) });
    await db.query(`DROP TABLE ${db.getMetadata(ProjectionCheckpointEntity).tableName}`);

    const { result, ms } = await timed(() => standby.waitFor(head, 300));
    expect(result).toBe(false);
    expect(ms).toBeGreaterThanOrEqual(290);
    expect(ms).toBeLessThan(1500);
    expect(errors.length).toBe(1);
  });

  if (driver === 'PostgreSQL') {
    it('on a standby, resolves false at its timeout while the stored checkpoints are locked', async () => {
      const head = await projectedByAnEarlierRunner();
      const standby = runnerOf([counting]);
      const locker = db.createQueryRunner();
      await locker.startTransaction();
      try {
        // The read of the checkpoints blocks behind this lock until it is released.
        await locker.query(`LOCK TABLE ${db.getMetadata(ProjectionCheckpointEntity).tableName} IN ACCESS EXCLUSIVE MODE`);
        const { result, ms } = await timed(() => standby.waitFor(head, 300));
        expect(result).toBe(false);
        expect(ms).toBeLessThan(1500);
      } finally {
        await locker.rollbackTransaction();
        await locker.release();
      }
    });
  }
});
