import { ContextError } from '@sce/event-sourcing';

export const PlatformErrorCode = {
  InvalidInput: 'INVALID_INPUT',
  InvalidCursor: 'INVALID_CURSOR',
  InvalidPositionToken: 'INVALID_POSITION_TOKEN',
  NotCaughtUp: 'NOT_CAUGHT_UP',
} as const;
export type PlatformErrorCode = (typeof PlatformErrorCode)[keyof typeof PlatformErrorCode];

export interface FieldViolation {
  field: string;
  messages: string[];
}

/** Every failure of the platform layer (inputs, cursors, position tokens): a stable code and named details. */
export class PlatformError extends ContextError<PlatformErrorCode> {}

/** Input that fails validation; carries every violated field so a client can show them all at once. */
export const invalidInput = (violations: FieldViolation[]) =>
  new PlatformError(PlatformErrorCode.InvalidInput, `Invalid input: ${violations.map((v) => `${v.field}: ${v.messages.join(', ')}`).join('; ')}`, { violations });
export const invalidCursor = (cursor: string) => new PlatformError(PlatformErrorCode.InvalidCursor, `'${cursor}' is not a cursor this list gave out`, { cursor });
export const invalidPositionToken = (token: string) => new PlatformError(PlatformErrorCode.InvalidPositionToken, `'${token}' is not a position this API gave out`, { atLeast: token });
/** The read models did not reach a position a query asked for within the read-your-writes timeout: retry. */
export const notCaughtUp = (token: string, timeoutMs: number) =>
  new PlatformError(PlatformErrorCode.NotCaughtUp, `The read models did not reach the requested position within ${timeoutMs} ms; retry shortly`, { atLeast: token, timeoutMs });
/** A mutation was saved, but the read models its answer reads did not include it in time: read it with the token, do not resend it. */
export const answerNotCaughtUp = (token: string, timeoutMs: number, id: string) =>
  new PlatformError(
    PlatformErrorCode.NotCaughtUp,
    `Your change to ${id} was saved, but the read models did not include it within ${timeoutMs} ms: read it again with consistency: { atLeast: "${token}" }`,
    { atLeast: token, timeoutMs, saved: true, id },
  );
