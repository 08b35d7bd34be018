import type { Event, Upcaster } from '@sce/event-sourcing';
import type { PlatformRole } from './platform-role';

// Events carry the account id only: name and e-mail live in the erasable people store.
export type AccountRegistered = Event<'AccountRegistered', { accountId: string }>;
export type PlatformRoleGranted = Event<'PlatformRoleGranted', { accountId: string; role: PlatformRole }>;
export type PlatformRoleRevoked = Event<'PlatformRoleRevoked', { accountId: string; role: PlatformRole }>;

/**
 * The key's secret never enters the log (only its hash, in the api_keys credential table), nor its name: a
 * name a person typed may be personal data, so it lives in that erasable table too. Version 1 carried the
 * name; the upcaster below drops it on read.
 */
export type ApiKeyCreated = Event<'ApiKeyCreated', { accountId: string; apiKeyId: string }>;
export type ApiKeyRevoked = Event<'ApiKeyRevoked', { accountId: string; apiKeyId: string }>;

/** The person's data was erased; the account id stays in history as a "former member". */
export type AccountForgotten = Event<'AccountForgotten', { accountId: string }>;

export type AccountEvent = AccountRegistered | PlatformRoleGranted | PlatformRoleRevoked | ApiKeyCreated | ApiKeyRevoked | AccountForgotten;

export const accountStreamId = (accountId: string) => `account-${accountId}`;

/** ApiKeyCreated v1 -> v2: the key's name leaves the event (it stays in the erasable api_keys table). */
export const accountUpcasters: Upcaster[] = [
  {
    type: 'ApiKeyCreated',
    fromVersion: 1,
    upcast: ({ accountId, apiKeyId }: { accountId: string; apiKeyId: string }) => ({ accountId, apiKeyId }),
  },
];
