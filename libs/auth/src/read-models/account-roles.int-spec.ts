import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { AccountLookups, AccountRow } from './account-roles';

describe('AccountLookups: the guard keeps account rows only while the account-roles projection stands still', () => {
  let dir: string;
  let db: DataSource;
  let position: number | undefined;
  let lookups: AccountLookups;
  const setRoles = (id: string, roles: string) => db.getRepository(AccountRow).save({ id, roles, revision: 1, registeredAt: '2026-12-01T00:00:00.000Z' });

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sce-account-lookups-'));
    db = new DataSource({ type: 'better-sqlite3', database: join(dir, 'db.sqlite'), entities: [AccountRow], synchronize: true });
    await db.initialize();
    position = 10;
    lookups = new AccountLookups(db, () => position);
  });
  afterEach(async () => {
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('given a kept row, when the projection moves (a role revoked), then the next lookup reads the table', async () => {
    await setRoles('a-1', 'ADMIN');
    expect((await lookups.find('a-1'))?.roles).toBe('ADMIN');
    await setRoles('a-1', '');
    // Nothing moved yet (the projection's commit is what moves it): the kept row answers, no query.
    expect((await lookups.find('a-1'))?.roles).toBe('ADMIN');
    position = 11;
    expect((await lookups.find('a-1'))?.roles).toBe('');
  });

  it('given an unknown account, when it is registered, then it is found once the projection moved', async () => {
    expect(await lookups.find('a-2')).toBeNull();
    await setRoles('a-2', 'REVIEWER');
    position = 12;
    expect((await lookups.find('a-2'))?.roles).toBe('REVIEWER');
  });

  it('given no projections run in this process (a standby), when looked up, then every lookup reads the table', async () => {
    position = undefined;
    await setRoles('a-3', 'ADMIN');
    expect((await lookups.find('a-3'))?.roles).toBe('ADMIN');
    await setRoles('a-3', '');
    expect((await lookups.find('a-3'))?.roles).toBe('');
  });
});
