import {
  AccessDeniedError,
  ANY,
  BACKWARDS,
  END,
  FORWARDS,
  KurrentDBClient,
  NO_STREAM,
  START,
  STREAM_EXISTS,
  StreamNotFoundError,
  WrongExpectedVersionError,
  eventTypeFilter,
  jsonEvent,
  type AllStreamResolvedEvent,
  type AppendResult as ClientAppendResult,
  type AppendStreamState,
  type ReadableSubscription,
  type ResolvedEvent,
} from '@kurrent/kurrentdb-client';
// Not re-exported by the package index: the client's own grammar, so the adapter checks exactly what it will connect with.
import { parseConnectionString, type ConnectionOptions } from '@kurrent/kurrentdb-client/dist/Client/parseConnectionString';
import type { EventMetadata, EventToAppend, RecordedEvent } from '../../event';
import { WrongExpectedRevisionError } from '../../errors';
import { checkExpectedRevision } from '../../expected-revision';
import { serialisePayloads } from '../../payload';
import { EventStoreUnavailableError, isTombstoned, translateClientError } from './kurrentdb-errors';
import {
  NO_STREAM_REVISION,
  type AppendResult,
  type EventBatchHandler,
  type EventStore,
  type EventSubscription,
  type ExpectedRevision,
  type ReadAllOptions,
  type ReadStreamOptions,
  type SubscribeToAllOptions,
} from '../../event-store.port';
import type { Snapshot, SnapshotStore } from '../../snapshot-store.port';

export interface KurrentDbEventStoreOptions {
  /** e.g. kurrentdb://localhost:2113?tls=false */
  connectionString: string;
}

// Our schema version travels in the event's metadata under this key and is taken out again on read.
const SCHEMA_VERSION_KEY = 'schemaVersion';
const MAX_BUFFERED = 2000;
const CONNECT_TIMEOUT_MS = 10_000;

// KurrentDB's idiom: a stream's snapshots are events of a snapshot stream beside it, kept to the latest by
// $maxCount. Their type is not PascalCase, so no domain event shares it, and reads of $all filter it out
// on the server along with system events.
const SNAPSHOT_STREAM_PREFIX = 'sce-snapshot-';
const SNAPSHOT_EVENT_TYPE = 'sce.snapshot';
const snapshotStreamOf = (streamId: string) => `${SNAPSHOT_STREAM_PREFIX}${streamId}`;
// Like excludeSystemEvents ("^[^$].*"), and without snapshots.
const domainEvents = () => eventTypeFilter({ regex: `^(?!\\$|${SNAPSHOT_EVENT_TYPE.replace('.', '\\.')}$).*` });

interface SnapshotData {
  streamRevision: number;
  schemaVersion: number;
  state: string;
}

/**
 * The event store on KurrentDB, through its official client. Global positions are KurrentDB commit
 * positions: every event appended by this client gets its own, and they increase along $all (for events
 * written without the legacy TCP transactions, commit equals prepare, so one number is enough).
 * Not exercised in CI (no server here): the contract suite runs against it whenever KURRENTDB_URL is set.
 *
 * Retries: the server recognises a resent append (same event ids) at a specific revision or 'no_stream'
 * from the stream itself; at 'any' or 'stream_exists' only from an in-memory cache, so after a server
 * restart such a retry is stored twice. The command handler always appends at a specific revision (or
 * 'no_stream'), so commands never meet that; the contract declares it (recognisesKeywordRetriesDurably).
 */
export class KurrentDbEventStore implements EventStore, SnapshotStore {
  private constructor(private readonly client: KurrentDBClient) {}

  /**
   * Fails at start-up, not on the first request, when the server cannot serve the adapter: both of the
   * client's transports are tried (reads go through its native bridge, appends and subscriptions through
   * its gRPC channel), each reading $all as the projections will. A failed start leaves nothing open.
   */
  static async connect(options: KurrentDbEventStoreOptions): Promise<KurrentDbEventStore> {
    const parsed = checkConnectionString(options.connectionString);
    const store = new KurrentDbEventStore(KurrentDBClient.connectionString(options.connectionString));
    try {
      await confirmSubscription(store.client, CONNECT_TIMEOUT_MS);
      await store.headPosition();
      return store;
    } catch (error) {
      await store.close().catch(() => undefined);
      throw startUpError(error, parsed);
    }
  }

  async appendToStream(streamId: string, events: EventToAppend[], options: { expectedRevision: ExpectedRevision }): Promise<AppendResult> {
    serialisePayloads(streamId, events); // refuses what the other adapters refuse, so a log can move between them
    // Nothing to send for an empty append, or for a revision no stream can be at (the server's revisions are unsigned).
    if (events.length === 0 || toStreamState(options.expectedRevision) === undefined) {
      const current = await this.currentRevision(streamId);
      checkExpectedRevision(streamId, options.expectedRevision, current);
      const head = await this.headPosition();
      return { nextExpectedRevision: current, firstPosition: head, lastPosition: head };
    }
    const data = events.map((event) =>
      jsonEvent({ id: event.id, type: event.type, data: event.data as never, metadata: { ...event.metadata, [SCHEMA_VERSION_KEY]: event.schemaVersion } }),
    );
    try {
      const result = await this.client.appendToStream(streamId, data, { streamState: toStreamState(options.expectedRevision)! });
      const { nextExpectedRevision, lastPosition } = checkedAppendResult(streamId, options.expectedRevision, result);
      // No position: the server recognised a retry of an append it had stored and did not store it again;
      // the positions are those of the events it stored then.
      if (lastPosition === undefined) return await this.storedAppend(streamId, events, nextExpectedRevision);
      const firstPosition = await firstPositionOf(events.length, lastPosition, () => this.positionOnLeader(streamId, nextExpectedRevision - events.length + 1));
      return { nextExpectedRevision, firstPosition, lastPosition };
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) {
        const actual = error.actualState === 'no_stream' ? -1 : Number(error.actualState);
        throw new WrongExpectedRevisionError(streamId, options.expectedRevision, actual);
      }
      throw translateClientError(error, 'append', streamId);
    }
  }

  // From the leader, which took the append: a follower may not have it yet.
  private async positionOnLeader(streamId: string, revision: number): Promise<number | undefined> {
    for await (const resolved of this.client.readStream(streamId, { fromRevision: BigInt(revision), direction: FORWARDS, maxCount: 1, requiresLeader: true })) {
      return toRecordedEvent(resolved)?.globalPosition;
    }
    return undefined;
  }

  /** The result of an append the server had already stored: its events, found by revision and checked by id. */
  private async storedAppend(streamId: string, events: EventToAppend[], nextExpectedRevision: number): Promise<AppendResult> {
    const stored = await this.readStream(streamId, { fromRevision: nextExpectedRevision - events.length + 1, maxCount: events.length }, { requiresLeader: true });
    if (stored.length !== events.length || stored.some((event, i) => event.id !== events[i].id)) {
      throw new Error(`KurrentDB reported the append to ${streamId} as stored without a position, but its events are not at revisions up to ${nextExpectedRevision}`);
    }
    return { nextExpectedRevision, firstPosition: stored[0].globalPosition, lastPosition: stored[stored.length - 1].globalPosition };
  }

  // KurrentDB reads one stream per call: the streams are read side by side.
  async readStreams(streamIds: readonly string[], options: ReadStreamOptions = {}): Promise<Map<string, RecordedEvent[]>> {
    const ids = [...new Set(streamIds)];
    return new Map(await Promise.all(ids.map(async (id) => [id, await this.readStream(id, options)] as const)));
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}, { requiresLeader = false } = {}): Promise<RecordedEvent[]> {
    if (options.maxCount === 0) return [];
    const events: RecordedEvent[] = [];
    try {
      for await (const resolved of this.client.readStream(streamId, {
        fromRevision: BigInt(options.fromRevision ?? 0),
        direction: FORWARDS,
        requiresLeader,
        ...(options.maxCount !== undefined ? { maxCount: options.maxCount } : {}),
      })) {
        const recorded = toRecordedEvent(resolved);
        if (recorded) events.push(recorded);
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError || isTombstoned(error)) return [];
      throw translateClientError(error, 'read', streamId);
    }
    return events;
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    try {
      return await collectDomainEvents((from, maxCount) => this.readAllPage(FORWARDS, from, maxCount), 'forwards', options.after ?? 0, options.maxCount ?? 1000);
    } catch (error) {
      throw translateClientError(error, 'read');
    }
  }

  private readAllPage(direction: typeof FORWARDS | typeof BACKWARDS, from: number | undefined, maxCount: number): AsyncIterable<AllStreamResolvedEvent> {
    const fromPosition = from === undefined ? END : from > 0 ? { commit: BigInt(from), prepare: BigInt(from) } : START;
    return this.client.readAll({ fromPosition, direction, maxCount, filter: domainEvents() });
  }

  subscribeToAll(options: SubscribeToAllOptions, handler: EventBatchHandler): EventSubscription {
    const after = options.after ?? 0;
    // A native catch-up subscription (exclusive of its start position), drained in batches.
    const subscription = this.client.subscribeToAll({
      fromPosition: after > 0 ? { commit: BigInt(after), prepare: BigInt(after) } : START,
      filter: domainEvents(),
    });
    return drainSubscription(subscription, { after, batchSize: options.batchSize ?? 500 }, handler);
  }

  async headPosition(): Promise<number> {
    try {
      const [last] = await collectDomainEvents((from, maxCount) => this.readAllPage(BACKWARDS, from, maxCount), 'backwards', undefined, 1);
      return last?.globalPosition ?? 0;
    } catch (error) {
      throw translateClientError(error, 'read');
    }
  }

  async readSnapshot(streamId: string): Promise<Snapshot | undefined> {
    const latest = await this.latestSnapshot(streamId);
    return latest && { streamId, ...latest.data };
  }

  // Not replacing a newer snapshot is checked before the append, not atomically: a snapshot is a cache, and
  // an older one is still a correct place to start.
  async writeSnapshot(snapshot: Snapshot): Promise<void> {
    const latest = await this.latestSnapshot(snapshot.streamId);
    if (latest && latest.data.schemaVersion === snapshot.schemaVersion && latest.data.streamRevision > snapshot.streamRevision) return;
    const stream = snapshotStreamOf(snapshot.streamId);
    const data: SnapshotData = { streamRevision: snapshot.streamRevision, schemaVersion: snapshot.schemaVersion, state: snapshot.state };
    try {
      const result = await this.client.appendToStream(stream, jsonEvent({ type: SNAPSHOT_EVENT_TYPE, data: data as never }), { streamState: ANY });
      // Once, when the stream is made: rewriting the metadata later would drop the truncation a deletion left.
      if (result.nextExpectedRevision === 0n) await this.client.setStreamMetadata(stream, { maxCount: 1 });
    } catch (error) {
      throw translateClientError(error, 'append', stream);
    }
  }

  // A soft delete: unreadable at once, gone from disk at the next scavenge.
  async deleteSnapshots(streamId: string): Promise<void> {
    try {
      await this.client.deleteStream(snapshotStreamOf(streamId));
    } catch (error) {
      if (!(error instanceof StreamNotFoundError || isTombstoned(error))) throw translateClientError(error, 'delete', snapshotStreamOf(streamId));
    }
  }

  // KurrentDB has no index of event ids: the stream is read backwards from its end until the event is found.
  // Linear in the events after it (and in the whole stream for an id it does not hold); only a resent
  // command whose stream has a snapshot asks.
  async readStreamEvent(streamId: string, eventId: string): Promise<RecordedEvent | undefined> {
    try {
      for await (const resolved of this.client.readStream(streamId, { direction: BACKWARDS, fromRevision: END })) {
        if (resolved.event?.id === eventId) return toRecordedEvent(resolved);
      }
    } catch (error) {
      if (!(error instanceof StreamNotFoundError || isTombstoned(error))) throw translateClientError(error, 'read', streamId);
    }
    return undefined;
  }

  private async latestSnapshot(streamId: string): Promise<{ data: SnapshotData } | undefined> {
    try {
      for await (const resolved of this.client.readStream(snapshotStreamOf(streamId), { direction: BACKWARDS, fromRevision: END, maxCount: 1 })) {
        if (resolved.event?.type === SNAPSHOT_EVENT_TYPE) return { data: resolved.event.data as unknown as SnapshotData };
      }
    } catch (error) {
      if (!(error instanceof StreamNotFoundError || isTombstoned(error))) throw translateClientError(error, 'read', streamId);
    }
    return undefined;
  }

  // dispose() cancels the client's calls but leaves its gRPC channel (sockets, keep-alive timers) open. The
  // client hands its channel out only through getChannel(), which makes a new one when it has dropped its
  // own after a failure (with discovery, by asking the cluster): that wait is bounded, nothing is left to close then.
  async close(): Promise<void> {
    await this.client.dispose();
    const getChannel = (this.client as unknown as { getChannel(): Promise<{ close(): void }> }).getChannel;
    let timer: NodeJS.Timeout | undefined;
    const channel = await Promise.race([getChannel().catch(() => undefined), new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), 1000)))]);
    clearTimeout(timer);
    channel?.close();
  }

  private async currentRevision(streamId: string): Promise<number> {
    try {
      for await (const resolved of this.client.readStream(streamId, { direction: BACKWARDS, fromRevision: END, maxCount: 1 })) {
        return Number(resolved.event?.revision ?? -1n);
      }
    } catch (error) {
      if (!(error instanceof StreamNotFoundError || isTombstoned(error))) throw translateClientError(error, 'read', streamId);
    }
    return -1;
  }
}

/** A subscription to $all the server confirms: the gRPC channel works and this user may read $all. */
async function confirmSubscription(client: KurrentDBClient, timeoutMs: number): Promise<void> {
  const subscription = client.subscribeToAll({ fromPosition: END, filter: domainEvents() });
  let timer: NodeJS.Timeout | undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      subscription.once('confirmation', () => resolve());
      // Kept until the end: an error event without a listener would crash the process.
      subscription.on('error', reject);
      timer = setTimeout(() => reject(new Error(`no answer to a subscription within ${timeoutMs} ms`)), timeoutMs);
    });
  } finally {
    clearTimeout(timer);
    await subscription.unsubscribe().catch(() => undefined);
  }
}

/** Why the adapter cannot start, in words an operator can act on (the hosts, never the credentials). */
export function startUpError(error: unknown, options: ConnectionOptions): Error {
  const where = options.hosts.map((host) => `${host.address}:${host.port}`).join(', ');
  const cause = error instanceof EventStoreUnavailableError && error.cause instanceof Error ? error.cause : error;
  if (cause instanceof AccessDeniedError) {
    return new Error(
      `KurrentDB at ${where} refused to let this client read $all (access denied): a secured node needs the credentials of a user ` +
        'allowed to read $all (an admin or $ops member) in KURRENTDB_URL, as kurrentdb://user:password@host:2113',
      { cause: error },
    );
  }
  return new Error(`Cannot use KurrentDB at ${where}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause: error });
}

/**
 * The client's connection string, parsed by the client's own grammar, refused when it asks for appends that
 * resolve instead of failing (throwOnAppendFailure=false): a conflict would then look like a success.
 */
export function checkConnectionString(connectionString: string): ConnectionOptions {
  const options = parseConnectionString(connectionString);
  if (options.throwOnAppendFailure === false) {
    throw new Error('KURRENTDB_URL must not set throwOnAppendFailure=false: the adapter needs a failed append to fail, or a conflict would be stored as a success');
  }
  return options;
}

/**
 * What the port needs from the client's append answer, checked: an unsuccessful append (the answer to a
 * wrong expected version when the client does not throw) is a conflict, never a success, and a missing
 * position stays missing (position 0 would mean "stored nothing" to read-your-writes).
 */
export function checkedAppendResult(streamId: string, expected: ExpectedRevision, result: ClientAppendResult): { nextExpectedRevision: number; lastPosition: number | undefined } {
  const nextExpectedRevision = Number(result.nextExpectedRevision);
  if (!result.success) throw new WrongExpectedRevisionError(streamId, expected, nextExpectedRevision);
  return { nextExpectedRevision, lastPosition: result.position === undefined ? undefined : Number(result.position.commit) };
}

/**
 * The first appended event's position. The append answer carries the last one only, and the server lays
 * events out by their encoded size, so a multi-event append asks for it. That read comes after the commit:
 * it must not turn a stored append into a failure (a retry without an idempotency key would store it
 * twice), so when it fails or finds nothing the answer falls back to the last position, an upper bound.
 * Only lastPosition drives anything (read-your-writes, checkpoints); firstPosition is informative.
 */
export async function firstPositionOf(count: number, lastPosition: number, readFirstPosition: () => Promise<number | undefined>): Promise<number> {
  if (count === 1) return lastPosition;
  try {
    return (await readFirstPosition()) ?? lastPosition;
  } catch {
    return lastPosition;
  }
}

/** One read of $all from a position (undefined: the end), as the server answers it. */
export type AllPageReader = (from: number | undefined, maxCount: number) => AsyncIterable<AllStreamResolvedEvent>;

const MIN_PAGE = 16;

/**
 * Up to `wanted` events of the log strictly beyond `start` (after it forwards, before it backwards; undefined
 * backwards is the end). The server counts events the adapter then drops (events of $ streams whose type
 * the filter cannot tell apart), so one page can hold none of ours before the end of the log: pages are
 * read until enough are found or the server answers a short page, its true end. Empty means caught up.
 */
export async function collectDomainEvents(readPage: AllPageReader, direction: 'forwards' | 'backwards', start: number | undefined, wanted: number): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  if (wanted <= 0) return events;
  let from = start;
  for (;;) {
    // Reading from a position may include the event at it: one more than needed, and it is skipped.
    const pageSize = Math.max(wanted - events.length + 1, MIN_PAGE);
    let answered = 0;
    let last = from;
    for await (const resolved of readPage(from, pageSize)) {
      answered++;
      const position = positionOf(resolved);
      if (from !== undefined && (direction === 'forwards' ? position <= from : position >= from)) continue;
      last = position;
      const recorded = toRecordedEvent(resolved);
      if (recorded) events.push(recorded);
      if (events.length === wanted) return events;
    }
    if (answered < pageSize || last === from) return events;
    from = last;
  }
}

/** What the adapter uses of the client's subscription: a readable of resolved events it can cancel. */
export type AllEventsReadable = Pick<ReadableSubscription<AllStreamResolvedEvent>, 'on' | 'pause' | 'resume' | 'isPaused' | 'unsubscribe'>;

/**
 * Delivers a subscription's events to the handler in batches, one batch at a time. The subscription never
 * ends by itself: a gRPC stream that closes, even without an error (a server restart, a proxy's idle
 * timeout), rejects finished, so the runner resubscribes from its checkpoint instead of waiting forever.
 */
export function drainSubscription(subscription: AllEventsReadable, options: { after: number; batchSize: number }, handler: EventBatchHandler): EventSubscription {
  const buffer: RecordedEvent[] = [];
  let wake: () => void = () => undefined;
  let stopped = false;
  let failure: unknown;
  const fail = (error: unknown) => {
    failure ??= error;
    wake();
  };
  subscription.on('data', (resolved: AllStreamResolvedEvent) => {
    const recorded = toRecordedEvent(resolved);
    if (recorded && recorded.globalPosition > options.after) buffer.push(recorded);
    if (buffer.length >= MAX_BUFFERED) subscription.pause();
    wake();
  });
  subscription.on('error', (error) => fail(translateClientError(error, 'read')));
  for (const ending of ['end', 'close'] as const) {
    subscription.on(ending, () => {
      if (!stopped) fail(new Error(`KurrentDB ended the subscription to $all without an error (${ending}): resubscribe from the checkpoint`));
    });
  }
  const finished = (async () => {
    while (!stopped) {
      if (failure) throw failure;
      if (buffer.length === 0) {
        await new Promise<void>((resolve) => (wake = resolve));
        continue;
      }
      const batch = buffer.splice(0, options.batchSize);
      if (subscription.isPaused()) subscription.resume();
      await handler(batch);
    }
  })();
  finished.catch(() => void subscription.unsubscribe().catch(() => undefined));
  return {
    finished,
    async stop() {
      stopped = true;
      wake();
      await subscription.unsubscribe().catch(() => undefined);
      await finished.catch(() => undefined);
    },
  };
}

/**
 * The client's stream state for an expected revision. -1 (NO_STREAM_REVISION) means no stream, as in the
 * other adapters; a number below it or not an integer has no stream state (no stream can be at it).
 */
export function toStreamState(expected: ExpectedRevision): AppendStreamState | undefined {
  if (expected === 'any') return ANY;
  if (expected === 'no_stream' || expected === NO_STREAM_REVISION) return NO_STREAM;
  if (expected === 'stream_exists') return STREAM_EXISTS;
  return Number.isSafeInteger(expected) && expected >= 0 ? BigInt(expected) : undefined;
}

const positionOf = (resolved: ResolvedEvent | AllStreamResolvedEvent) => Number(resolved.event?.position?.commit ?? resolved.commitPosition ?? 0n);

function toRecordedEvent(resolved: ResolvedEvent | AllStreamResolvedEvent): RecordedEvent | undefined {
  const event = resolved.event;
  if (!event || event.streamId.startsWith('$') || event.streamId.startsWith(SNAPSHOT_STREAM_PREFIX)) return undefined;
  const { [SCHEMA_VERSION_KEY]: schemaVersion, ...metadata } = (event.metadata ?? {}) as Record<string, unknown>;
  return {
    globalPosition: positionOf(resolved),
    streamId: event.streamId,
    streamRevision: Number(event.revision),
    id: event.id,
    type: event.type,
    schemaVersion: typeof schemaVersion === 'number' ? schemaVersion : 1,
    data: event.data as object,
    metadata: metadata as unknown as EventMetadata,
    recordedAt: event.created.toISOString(),
  };
}
