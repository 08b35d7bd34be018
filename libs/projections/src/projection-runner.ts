import { noGate, type EventStore, type EventSubscription, type Gate, type RecordedEvent } from '@sce/event-sourcing';
import type { DataSource, EntityManager } from 'typeorm';
import type { Projection } from './projection';
import { ProjectionCheckpointEntity } from './projection-checkpoint.entity';

export interface ProjectionRunnerOptions {
  /** Shared with the embedded event store so the two writers of one SQLite file queue instead of colliding. */
  gate?: Gate;
  batchSize?: number;
  /** Pause before resubscribing after a failure. */
  retryDelayMs?: number;
  onError?: (error: unknown, projection?: string) => void;
}

/** Another process (a rebuild, a second runner) moved the checkpoint: resubscribe from what is stored. */
class CheckpointMovedError extends Error {}

/**
 * Feeds the log to the read-model projections. Each batch is applied to a projection in one transaction
 * that first checks the stored checkpoint is where this runner left it and then moves it, so an event is
 * never applied twice or skipped, even with another process rebuilding the same tables.
 */
export class ProjectionRunner {
  private readonly positions = new Map<string, number>();
  private readonly waiters = new Set<() => void>();
  private subscription?: EventSubscription;
  private running = false;
  private readonly gate: Gate;
  private readonly batchSize: number;

  constructor(
    private readonly store: EventStore,
    private readonly dataSource: DataSource,
    readonly projections: readonly Projection[],
    private readonly options: ProjectionRunnerOptions = {},
  ) {
    this.gate = options.gate ?? noGate;
    this.batchSize = options.batchSize ?? 500;
    const names = new Set(projections.map((p) => p.name));
    if (names.size !== projections.length) throw new Error('Projection names must be unique');
  }

  async start(): Promise<void> {
    this.running = true;
    await this.loadCheckpoints();
    this.subscribe();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.subscription?.stop();
    this.notifyWaiters();
  }

  /** The lowest position every projection has reached. */
  caughtUpTo(): number {
    return this.projections.length ? Math.min(...this.projections.map((p) => this.positions.get(p.name) ?? 0)) : Number.MAX_SAFE_INTEGER;
  }

  checkpoints(): Record<string, number> {
    return Object.fromEntries(this.projections.map((p) => [p.name, this.positions.get(p.name) ?? 0]));
  }

  /**
   * Read-your-writes: resolves true once every projection has applied the position, false on timeout.
   * On an instance that does not run the projections (a standby), it watches the stored checkpoints.
   */
  async waitFor(position: number, timeoutMs: number): Promise<boolean> {
    if (!this.running) return this.waitForStoredCheckpoints(position, timeoutMs);
    if (this.caughtUpTo() >= position) return true;
    return new Promise<boolean>((resolve) => {
      const check = () => {
        if (this.caughtUpTo() >= position || !this.running) finish(this.caughtUpTo() >= position);
      };
      const finish = (reached: boolean) => {
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve(reached);
      };
      const timer = setTimeout(() => finish(false), timeoutMs);
      this.waiters.add(check);
    });
  }

  /** Where the projections stand: from memory when this instance runs them, else from the database. */
  async status(): Promise<{ running: boolean; checkpoints: Record<string, number>; caughtUpTo: number }> {
    if (!this.running) await this.loadCheckpoints();
    return { running: this.running, checkpoints: this.checkpoints(), caughtUpTo: this.caughtUpTo() };
  }

  private async waitForStoredCheckpoints(position: number, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const stored = await this.dataSource.getRepository(ProjectionCheckpointEntity).find();
      const byName = new Map(stored.map((row) => [row.name, row.position]));
      if (this.projections.every((p) => (byName.get(p.name) ?? 0) >= position)) return true;
      if (Date.now() >= deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** Empties a projection's tables and replays the whole log into them. */
  async rebuild(name: string, onProgress?: (position: number, head: number) => void): Promise<void> {
    const projection = this.projections.find((p) => p.name === name);
    if (!projection) throw new Error(`Unknown projection '${name}'. Known: ${this.projections.map((p) => p.name).join(', ')}`);
    const head = await this.store.headPosition();
    await this.gate.run(() =>
      this.dataSource.transaction(async (manager) => {
        await readCheckpoint(manager, name);
        for (const entity of projection.entities) await manager.clear(entity);
        await writeCheckpoint(manager, name, 0);
      }),
    );
    this.positions.set(name, 0);
    onProgress?.(0, head);
    let after = 0;
    for (;;) {
      const events = await this.store.readAll({ after, maxCount: this.batchSize });
      if (events.length === 0) break;
      try {
        await this.applyTo([projection], events, after);
        after = events[events.length - 1].globalPosition;
      } catch (error) {
        // Reset again by someone else: continue from what is stored.
        if (!(error instanceof CheckpointMovedError)) throw error;
        await this.loadCheckpoints();
        after = this.positions.get(name) ?? 0;
      }
      onProgress?.(Math.min(after, head), head);
    }
    this.notifyWaiters();
  }

  private subscribe(): void {
    // Each batch of a subscription continues where the previous one ended: that is what "after" says.
    let after = this.caughtUpTo();
    const subscription = this.store.subscribeToAll({ after, batchSize: this.batchSize }, async (events) => {
      await this.applyBatch(events, after);
      after = events[events.length - 1].globalPosition;
    });
    this.subscription = subscription;
    subscription.finished.catch((error) => {
      if (!this.running || this.subscription !== subscription) return;
      const moved = error instanceof CheckpointMovedError;
      if (!moved) this.options.onError?.(error);
      setTimeout(() => void this.resubscribe(), moved ? 0 : (this.options.retryDelayMs ?? 1000));
    });
  }

  private async resubscribe(): Promise<void> {
    if (!this.running) return;
    try {
      await this.loadCheckpoints();
      this.subscribe();
    } catch (error) {
      this.options.onError?.(error);
      setTimeout(() => void this.resubscribe(), this.options.retryDelayMs ?? 1000);
    }
  }

  private async applyBatch(events: RecordedEvent[], after: number): Promise<void> {
    await this.applyTo(this.projections, events, after);
    this.notifyWaiters();
  }

  /**
   * Applies a batch that holds every event after `after` up to its last one, to all the given projections
   * in ONE transaction (one commit, so one fsync, per batch on the read-your-writes path). For each
   * projection the stored checkpoint decides: behind `after`, events in between are missing from this
   * batch (someone reset it: resubscribe); within the batch, only the events past it are applied; at or
   * past its end, there is nothing to do.
   */
  private async applyTo(projections: readonly Projection[], events: RecordedEvent[], after: number): Promise<void> {
    const last = events[events.length - 1].globalPosition;
    await this.gate.run(() =>
      this.dataSource.transaction(async (manager) => {
        for (const projection of projections) {
          const stored = await readCheckpoint(manager, projection.name);
          if (stored < after) throw new CheckpointMovedError(`${projection.name}: stored ${stored} is behind this batch, which starts after ${after}`);
          if (stored >= last) continue;
          const handles = new Set(projection.handles);
          await projection.apply(
            events.filter((event) => event.globalPosition > stored && handles.has(event.type)),
            manager,
          );
          await writeCheckpoint(manager, projection.name, last);
        }
      }),
    );
    for (const projection of projections) this.positions.set(projection.name, Math.max(last, this.positions.get(projection.name) ?? 0));
  }

  private async loadCheckpoints(): Promise<void> {
    const rows = await this.dataSource.getRepository(ProjectionCheckpointEntity).find();
    const stored = new Map(rows.map((row) => [row.name, row.position]));
    for (const projection of this.projections) this.positions.set(projection.name, stored.get(projection.name) ?? 0);
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
  if (manager.connection.options.type === 'postgres') {
    await manager.query('INSERT INTO projection_checkpoints (name, position, updated_at) VALUES ($1, 0, $2) ON CONFLICT (name) DO NOTHING', [name, new Date().toISOString()]);
    const rows: { position: string }[] = await manager.query('SELECT position FROM projection_checkpoints WHERE name = $1 FOR UPDATE', [name]);
    return Number(rows[0].position);
  }
  const row = await manager.findOneBy(ProjectionCheckpointEntity, { name });
  return row?.position ?? 0;
}

async function writeCheckpoint(manager: EntityManager, name: string, position: number): Promise<void> {
  await manager.upsert(ProjectionCheckpointEntity, { name, position, updatedAt: new Date().toISOString() }, ['name']);
}
