import type { Command } from '@sce/event-sourcing';
import type { PlatformRole } from './platform-role';

export type RegisterAccount = Command<'RegisterAccount', { accountId: string; roles: PlatformRole[] }>;
export type GrantPlatformRole = Command<'GrantPlatformRole', { accountId: string; role: PlatformRole }>;
export type RevokePlatformRole = Command<'RevokePlatformRole', { accountId: string; role: PlatformRole }>;

export type CreateApiKey = Command<'CreateApiKey', { accountId: string; apiKeyId: string }>;
export type RevokeApiKey = Command<'RevokeApiKey', { accountId: string; apiKeyId: string }>;

export type ForgetAccount = Command<'ForgetAccount', { accountId: string }>;

export type AccountCommand = RegisterAccount | GrantPlatformRole | RevokePlatformRole | CreateApiKey | RevokeApiKey | ForgetAccount;
