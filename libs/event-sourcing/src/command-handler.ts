import type { Command, Decider, Event, EventMetadata, EventToAppend, RecordedEvent } from './event';
import { IdempotencyKeyReusedError, WrongExpectedRevisionError } from './errors';
import { NO_STREAM_REVISION, type EventStore } from './event-store.port';
import { idFor, payloadHash } from './ids';

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

// Each round of a contended stream lets one writer through, so this bounds how many may queue on one stream.
const MAX_AUTOMATIC_RETRIES = 20;

/** Read the stream, fold it, decide, append with the expected revision. */
export class CommandHandler {
  constructor(private readonly store: EventStore) {}

  async handle<State, C extends Command, E extends Event>(
    decider: Decider<State, C, E>,
    streamId: string,
    command: C,
    options: HandleOptions = {},
  ): Promise<CommandResult<State>> {
    for (let attempt = 0; ; attempt++) {
      const history = await this.store.readStream(streamId);
      const currentRevision = history.length ? history[history.length - 1].streamRevision : NO_STREAM_REVISION;
      const state = fold(decider, history);

      const streamPosition = history.length ? history[history.length - 1].globalPosition : 0;

      const earlier = this.findEarlierOutcome(streamId, command, history);
      if (earlier) return { streamId, state, revision: earlier.streamRevision, lastPosition: earlier.globalPosition, position: earlier.globalPosition, appendedEvents: 0, replayed: true };

      const stale = options.expectedRevision !== undefined && options.expectedRevision !== currentRevision;
      // On a missing stream the decider speaks first: "not found" tells the client more than a conflict.
      if (stale && currentRevision !== NO_STREAM_REVISION) throw new WrongExpectedRevisionError(streamId, options.expectedRevision!, currentRevision);
      const events = decider.decide(command, state);
      if (stale) throw new WrongExpectedRevisionError(streamId, options.expectedRevision!, currentRevision);
      if (events.length === 0) {
        return { streamId, state, revision: currentRevision, lastPosition: 0, position: streamPosition, appendedEvents: 0, replayed: false };
      }
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

  // A resent command (same actor and idempotency key) finds its own events, whose ids it derives again. The
  // key with another payload is refused: the first outcome would not be what this request asked for. (Events
  // stored before payload hashes were kept have none, and are taken as the first outcome.)
  private findEarlierOutcome(streamId: string, command: Command, history: RecordedEvent[]): RecordedEvent | undefined {
    if (!command.metadata.idempotencyKey) return undefined;
    const firstId = idFor(command.metadata, `${streamId}|event|0`);
    const start = history.findIndex((event) => event.id === firstId);
    if (start === -1) return undefined;
    const storedHash = history[start].metadata.idempotencyPayloadHash;
    if (storedHash !== undefined && storedHash !== commandHash(command)) throw new IdempotencyKeyReusedError(command.metadata.idempotencyKey, streamId);
    let last = history[start];
    for (let index = 1; start + index < history.length; index++) {
      const next = history[start + index];
      if (next.id !== idFor(command.metadata, `${streamId}|event|${index}`)) break;
      last = next;
    }
    return last;
  }
}

export function fold<State, E extends Event>(decider: Pick<Decider<State, never, E>, 'evolve' | 'initialState'>, events: readonly RecordedEvent[]): State {
  let state = decider.initialState();
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
