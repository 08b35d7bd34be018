import { CancelledError, DeadlineExceededError, MaxAppendSizeExceededError, StreamDeletedError, UnavailableError, WrongExpectedVersionError } from '@kurrent/kurrentdb-client';
import { EventPayloadRefusedError, StreamNotFoundError } from '../../errors';
import { AppendOutcomeUnknownError, EventStoreUnavailableError, StreamTombstonedError, translateClientError } from './kurrentdb-errors';

// The client's own error classes, as it builds them from the server's answers (and from the read bridge's).
describe('KurrentDB client errors as the adapter reports them', () => {
  it('reports an append to a tombstoned stream as a stream that does not exist (NOT_FOUND), saying it was deleted', () => {
    const translated = translateClientError(StreamDeletedError.fromStreamName('order-1'), 'append', 'order-1');
    expect(translated).toBeInstanceOf(StreamTombstonedError);
    expect(translated).toBeInstanceOf(StreamNotFoundError);
    expect(translated).toMatchObject({ code: 'STREAM_NOT_FOUND', streamId: 'order-1', message: expect.stringMatching(/deleted permanently/) });
  });

  it('says an append without an answer may or may not be stored, and how to find out', () => {
    for (const noAnswer of [new DeadlineExceededError(undefined, 'Deadline exceeded'), new UnavailableError(undefined, 'Connection dropped'), new CancelledError(undefined, 'Cancelled on server')]) {
      const translated = translateClientError(noAnswer, 'append', 'order-1');
      expect(translated).toBeInstanceOf(AppendOutcomeUnknownError);
      expect(translated).toMatchObject({ streamId: 'order-1', cause: noAnswer, code: 'APPEND_OUTCOME_UNKNOWN', message: expect.stringMatching(/may or may not have been stored.*same idempotency key/) });
    }
  });

  it('reports a read without an answer as unavailable, safe to retry', () => {
    const translated = translateClientError(new UnavailableError(undefined, 'failed to connect'), 'read', 'order-1');
    expect(translated).toBeInstanceOf(EventStoreUnavailableError);
    // The client gets a plain message and a typed code; what the server said stays in `cause`, for the log.
    expect(translated).toMatchObject({ code: 'EVENT_STORE_UNAVAILABLE', message: expect.stringMatching(/unavailable.*order-1.*retry/) });
    expect(String((translated as Error).cause)).toMatch(/failed to connect/);
    expect(translateClientError(new DeadlineExceededError(), 'read')).toBeInstanceOf(EventStoreUnavailableError);
  });

  it("refuses an append over the server's MaxAppendSize as a payload the store cannot take (BAD_USER_INPUT), naming the limit", () => {
    const translated = translateClientError(MaxAppendSizeExceededError.fromMaxAppendSize(1_048_576), 'append', 'order-1');
    expect(translated).toBeInstanceOf(EventPayloadRefusedError);
    expect(translated).toMatchObject({ code: 'EVENT_PAYLOAD_REFUSED', streamId: 'order-1', reason: expect.stringMatching(/MaxAppendSize \(1048576 bytes\)/) });
  });

  it('leaves other errors as they are', () => {
    const conflict = new WrongExpectedVersionError(undefined, { streamName: 'order-1', expected: 1n, current: 2n });
    expect(translateClientError(conflict, 'append', 'order-1')).toBe(conflict);
    const bug = new TypeError('not a function');
    expect(translateClientError(bug, 'read')).toBe(bug);
  });
});
