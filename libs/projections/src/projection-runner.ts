import { WriteGate, noGate, type EventStore, type EventSubscription, type Gate, type RecordedEvent } from '@sce/event-sourcing';
import { createHash } from 'node:crypto';
import { DataSource, type DataSourceOptions, type EntityManager } from 'typeorm';
import type { Projection } from './projection';
import { ProjectionCheckpointEntity } from './projection-checkpoint.entity';
import { ProjectionParkedEventEntity } from './projection-parked-event.entity';
import { shadowTablesFor } from './shadow-tables';
import { placeholders, sqlStatements } from './sql-statements';
import type { SinkProjection } from './sink-projection';

export interface ProjectionRunnerOptions {
  /** Shared with the embedded event store so the two writers of one SQLite file queue instead of colliding. */
  gate?: Gate;
  batchSize?: number;
  /** Pause before resubscribing after a failure; the first pause of a sink's backoff. */
  retryDelayMs?: number;
  /** Attempts at one event, alone, before it is parked; default 3. */
  maxAttempts?: number;
  /** Pause before the second attempt at an event, doubled before each further one; default 100 ms. */
  attemptDelayMs?: number;
  /**
   * A projection whose share of a batch takes longer leaves the shared batches and runs on its own until its
   * batches are quick again; default 1 s. (On SQLite it still holds the one writer while it works.)
   */
  slowBatchMs?: number;
  /** Longest pause between two deliveries to a failing sink; default 30 s. */
  maxSinkBackoffMs?: number;
  /** Projections whose documents live outside the read-model database; at least once, never waited for unless named. */
  sinks?: readonly SinkProjection[];
  onError?: (error: unknown, projection?: string) => void;
}

export interface ParkedEvent {
  projection: string;
  position: number;
  streamId: string;
  revision: number;
  eventType: string;
  error: string;
  attempts: number;
  parkedAt: string;
}

export interface ProjectionStatus {
  running: boolean;
  checkpoints: Record<string, number>;
  caughtUpTo: number;
  /** Parked events per projection (0 for each projection without any). */
  parked: Record<string, number>;
}

/** One SQL projection's own progress. */
interface Lane {
  projection: Projection;
  handles: Set<string>;
  position: number;
  /** Out of the shared batches: behind them, failing, or being rebuilt; its own loop feeds it. */
  detached: boolean;
  catchingUp?: Promise<void>;
  /** Failed in the shared batch: its own loop goes straight to event-by-event attempts. */
  failed: boolean;
  /** Its last batch took longer than slowBatchMs: it stays on its own loop. */
  slow: boolean;
  /** Serialises this projection's own loops (catch-up, rebuild, parked retries) within the process. */
  turn: Promise<unknown>;
}

interface SinkLane {
  sink: SinkProjection;
  handles: Set<string>;
  position: number;
  failures: number;
  subscription?: EventSubscription;
  /** A subscription being stopped outside stop() (refeedSink): stop() and a rebuild wait for it too. */
  stopping?: Promise<void>;
  /**
   * Moved by whatever takes the lane's feed over (stop, a rebuild, a refeed): a resubscription started before
   * finds it moved after its awaits and gives up, so a lane never has two subscriptions, nor one after stop().
   */
  generation: number;
  timer?: NodeJS.Timeout;
  inFlight?: AbortController;
}

type Outcome = { kind: 'applied'; position: number } | { kind: 'behind'; stored: number } | { kind: 'failed'; error: unknown };

/**
 * Feeds the log to the read-model projections. Each projection has its own checkpoint, moved in the same
 * transaction as its rows after checking it is where this runner left it, so an event is never applied
 * twice or skipped, even with another process rebuilding the same tables. Projections that keep up share
 * one subscription and one transaction per batch (one commit, so one fsync, on the read-your-writes path),
 * each in its own SAVEPOINT: one that fails is rolled back alone and leaves the shared batches for a loop of
 * its own, which retries it event by event and parks the event it keeps failing on, then rejoins.
 */
export class ProjectionRunner {
  private readonly lanes: Lane[];
  private readonly sinkLanes: SinkLane[];
  private readonly waiters = new Set<() => void>();
  private subscription?: EventSubscription;
  private running = false;
  private stopping = false;
  /** Moved by each start() and stop(): a start() that finds it moved on after loading was stopped (or restarted) meanwhile. */
  private runs = 0;
  /** Where the shared subscription stands: a lane at or past it may join the shared batches. */
  private sharedAfter = 0;
  private readonly gate: Gate;
  private readonly batchSize: number;
  private readonly maxAttempts: number;
  private readonly attemptDelayMs: number;
  private readonly slowBatchMs: number;
  /** Resolved (and replaced) whenever the shared batches move on: the signal detached projections wait for. */
  private sharedMoved = signal();
  /** SQLite: the connection's own synchronous level (2 = FULL), restored after each projection transaction. */
  private synchronous?: number;

  constructor(
    private readonly store: EventStore,
    private readonly dataSource: DataSource,
    readonly projections: readonly Projection[],
    private readonly options: ProjectionRunnerOptions = {},
  ) {
    // TypeORM keeps one connection to SQLite: the projections' concurrent transactions must take turns.
    this.gate = options.gate ?? (['better-sqlite3', 'sqlite'].includes(dataSource.options.type) ? new WriteGate() : noGate);
    this.slowBatchMs = options.slowBatchMs ?? 1000;
    this.batchSize = options.batchSize ?? 500;
    this.maxAttempts = Math.max(1, options.maxAttempts ?? 3);
    this.attemptDelayMs = options.attemptDelayMs ?? 100;
    const sinks = options.sinks ?? [];
    const names = new Set([...projections, ...sinks].map((p) => p.name));
    if (names.size !== projections.length + sinks.length) throw new Error('Projection names must be unique');
    this.lanes = projections.map((projection) => ({ projection, handles: new Set(projection.handles), position: 0, detached: false, failed: false, slow: false, turn: Promise.resolve() }));
    this.sinkLanes = sinks.map((sink) => ({ sink, handles: new Set(sink.handles), position: 0, failures: 0, generation: 0 }));
    for (const lane of this.sinkLanes) lane.sink.onLostWrites?.((error) => void this.refeedSink(lane, error));
  }

  get sinks(): readonly SinkProjection[] {
    return this.sinkLanes.map((lane) => lane.sink);
  }

  async start(): Promise<void> {
    const run = ++this.runs;
    this.running = true;
    this.stopping = false;
    this.sharedMoved = signal();
    await this.loadCheckpoints();
    // Stopped (deposed, closed) while loading: subscribing now would leave a subscription no stop() ends.
    if (run !== this.runs) return;
    this.joinSharedBatches();
    this.subscribe();
    for (const lane of this.sinkLanes) this.subscribeSink(lane);
  }

  async stop(): Promise<void> {
    this.runs++;
    this.running = false;
    this.stopping = true;
    const sinkSubscriptions = this.sinkLanes.flatMap((lane) => {
      lane.generation++;
      clearTimeout(lane.timer);
      lane.inFlight?.abort();
      const live = lane.subscription;
      lane.subscription = undefined;
      return [live?.stop(), lane.stopping];
    });
    this.sharedMoved.resolve();
    await Promise.all([this.subscription?.stop(), ...sinkSubscriptions]);
    await Promise.all(this.lanes.map((lane) => lane.catchingUp));
    this.notifyWaiters();
  }

  /** The lowest position every SQL projection has reached (sinks are never waited for unless named). */
  caughtUpTo(): number {
    return this.lanes.length ? Math.min(...this.lanes.map((lane) => lane.position)) : Number.MAX_SAFE_INTEGER;
  }

  /**
   * Where a projection this process runs stands (moved after each commit of its rows), or undefined when this
   * process does not run the projections (a standby instance): what in-process caches of a read model check
   * to know their rows are still those of the table.
   */
  positionOf(name: string): number | undefined {
    if (!this.running) return undefined;
    return this.lanes.find((lane) => lane.projection.name === name)?.position;
  }

  /** Each projection's position, sinks included. */
  checkpoints(): Record<string, number> {
    return Object.fromEntries([...this.lanes.map((lane) => [lane.projection.name, lane.position]), ...this.sinkLanes.map((lane) => [lane.sink.name, lane.position])]);
  }

  /**
   * Read-your-writes: resolves true once the named projections (by default every SQL projection) have
   * passed the position, false on timeout. An event a projection parked counts as passed: its checkpoint
   * moves past it. On an instance that does not run the projections (a standby), it watches the stored
   * checkpoints.
   */
  async waitFor(position: number, timeoutMs: number, projectionNames?: readonly string[]): Promise<boolean> {
    const names = projectionNames ?? this.lanes.map((lane) => lane.projection.name);
    const known = new Set(Object.keys(this.checkpoints()));
    const unknown = names.filter((name) => !known.has(name));
    if (unknown.length) throw new Error(`Unknown projection '${unknown[0]}'. Known: ${[...known].join(', ')}`);
    if (!this.running) return this.waitForStoredCheckpoints(position, timeoutMs, names);
    const reached = () => {
      const positions = this.checkpoints();
      return names.every((name) => positions[name] >= position);
    };
    if (reached()) return true;
    return new Promise<boolean>((resolve) => {
      const check = () => {
        if (reached() || !this.running) finish(reached());
      };
      const finish = (result: boolean) => {
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve(result);
      };
      const timer = setTimeout(() => finish(false), timeoutMs);
      this.waiters.add(check);
    });
  }

  /** Where the projections stand: from memory when this instance runs them, else from the database. */
  async status(): Promise<ProjectionStatus> {
    if (!this.running) await this.loadCheckpoints();
    const rows: { projection: string; count: string | number }[] = await this.dataSource
      .getRepository(ProjectionParkedEventEntity)
      .createQueryBuilder('parked')
      .select('parked.projection', 'projection')
      .addSelect('COUNT(*)', 'count')
      .groupBy('parked.projection')
      .getRawMany();
    const counts = new Map(rows.map((row) => [row.projection, Number(row.count)]));
    const parked = Object.fromEntries(this.lanes.map((lane) => [lane.projection.name, counts.get(lane.projection.name) ?? 0]));
    return { running: this.running, checkpoints: this.checkpoints(), caughtUpTo: this.caughtUpTo(), parked };
  }

  /** The parked events, oldest first. */
  async parked(projection?: string): Promise<ParkedEvent[]> {
    if (projection !== undefined) this.laneOf(projection);
    const rows = await this.dataSource.getRepository(ProjectionParkedEventEntity).find({ where: projection ? { projection } : {}, order: { position: 'ASC', projection: 'ASC' } });
    return rows.map((row) => ({ ...row }));
  }

  /**
   * Applies parked events again (all, one projection's, or one), each on its own on top of the projection's
   * current rows; those that now succeed are removed, the others keep their row with the new error. Meant
   * for after a fix; a projection that depends on event order is better rebuilt.
   */
  async retryParked(projection?: string, position?: number): Promise<{ applied: ParkedEvent[]; stillParked: ParkedEvent[] }> {
    if (projection !== undefined) this.laneOf(projection);
    const parked = (await this.parked(projection)).filter((row) => position === undefined || row.position === position);
    const applied: ParkedEvent[] = [];
    const stillParked: ParkedEvent[] = [];
    for (const row of parked) {
      const lane = this.laneOf(row.projection);
      const [event] = await this.store.readAll({ after: row.position - 1, maxCount: 1 });
      if (!event || event.globalPosition !== row.position) throw new Error(`Parked event at position ${row.position} is not in the log`);
      const result = await this.inTurn(lane, () =>
        this.gate.run(() =>
          this.dataSource.transaction(async (manager): Promise<'gone' | 'applied' | { error: unknown }> => {
            // Removed meanwhile (a rebuild replayed it, another retry applied it): not applied twice.
            if (!(await manager.existsBy(ProjectionParkedEventEntity, { projection: row.projection, position: row.position }))) return 'gone';
            const failure = await this.inSavepoint(manager, 'parked_retry', () => lane.projection.apply([event], manager));
            if (failure) {
              await manager.update(ProjectionParkedEventEntity, { projection: row.projection, position: row.position }, { error: errorText(failure.error), attempts: row.attempts + 1 });
              return failure;
            }
            await manager.delete(ProjectionParkedEventEntity, { projection: row.projection, position: row.position });
            return 'applied';
          }),
        ),
      );
      if (result === 'applied') applied.push(row);
      else if (result !== 'gone') stillParked.push({ ...row, error: errorText(result.error), attempts: row.attempts + 1 });
    }
    return { applied, stillParked };
  }

  private async waitForStoredCheckpoints(position: number, timeoutMs: number, names: readonly string[]): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    let timer: NodeJS.Timeout | undefined;
    // A read that hangs (a locked table, a lost connection) must not hold the waiter past its timeout.
    const timedOut = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
    try {
      return await Promise.race([this.pollStoredCheckpoints(position, names, deadline), timedOut]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async pollStoredCheckpoints(position: number, names: readonly string[], deadline: number): Promise<boolean> {
    let targets: Map<string, number> | undefined;
    let reported = false;
    for (;;) {
      try {
        const stored = await this.dataSource.getRepository(ProjectionCheckpointEntity).find();
        const byName = new Map(stored.map((row) => [row.name, row.position]));
        targets ??= await this.storedSinkTargets(position, names, byName, deadline);
        if (names.every((name) => (byName.get(name) ?? 0) >= (targets!.get(name) ?? position))) return true;
      } catch (error) {
        // Not readable now (a failover, a lost connection): not reached yet, so false at the timeout, not a
        // failed request. Said once per waiter, not at every poll.
        if (!reported) this.options.onError?.(error);
        reported = true;
      }
      if (Date.now() >= deadline) return false;
      await delay(20);
    }
  }

  /**
   * A sink stores its checkpoint only after delivering events it handles (see subscribeSink), so its stored
   * checkpoint may never reach a position held by an event it does not handle. For each named sink stored
   * behind the position: the last event up to the position that it handles (it has passed the position once
   * its stored checkpoint is there), or where it stands if there is none. Read once per waiter: the log up to
   * the position does not change. Left out (so the position itself) when the log does not reach the position
   * yet, or the deadline comes first.
   */
  private async storedSinkTargets(position: number, names: readonly string[], stored: Map<string, number>, deadline: number): Promise<Map<string, number>> {
    const targets = new Map<string, number>();
    const behind = this.sinkLanes.filter((lane) => names.includes(lane.sink.name) && (stored.get(lane.sink.name) ?? 0) < position);
    if (behind.length === 0 || (await this.store.headPosition()) < position) return targets;
    const found = new Map(behind.map((lane) => [lane, stored.get(lane.sink.name) ?? 0]));
    let after = Math.min(...found.values());
    while (after < position) {
      if (Date.now() >= deadline) return targets;
      const events = await this.store.readAll({ after, maxCount: this.batchSize });
      if (events.length === 0) return targets;
      for (const event of events) {
        if (event.globalPosition > position) break;
        for (const lane of behind) if (lane.handles.has(event.type) && event.globalPosition > found.get(lane)!) found.set(lane, event.globalPosition);
      }
      after = events[events.length - 1].globalPosition;
    }
    for (const [lane, target] of found) targets.set(lane.sink.name, target);
    return targets;
  }

  /** Empties a projection's tables (and its parked events) and replays the log, up to its head at the start, into them. */
  async rebuild(name: string, onProgress?: (position: number, head: number) => void): Promise<void> {
    const sinkLane = this.sinkLanes.find((candidate) => candidate.sink.name === name);
    if (sinkLane) return this.rebuildSink(sinkLane, onProgress);
    const lane = this.laneOf(name);
    // Out of the shared batches while it replays; it rejoins once caught up with them.
    lane.detached = true;
    try {
      const head = await this.store.headPosition();
      await this.inTurn(lane, () =>
        this.gate.run(() =>
          this.dataSource.transaction(async (manager) => {
            await readCheckpoint(manager, name);
            for (const entity of lane.projection.entities) await manager.clear(entity);
            await manager.delete(ProjectionParkedEventEntity, { projection: name });
            await writeCheckpoint(manager, name, 0);
          }),
        ),
      );
      lane.position = 0;
      onProgress?.(0, head);
      // Up to the head as it was: under steady writes a replay to "now" would never end; the live
      // runner (or the take-over) applies the rest.
      await this.replay(lane, head, (position) => onProgress?.(Math.min(position, head), head));
    } finally {
      if (this.running) this.catchUp(lane);
      else lane.detached = false;
    }
    this.notifyWaiters();
  }

  /**
   * Rebuilds a projection beside its live tables (blue/green): the log is replayed into shadow copies
   * while the live tables keep serving reads and live events; then, holding the live checkpoint, what
   * arrived meanwhile is applied to the shadow tables and they take the live ones' place, with the
   * checkpoint and the parked events, in one transaction. Readers never see an empty read model.
   */
  async rebuildBesideLive(name: string, onProgress?: (position: number, head: number) => void): Promise<void> {
    const lane = this.laneOf(name);
    const live = lane.projection.entities.map((entity) => this.dataSource.getMetadata(entity));
    const schema = live[0]?.schema ?? (this.dataSource.options as { schema?: string }).schema;
    const runnerTables = [ProjectionCheckpointEntity, ProjectionParkedEventEntity].map((entity) => this.dataSource.getMetadata(entity).tableName);
    // One prefix per projection, so that two projections can be rebuilt beside their live tables at once.
    const prefix = `bg${createHash('sha1').update(name).digest('hex').slice(0, 8)}_`;
    const shadow = new DataSource({
      ...this.dataSource.options,
      entities: [...lane.projection.entities, ProjectionCheckpointEntity, ProjectionParkedEventEntity],
      entityPrefix: prefix,
      migrations: [],
      migrationsRun: false,
      subscribers: [],
      synchronize: false,
    } as DataSourceOptions);
    await shadow.initialize();
    try {
      await this.gate.run(() =>
        shadow.transaction(async (manager) => {
          const ddl = shadowTablesFor(manager, schema);
          for (const table of [...live.map((metadata) => metadata.tableName), ...runnerTables]) await ddl.create(manager, table, prefix + table);
        }),
      );
      const builder = new ProjectionRunner(this.store, shadow, [lane.projection], { ...this.options, gate: this.gate, sinks: [] });
      await builder.rebuild(name, onProgress);
      const head = await this.store.headPosition();
      for (;;) {
        const position = await this.gate.run(() => shadow.transaction((manager) => this.takeOver(manager, lane, schema, live.map((metadata) => metadata.tableName), runnerTables, prefix)));
        if (position !== undefined) {
          lane.position = position;
          onProgress?.(Math.min(position, head), head);
          break;
        }
        // Too much arrived meanwhile, or an event failed: on, without the lock, parking what keeps failing.
        await builder.replay(builder.laneOf(name), await this.store.headPosition());
      }
    } finally {
      await shadow.destroy();
    }
    this.notifyWaiters();
  }

  /**
   * In the shadow data source's transaction: holds the live checkpoint (the live runner waits), brings the
   * shadow tables to the head and swaps them in. Undefined when more than a batch is left, or an event
   * failed: then nothing is swapped.
   */
  private async takeOver(manager: EntityManager, lane: Lane, schema: string | undefined, tables: string[], runnerTables: string[], prefix: string): Promise<number | undefined> {
    const name = lane.projection.name;
    const [liveCheckpoints, liveParked] = runnerTables.map((table) => quoteTable(schema, table));
    const postgres = manager.connection.options.type === 'postgres';
    const now = new Date().toISOString();
    if (postgres) {
      await manager.query(`INSERT INTO ${liveCheckpoints} (name, position, updated_at) VALUES ($1, 0, $2) ON CONFLICT (name) DO NOTHING`, [name, now]);
      await manager.query(`SELECT position FROM ${liveCheckpoints} WHERE name = $1 FOR UPDATE`, [name]);
    }
    let position = await readCheckpoint(manager, name);
    const events = await this.store.readAll({ after: position, maxCount: this.batchSize });
    if (events.length === this.batchSize) return undefined;
    if (events.length > 0) {
      const failure = await this.inSavepoint(manager, 'take_over', () => lane.projection.apply(events.filter((event) => lane.handles.has(event.type)), manager));
      if (failure) return undefined;
      position = events[events.length - 1].globalPosition;
    }
    const ddl = shadowTablesFor(manager, schema);
    for (const table of tables) await ddl.swap(manager, table, prefix + table);
    const [p1, p2, p3] = postgres ? ['$1', '$2', '$3'] : ['?', '?', '?'];
    await manager.query(
      `INSERT INTO ${liveCheckpoints} (name, position, updated_at) VALUES (${p1}, ${p2}, ${p3}) ON CONFLICT (name) DO UPDATE SET position = excluded.position, updated_at = excluded.updated_at`,
      [name, position, now],
    );
    await manager.query(`DELETE FROM ${liveParked} WHERE projection = ${p1}`, [name]);
    await manager.query(`INSERT INTO ${liveParked} SELECT * FROM ${quoteTable(schema, prefix + runnerTables[1])} WHERE projection = ${p1}`, [name]);
    for (const table of runnerTables) await ddl.drop(manager, prefix + table);
    return position;
  }

  /** Brings one projection to the head of the log, batch by batch, in its turn. */
  private async replay(lane: Lane, until: number, onProgress?: (position: number) => void): Promise<void> {
    while (lane.position < until && (await this.inTurn(lane, () => this.advance(lane)))) onProgress?.(lane.position);
  }

  private laneOf(name: string): Lane {
    const lane = this.lanes.find((candidate) => candidate.projection.name === name);
    if (!lane) throw new Error(`Unknown projection '${name}'. Known: ${this.lanes.map((candidate) => candidate.projection.name).join(', ')}`);
    return lane;
  }

  private inTurn<T>(lane: Lane, work: () => Promise<T>): Promise<T> {
    const result = lane.turn.then(work);
    lane.turn = result.catch(() => undefined);
    return result;
  }

  // The shared batches start where the furthest projection stands; those behind catch up on their own.
  private joinSharedBatches(): void {
    this.sharedAfter = Math.max(0, ...this.lanes.map((lane) => lane.position));
    for (const lane of this.lanes) {
      if (lane.position < this.sharedAfter) this.catchUp(lane);
      else if (!lane.catchingUp) lane.detached = false;
    }
  }

  private subscribe(): void {
    // Each batch of a subscription continues where the previous one ended: that is what "after" says.
    const subscription = this.store.subscribeToAll({ after: this.sharedAfter, batchSize: this.batchSize }, async (events) => {
      await this.applyShared(events, this.sharedAfter);
      this.sharedAfter = events[events.length - 1].globalPosition;
      const moved = this.sharedMoved;
      this.sharedMoved = signal();
      moved.resolve();
    });
    this.subscription = subscription;
    subscription.finished.catch((error) => {
      if (!this.running || this.subscription !== subscription) return;
      this.options.onError?.(error);
      setTimeout(() => void this.resubscribe(), this.options.retryDelayMs ?? 1000);
    });
  }

  private async resubscribe(): Promise<void> {
    if (!this.running) return;
    try {
      await this.loadCheckpoints();
      this.joinSharedBatches();
      this.subscribe();
    } catch (error) {
      this.options.onError?.(error);
      setTimeout(() => void this.resubscribe(), this.options.retryDelayMs ?? 1000);
    }
  }

  /** One transaction for the batch, one savepoint per projection that keeps up with the shared batches. */
  private async applyShared(events: RecordedEvent[], after: number): Promise<void> {
    const last = events[events.length - 1].globalPosition;
    const lanes = this.lanes.filter((lane) => !lane.detached);
    if (lanes.length === 0) return;
    const outcomes = await this.gate.run(() =>
      this.derivedTransaction(async (manager) => {
        // One statement reads every checkpoint and one moves them all: a batch costs a few statements plus
        // what the projections that handle its events write, not several per projection.
        const stored = await readCheckpoints(manager, lanes.map((lane) => lane.projection.name));
        const results: Outcome[] = [];
        for (const [index, lane] of lanes.entries()) {
          results.push(await this.applyTo(manager, lane, events, after, `projection_${index}`, stored.get(lane.projection.name) ?? 0));
        }
        const moved = lanes.filter((lane, index) => results[index].kind === 'applied' && (stored.get(lane.projection.name) ?? 0) < last);
        await writeCheckpoints(manager, moved.map((lane) => lane.projection.name), last);
        return results;
      }),
    );
    lanes.forEach((lane, index) => {
      const outcome = outcomes[index];
      if (outcome.kind === 'applied') {
        lane.position = Math.max(lane.position, outcome.position);
        // Too slow to share a transaction with the others: on its own until it is quick again.
        if (lane.slow) this.catchUp(lane);
        return;
      }
      // Failing, or moved back by someone else (a rebuild): it leaves the shared batches until caught up.
      if (outcome.kind === 'failed') {
        this.options.onError?.(outcome.error, lane.projection.name);
        lane.failed = true;
      } else lane.position = outcome.stored;
      this.catchUp(lane);
    });
    this.notifyWaiters();
  }

  /**
   * Applies the events after the stored checkpoint, up to `last`, inside the caller's transaction and in a
   * savepoint of its own. The batch must hold every event after `after`: a checkpoint behind it means
   * events in between are missing (someone reset it), and one at or past `last` leaves nothing to do.
   */
  private async applyTo(manager: EntityManager, lane: Lane, events: RecordedEvent[], after: number, savepoint: string, sharedCheckpoint?: number): Promise<Outcome> {
    const name = lane.projection.name;
    // In a shared batch the caller read the checkpoint, and writes it, for all projections at once.
    const stored = sharedCheckpoint ?? (await readCheckpoint(manager, name));
    if (stored < after) return { kind: 'behind', stored };
    const last = events[events.length - 1].globalPosition;
    if (stored >= last) return { kind: 'applied', position: stored };
    const handled = events.filter((event) => event.globalPosition > stored && lane.handles.has(event.type));
    // Nothing of this batch is for it: only its checkpoint moves, and that needs no savepoint.
    if (sharedCheckpoint !== undefined && handled.length === 0) return { kind: 'applied', position: last };
    const startedAt = Date.now();
    const failure = await this.inSavepoint(manager, savepoint, async () => {
      await lane.projection.apply(handled, manager);
      if (sharedCheckpoint === undefined) await writeCheckpoint(manager, name, last);
    });
    if (!failure && handled.length > 0) lane.slow = Date.now() - startedAt > this.slowBatchMs;
    return failure ? { kind: 'failed', error: failure.error } : { kind: 'applied', position: last };
  }

  /** Runs work in a savepoint; a failure rolls back that work alone and is returned, the transaction goes on. */
  private async inSavepoint(manager: EntityManager, name: string, work: () => Promise<void>): Promise<{ error: unknown } | undefined> {
    // Statements prepared once (sqlStatements), not TypeORM's query path: two of them per projection per batch.
    const sql = sqlStatements(manager);
    await sql.run(`SAVEPOINT ${name}`, []);
    try {
      await work();
    } catch (error) {
      // A lost connection or a busy database is no fault of the event: fail the whole transaction, retried.
      if (isTransient(error)) throw error;
      await sql.run(`ROLLBACK TO SAVEPOINT ${name}`, []);
      await sql.run(`RELEASE SAVEPOINT ${name}`, []);
      return { error };
    }
    await sql.run(`RELEASE SAVEPOINT ${name}`, []);
    return undefined;
  }

  /** Feeds a detached projection on its own until it reaches the shared batches, then lets it rejoin them. */
  private catchUp(lane: Lane): void {
    lane.detached = true;
    if (lane.catchingUp || !this.running) return;
    let loop: Promise<void> | undefined;
    const loopBody = (async () => {
      while (this.running) {
        try {
          const moved = this.sharedMoved;
          const advanced = await this.inTurn(lane, () => this.advance(lane, () => this.stopping));
          if (!advanced && lane.position < this.sharedAfter) {
            // Nothing to read yet, though the shared batches are past it (on PostgreSQL a read sees an event
            // only once older transactions in the cluster have ended). Rejoining now would strand it: the next
            // shared batch would only find it behind, and with no further writes none comes. Read again soon.
            await delay(CATCH_UP_POLL_MS);
            continue;
          }
          if (!advanced || lane.position >= this.sharedAfter) {
            if (!lane.slow) {
              // Given up in the same step as rejoining: a catchUp() called between this return and the loop's
              // `finally` must start a new loop, not find this finished one and leave the lane detached for good.
              lane.detached = false;
              if (lane.catchingUp === loop) lane.catchingUp = undefined;
              return;
            }
            // Caught up but slow: the shared batches moving on says there is more to read.
            await moved.promise;
          }
        } catch (error) {
          this.options.onError?.(error, lane.projection.name);
          await delay(this.options.retryDelayMs ?? 1000);
        }
      }
    })();
    loop = loopBody.finally(() => {
      if (lane.catchingUp === loop) lane.catchingUp = undefined;
      this.notifyWaiters();
    });
    lane.catchingUp = loop;
  }

  /**
   * Moves one projection on by one batch read from its own checkpoint; false when there was nothing to
   * read. A batch that fails is retried event by event, each up to maxAttempts times, and the event that
   * keeps failing is parked, so the projection always gets past it.
   */
  private async advance(lane: Lane, interrupted: () => boolean = () => false): Promise<boolean> {
    const after = lane.position;
    const events = await this.store.readAll({ after, maxCount: this.batchSize });
    if (events.length === 0) return false;
    const outcome: Outcome = lane.failed ? { kind: 'failed', error: undefined } : await this.applyAlone(lane, events, after);
    lane.failed = false;
    if (outcome.kind === 'behind') {
      lane.position = outcome.stored;
    } else if (outcome.kind === 'applied') {
      lane.position = Math.max(lane.position, outcome.position);
    } else {
      if (outcome.error !== undefined) this.options.onError?.(outcome.error, lane.projection.name);
      await this.isolate(lane, events, interrupted);
    }
    this.notifyWaiters();
    return true;
  }

  private applyAlone(lane: Lane, events: RecordedEvent[], after: number): Promise<Outcome> {
    return this.gate.run(() => this.derivedTransaction((manager) => this.applyTo(manager, lane, events, after, 'projection_alone')));
  }

  /**
   * A transaction of projected rows and their checkpoints, committed without waiting for the disk: they are
   * derived from the log, whose own commits do wait. A power cut can lose such a commit only with the rows and
   * the checkpoint together, and the projection then applies the same events again from the log. This keeps
   * a second flush (fsync) off every mutation's read-your-writes path. SQLite: synchronous=NORMAL on this
   * connection for the transaction (in WAL mode a commit then writes the WAL without syncing it; the caller
   * holds the write gate, so no other write commits meanwhile). PostgreSQL keeps its settings: not measured
   * here, where other suites' long transactions on the shared cluster dominate its read-your-writes time.
   */
  private async derivedTransaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (this.dataSource.options.type !== 'better-sqlite3') return this.dataSource.transaction(work);
    const sql = sqlStatements(this.dataSource);
    this.synchronous ??= Number((await sql.get<{ synchronous: number }>('PRAGMA synchronous', []))?.synchronous ?? 2);
    if (this.synchronous <= 1) return this.dataSource.transaction(work);
    await sql.run('PRAGMA synchronous = NORMAL', []);
    try {
      return await this.dataSource.transaction(work);
    } finally {
      await sql.run(`PRAGMA synchronous = ${this.synchronous}`, []);
    }
  }

  /** Applies a failed batch in pieces that each end with one handled event, parking the pieces that keep failing. */
  private async isolate(lane: Lane, events: RecordedEvent[], interrupted: () => boolean): Promise<void> {
    let start = 0;
    for (let i = 0; i < events.length; i++) {
      if (!lane.handles.has(events[i].type) && i < events.length - 1) continue;
      const piece = events.slice(start, i + 1);
      start = i + 1;
      // Stopping (deposed, shutting down): what is done is committed; the next leader goes on from there.
      if (interrupted()) return;
      let failure: unknown;
      for (let attempt = 1; attempt <= this.maxAttempts; attempt++) {
        if (attempt > 1) await delay(this.attemptDelayMs * 2 ** (attempt - 2));
        const outcome = await this.applyAlone(lane, piece, lane.position);
        if (outcome.kind === 'failed') {
          failure = outcome.error;
          continue;
        }
        // Someone else moved this projection (a rebuild, another runner): go on from where it stands.
        if (outcome.kind === 'behind') {
          lane.position = outcome.stored;
          return;
        }
        lane.position = Math.max(lane.position, outcome.position);
        failure = undefined;
        break;
      }
      if (failure !== undefined && !(await this.park(lane, piece[piece.length - 1], failure))) return;
      this.notifyWaiters();
    }
  }

  /** Sets the event aside with its error and moves the checkpoint past it; false if the checkpoint moved meanwhile. */
  private async park(lane: Lane, event: RecordedEvent, error: unknown): Promise<boolean> {
    const name = lane.projection.name;
    const expected = lane.position;
    const stored = await this.gate.run(() =>
      this.dataSource.transaction(async (manager) => {
        const current = await readCheckpoint(manager, name);
        if (current !== expected) return current;
        await manager.upsert(
          ProjectionParkedEventEntity,
          { projection: name, position: event.globalPosition, streamId: event.streamId, revision: event.streamRevision, eventType: event.type, error: errorText(error), attempts: this.maxAttempts, parkedAt: new Date().toISOString() },
          ['projection', 'position'],
        );
        await writeCheckpoint(manager, name, event.globalPosition);
        return event.globalPosition;
      }),
    );
    lane.position = stored;
    return stored === event.globalPosition;
  }

  // Sinks: one subscription each, from a checkpoint stored only after the sink accepted the events.

  /** Empties the sink and replays the log, up to its head at the start, into it; a live subscription then goes on from there. */
  private async rebuildSink(lane: SinkLane, onProgress?: (position: number, head: number) => void): Promise<void> {
    if (!lane.sink.reset) throw new Error(`Projection '${lane.sink.name}' cannot be rebuilt: its sink cannot be emptied`);
    const generation = ++lane.generation;
    clearTimeout(lane.timer);
    const live = lane.subscription;
    lane.subscription = undefined;
    await Promise.all([live?.stop(), lane.stopping]);
    try {
      const head = await this.store.headPosition();
      await lane.sink.reset();
      await this.gate.run(() => writeCheckpoint(this.dataSource.manager, lane.sink.name, 0));
      lane.position = 0;
      onProgress?.(0, head);
      while (lane.position < head) {
        const events = await this.store.readAll({ after: lane.position, maxCount: this.batchSize });
        if (events.length === 0) break;
        const handled = events.filter((event) => lane.handles.has(event.type));
        const last = events[events.length - 1].globalPosition;
        if (handled.length > 0) await this.deliverWithTimeout(lane, handled);
        await this.gate.run(() => writeCheckpoint(this.dataSource.manager, lane.sink.name, last));
        lane.position = last;
        onProgress?.(Math.min(last, head), head);
      }
    } finally {
      // Through durablePosition(), like any resubscription: the last batches' writes may have been lost since.
      await this.resubscribeSink(lane, generation);
    }
    this.notifyWaiters();
  }

  private subscribeSink(lane: SinkLane): void {
    if (!this.running) return;
    const subscription = this.store.subscribeToAll({ after: lane.position, batchSize: this.batchSize }, async (events) => {
      const handled = events.filter((event) => lane.handles.has(event.type));
      const last = events[events.length - 1].globalPosition;
      if (handled.length > 0) {
        await this.deliverWithTimeout(lane, handled);
        await this.gate.run(() => writeCheckpoint(this.dataSource.manager, lane.sink.name, last));
      }
      // Without handled events the position moves in memory only: a restart reads them again, delivers nothing.
      lane.position = last;
      lane.failures = 0;
      this.notifyWaiters();
    });
    lane.subscription = subscription;
    subscription.finished.catch(async (error) => {
      if (!this.running || lane.subscription !== subscription) return;
      // Over: a refeed (refeedSink) must leave the retry below to come.
      lane.subscription = undefined;
      this.options.onError?.(error, lane.sink.name);
      lane.failures++;
      const pause = Math.min(this.options.maxSinkBackoffMs ?? 30000, (this.options.retryDelayMs ?? 1000) * 2 ** (lane.failures - 1));
      const generation = lane.generation;
      lane.timer = setTimeout(() => void this.resubscribeSink(lane, generation), pause);
    });
  }

  /**
   * The sink lost writes it had accepted: its feed starts again from what it holds for certain. Without a live
   * subscription there is nothing to do: a retry after a failure, or a rebuild, asks durablePosition() anyway.
   */
  private async refeedSink(lane: SinkLane, error: unknown): Promise<void> {
    this.options.onError?.(error, lane.sink.name);
    const live = lane.subscription;
    if (!this.running || !live) return;
    const generation = ++lane.generation;
    lane.subscription = undefined;
    // Waits for a delivery under way (and its checkpoint), so the checkpoint is not moved on after sinkStart.
    const stopping = live.stop();
    lane.stopping = stopping;
    await stopping;
    if (lane.stopping === stopping) lane.stopping = undefined;
    await this.resubscribeSink(lane, generation);
  }

  /** Subscribes the lane again from its checkpoint or durablePosition(), unless something else took the lane over meanwhile. */
  private async resubscribeSink(lane: SinkLane, generation: number): Promise<void> {
    const current = () => this.running && lane.generation === generation;
    if (!current()) return;
    try {
      // Again from what is stored: the events of the failed delivery come again.
      const position = await this.sinkStart(lane, await this.storedCheckpoint(lane.sink.name));
      if (!current()) return;
      lane.position = position;
      this.subscribeSink(lane);
    } catch (error) {
      if (!current()) return;
      this.options.onError?.(error, lane.sink.name);
      lane.timer = setTimeout(() => void this.resubscribeSink(lane, generation), this.options.retryDelayMs ?? 1000);
    }
  }

  private async deliverWithTimeout(lane: SinkLane, events: RecordedEvent[]): Promise<void> {
    const controller = new AbortController();
    lane.inFlight = controller;
    const timeoutMs = lane.sink.timeoutMs ?? 10000;
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        lane.sink.deliver(events, controller.signal),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => {
            controller.abort();
            reject(new Error(`${lane.sink.name}: delivery timed out after ${timeoutMs} ms`));
          }, timeoutMs);
          controller.signal.addEventListener('abort', () => reject(new Error(`${lane.sink.name}: delivery aborted`)));
        }),
      ]);
    } finally {
      clearTimeout(timer);
      lane.inFlight = undefined;
    }
  }

  /**
   * Where a sink's feed starts: its stored checkpoint, or the sink's own durable position when that is behind
   * (its last writes were lost after the checkpoint moved). The checkpoint is moved back too, so every reader of
   * it (a retry, waitFor) agrees; the events after it come again, and the sink's revision guard takes them.
   */
  private async sinkStart(lane: SinkLane, stored: number): Promise<number> {
    const durable = await lane.sink.durablePosition?.();
    if (durable === undefined || durable >= stored) return stored;
    await this.gate.run(() => writeCheckpoint(this.dataSource.manager, lane.sink.name, durable));
    return durable;
  }

  private async storedCheckpoint(name: string): Promise<number> {
    const row = await this.dataSource.getRepository(ProjectionCheckpointEntity).findOneBy({ name });
    return row?.position ?? 0;
  }

  private async loadCheckpoints(): Promise<void> {
    const rows = await this.dataSource.getRepository(ProjectionCheckpointEntity).find();
    const stored = new Map(rows.map((row) => [row.name, row.position]));
    for (const lane of this.lanes) lane.position = stored.get(lane.projection.name) ?? 0;
    for (const lane of this.sinkLanes) lane.position = await this.sinkStart(lane, stored.get(lane.sink.name) ?? 0);
    // Waiters made before the positions were known (during start(), or a resubscription) may be satisfied by
    // them; when no event follows, nothing else would tell them.
    this.notifyWaiters();
  }

  private notifyWaiters(): void {
    for (const check of [...this.waiters]) check();
  }
}

/**
 * Reads a projection's checkpoint inside its transaction. On PostgreSQL the row is locked (FOR UPDATE) so
 * two writers of one projection (a rebuild and the live runner, or an old leader and a new one) take turns
 * and the second sees where the first left it. SQLite transactions are serialised anyway.
 */
async function readCheckpoint(manager: EntityManager, name: string): Promise<number> {
  return (await readCheckpoints(manager, [name])).get(name) ?? 0;
}

// The entity's table as raw SQL names it: with its schema, and with the prefix of a shadow data source.
function tableOf(manager: EntityManager, entity: Function): string {
  const metadata = manager.connection.getMetadata(entity);
  return quoteTable(metadata.schema, metadata.tableName);
}

const quoteTable = (schema: string | undefined, table: string) => [schema, table].filter((part) => part !== undefined).map((part) => `"${part!.replace(/"/g, '""')}"`).join('.');

async function writeCheckpoint(manager: EntityManager, name: string, position: number): Promise<void> {
  await writeCheckpoints(manager, [name], position);
}

/** Several checkpoints at once (in name order, so two runners lock them in the same order). */
async function readCheckpoints(manager: EntityManager, names: string[]): Promise<Map<string, number>> {
  if (manager.connection.options.type === 'postgres') {
    const table = tableOf(manager, ProjectionCheckpointEntity);
    const now = new Date().toISOString();
    await manager.query(`INSERT INTO ${table} (name, position, updated_at) SELECT unnest($1::text[]), 0, $2 ON CONFLICT (name) DO NOTHING`, [names, now]);
    const rows: { name: string; position: string }[] = await manager.query(`SELECT name, position FROM ${table} WHERE name = ANY($1) ORDER BY name FOR UPDATE`, [names]);
    return new Map(rows.map((row) => [row.name, Number(row.position)]));
  }
  // Read and written in every batch, so plain statements prepared once (see sqlStatements).
  const rows = await sqlStatements(manager).all<{ name: string; position: number }>(`SELECT name, position FROM ${tableOf(manager, ProjectionCheckpointEntity)} WHERE name IN (${placeholders(names.length)})`, names);
  return new Map(rows.map((row) => [row.name, Number(row.position)]));
}

async function writeCheckpoints(manager: EntityManager, names: string[], position: number): Promise<void> {
  if (names.length === 0) return;
  const updatedAt = new Date().toISOString();
  await sqlStatements(manager).run(
    `INSERT INTO ${tableOf(manager, ProjectionCheckpointEntity)} (name, position, updated_at) VALUES ${names.map(() => '(?, ?, ?)').join(', ')} ON CONFLICT (name) DO UPDATE SET position = excluded.position, updated_at = excluded.updated_at`,
    names.flatMap((name) => [name, position, updatedAt]),
  );
}

// SQLite's busy and locked codes, PostgreSQL's serialization failure, deadlock and shutdown classes, sockets.
const TRANSIENT = /^(SQLITE_BUSY|SQLITE_LOCKED|40001|40P01|57P0[1-3]|08\d{3}|53\d{3}|ECONNRESET|ECONNREFUSED|EPIPE|ETIMEDOUT)/;

function isTransient(error: unknown): boolean {
  const code = (error as { code?: unknown; driverError?: { code?: unknown } } | undefined)?.driverError?.code ?? (error as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string' && TRANSIENT.test(code)) return true;
  return /Connection terminated|connection is closed|database connection is not open/i.test(String((error as Error | undefined)?.message ?? ''));
}

// Stored in a text column: NUL is what PostgreSQL refuses, and a message may quote the offending value.
function errorText(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.replace(/\u0000/g, '\\0').slice(0, 2000);
}

function signal(): { promise: Promise<void>; resolve: () => void } {
  let resolve: () => void = () => undefined;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
// How soon a projection that is behind the shared batches, but found nothing to read, reads again.
const CATCH_UP_POLL_MS = 50;
