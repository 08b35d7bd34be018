import type { Event } from '@sce/event-sourcing';
import type { PlatformRole } from './platform-role';

// Events carry the account id only: name and e-mail live in the erasable people store.
export type AccountRegistered = Event<'AccountRegistered', { accountId: string }>;
export type PlatformRoleGranted = Event<'PlatformRoleGranted', { accountId: string; role: PlatformRole }>;
export type PlatformRoleRevoked = Event<'PlatformRoleRevoked', { accountId: string; role: PlatformRole }>;

/** The key's secret never enters the log: only its hash, in the api_keys credential table. */
export type ApiKeyCreated = Event<'ApiKeyCreated', { accountId: string; apiKeyId: string; name: string }>;
export type ApiKeyRevoked = Event<'ApiKeyRevoked', { accountId: string; apiKeyId: string }>;

/** The person's data was erased; the account id stays in history as a "former member". */
export type AccountForgotten = Event<'AccountForgotten', { accountId: string }>;

export type AccountEvent = AccountRegistered | PlatformRoleGranted | PlatformRoleRevoked | ApiKeyCreated | ApiKeyRevoked | AccountForgotten;

export const accountStreamId = (accountId: string) => `account-${accountId}`;
