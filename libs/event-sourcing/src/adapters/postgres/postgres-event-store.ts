import { EventEmitter } from 'node:events';
import { Client, DatabaseError, Pool, type PoolClient, type PoolConfig, type QueryConfig } from 'pg';
import type { EventToAppend, RecordedEvent } from '../../event';
import { DuplicateEventIdError, EventPayloadRefusedError, WrongExpectedRevisionError } from '../../errors';
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
import type { Snapshot, SnapshotStore } from '../../snapshot-store.port';
import { nextAppendSignal, startCatchUpSubscription } from '../../catch-up-subscription';
import type { PendingAppend } from '../../pending-append';
import { serialisePayloads } from '../../payload';
import { eventStoreDdl, snapshotStoreDdl, MAX_EVENTS_PER_TRANSACTION, MAX_TRANSACTION_ID, notificationChannel, POSITIONS_PER_TRANSACTION, quoteIdentifier } from './postgres-schema';

export interface PostgresEventStoreOptions {
  connectionString: string;
  /** Schema holding the events; lets several deployments (or tests) share one database. */
  schema?: string;
  poolSize?: number;
  /**
   * How many group-commit transactions may be in flight at once (default 4). A second one goes out only
   * while a full batch is waiting; their commits overlap, so PostgreSQL flushes them to disk together.
   */
  maxConcurrentBatches?: number;
  /** Other processes hear of appends at most this often (default 10 ms); this process at once. */
  notifyIntervalMs?: number;
  /** Safety net for a lost LISTEN connection; live delivery itself is by NOTIFY. */
  idleRecheckMs?: number;
}

/** How far the log's positions can still grow, for /health (see rebase_positions in postgres-schema.ts). */
export interface PositionHeadroom {
  /** The cluster's next transaction id. */
  nextTransactionId: number;
  /** Added to transaction ids since the log was restored into a cluster with lower ones; 0 before. */
  transactionIdOffset: number;
  /** The transaction-id part of the log's highest position (0 when the log is empty). */
  headTransactionId: number;
  /** New events get positions above the log's highest one. False means a restart is needed (it rebases). */
  aboveHead: boolean;
  /** Write transactions left before positions pass 2^53, the last exact integer of a JavaScript number. */
  transactionsLeft: number;
}

// Each append in a batch takes one advisory lock (its stream's); this keeps a batch well inside
// PostgreSQL's shared lock table (max_locks_per_transaction x max_connections).
const MAX_APPENDS_PER_BATCH = 256;
// unique_violation, deadlock_detected: lost races, worth sending again (see commit()).
const RACE_CODES = new Set(['23505', '40P01']);
const MAX_ATTEMPTS = 5;

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
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The server-profile event store on PostgreSQL. Appends arriving together are sent as one call to the
 * append_batch function (group commit: one transaction, one fsync, per batch; see flush() for when
 * several go out at once). Transactions of different processes commit in parallel. Readers read below the transaction horizon (see postgres-schema.ts), so a position is a
 * safe cursor. New events are announced with LISTEN/NOTIFY, so subscriptions are live without polling.
 */
export class PostgresEventStore implements EventStore, SnapshotStore {
  private readonly pool: Pool;
  private readonly schema: string;
  private readonly table: string;
  private readonly appended = new EventEmitter();
  private queue: PendingAppend[] = [];
  private readonly streamsInFlight = new Set<string>();
  // Connections kept checked out for appends: one per batch in flight, without the pool's round trip.
  private readonly idleWriters: PoolClient[] = [];
  private readonly droppedWriters = new WeakSet<PoolClient>();
  private batchesInFlight = 0;
  private readonly maxConcurrentBatches: number;
  private flushScheduled = false;
  private notifyTimer?: NodeJS.Timeout;
  private notifyPending = false;
  private listener?: Promise<Client>;
  private closed = false;

  private constructor(private readonly options: PostgresEventStoreOptions) {
    this.schema = options.schema ?? 'public';
    this.table = `${quoteIdentifier(this.schema)}.events`;
    this.maxConcurrentBatches = Math.max(1, options.maxConcurrentBatches ?? 4);
    this.pool = new Pool({ connectionString: options.connectionString, max: Math.max(options.poolSize ?? 10, this.maxConcurrentBatches + 1) } satisfies PoolConfig);
    this.pool.on('error', () => undefined); // an idle client dropped by the server is replaced on next use
    this.appended.setMaxListeners(0);
  }

  /**
   * Connects and creates the schema if needed (serialised by an advisory lock across processes). On a log
   * restored into a cluster with lower transaction ids, offsets new positions above the stored ones; fails
   * when the log has no position space left.
   */
  static async create(options: PostgresEventStoreOptions): Promise<PostgresEventStore> {
    const store = new PostgresEventStore(options);
    const client = await store.pool.connect();
    try {
      await client.query('SELECT pg_advisory_lock(hashtext($1))', [`${store.schema}.events.ddl`]);
      await client.query(eventStoreDdl(store.schema));
      await client.query(snapshotStoreDdl(store.schema));
      await client.query(`SELECT ${quoteIdentifier(store.schema)}.rebase_positions()`);
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
    if (events.length > MAX_EVENTS_PER_TRANSACTION) return Promise.reject(new RangeError(`One append can hold at most ${MAX_EVENTS_PER_TRANSACTION} events`));
    const ids = new Set<string>();
    for (const { id } of events) {
      if (ids.has(id)) return Promise.reject(new DuplicateEventIdError(id));
      ids.add(id);
    }
    let payloads: PendingAppend['payloads'];
    try {
      // Refused here, before it joins a batch, rather than by jsonb inside one.
      payloads = serialisePayloads(streamId, events);
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ streamId, events, payloads, expectedRevision: options.expectedRevision, resolve, reject });
      this.scheduleFlush();
    });
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      this.flush();
    });
  }

  // One batch at a time takes everything waiting (up to a full batch): on a small server, one larger
  // transaction costs less than several small ones. Only when a full batch is still waiting do further
  // batches go out alongside, their commits overlapping.
  private flush(): void {
    while (this.queue.length > 0 && this.batchesInFlight < this.maxConcurrentBatches) {
      if (this.batchesInFlight > 0 && this.queue.length < MAX_APPENDS_PER_BATCH) return;
      const batch = this.takeIndependentAppends();
      if (batch.length === 0) return;
      this.batchesInFlight++;
      for (const pending of batch) this.streamsInFlight.add(pending.streamId);
      void this.commit(batch).finally(() => {
        this.batchesInFlight--;
        for (const pending of batch) this.streamsInFlight.delete(pending.streamId);
        if (this.queue.length > 0) this.scheduleFlush();
      });
    }
  }

  /**
   * Commits a batch. When the statement fails, nothing of the batch is stored: it may have lost a race on a
   * unique key (a retried append whose event ids are stored, another process appending to the same stream
   * a moment earlier, a deadlock between two such), or one append may hold something the database refuses.
   * Either way the batch is re-sent in halves, with the event-id lookup on, down to single appends, so
   * each gets its own outcome (a retry its first one, a stale revision a conflict, a refused payload its
   * error) and one bad append costs the others a few round trips, not their commit. A lost connection is
   * re-sent once on a fresh one: the event-id lookup makes that safe even if the lost batch committed.
   */
  private async commit(batch: PendingAppend[], attempt = 0, reconnected = false): Promise<void> {
    try {
      const rows = await this.appendBatch(batch, attempt > 0);
      batch.forEach((pending, index) => settle(pending, rows[index]));
      if (rows.some((row) => row.outcome === 'ok')) this.announceAppend();
    } catch (error) {
      if (!statementFailure(error)) {
        if (!reconnected) return this.commit(batch, attempt + 1, true);
      } else if (batch.length > 1) {
        const half = Math.ceil(batch.length / 2);
        await this.commit(batch.slice(0, half), 1, reconnected);
        return this.commit(batch.slice(half), 1, reconnected);
      } else if (RACE_CODES.has((error as DatabaseError).code ?? '') && attempt < MAX_ATTEMPTS) {
        return this.commit(batch, attempt + 1, reconnected);
      }
      for (const pending of batch) pending.reject(appendError(pending, error));
    }
  }

  private async appendBatch(batch: PendingAppend[], checkIds: boolean): Promise<AppendOutcomeRow[]> {
    const events = batch.flatMap((pending) => pending.events);
    const client = await this.writerConnection();
    let failure: unknown;
    try {
      return (await client.query<AppendOutcomeRow>(this.appendQuery(batch, events, checkIds))).rows;
    } catch (error) {
      failure = error;
      throw error;
    } finally {
      // The connection stays checked out for the next batch unless it may be broken.
      if (failure && !statementFailure(failure)) this.dropWriter(client, failure);
      else if (!this.droppedWriters.has(client)) this.idleWriters.push(client);
    }
  }

  private async writerConnection(): Promise<PoolClient> {
    const kept = this.idleWriters.pop();
    if (kept) return kept;
    const client = await this.pool.connect();
    // A checked-out client has lost the pool's error listener; without one of ours, a connection the
    // server drops while it is kept here would crash the process with an unhandled 'error' event.
    client.on('error', (error) => this.dropWriter(client, error));
    return client;
  }

  private dropWriter(client: PoolClient, error: unknown): void {
    if (this.droppedWriters.has(client)) return;
    this.droppedWriters.add(client);
    const index = this.idleWriters.indexOf(client);
    if (index >= 0) this.idleWriters.splice(index, 1);
    client.release(error instanceof Error ? error : true);
  }

  private appendQuery(batch: PendingAppend[], events: EventToAppend[], checkIds: boolean): QueryConfig {
    return {
      name: `sce_append_batch_${this.schema}`,
      text: `SELECT * FROM ${quoteIdentifier(this.schema)}.append_batch($1, $2, $3, $4, $5, $6, $7::jsonb[], $8::jsonb[], $9)`,
      values: [
        batch.map((pending) => pending.streamId),
        batch.map((pending) => String(pending.expectedRevision)),
        batch.map((pending) => pending.events.length),
        events.map((event) => event.id),
        events.map((event) => event.type),
        events.map((event) => event.schemaVersion),
        batch.flatMap((pending) => pending.payloads.map((payload) => payload.data)),
        batch.flatMap((pending) => pending.payloads.map((payload) => payload.metadata)),
        checkIds,
      ],
    };
  }

  // Subscriptions of this process hear at once; other processes through NOTIFY, sent after the commit
  // rather than inside it: a notifying transaction holds a database-wide lock through its commit, which
  // would make concurrent appends commit one at a time. NOTIFYs are throttled (the first at once, then at
  // most one per interval, the last never dropped) and need no durability, so they cost little under load.
  private announceAppend(): void {
    this.appended.emit('append');
    if (this.notifyTimer || this.closed) this.notifyPending = true;
    else this.notifyOtherProcesses();
  }

  private notifyOtherProcesses(): void {
    this.notifyPending = false;
    void this.pool
      .query(`BEGIN; SET LOCAL synchronous_commit = off; NOTIFY ${notificationChannel(this.schema)}; COMMIT`)
      .catch(() => undefined); // subscribers elsewhere fall back to their idle re-check
    this.notifyTimer = setTimeout(() => {
      this.notifyTimer = undefined;
      if (this.notifyPending && !this.closed) this.notifyOtherProcesses();
    }, this.options.notifyIntervalMs ?? 10);
  }

  // append_batch judges a batch's appends all at once, so they must not depend on each other or on a
  // batch in flight: a second append to a stream, or one repeating an id of the batch, waits its turn.
  private takeIndependentAppends(): PendingAppend[] {
    const batch: PendingAppend[] = [];
    const later: PendingAppend[] = [];
    const streams = new Set<string>();
    const ids = new Set<string>();
    let eventCount = 0;
    for (const pending of this.queue) {
      const fits = batch.length < MAX_APPENDS_PER_BATCH && eventCount + pending.events.length <= MAX_EVENTS_PER_TRANSACTION;
      const independent =
        fits && !streams.has(pending.streamId) && !this.streamsInFlight.has(pending.streamId) && pending.events.every((event) => !ids.has(event.id));
      if (!independent) {
        later.push(pending);
        streams.add(pending.streamId); // keeps the stream's later appends behind this one
        continue;
      }
      batch.push(pending);
      eventCount += pending.events.length;
      streams.add(pending.streamId);
      for (const event of pending.events) ids.add(event.id);
    }
    this.queue = later;
    return batch;
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    // Prepared (per connection, on first use): planning took three times as long as running this index
    // probe, and the generic plan is the same index scan without a sort, with or without statistics.
    const { rows } = await this.pool.query<EventRow>({
      name: `sce_read_stream_${this.schema}`,
      text: `SELECT ${COLUMNS} FROM ${this.table} WHERE stream_id = $1 AND stream_revision >= $2 ORDER BY stream_revision LIMIT $3`,
      values: [streamId, options.fromRevision ?? 0, options.maxCount ?? null],
    });
    return rows.map(toRecordedEvent);
  }

  async readStreams(streamIds: readonly string[], options: ReadStreamOptions = {}): Promise<Map<string, RecordedEvent[]>> {
    const ids = [...new Set(streamIds)];
    // One entity (a detail page): the plain stream read is the cheaper statement.
    if (ids.length === 1) return new Map([[ids[0], await this.readStream(ids[0], options)]]);
    const byStream = new Map<string, RecordedEvent[]>(ids.map((id) => [id, []]));
    if (ids.length === 0) return byStream;
    // A lateral join: one index range per stream, each stopping at its own LIMIT.
    const { rows } = await this.pool.query<EventRow>({
      name: `sce_read_streams_${this.schema}`,
      text: `SELECT e.* FROM unnest($1::text[]) AS s(id) CROSS JOIN LATERAL (SELECT ${COLUMNS} FROM ${this.table} WHERE stream_id = s.id AND stream_revision >= $2 ORDER BY stream_revision LIMIT $3) e`,
      values: [ids, options.fromRevision ?? 0, options.maxCount ?? null],
    });
    for (const row of rows) byStream.get(row.stream_id)!.push(toRecordedEvent(row));
    for (const events of byStream.values()) events.sort((a, b) => a.streamRevision - b.streamRevision);
    return byStream;
  }

  /** Reads below the horizon only: what it returns can never be preceded later by a late commit. */
  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    return (await this.readBelowHorizon(options.after ?? 0, options.maxCount ?? 1000)).events;
  }

  /**
   * The next events after a position, cut at the horizon; heldBack says whether committed events were
   * cut off. The horizon marks the rows rather than bounding the index range: a range with two bounds, on
   * a table without statistics yet, is estimated so small that the planner reads and sorts the whole
   * table for each batch.
   */
  private async readBelowHorizon(after: number, maxCount: number): Promise<{ events: RecordedEvent[]; heldBack: boolean }> {
    const { rows } = await this.pool.query<EventRow & { readable: boolean }>(
      `SELECT ${COLUMNS}, global_position < (SELECT ${quoteIdentifier(this.schema)}.read_horizon()) AS readable
         FROM ${this.table} WHERE global_position > $1 ORDER BY global_position LIMIT $2`,
      [after, maxCount],
    );
    const readable = rows.findIndex((row) => !row.readable);
    if (readable === -1) return { events: rows.map(toRecordedEvent), heldBack: false };
    return { events: rows.slice(0, readable).map(toRecordedEvent), heldBack: true };
  }

  subscribeToAll(options: SubscribeToAllOptions, handler: EventBatchHandler): EventSubscription {
    // Events committed above the horizon wait for an older transaction to end. That transaction may not
    // be an append (a read-model write, another application's), so no NOTIFY will say when: poll, backing
    // off, until they can be read.
    let heldBack = false;
    let pollMs = 1;
    return startCatchUpSubscription(
      {
        readAfter: async (after, maxCount) => {
          // LISTEN first: an append committed after this read is then sure to wake the subscription.
          await this.listen().catch(() => undefined);
          const read = await this.readBelowHorizon(after, maxCount);
          heldBack = read.heldBack;
          return read.events;
        },
        waitForAppend: async (timeoutMs) => {
          if (!heldBack) {
            pollMs = 1;
            return nextAppendSignal(this.appended, Math.min(timeoutMs, this.options.idleRecheckMs ?? 5000));
          }
          await sleep(pollMs);
          pollMs = Math.min(pollMs * 2, 50);
        },
      },
      handler,
      { ...options, idleTimeoutMs: this.options.idleRecheckMs ?? 5000 },
    );
  }

  // One LISTEN connection per store, shared by its subscriptions; re-established if the server drops it.
  private listen(): Promise<Client> {
    if (this.listener) return this.listener;
    if (this.closed) return Promise.reject(new Error('Event store is closed'));
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

  /** How far positions can still grow, and whether new ones land above the log's highest (for /health). */
  async positionHeadroom(): Promise<PositionHeadroom> {
    const s = quoteIdentifier(this.schema);
    const { rows } = await this.pool.query<{ next_xid: string; xid_offset: string; head_xid: string }>(
      `SELECT pg_snapshot_xmax(pg_current_snapshot())::TEXT AS next_xid, (SELECT xid_offset FROM ${s}.position_offset) AS xid_offset,
              (SELECT COALESCE(max(global_position), 0) / ${POSITIONS_PER_TRANSACTION} FROM ${s}.events) AS head_xid`,
    );
    const nextTransactionId = Number(rows[0].next_xid);
    const transactionIdOffset = Number(rows[0].xid_offset);
    const headTransactionId = Number(rows[0].head_xid);
    return {
      nextTransactionId,
      transactionIdOffset,
      headTransactionId,
      aboveHead: nextTransactionId + transactionIdOffset > headTransactionId,
      transactionsLeft: Math.max(0, MAX_TRANSACTION_ID - nextTransactionId - transactionIdOffset),
    };
  }

  async readSnapshot(streamId: string): Promise<Snapshot | undefined> {
    const { rows } = await this.pool.query<{ stream_revision: string; schema_version: number; state: string }>({
      name: `sce_read_snapshot_${this.schema}`,
      text: `SELECT stream_revision, schema_version, state FROM ${quoteIdentifier(this.schema)}.stream_snapshots WHERE stream_id = $1`,
      values: [streamId],
    });
    const row = rows[0];
    return row && { streamId, streamRevision: Number(row.stream_revision), schemaVersion: row.schema_version, state: row.state };
  }

  async writeSnapshot(snapshot: Snapshot): Promise<void> {
    const table = `${quoteIdentifier(this.schema)}.stream_snapshots`;
    // A slower writer never replaces a newer snapshot of the same version with an older one.
    await this.pool.query(
      `INSERT INTO ${table} AS stored (stream_id, stream_revision, schema_version, state) VALUES ($1, $2, $3, $4)
       ON CONFLICT (stream_id) DO UPDATE SET stream_revision = EXCLUDED.stream_revision, schema_version = EXCLUDED.schema_version,
         state = EXCLUDED.state, recorded_at = clock_timestamp()
       WHERE stored.schema_version <> EXCLUDED.schema_version OR stored.stream_revision <= EXCLUDED.stream_revision`,
      [snapshot.streamId, snapshot.streamRevision, snapshot.schemaVersion, snapshot.state],
    );
  }

  async deleteSnapshots(streamId: string): Promise<void> {
    await this.pool.query(`DELETE FROM ${quoteIdentifier(this.schema)}.stream_snapshots WHERE stream_id = $1`, [streamId]);
  }

  // One probe of the unique event_id index. Like readStream, not cut at the horizon: the handler reads its stream.
  async readStreamEvent(streamId: string, eventId: string): Promise<RecordedEvent | undefined> {
    const { rows } = await this.pool.query<EventRow>(`SELECT ${COLUMNS} FROM ${this.table} WHERE event_id = $1 AND stream_id = $2`, [eventId, streamId]);
    return rows[0] && toRecordedEvent(rows[0]);
  }

  async headPosition(): Promise<number> {
    const { rows } = await this.pool.query<{ head: string }>(`SELECT COALESCE(max(global_position), 0) AS head FROM ${this.table}`);
    return Number(rows[0].head);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    while (this.flushScheduled || this.batchesInFlight > 0 || this.queue.length > 0) await sleep(1);
    clearTimeout(this.notifyTimer);
    this.notifyTimer = undefined;
    if (this.notifyPending) await this.pool.query(`NOTIFY ${notificationChannel(this.schema)}`).catch(() => undefined);
    for (const client of this.idleWriters.splice(0)) client.release();
    const listener = await this.listener?.catch(() => undefined);
    this.listener = undefined;
    await listener?.end().catch(() => undefined);
    this.appended.emit('append');
    await this.pool.end();
  }
}

// Errors the server raised about the statement, which leave the connection usable: any SQLSTATE but
// connection exception (08), insufficient resources (53), operator intervention (57: a terminated backend,
// a shutdown), system (58) and internal (XX) errors. Without a SQLSTATE (a closed socket, a reset), or
// with one of those, the connection may be broken.
const statementFailure = (error: unknown) => error instanceof DatabaseError && !/^(08|53|57|58|XX)/.test(error.code ?? '');

// A data exception (22) on an append sent alone is its payload's fault: the caller's input, not the store's.
function appendError(pending: PendingAppend, error: unknown): unknown {
  if (!(error instanceof DatabaseError) || !error.code?.startsWith('22')) return error;
  return new EventPayloadRefusedError(pending.streamId, pending.events[0]?.id, error.message);
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
