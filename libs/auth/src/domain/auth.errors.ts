import { ContextError } from '@sce/event-sourcing';

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

/** Every failure of the accounts context: a stable code, a message for people, named details for programs. */
export class AuthError extends ContextError<AuthErrorCode> {}

export const authenticationRequired = () => new AuthError(AuthErrorCode.AuthenticationRequired, 'Sign in first: send "Authorization: Bearer <token>"');
/** Expired, tampered with, signed with another algorithm or key, or otherwise unusable. */
export const invalidToken = (reason: string) => new AuthError(AuthErrorCode.InvalidToken, `The bearer token is not valid: ${reason}`);
export const invalidCredentials = () => new AuthError(AuthErrorCode.InvalidCredentials, 'Unknown e-mail address or wrong password');
export const notAllowed = (what: string) => new AuthError(AuthErrorCode.NotAllowed, `Not allowed: ${what}`);
export const accountNotFound = (accountId: string) => new AuthError(AuthErrorCode.AccountNotFound, `Account ${accountId} does not exist`, { accountId });
export const accountAlreadyRegistered = (accountId: string) => new AuthError(AuthErrorCode.AccountAlreadyRegistered, `Account ${accountId} is already registered`, { accountId });
export const emailAlreadyRegistered = () => new AuthError(AuthErrorCode.EmailAlreadyRegistered, 'An account with this e-mail address already exists');
export const apiKeyNotFound = (apiKeyId: string) => new AuthError(AuthErrorCode.ApiKeyNotFound, `You have no API key ${apiKeyId}`, { apiKeyId });
/** A resent createApiKey whose key exists: the secret was shown once and cannot be shown again. */
export const apiKeyAlreadyCreated = (apiKeyId: string) =>
  new AuthError(AuthErrorCode.ApiKeyAlreadyCreated, `This request already created API key ${apiKeyId}; its secret was shown once. Revoke it and create another if it was lost.`, { apiKeyId });
/** Sign-in throttled: too many attempts for this account or from this address; try again later. */
export const tooManyAttempts = (retryAfterSeconds: number) =>
  new AuthError(AuthErrorCode.TooManyAttempts, `Too many sign-in attempts; try again in ${retryAfterSeconds} s`, { retryAfterSeconds });
