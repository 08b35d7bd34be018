import {
  CancelledError,
  DeadlineExceededError,
  AppendRecordSizeExceededError,
  MaxAppendSizeExceededError,
  NotLeaderError,
  StreamDeletedError as ClientStreamDeletedError,
  StreamTombstonedError as ClientStreamTombstonedError,
  TransactionMaxSizeExceededError,
  UnavailableError,
} from '@kurrent/kurrentdb-client';
import { DomainError, EventPayloadRefusedError, EventStoreErrorCode, StreamNotFoundError } from '../../errors';

/** A stream deleted for good (tombstoned): it cannot be written again, so for writers it does not exist. */
export class StreamTombstonedError extends StreamNotFoundError {
  constructor(streamId: string) {
    super(streamId);
    this.message = `Stream ${streamId} was deleted permanently (tombstoned) and cannot be written again`;
  }
}

/**
 * KurrentDB did not answer (unreachable, no leader yet, shutting down): nothing was done; retrying later is safe.
 * A domain error, so a client gets a typed UNAVAILABLE with a plain message; the server's words stay in `cause`.
 */
export class EventStoreUnavailableError extends DomainError<EventStoreErrorCode> {
  readonly code = EventStoreErrorCode.Unavailable;
  constructor(
    readonly operation: string,
    override readonly cause: unknown,
  ) {
    super(`The event store is unavailable (${operation}); retry shortly`, { operation });
  }
}

/**
 * An append whose answer never came (its deadline passed, the connection dropped, the server cancelled it):
 * the server may or may not have stored it. Retrying with the same event ids (the same idempotency key) is
 * safe and tells which; retrying as a new change is not.
 */
export class AppendOutcomeUnknownError extends DomainError<EventStoreErrorCode> {
  readonly code = EventStoreErrorCode.AppendOutcomeUnknown;
  constructor(
    readonly streamId: string,
    override readonly cause: unknown,
  ) {
    super('The change may or may not have been stored (the event store did not answer): retry it with the same idempotency key to find out, never as a new change', { streamId });
  }
}

/**
 * The server refuses an append larger than its MaxAppendSize (all events of one append, 1 MiB by default),
 * one record too large for a chunk, or (multi-stream appends) a transaction over its size: the request is
 * the problem, as with a NUL character, so it is refused the same way (BAD_USER_INPUT), and stores nothing.
 */
function sizeRefusal(error: unknown): { reason: string; eventId?: string } | undefined {
  if (error instanceof MaxAppendSizeExceededError) {
    return { reason: `the append is larger than the server's MaxAppendSize${Number.isFinite(error.maxAppendSize) ? ` (${error.maxAppendSize} bytes)` : ''}` };
  }
  if (error instanceof AppendRecordSizeExceededError) return { reason: `the event is ${error.size} bytes, over the server's ${error.maxSize}`, eventId: error.recordId };
  if (error instanceof TransactionMaxSizeExceededError) return { reason: `the append is ${error.size} bytes, over the server's ${error.maxSize}` };
  return undefined;
}

const isNoAnswer = (error: unknown) => error instanceof DeadlineExceededError || error instanceof UnavailableError || error instanceof CancelledError;

/** A deleted stream as the client reports it: StreamDeleted from reads and the v1 append, StreamTombstoned from v2 appends. */
export const isTombstoned = (error: unknown) => error instanceof ClientStreamDeletedError || error instanceof ClientStreamTombstonedError;

/**
 * The client's transport and deletion errors as this adapter's: a follower that refused (NotLeader) stored
 * nothing, an append without an answer has an unknown outcome, a read without one can simply be retried.
 */
export function translateClientError(error: unknown, operation: 'append' | 'read' | 'delete', streamId = '$all'): unknown {
  const tooLarge = sizeRefusal(error);
  if (tooLarge) return new EventPayloadRefusedError(streamId, tooLarge.eventId, tooLarge.reason);
  if (isTombstoned(error)) return new StreamTombstonedError(streamId);
  if (error instanceof NotLeaderError) return new EventStoreUnavailableError(`${operation} on ${streamId}: the node is not the leader`, error);
  if (isNoAnswer(error)) return operation === 'append' ? new AppendOutcomeUnknownError(streamId, error) : new EventStoreUnavailableError(`${operation} of ${streamId}`, error);
  return error;
}
