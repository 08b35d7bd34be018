import { DomainError } from '@sce/event-sourcing';

export const AuthErrorCode = {
  AuthenticationRequired: 'AUTHENTICATION_REQUIRED',
  InvalidToken: 'INVALID_TOKEN',
  InvalidCredentials: 'INVALID_CREDENTIALS',
  NotAllowed: 'NOT_ALLOWED',
  AccountNotFound: 'ACCOUNT_NOT_FOUND',
  AccountAlreadyRegistered: 'ACCOUNT_ALREADY_REGISTERED',
  EmailAlreadyRegistered: 'EMAIL_ALREADY_REGISTERED',
  ApiKeyNotFound: 'API_KEY_NOT_FOUND',
  ApiKeyAlreadyCreated: 'API_KEY_ALREADY_CREATED',
  TooManyAttempts: 'TOO_MANY_ATTEMPTS',
} as const;
export type AuthErrorCode = (typeof AuthErrorCode)[keyof typeof AuthErrorCode];

export class AuthenticationRequiredError extends DomainError<AuthErrorCode> {
  readonly code = AuthErrorCode.AuthenticationRequired;
  constructor() {
    super('Sign in first: send "Authorization: Bearer <token>"');
  }
}

/** Expired, tampered with, signed with another algorithm or key, or otherwise unusable. */
export class InvalidTokenError extends DomainError<AuthErrorCode> {
  readonly code = AuthErrorCode.InvalidToken;
  constructor(reason: string) {
    super(`The bearer token is not valid: ${reason}`);
  }
}

export class InvalidCredentialsError extends DomainError<AuthErrorCode> {
  readonly code = AuthErrorCode.InvalidCredentials;
  constructor() {
    super('Unknown e-mail address or wrong password');
  }
}

export class NotAllowedError extends DomainError<AuthErrorCode> {
  readonly code = AuthErrorCode.NotAllowed;
  constructor(what: string) {
    super(`Not allowed: ${what}`);
  }
}

export class AccountNotFoundError extends DomainError<AuthErrorCode> {
  readonly code = AuthErrorCode.AccountNotFound;
  constructor(accountId: string) {
    super(`Account ${accountId} does not exist`, { accountId });
  }
}

export class AccountAlreadyRegisteredError extends DomainError<AuthErrorCode> {
  readonly code = AuthErrorCode.AccountAlreadyRegistered;
  constructor(accountId: string) {
    super(`Account ${accountId} is already registered`, { accountId });
  }
}

export class EmailAlreadyRegisteredError extends DomainError<AuthErrorCode> {
  readonly code = AuthErrorCode.EmailAlreadyRegistered;
  constructor() {
    super('An account with this e-mail address already exists');
  }
}

export class ApiKeyNotFoundError extends DomainError<AuthErrorCode> {
  readonly code = AuthErrorCode.ApiKeyNotFound;
  constructor(apiKeyId: string) {
    super(`You have no API key ${apiKeyId}`, { apiKeyId });
  }
}

/** A resent createApiKey whose key exists: the secret was shown once and cannot be shown again. */
export class ApiKeyAlreadyCreatedError extends DomainError<AuthErrorCode> {
  readonly code = AuthErrorCode.ApiKeyAlreadyCreated;
  constructor(apiKeyId: string) {
    super(`This request already created API key ${apiKeyId}; its secret was shown once. Revoke it and create another if it was lost.`, { apiKeyId });
  }
}

/** Sign-in throttled: too many attempts for this account or from this address; try again later. */
export class TooManyAttemptsError extends DomainError<AuthErrorCode> {
  readonly code = AuthErrorCode.TooManyAttempts;
  constructor(retryAfterSeconds: number) {
    super(`Too many sign-in attempts; try again in ${retryAfterSeconds} s`, { retryAfterSeconds });
  }
}
