import type { Command, Decider, Event, EventMetadata, EventToAppend, RecordedEvent, SnapshotPolicy } from './event';
import { IdempotencyKeyReusedError, WrongExpectedRevisionError } from './errors';
import { NO_STREAM_REVISION, type EventStore } from './event-store.port';
import { idFor, payloadHash } from './ids';
import { snapshotStoreOf, type SnapshotStore } from './snapshot-store.port';

export interface HandleOptions {
  /**
   * The revision the client saw. When given, a stale value is a conflict for the client to resolve; when
   * absent, the handler re-reads and re-decides on a concurrent write (the decision is still made on the
   * latest state, so no update is lost).
   */
  expectedRevision?: number;
}

export interface CommandResult<State> {
  streamId: string;
  state: State;
  /** Revision of the stream's last event: what the client sends back as expectedRevision next time. */
  revision: number;
  /** Global position of the last event this command stored (0 if it stored none). */
  lastPosition: number;
  /**
   * The global position the outcome is at: the last event stored (or, for a resent command, found), else
   * the stream's last event, which the decision was made on (0 for a stream that does not exist). A read
   * model at or past it shows the outcome.
   */
  position: number;
  appendedEvents: number;
  /** True when an idempotency key matched an earlier command: nothing new was stored. */
  replayed: boolean;
}

/** Where failed snapshot reads and writes are reported: they never fail a command. */
export interface SnapshotLogger {
  warn(message: string, details: Record<string, unknown>): void;
}

export interface CommandHandlerOptions {
  /** Where snapshots are kept: by default the store itself when it has a snapshot side; false for none. */
  snapshots?: SnapshotStore | false;
  logger?: SnapshotLogger;
}

// Each round of a contended stream lets one writer through, so this bounds how many may queue on one stream.
const MAX_AUTOMATIC_RETRIES = 20;
const DEFAULT_SNAPSHOT_EVERY = 100;
// Events of one earlier command read at a time when it lies before the snapshot.
const EARLIER_OUTCOME_PAGE = 64;

const consoleLogger: SnapshotLogger = { warn: (message, details) => console.warn(message, details) };

/** What the handler folded: the state at the stream's last revision, and the events it had to read for it. */
interface LoadedStream<State> {
  state: State;
  currentRevision: number;
  /** Global position of the stream's last event (0 for a stream that does not exist). */
  streamPosition: number;
  /** The events read after the snapshot, or the whole stream when no snapshot was used. */
  read: RecordedEvent[];
  /** The revision of the snapshot the fold started from; undefined when the whole stream was read. */
  snapshotRevision?: number;
}

/**
 * Read the stream, fold it, decide, append with the expected revision. A decider with a snapshot policy
 * starts from the stream's latest snapshot and reads only the events after it, so a command costs the
 * same on a stream of 10,000 events as on one of 100.
 */
export class CommandHandler {
  private readonly snapshots?: SnapshotStore;
  private readonly logger: SnapshotLogger;

  constructor(
    private readonly store: EventStore,
    options: CommandHandlerOptions = {},
  ) {
    this.snapshots = options.snapshots === false ? undefined : (options.snapshots ?? snapshotStoreOf(store));
    this.logger = options.logger ?? consoleLogger;
  }

  async handle<State, C extends Command, E extends Event>(
    decider: Decider<State, C, E>,
    streamId: string,
    command: C,
    options: HandleOptions = {},
  ): Promise<CommandResult<State>> {
    for (let attempt = 0; ; attempt++) {
      const loaded = await this.load(decider, streamId);
      const { state, currentRevision, streamPosition } = loaded;

      const earlier = await this.findEarlierOutcome(streamId, command, loaded);
      if (earlier) {
        await this.snapshotIfDue(decider, streamId, loaded);
        return { streamId, state, revision: earlier.streamRevision, lastPosition: earlier.globalPosition, position: earlier.globalPosition, appendedEvents: 0, replayed: true };
      }

      const stale = options.expectedRevision !== undefined && options.expectedRevision !== currentRevision;
      // On a missing stream the decider speaks first: "not found" tells the client more than a conflict.
      if (stale && currentRevision !== NO_STREAM_REVISION) throw new WrongExpectedRevisionError(streamId, options.expectedRevision!, currentRevision);
      const events = decider.decide(command, state);
      if (stale) throw new WrongExpectedRevisionError(streamId, options.expectedRevision!, currentRevision);
      if (events.length === 0) {
        await this.snapshotIfDue(decider, streamId, loaded);
        return { streamId, state, revision: currentRevision, lastPosition: 0, position: streamPosition, appendedEvents: 0, replayed: false };
      }
      const erases = this.erases(decider.snapshot, events);
      // Before the erasing event is stored, and failing the command if it fails: no snapshot may keep what it erases.
      if (erases) await this.snapshots!.deleteSnapshots(streamId);
      const toAppend = events.map((event, index): EventToAppend => ({
        id: idFor(command.metadata, `${streamId}|event|${index}`),
        type: event.type,
        schemaVersion: decider.schemaVersions[event.type as E['type']],
        data: event.data,
        metadata: metadataOf(command),
      }));
      try {
        const result = await this.store.appendToStream(streamId, toAppend, {
          expectedRevision: currentRevision === NO_STREAM_REVISION ? 'no_stream' : currentRevision,
        });
        // And again after: a concurrent command may have written one in between.
        if (erases) await this.bestEffort('delete', streamId, () => this.snapshots!.deleteSnapshots(streamId));
        else await this.snapshotIfDue(decider, streamId, loaded);
        return {
          streamId,
          state: events.reduce(decider.evolve, state),
          revision: result.nextExpectedRevision,
          lastPosition: result.lastPosition,
          position: result.lastPosition,
          appendedEvents: events.length,
          replayed: false,
        };
      } catch (error) {
        const mayRetry = options.expectedRevision === undefined && attempt < MAX_AUTOMATIC_RETRIES;
        if (!(error instanceof WrongExpectedRevisionError) || !mayRetry) throw error;
      }
    }
  }

  // The latest snapshot of this decider's version, then the events after it; the whole stream without one.
  // The snapshot's own event is read again: a snapshot beyond the stream (a log restored from an older
  // backup) is ignored rather than trusted.
  private async load<State, C extends Command, E extends Event>(decider: Decider<State, C, E>, streamId: string): Promise<LoadedStream<State>> {
    const start = await this.usableSnapshot(decider, streamId);
    if (start) {
      const events = await this.store.readStream(streamId, { fromRevision: start.revision });
      if (events[0]?.streamRevision === start.revision) {
        const read = events.slice(1);
        const last = events[events.length - 1];
        return { state: foldFrom(decider, start.state, read), currentRevision: last.streamRevision, streamPosition: last.globalPosition, read, snapshotRevision: start.revision };
      }
      this.logger.warn('Snapshot ignored: the stream has no event at its revision', { streamId, snapshotRevision: start.revision });
    }
    const history = await this.store.readStream(streamId);
    const last = history[history.length - 1];
    return { state: fold(decider, history), currentRevision: last?.streamRevision ?? NO_STREAM_REVISION, streamPosition: last?.globalPosition ?? 0, read: history };
  }

  // A snapshot of another version is ignored; one that cannot be read or decoded is reported and ignored.
  private async usableSnapshot<State, C extends Command, E extends Event>(decider: Decider<State, C, E>, streamId: string): Promise<{ state: State; revision: number } | undefined> {
    const policy = decider.snapshot;
    if (!policy || !this.snapshots) return undefined;
    try {
      const snapshot = await this.snapshots.readSnapshot(streamId);
      if (!snapshot || snapshot.schemaVersion !== policy.schemaVersion) return undefined;
      const value: unknown = JSON.parse(snapshot.state);
      return { state: policy.fromSnapshot ? policy.fromSnapshot(value) : (value as State), revision: snapshot.streamRevision };
    } catch (error) {
      this.logger.warn('Snapshot unreadable: replaying the stream', { streamId, error: String(error) });
      return undefined;
    }
  }

  // After the outcome, when enough events were folded since the last snapshot: a snapshot of the state
  // folded from stored events, so it is exactly what a replay gives (evolve may read revisions and metadata).
  private async snapshotIfDue<State, C extends Command, E extends Event>(decider: Decider<State, C, E>, streamId: string, loaded: LoadedStream<State>): Promise<void> {
    const policy = decider.snapshot;
    if (!policy || !this.snapshots || loaded.currentRevision === NO_STREAM_REVISION) return;
    if (loaded.read.length < Math.max(1, policy.every ?? DEFAULT_SNAPSHOT_EVERY)) return;
    const snapshots = this.snapshots;
    await this.bestEffort('write', streamId, async () => {
      const state = JSON.stringify(policy.toSnapshot ? policy.toSnapshot(loaded.state) : loaded.state);
      if (state === undefined) throw new Error('the state is not a JSON value');
      await snapshots.writeSnapshot({ streamId, streamRevision: loaded.currentRevision, schemaVersion: policy.schemaVersion, state });
    });
  }

  private erases<State, E extends Event>(policy: SnapshotPolicy<State, E> | undefined, events: readonly E[]): boolean {
    if (!policy?.erasedBy?.length || !this.snapshots) return false;
    return events.some((event) => policy.erasedBy!.includes(event.type));
  }

  private async bestEffort(action: 'write' | 'delete', streamId: string, work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      this.logger.warn(`Snapshot ${action} failed (the command is not affected)`, { streamId, error: String(error) });
    }
  }

  // A resent command (same actor and idempotency key) finds its own events, whose ids it derives again. The
  // key with another payload is refused: the first outcome would not be what this request asked for. (Events
  // stored before payload hashes were kept have none, and are taken as the first outcome.) Behind a
  // snapshot the first event is looked up by its id, and only that command's events are read.
  private async findEarlierOutcome(streamId: string, command: Command, loaded: LoadedStream<unknown>): Promise<RecordedEvent | undefined> {
    if (!command.metadata.idempotencyKey) return undefined;
    const firstId = idFor(command.metadata, `${streamId}|event|0`);
    const start = loaded.read.findIndex((event) => event.id === firstId);
    if (start !== -1) return this.lastEventOf(streamId, command, loaded.read.slice(start));
    if (loaded.snapshotRevision === undefined || !this.snapshots) return undefined;
    const first = await this.snapshots.readStreamEvent(streamId, firstId);
    if (!first) return undefined;
    let found: RecordedEvent | undefined;
    for (let fromRevision = first.streamRevision; ; fromRevision += EARLIER_OUTCOME_PAGE) {
      const page = await this.store.readStream(streamId, { fromRevision, maxCount: EARLIER_OUTCOME_PAGE });
      const offset = fromRevision - first.streamRevision;
      const last = this.lastEventOf(streamId, command, page, offset);
      if (!last) return found;
      found = last;
      if (page.length < EARLIER_OUTCOME_PAGE || last !== page[page.length - 1]) return found;
    }
  }

  // The last of the command's events in `events`, which starts with its event number `offset`.
  private lastEventOf(streamId: string, command: Command, events: RecordedEvent[], offset = 0): RecordedEvent | undefined {
    if (events.length === 0 || events[0].id !== idFor(command.metadata, `${streamId}|event|${offset}`)) return undefined;
    if (offset === 0) {
      const storedHash = events[0].metadata.idempotencyPayloadHash;
      if (storedHash !== undefined && storedHash !== commandHash(command)) throw new IdempotencyKeyReusedError(command.metadata.idempotencyKey!, streamId);
    }
    let last = events[0];
    for (let index = 1; index < events.length; index++) {
      if (events[index].id !== idFor(command.metadata, `${streamId}|event|${offset + index}`)) break;
      last = events[index];
    }
    return last;
  }
}

export function fold<State, E extends Event>(decider: Pick<Decider<State, never, E>, 'evolve' | 'initialState'>, events: readonly RecordedEvent[]): State {
  return foldFrom(decider, decider.initialState(), events);
}

function foldFrom<State, E extends Event>(decider: Pick<Decider<State, never, E>, 'evolve'>, state: State, events: readonly RecordedEvent[]): State {
  for (const event of events) state = decider.evolve(state, event as unknown as E);
  return state;
}

// What "the same command" means for a resent idempotency key: its type and data (ids, time and actor come
// from the metadata and are derived again, or may differ, on a resend).
const commandHash = (command: Command): string => payloadHash({ type: command.type, data: command.data });

function metadataOf(command: Command): EventMetadata {
  const { actorId, correlationId, causationId, now, idempotencyKey, apiKeyId } = command.metadata;
  return {
    actorId,
    correlationId,
    causationId: causationId ?? null,
    occurredAt: now.toISOString(),
    ...(idempotencyKey ? { idempotencyKey, idempotencyPayloadHash: commandHash(command) } : {}),
    ...(apiKeyId ? { apiKeyId } : {}),
  };
}
