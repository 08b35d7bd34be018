import { DomainError } from '@sce/event-sourcing';

export const PlatformErrorCode = {
  InvalidInput: 'INVALID_INPUT',
  InvalidCursor: 'INVALID_CURSOR',
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
