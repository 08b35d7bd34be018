import type { RecordedEvent } from '@sce/event-sourcing';

/**
 * A projection whose documents live outside the read-model database (a search engine, a notifier). The
 * runner delivers at least once: its checkpoint (kept in the read-model database) moves only after
 * `deliver` resolves, so after a failure, a timeout or a restart the same events come again. A sink must
 * therefore upsert each document keyed by its id and keep it only when the event's stream revision is newer
 * than the one stored with it (see `upsertIfNewer`), so that a replay never duplicates nor regresses a
 * document.
 */
export interface SinkProjection {
  name: string;
  /** Event types it reads; batches without any are not delivered. */
  handles: readonly string[];
  /** Rejecting, or outlasting `timeoutMs`, makes the runner deliver the same events again after a pause. */
  deliver(events: RecordedEvent[], signal: AbortSignal): Promise<void>;
  /** How long one delivery may take before it counts as failed; default 10 s. */
  timeoutMs?: number;
  /** Empties the sink: the first step of a rebuild from the log (without it the sink cannot be rebuilt). */
  reset?(): Promise<void>;
  /**
   * For a sink that records, in the same transaction as its writes, the position of the last event it took
   * (so a delivery need not be on disk when `deliver` resolves: no fsync per batch). Read when the runner
   * starts and before a retry: when it is behind the stored checkpoint (a power cut lost the sink's last
   * writes), the checkpoint goes back to it and those events come again. undefined: the checkpoint rules.
   */
  durablePosition?(): Promise<number | undefined>;
  /**
   * For such a sink: registers what to call when writes it had accepted failed to reach the disk after all (a
   * commit left for later met a full disk). The runner then feeds it again from durablePosition() at once,
   * rather than at its next delivery, which an idle log may not bring for hours.
   */
  onLostWrites?(lost: (error: unknown) => void): void;
}

export interface SinkDocument<Doc> {
  id: string;
  revision: number;
  doc: Doc | null;
}

/** What a sink's documents offer the projection: writes guarded by stream revision. */
export interface RevisionGuardedSink<Doc> {
  upsertIfNewer(id: string, revision: number, doc: Doc | null): boolean | Promise<boolean>;
  all(): SinkDocument<Doc>[] | Promise<SinkDocument<Doc>[]>;
}

/**
 * The rule every sink follows, and a reference sink kept in memory (tests, the embedded profile): a write
 * is kept only when its revision is newer than the stored one. Removing is a write too (doc null, a
 * tombstone), so a late replay of an older event cannot bring a removed document back.
 */
export class RevisionGuardedDocuments<Doc> implements RevisionGuardedSink<Doc> {
  private readonly documents = new Map<string, SinkDocument<Doc>>();

  /** True when the write was kept; false when the stored document is as new or newer (a replay). */
  upsertIfNewer(id: string, revision: number, doc: Doc | null): boolean {
    const stored = this.documents.get(id);
    if (stored && stored.revision >= revision) return false;
    this.documents.set(id, { id, revision, doc });
    return true;
  }

  get(id: string): SinkDocument<Doc> | undefined {
    const stored = this.documents.get(id);
    return stored?.doc === null ? undefined : stored;
  }

  /** The live documents, tombstones left out. */
  all(): SinkDocument<Doc>[] {
    return [...this.documents.values()].filter((document) => document.doc !== null);
  }
}
