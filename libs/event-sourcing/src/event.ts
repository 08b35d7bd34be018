// The shapes every bounded context shares: domain events, commands and what the store records.

/** A domain event as a decider produces it: a past-tense type and plain JSON data. */
export type Event<Type extends string = string, Data extends object = object> = Readonly<{
  type: Type;
  data: Data;
}>;

/** Who did it, why, and when: carried by every stored event. */
export interface EventMetadata {
  actorId: string | null;
  correlationId: string;
  causationId: string | null;
  occurredAt: string;
  idempotencyKey?: string;
  /** With an idempotency key: a hash of the command (type and data), so a key resent with another payload is recognised. */
  idempotencyPayloadHash?: string;
  /** Set when the actor acted through one of its API keys (a partner integration). */
  apiKeyId?: string;
}

/** An event ready to append: its id is chosen by the writer so a retried append can be recognised. */
export interface EventToAppend {
  id: string;
  type: string;
  schemaVersion: number;
  data: unknown;
  metadata: EventMetadata;
}

/** An event as stored: positioned globally and in its stream. A union of events stays a discriminated union. */
export type RecordedEvent<E extends Event = Event> = E extends Event
  ? {
      globalPosition: number;
      streamId: string;
      streamRevision: number;
      id: string;
      type: E['type'];
      schemaVersion: number;
      data: E['data'];
      metadata: EventMetadata;
      recordedAt: string;
    }
  : never;

/** Command metadata: time, ids and the acting user enter the domain only through here. */
export interface CommandMetadata {
  now: Date;
  actorId: string | null;
  correlationId: string;
  causationId?: string | null;
  idempotencyKey?: string;
  /**
   * Where an anonymous caller's idempotency key applies (e.g. a hash of the mutation and its input): without
   * an account to scope it to, a key alone would be shared by every anonymous caller. Ignored for an actor.
   */
  idempotencyScope?: string;
  apiKeyId?: string;
}

export type Command<Type extends string = string, Data extends object = object> = Readonly<{
  type: Type;
  data: Data;
  metadata: CommandMetadata;
}>;

/**
 * A pure aggregate: decide turns a command and the current state into new events (or throws a domain
 * error); evolve folds one event into the state. schemaVersions names the current schema of each event type.
 */
export interface Decider<State, C extends Command, E extends Event> {
  initialState: () => State;
  decide: (command: C, state: State) => E[];
  evolve: (state: State, event: E) => State;
  schemaVersions: { [K in E['type']]: number };
  /** Opt-in: the handler starts long streams from a snapshot of the state instead of replaying them. */
  snapshot?: SnapshotPolicy<State, E>;
}

/**
 * How a decider's state is snapshotted. Snapshots are of the state folded from upcast events, so changing
 * evolve, the state's shape or an upcaster's output needs a new schemaVersion: snapshots of another
 * version are ignored (the stream is replayed and snapshotted again).
 */
export interface SnapshotPolicy<State, E extends Event = Event> {
  schemaVersion: number;
  /** Events after the last snapshot before a new one is written (default 100). */
  every?: number;
  /** The state as a JSON value (default: the state itself, which must then survive JSON). */
  toSnapshot?: (state: State) => unknown;
  /** The state back from that JSON value; may throw on a value it cannot read (the stream is then replayed). */
  fromSnapshot?: (value: unknown) => State;
  /** Event types that erase the stream: its snapshots are deleted before such an event is stored, and after. */
  erasedBy?: ReadonlyArray<E['type']>;
}
