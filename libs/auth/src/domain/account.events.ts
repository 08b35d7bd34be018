import type { Event } from '@sce/event-sourcing';
import type { PlatformRole } from './platform-role';

// Events carry the account id only: name and e-mail live in the erasable people store.
export type AccountRegistered = Event<'AccountRegistered', { accountId: string }>;
export type PlatformRoleGranted = Event<'PlatformRoleGranted', { accountId: string; role: PlatformRole }>;
export type PlatformRoleRevoked = Event<'PlatformRoleRevoked', { accountId: string; role: PlatformRole }>;

export type AccountEvent = AccountRegistered | PlatformRoleGranted | PlatformRoleRevoked;

export const accountStreamId = (accountId: string) => `account-${accountId}`;
