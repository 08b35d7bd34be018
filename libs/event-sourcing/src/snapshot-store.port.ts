import type { RecordedEvent } from './event';
import type { EventStore } from './event-store.port';

/** A decider's folded state at a stream revision, as the command handler keeps it to skip the history before it. */
export interface Snapshot {
  streamId: string;
  /** Revision of the last event folded into the state. */
  streamRevision: number;
  /** The decider's snapshot schema version when it was written; any other version is ignored on read. */
  schemaVersion: number;
  /** The state as JSON text (the decider's toSnapshot output, serialised). */
  state: string;
}

/**
 * The snapshot port, beside the event-store port rather than in it: snapshots are a disposable cache of
 * folds, written best effort and deleted at will, while the event store is the record; wrappers, exports,
 * restores and the erasure scan of the log stay as they are. The SQLite, PostgreSQL and KurrentDB event
 * stores implement it too (same database, same connection); every adapter passes the shared contract in
 * testing/snapshot-store-contract.ts.
 */
export interface SnapshotStore {
  /** The stream's snapshot, or undefined when it has none. */
  readSnapshot(streamId: string): Promise<Snapshot | undefined>;
  /**
   * Keeps one snapshot per stream: replaces the stored one unless it has the same schema version and a
   * higher revision (a slow writer never replaces a newer snapshot with an older one).
   */
  writeSnapshot(snapshot: Snapshot): Promise<void>;
  /** Deletes every snapshot of the stream (erasure). */
  deleteSnapshots(streamId: string): Promise<void>;
  /**
   * One event of a stream by its id, undefined when that stream holds no such event: how the handler finds
   * an earlier outcome of a resent command in the history a snapshot lets it skip.
   */
  readStreamEvent(streamId: string, eventId: string): Promise<RecordedEvent | undefined>;
}

/** The store's snapshot side, when it has one (the handler then snapshots the deciders that opt in). */
export function snapshotStoreOf(store: EventStore): SnapshotStore | undefined {
  const candidate = store as Partial<SnapshotStore>;
  const methods = [candidate.readSnapshot, candidate.writeSnapshot, candidate.deleteSnapshots, candidate.readStreamEvent];
  return methods.every((method) => typeof method === 'function') ? (store as EventStore & SnapshotStore) : undefined;
}
