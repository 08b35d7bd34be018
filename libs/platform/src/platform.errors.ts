import { DomainError } from '@sce/event-sourcing';

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

/** Input that fails validation; carries every violated field so a client can show them all at once. */
export class InvalidInputError extends DomainError<PlatformErrorCode> {
  readonly code = PlatformErrorCode.InvalidInput;
  constructor(readonly violations: FieldViolation[]) {
    super(`Invalid input: ${violations.map((v) => `${v.field}: ${v.messages.join(', ')}`).join('; ')}`, { violations });
  }
}

export class InvalidCursorError extends DomainError<PlatformErrorCode> {
  readonly code = PlatformErrorCode.InvalidCursor;
  constructor(cursor: string) {
    super(`'${cursor}' is not a cursor this list gave out`, { cursor });
  }
}

export class InvalidPositionTokenError extends DomainError<PlatformErrorCode> {
  readonly code = PlatformErrorCode.InvalidPositionToken;
  constructor(token: string) {
    super(`'${token}' is not a position this API gave out`, { atLeast: token });
  }
}

/** The read models did not reach a position a query asked for within the read-your-writes timeout: retry. */
export class NotCaughtUpError extends DomainError<PlatformErrorCode> {
  readonly code = PlatformErrorCode.NotCaughtUp;
  constructor(token: string, timeoutMs: number) {
    super(`The read models did not reach the requested position within ${timeoutMs} ms; retry shortly`, { atLeast: token, timeoutMs });
  }
}
