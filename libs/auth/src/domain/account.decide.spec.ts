import { deciderSpecification } from '@sce/event-sourcing/testing/decider-specification';
import type { AccountCommand } from './account.commands';
import { accountDecider } from './account.decide';
import type { AccountEvent } from './account.events';
import { AuthErrorCode } from './auth.errors';

const spec = deciderSpecification(accountDecider);
const metadata = { now: new Date('2026-11-28T09:00:00Z'), actorId: 'admin-1', correlationId: 'c-1' };
const accountId = 'acc-1';
const command = <C extends AccountCommand>(type: C['type'], data: C['data']) => ({ type, data, metadata }) as C;
const registered: AccountEvent = { type: 'AccountRegistered', data: { accountId } };
const granted = (role: 'ADMIN' | 'REVIEWER' | 'POLICY_AUTHOR'): AccountEvent => ({ type: 'PlatformRoleGranted', data: { accountId, role } });

describe('Account', () => {
  describe('when not registered', () => {
    it('registers it, with the roles it starts with', () =>
      spec.given([]).when(command('RegisterAccount', { accountId, roles: ['ADMIN'] })).then([registered, granted('ADMIN')]));

    it('cannot grant a role to it', () => spec.given([]).when(command('GrantPlatformRole', { accountId, role: 'REVIEWER' })).thenFailsWith(AuthErrorCode.AccountNotFound));

    it('cannot revoke a role from it', () => spec.given([]).when(command('RevokePlatformRole', { accountId, role: 'REVIEWER' })).thenFailsWith(AuthErrorCode.AccountNotFound));
  });

  describe('when registered', () => {
    it('cannot be registered twice', () => spec.given([registered]).when(command('RegisterAccount', { accountId, roles: [] })).thenFailsWith(AuthErrorCode.AccountAlreadyRegistered));

    it('grants a role it does not hold', () => spec.given([registered]).when(command('GrantPlatformRole', { accountId, role: 'REVIEWER' })).then([granted('REVIEWER')]));

    it('records nothing when the role is held already', () => spec.given([registered, granted('REVIEWER')]).when(command('GrantPlatformRole', { accountId, role: 'REVIEWER' })).thenNothingHappens());

    it('revokes a role it holds', () =>
      spec
        .given([registered, granted('POLICY_AUTHOR')])
        .when(command('RevokePlatformRole', { accountId, role: 'POLICY_AUTHOR' }))
        .then([{ type: 'PlatformRoleRevoked', data: { accountId, role: 'POLICY_AUTHOR' } }]));

    it('records nothing when revoking a role it does not hold', () => spec.given([registered]).when(command('RevokePlatformRole', { accountId, role: 'ADMIN' })).thenNothingHappens());
  });

  describe('API keys', () => {
    const created: AccountEvent = { type: 'ApiKeyCreated', data: { accountId, apiKeyId: 'key-1' } };
    it('creates a key for a registered account', () =>
      spec.given([registered]).when(command('CreateApiKey', { accountId, apiKeyId: 'key-1' })).then([created]));

    it('revokes a key once', () => {
      const revoked: AccountEvent = { type: 'ApiKeyRevoked', data: { accountId, apiKeyId: 'key-1' } };
      spec.given([registered, created]).when(command('RevokeApiKey', { accountId, apiKeyId: 'key-1' })).then([revoked]);
      spec.given([registered, created, revoked]).when(command('RevokeApiKey', { accountId, apiKeyId: 'key-1' })).thenNothingHappens();
    });

    it('refuses to revoke a key the account does not have', () =>
      spec.given([registered]).when(command('RevokeApiKey', { accountId, apiKeyId: 'key-9' })).thenFailsWith(AuthErrorCode.ApiKeyNotFound));

    it('cannot create a key for an account that does not exist', () =>
      spec.given([]).when(command('CreateApiKey', { accountId, apiKeyId: 'key-1' })).thenFailsWith(AuthErrorCode.AccountNotFound));
  });

  describe('forgetting', () => {
    const forgotten: AccountEvent = { type: 'AccountForgotten', data: { accountId } };
    it('forgets a registered account once', () => {
      spec.given([registered, granted('ADMIN')]).when(command('ForgetAccount', { accountId })).then([forgotten]);
      spec.given([registered, forgotten]).when(command('ForgetAccount', { accountId })).thenNothingHappens();
    });

    it('treats a forgotten account as gone for everything else', () => {
      spec.given([registered, forgotten]).when(command('GrantPlatformRole', { accountId, role: 'REVIEWER' })).thenFailsWith(AuthErrorCode.AccountNotFound);
      spec.given([registered, forgotten]).when(command('CreateApiKey', { accountId, apiKeyId: 'k' })).thenFailsWith(AuthErrorCode.AccountNotFound);
    });
  });
});
