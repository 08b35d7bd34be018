import type { RecordedEvent } from '@sce/event-sourcing';
import { rowProjection, sqlStatements } from '@sce/projections';
import { Column, Entity, PrimaryColumn, type DataSource } from 'typeorm';
import type { AccountEvent } from '../domain/account.events';
import type { PlatformRole } from '../domain/platform-role';

/** Each account's platform roles: what the authorisation layer reads on every request. */
@Entity('accounts')
export class AccountRow {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  /** Comma-separated, sorted. */
  @Column({ type: 'varchar', length: 200 })
  roles: string;

  @Column({ type: 'integer' })
  revision: number;

  @Column({ name: 'registered_at', type: 'varchar', length: 30 })
  registeredAt: string;
}

export const rolesOf = (row: Pick<AccountRow, 'roles'> | null): PlatformRole[] => (row?.roles ? (row.roles.split(',') as PlatformRole[]) : []);
const withRoles = (roles: Iterable<string>) => [...new Set(roles)].sort().join(',');

export function evolveAccountRow(row: AccountRow | null, recorded: RecordedEvent): AccountRow | null {
  const event = recorded as unknown as RecordedEvent<AccountEvent>;
  const base = { revision: recorded.streamRevision };
  switch (event.type) {
    case 'AccountRegistered':
      return Object.assign(new AccountRow(), { id: event.data.accountId, roles: '', registeredAt: recorded.metadata.occurredAt, ...base });
    case 'PlatformRoleGranted':
      return row && Object.assign(new AccountRow(), row, { roles: withRoles([...rolesOf(row), event.data.role]), ...base });
    case 'AccountForgotten':
      return null;
    case 'PlatformRoleRevoked':
      return row && Object.assign(new AccountRow(), row, { roles: withRoles(rolesOf(row).filter((role) => role !== event.data.role)), ...base });
    default:
      return row;
  }
}

export const accountRolesProjection = rowProjection<AccountRow>({
  name: 'account-roles',
  entity: AccountRow,
  primaryKey: 'id',
  handles: ['AccountRegistered', 'PlatformRoleGranted', 'PlatformRoleRevoked', 'AccountForgotten'] satisfies AccountEvent['type'][],
  rowIdOf: (event) => (event.data as { accountId: string }).accountId,
  evolve: evolveAccountRow,
});

// Read on every signed-in request (the guard), so a statement prepared once rather than a TypeORM find.
export async function findAccount(db: DataSource, id: string): Promise<AccountRow | null> {
  const sql = sqlStatements(db);
  return (await sql.get<AccountRow>(`SELECT id, roles, revision, registered_at AS "registeredAt" FROM ${sql.table(AccountRow)} WHERE id = ?`, [id])) ?? null;
}

/** Whether an account is registered: for other contexts, which never read this table themselves. */
export const accountExists = (db: DataSource, id: string) => db.getRepository(AccountRow).existsBy({ id });

/**
 * The guard's account lookups, kept in memory while the account-roles projection stands where it stood when
 * they were read: every row change is that projection's, and its position moves after each commit (every
 * batch of the log, whether it touched accounts or not), so a kept row is never older than the table's.
 * Only where this process runs the projections: elsewhere (a standby instance, version() undefined) every
 * lookup reads the table. A read racing a commit is not kept. An admin command rebuilding this read model
 * beside a running server is seen at the next event.
 */
export class AccountLookups {
  private rows = new Map<string, AccountRow | null>();
  private readAt: number | undefined;

  constructor(
    private readonly db: DataSource,
    private readonly version: () => number | undefined,
    private readonly capacity = 10_000,
  ) {}

  async find(id: string): Promise<AccountRow | null> {
    const version = this.version();
    if (version === undefined) return findAccount(this.db, id);
    if (version !== this.readAt) {
      this.rows.clear();
      this.readAt = version;
    }
    const kept = this.rows.get(id);
    if (kept !== undefined) return kept;
    const row = await findAccount(this.db, id);
    if (this.version() === version && this.readAt === version) {
      if (this.rows.size >= this.capacity) this.rows.clear();
      this.rows.set(id, row);
    }
    return row;
  }
}
