import { EventEmitter } from 'node:events';
import { Client, Pool, type PoolConfig } from 'pg';
import type { EventToAppend, RecordedEvent } from '../../event';
import { DuplicateEventIdError, WrongExpectedRevisionError } from '../../errors';
import type {
  AppendResult,
  EventBatchHandler,
  EventStore,
  EventSubscription,
  ExpectedRevision,
  ReadAllOptions,
  ReadStreamOptions,
  SubscribeToAllOptions,
} from '../../event-store.port';
import { nextAppendSignal, startCatchUpSubscription } from '../../catch-up-subscription';
import type { PendingAppend } from '../../pending-append';
import { eventStoreDdl, notificationChannel, quoteIdentifier } from './postgres-schema';

export interface PostgresEventStoreOptions {
  connectionString: string;
  /** Schema holding the events; lets several deployments (or tests) share one database. */
  schema?: string;
  poolSize?: number;
  /** Safety net for a lost LISTEN connection; live delivery itself is by NOTIFY. */
  idleRecheckMs?: number;
}

interface AppendOutcomeRow {
  outcome: 'ok' | 'conflict' | 'duplicate';
  next_revision: string | null;
  first_position: string | null;
  last_position: string | null;
  actual_revision: string;
}

interface EventRow {
  global_position: string;
  stream_id: string;
  stream_revision: string;
  event_id: string;
  type: string;
  schema_version: number;
  data: unknown;
  metadata: RecordedEvent['metadata'];
  recorded_at: Date;
}

const COLUMNS = 'global_position, stream_id, stream_revision, event_id, type, schema_version, data, metadata, recorded_at';

/**
 * The server-profile event store on PostgreSQL. Appends arriving together are sent as one call to the
 * append_batch function (group commit: one transaction, one fsync); new events are announced with
 * LISTEN/NOTIFY, so subscriptions are live without polling.
 */
export class PostgresEventStore implements EventStore {
  private readonly pool: Pool;
  private readonly schema: string;
  private readonly table: string;
  private readonly appended = new EventEmitter();
  private queue: PendingAppend[] = [];
  private flushInFlight = false;
  private flushScheduled = false;
  private listener?: Promise<Client>;
  private closed = false;

  private constructor(private readonly options: PostgresEventStoreOptions) {
    this.schema = options.schema ?? 'public';
    this.table = `${quoteIdentifier(this.schema)}.events`;
    this.pool = new Pool({ connectionString: options.connectionString, max: options.poolSize ?? 10 } satisfies PoolConfig);
    this.pool.on('error', () => undefined); // an idle client dropped by the server is replaced on next use
    this.appended.setMaxListeners(0);
  }

  /** Connects and creates the schema if needed (serialised by an advisory lock across processes). */
  static async create(options: PostgresEventStoreOptions): Promise<PostgresEventStore> {
    const store = new PostgresEventStore(options);
    const client = await store.pool.connect();
    try {
      await client.query('SELECT pg_advisory_lock(hashtext($1))', [`${store.schema}.events.ddl`]);
      await client.query(eventStoreDdl(store.schema));
      await client.query('SELECT pg_advisory_unlock(hashtext($1))', [`${store.schema}.events.ddl`]);
    } catch (error) {
      client.release();
      await store.pool.end();
      throw error;
    }
    client.release();
    return store;
  }

  appendToStream(streamId: string, events: EventToAppend[], options: { expectedRevision: ExpectedRevision }): Promise<AppendResult> {
    if (this.closed) return Promise.reject(new Error('Event store is closed'));
    const ids = new Set<string>();
    for (const { id } of events) {
      if (ids.has(id)) return Promise.reject(new DuplicateEventIdError(id));
      ids.add(id);
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ streamId, events, expectedRevision: options.expectedRevision, resolve, reject });
      this.scheduleFlush();
    });
  }

  // One batch in flight at a time: appends that arrive while it commits form the next batch.
  private scheduleFlush(): void {
    if (this.flushScheduled || this.flushInFlight) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    const batch = this.takeIndependentAppends();
    if (batch.length === 0) return;
    this.flushInFlight = true;
    try {
      const events = batch.flatMap((pending) => pending.events);
      const { rows } = await this.pool.query<AppendOutcomeRow>(
        `SELECT * FROM ${quoteIdentifier(this.schema)}.append_batch($1, $2, $3, $4, $5, $6, $7::jsonb[], $8::jsonb[])`,
        [
          batch.map((pending) => pending.streamId),
          batch.map((pending) => String(pending.expectedRevision)),
          batch.map((pending) => pending.events.length),
          events.map((event) => event.id),
          events.map((event) => event.type),
          events.map((event) => event.schemaVersion),
          events.map((event) => JSON.stringify(event.data)),
          events.map((event) => JSON.stringify(event.metadata)),
        ],
      );
      batch.forEach((pending, index) => settle(pending, rows[index]));
    } catch (error) {
      // The whole transaction failed (connection, server): none of this batch is stored.
      for (const pending of batch) pending.reject(error);
    } finally {
      this.flushInFlight = false;
      if (this.queue.length > 0) this.scheduleFlush();
    }
  }

  // append_batch judges a batch's appends all at once, so they must not depend on each other: a second
  // append to the same stream, or one repeating an id of the batch, waits for the next batch.
  private takeIndependentAppends(): PendingAppend[] {
    const batch: PendingAppend[] = [];
    const later: PendingAppend[] = [];
    const streams = new Set<string>();
    const ids = new Set<string>();
    for (const pending of this.queue) {
      const independent = !streams.has(pending.streamId) && pending.events.every((event) => !ids.has(event.id));
      if (!independent) {
        later.push(pending);
        continue;
      }
      batch.push(pending);
      streams.add(pending.streamId);
      for (const event of pending.events) ids.add(event.id);
    }
    this.queue = later;
    return batch;
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const { rows } = await this.pool.query<EventRow>(
      `SELECT ${COLUMNS} FROM ${this.table} WHERE stream_id = $1 AND stream_revision >= $2 ORDER BY stream_revision LIMIT $3`,
      [streamId, options.fromRevision ?? 0, options.maxCount ?? null],
    );
    return rows.map(toRecordedEvent);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const { rows } = await this.pool.query<EventRow>(`SELECT ${COLUMNS} FROM ${this.table} WHERE global_position > $1 ORDER BY global_position LIMIT $2`, [
      options.after ?? 0,
      options.maxCount ?? 1000,
    ]);
    return rows.map(toRecordedEvent);
  }

  subscribeToAll(options: SubscribeToAllOptions, handler: EventBatchHandler): EventSubscription {
    void this.listen();
    return startCatchUpSubscription(
      {
        readAfter: (after, maxCount) => this.readAll({ after, maxCount }),
        waitForAppend: (timeoutMs) => nextAppendSignal(this.appended, Math.min(timeoutMs, this.options.idleRecheckMs ?? 5000)),
      },
      handler,
      { ...options, idleTimeoutMs: this.options.idleRecheckMs ?? 5000 },
    );
  }

  // One LISTEN connection per store, shared by its subscriptions; re-established if the server drops it.
  private listen(): Promise<Client> {
    if (this.listener) return this.listener;
    const connect = async () => {
      const client = new Client({ connectionString: this.options.connectionString });
      client.on('notification', () => this.appended.emit('append'));
      client.on('error', () => undefined);
      client.on('end', () => {
        this.listener = undefined;
        this.appended.emit('append'); // let subscriptions re-read what they may have missed
        if (!this.closed) setTimeout(() => void this.listen().catch(() => undefined), 1000);
      });
      await client.connect();
      await client.query(`LISTEN ${notificationChannel(this.schema)}`);
      return client;
    };
    this.listener = connect();
    this.listener.catch(() => {
      this.listener = undefined;
    });
    return this.listener;
  }

  async headPosition(): Promise<number> {
    const { rows } = await this.pool.query<{ head: string }>(`SELECT COALESCE(MAX(global_position), 0) AS head FROM ${this.table}`);
    return Number(rows[0].head);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    while (this.flushScheduled || this.flushInFlight || this.queue.length > 0) await new Promise((resolve) => setTimeout(resolve, 1));
    const listener = await this.listener?.catch(() => undefined);
    this.listener = undefined;
    await listener?.end().catch(() => undefined);
    this.appended.emit('append');
    await this.pool.end();
  }
}

function settle(pending: PendingAppend, row: AppendOutcomeRow | undefined): void {
  if (!row) return pending.reject(new Error('append_batch returned no outcome'));
  if (row.outcome === 'conflict') return pending.reject(new WrongExpectedRevisionError(pending.streamId, pending.expectedRevision, Number(row.actual_revision)));
  if (row.outcome === 'duplicate') return pending.reject(new DuplicateEventIdError(pending.events[0]?.id ?? ''));
  pending.resolve({ nextExpectedRevision: Number(row.next_revision), firstPosition: Number(row.first_position), lastPosition: Number(row.last_position) });
}

function toRecordedEvent(row: EventRow): RecordedEvent {
  return {
    globalPosition: Number(row.global_position),
    streamId: row.stream_id,
    streamRevision: Number(row.stream_revision),
    id: row.event_id,
    type: row.type,
    schemaVersion: row.schema_version,
    data: row.data as object,
    metadata: row.metadata,
    recordedAt: row.recorded_at.toISOString(),
  };
}
