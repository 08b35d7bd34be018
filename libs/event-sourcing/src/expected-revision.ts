import { WrongExpectedRevisionError } from './errors';
import { NO_STREAM_REVISION, type ExpectedRevision } from './event-store.port';

/** The one definition of what each expected-revision value accepts, shared by every adapter. */
export function checkExpectedRevision(streamId: string, expected: ExpectedRevision, current: number): void {
  const ok =
    expected === 'any' ||
    (expected === 'no_stream' && current === NO_STREAM_REVISION) ||
    (expected === 'stream_exists' && current !== NO_STREAM_REVISION) ||
    expected === current;
  if (!ok) throw new WrongExpectedRevisionError(streamId, expected, current);
}
