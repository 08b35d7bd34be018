import type { RecordedEvent } from '../../event';

export interface RecentEventsLimits {
  /** Most events of the log's tail kept (the subscriptions' next batches come from here). */
  tail: number;
  /** Most events kept in whole streams (commands load them, detail pages read their history). */
  streamEvents: number;
}

// Small: subscriptions that keep up read only the last batch, and the detail pages read fresh streams; a few
// megabytes of objects at most (the server's memory target is 250 MB under load).
const DEFAULT_LIMITS: RecentEventsLimits = { tail: 1_024, streamEvents: 4_000 };

/**
 * What the embedded store has just written or read, kept in memory: the log's tail and recently used whole
 * streams. Every projection and search feed reads each new batch right after it is committed, a command
 * loads its stream, a detail page reads its history: from the file that is a statement and a JSON.parse per
 * event per reader (a tenth of a mutation's time under load). Events never change once written, so a copy
 * stays true as long as nothing was appended behind this process's back: each read passes the file's head
 * (MAX(global_position), an index lookup), and a head this process did not write (an admin command appending
 * beside the server) drops everything kept. Events handed out are frozen, because every reader shares them.
 */
export class RecentEvents {
  private head: number;
  /** Events at positions head - tail.length + 1 .. head, in order (the store's positions have no gaps). */
  private tail: RecordedEvent[] = [];
  /** Whole streams (from revision 0), least recently used first. */
  private readonly streams = new Map<string, RecordedEvent[]>();
  private streamEvents = 0;

  constructor(
    fileHead: number,
    private readonly limits: RecentEventsLimits = DEFAULT_LIMITS,
  ) {
    this.head = fileHead;
  }

  /** Events this process committed, in position order; called before any other read can see the commit. */
  committed(events: readonly RecordedEvent[]): void {
    if (events.length === 0) return;
    if (events[0].globalPosition !== this.head + 1) this.forget(events[0].globalPosition - 1);
    for (const event of events) {
      freeze(event);
      this.tail.push(event);
      const stream = this.streams.get(event.streamId);
      if (stream && event.streamRevision === stream.length) {
        this.touch(event.streamId, stream).push(event);
        this.streamEvents++;
      } else if (stream) {
        this.dropStream(event.streamId);
      } else if (event.streamRevision === 0) {
        // A new stream is read back at once (the mutation's answer, its history).
        this.streams.set(event.streamId, [event]);
        this.streamEvents++;
      }
    }
    this.head = events[events.length - 1].globalPosition;
    // Trimmed in steps, not on every append.
    if (this.tail.length > 2 * this.limits.tail) this.tail = this.tail.slice(-this.limits.tail);
    this.evictStreams();
  }

  /** The events after `after` (at most maxCount), or undefined when the file must answer. */
  readAll(fileHead: number, after: number, maxCount: number): RecordedEvent[] | undefined {
    if (!this.isCurrent(fileHead)) return undefined;
    const firstIndexPosition = this.head - this.tail.length + 1;
    if (after < firstIndexPosition - 1) return undefined;
    const from = Math.min(after - firstIndexPosition + 1, this.tail.length);
    return this.tail.slice(from, from + maxCount);
  }

  /** A kept stream's events from a revision (at most maxCount), or undefined when the file must answer. */
  readStream(fileHead: number, streamId: string, fromRevision: number, maxCount: number | undefined): RecordedEvent[] | undefined {
    if (!this.isCurrent(fileHead)) return undefined;
    const stream = this.streams.get(streamId);
    if (!stream) return undefined;
    this.touch(streamId, stream);
    const from = Math.max(0, fromRevision);
    return stream.slice(from, maxCount === undefined || maxCount < 0 || !Number.isFinite(maxCount) ? undefined : from + maxCount);
  }

  /** A whole stream as the file held it when its head was fileHead (read in the same synchronous turn). */
  rememberStream(fileHead: number, streamId: string, events: RecordedEvent[]): void {
    if (events.length === 0 || events.length > this.limits.streamEvents / 4 || !this.isCurrent(fileHead)) return;
    this.dropStream(streamId);
    for (const event of events) freeze(event);
    this.streams.set(streamId, events.slice());
    this.streamEvents += events.length;
    this.evictStreams();
  }

  private isCurrent(fileHead: number): boolean {
    if (fileHead === this.head) return true;
    this.forget(fileHead);
    return false;
  }

  private forget(head: number): void {
    this.head = head;
    this.tail = [];
    this.streams.clear();
    this.streamEvents = 0;
  }

  private touch(streamId: string, stream: RecordedEvent[]): RecordedEvent[] {
    this.streams.delete(streamId);
    this.streams.set(streamId, stream);
    return stream;
  }

  private dropStream(streamId: string): void {
    const stream = this.streams.get(streamId);
    if (!stream) return;
    this.streams.delete(streamId);
    this.streamEvents -= stream.length;
  }

  private evictStreams(): void {
    for (const [streamId] of this.streams) {
      if (this.streamEvents <= this.limits.streamEvents) return;
      this.dropStream(streamId);
    }
  }
}

function freeze(value: unknown): void {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const key of Object.keys(value)) freeze((value as Record<string, unknown>)[key]);
}
