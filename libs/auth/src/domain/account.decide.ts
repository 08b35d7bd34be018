import type { Decider } from '@sce/event-sourcing';
import type { AccountCommand, CreateApiKey, ForgetAccount, GrantPlatformRole, RegisterAccount, RevokeApiKey, RevokePlatformRole } from './account.commands';
import type { AccountEvent } from './account.events';
import { accountAlreadyRegistered, accountNotFound, apiKeyNotFound } from './auth.errors';
import type { PlatformRole } from './platform-role';

export type Account =
  | { status: 'NONE' }
  | { status: 'ACTIVE'; accountId: string; roles: ReadonlySet<PlatformRole>; apiKeys: ReadonlyMap<string, 'ACTIVE' | 'REVOKED'> }
  | { status: 'FORGOTTEN'; accountId: string };

export const initialAccount = (): Account => ({ status: 'NONE' });

export function evolveAccount(state: Account, event: AccountEvent): Account {
  switch (event.type) {
    case 'AccountRegistered':
      return { status: 'ACTIVE', accountId: event.data.accountId, roles: new Set(), apiKeys: new Map() };
    case 'PlatformRoleGranted':
      return state.status === 'ACTIVE' ? { ...state, roles: new Set([...state.roles, event.data.role]) } : state;
    case 'PlatformRoleRevoked':
      return state.status === 'ACTIVE' ? { ...state, roles: new Set([...state.roles].filter((role) => role !== event.data.role)) } : state;
    case 'ApiKeyCreated':
      return state.status === 'ACTIVE' ? { ...state, apiKeys: new Map(state.apiKeys).set(event.data.apiKeyId, 'ACTIVE') } : state;
    case 'ApiKeyRevoked':
      return state.status === 'ACTIVE' ? { ...state, apiKeys: new Map(state.apiKeys).set(event.data.apiKeyId, 'REVOKED') } : state;
    case 'AccountForgotten':
      return { status: 'FORGOTTEN', accountId: event.data.accountId };
    default: {
      const unknownEvent: never = event;
      return unknownEvent;
    }
  }
}

// A forgotten account is gone for every purpose but history.
function activeAccount(state: Account, accountId: string): Extract<Account, { status: 'ACTIVE' }> {
  if (state.status !== 'ACTIVE') throw accountNotFound(accountId);
  return state;
}

function forget(command: ForgetAccount, state: Account): AccountEvent[] {
  if (state.status === 'FORGOTTEN') return [];
  activeAccount(state, command.data.accountId);
  return [{ type: 'AccountForgotten', data: { accountId: command.data.accountId } }];
}

function register(command: RegisterAccount, state: Account): AccountEvent[] {
  if (state.status !== 'NONE') throw accountAlreadyRegistered(command.data.accountId);
  const { accountId, roles } = command.data;
  return [{ type: 'AccountRegistered', data: { accountId } }, ...[...new Set(roles)].map((role): AccountEvent => ({ type: 'PlatformRoleGranted', data: { accountId, role } }))];
}

// Granting a role held already, or revoking one not held, changes nothing and records nothing.
function grant(command: GrantPlatformRole, state: Account): AccountEvent[] {
  state = activeAccount(state, command.data.accountId);
  return state.roles.has(command.data.role) ? [] : [{ type: 'PlatformRoleGranted', data: { ...command.data } }];
}

function revoke(command: RevokePlatformRole, state: Account): AccountEvent[] {
  state = activeAccount(state, command.data.accountId);
  return state.roles.has(command.data.role) ? [{ type: 'PlatformRoleRevoked', data: { ...command.data } }] : [];
}

function createApiKey(command: CreateApiKey, state: Account): AccountEvent[] {
  state = activeAccount(state, command.data.accountId);
  return state.apiKeys.has(command.data.apiKeyId) ? [] : [{ type: 'ApiKeyCreated', data: { ...command.data } }];
}

function revokeApiKey(command: RevokeApiKey, state: Account): AccountEvent[] {
  state = activeAccount(state, command.data.accountId);
  const key = state.apiKeys.get(command.data.apiKeyId);
  if (!key) throw apiKeyNotFound(command.data.apiKeyId);
  return key === 'REVOKED' ? [] : [{ type: 'ApiKeyRevoked', data: { ...command.data } }];
}

export function decideAccount(command: AccountCommand, state: Account): AccountEvent[] {
  switch (command.type) {
    case 'RegisterAccount':
      return register(command, state);
    case 'GrantPlatformRole':
      return grant(command, state);
    case 'RevokePlatformRole':
      return revoke(command, state);
    case 'CreateApiKey':
      return createApiKey(command, state);
    case 'RevokeApiKey':
      return revokeApiKey(command, state);
    case 'ForgetAccount':
      return forget(command, state);
    default: {
      const unknownCommand: never = command;
      throw new Error(`Unknown command ${JSON.stringify(unknownCommand)}`);
    }
  }
}

export const accountDecider: Decider<Account, AccountCommand, AccountEvent> = {
  initialState: initialAccount,
  decide: decideAccount,
  evolve: evolveAccount,
  schemaVersions: { AccountRegistered: 1, PlatformRoleGranted: 1, PlatformRoleRevoked: 1, ApiKeyCreated: 2, ApiKeyRevoked: 1, AccountForgotten: 1 },
};
