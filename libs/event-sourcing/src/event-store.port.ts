import type { EventToAppend, RecordedEvent } from './event';

/**
 * The revision a writer expects the stream to be at: 'any' skips the check, 'no_stream' requires a new
 * stream, 'stream_exists' any existing one, a number the exact revision of the stream's last event
 * (revisions start at 0).
 */
export type ExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | number;

export const NO_STREAM_REVISION = -1;

export interface AppendResult {
  /** Revision of the stream's last event after the append. */
  nextExpectedRevision: number;
  /** Global position of the first and last appended event. */
  firstPosition: number;
  lastPosition: number;
}

export interface ReadStreamOptions {
  /** First revision to return (inclusive); default 0. */
  fromRevision?: number;
  maxCount?: number;
}

export interface ReadAllOptions {
  /** Return events whose global position is greater than this; 0 reads from the start. */
  after?: number;
  maxCount?: number;
}

export interface SubscribeToAllOptions {
  /** The subscriber's checkpoint: delivery starts with the first event after it. */
  after?: number;
  batchSize?: number;
}

/** Receives events in global order, batch by batch; the next batch waits for the returned promise. */
export type EventBatchHandler = (events: RecordedEvent[]) => Promise<void>;

export interface EventSubscription {
  stop(): Promise<void>;
  /** Settles when the subscription stops; rejects with the handler's error if it threw. */
  readonly finished: Promise<void>;
}

/**
 * The event store port. Every adapter (SQLite, PostgreSQL, KurrentDB) passes the shared contract suite
 * in testing/event-store-contract.ts.
 */
export interface EventStore {
  /**
   * Appends events atomically after checking the expected revision; a stale one raises
   * WrongExpectedRevisionError. Appending events whose ids are already stored as one append returns that
   * append's result and stores nothing new. That retry guarantee holds on every adapter for a specific
   * expected revision (a number or 'no_stream'); with 'any' or 'stream_exists', KurrentDB recognises a retry
   * only from its in-memory cache, so after a server restart such a retry is stored twice (the contract's
   * `recognisesKeywordRetriesDurably` capability). The command handler always appends with a specific
   * revision, so this stays theoretical for commands; other writers should do the same.
   */
  appendToStream(streamId: string, events: EventToAppend[], options: { expectedRevision: ExpectedRevision }): Promise<AppendResult>;
  /** A stream's events in revision order; empty when the stream does not exist. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /**
   * Several streams at once, each read as readStream would with the same options (a page of history for
   * each entity of a list, in one round trip). Every id asked for is in the answer, empty if it has no events.
   */
  readStreams(streamIds: readonly string[], options?: ReadStreamOptions): Promise<Map<string, RecordedEvent[]>>;
  /**
   * Events of all streams in global order, after a position, in batches of maxCount. What readers see is
   * a prefix of the log that only grows at its end, so a position is a safe checkpoint: an event appears
   * once no append that could precede it is still in flight (at once on SQLite; on PostgreSQL when the
   * transactions older than its own have ended, usually within milliseconds).
   */
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  /** Catches up from a checkpoint and then stays live. */
  subscribeToAll(options: SubscribeToAllOptions, handler: EventBatchHandler): EventSubscription;
  /** Global position of the last stored event (0 when empty); readAll reaches it once it is visible. */
  headPosition(): Promise<number>;
  close(): Promise<void>;
}
