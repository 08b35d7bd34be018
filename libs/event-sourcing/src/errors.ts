// Domain errors carry a stable code; the API maps codes to GraphQL extensions.code in one place.

export abstract class DomainError<Code extends string = string> extends Error {
  abstract readonly code: Code;
  constructor(
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The one error class of a bounded context: the code comes with each instance, details are named. */
export class ContextError<Code extends string> extends DomainError<Code> {
  constructor(
    readonly code: Code,
    message: string,
    details: Record<string, unknown> = {},
  ) {
    super(message, details);
  }
}

export const EventStoreErrorCode = {
  WrongExpectedRevision: 'WRONG_EXPECTED_REVISION',
  DuplicateEventId: 'DUPLICATE_EVENT_ID',
  StreamNotFound: 'STREAM_NOT_FOUND',
  PayloadRefused: 'EVENT_PAYLOAD_REFUSED',
  /** The store did not answer (unreachable, no leader yet): nothing was done; retry later. */
  Unavailable: 'EVENT_STORE_UNAVAILABLE',
  /** An append got no answer: it may or may not be stored; retry with the same idempotency key to find out. */
  AppendOutcomeUnknown: 'APPEND_OUTCOME_UNKNOWN',
} as const;
export type EventStoreErrorCode = (typeof EventStoreErrorCode)[keyof typeof EventStoreErrorCode];

export class WrongExpectedRevisionError extends DomainError<EventStoreErrorCode> {
  readonly code = EventStoreErrorCode.WrongExpectedRevision;
  constructor(
    readonly streamId: string,
    readonly expected: string | number,
    readonly actual: number,
  ) {
    super(`Stream ${streamId} is at revision ${actual === -1 ? '(no stream)' : actual}, expected ${expected}`, {
      streamId,
      expectedRevision: expected,
      actualRevision: actual,
    });
  }
}

/** The ids of a retried append were stored before, but not as that same append. */
export class DuplicateEventIdError extends DomainError<EventStoreErrorCode> {
  readonly code = EventStoreErrorCode.DuplicateEventId;
  constructor(readonly eventId: string) {
    super(`Event ${eventId} is already stored as part of another append`, { eventId });
  }
}

export class StreamNotFoundError extends DomainError<EventStoreErrorCode> {
  readonly code = EventStoreErrorCode.StreamNotFound;
  constructor(readonly streamId: string) {
    super(`Stream ${streamId} does not exist`, { streamId });
  }
}

/** An event no adapter can store as given (a NUL character, an unpaired surrogate, not JSON). */
export class EventPayloadRefusedError extends DomainError<EventStoreErrorCode> {
  readonly code = EventStoreErrorCode.PayloadRefused;
  constructor(
    readonly streamId: string,
    readonly eventId: string | undefined,
    readonly reason: string,
  ) {
    super(`Event ${eventId ?? '(none)'} of stream ${streamId} cannot be stored: ${reason}`, { streamId, eventId, reason });
  }
}

export const CommandErrorCode = {
  IdempotencyKeyReused: 'IDEMPOTENCY_KEY_REUSED',
} as const;
export type CommandErrorCode = (typeof CommandErrorCode)[keyof typeof CommandErrorCode];

/** A caller resent an idempotency key with another command: answering with the first outcome would hide the change it asked for. */
export class IdempotencyKeyReusedError extends DomainError<CommandErrorCode> {
  readonly code = CommandErrorCode.IdempotencyKeyReused;
  constructor(
    readonly idempotencyKey: string,
    readonly streamId?: string,
  ) {
    super(`The idempotency key '${idempotencyKey}' was already used for another request: use a new key for a new change`, { idempotencyKey });
  }
}
