import type { AccountEvent } from '@sce/auth';
import type { RecordedEvent } from '@sce/event-sourcing';
import { rowProjection } from '@sce/projections';
import { Column, Entity, PrimaryColumn, type DataSource } from 'typeorm';

/**
 * The platform roles of accounts, as this context needs them (only a POLICY_AUTHOR may be added as an
 * author): a context names no other context's table, so it keeps its own copy, fed by the account events.
 */
@Entity('guideline_account_roles')
export class GuidelineAccountRoleRow {
  @PrimaryColumn({ name: 'account_id', type: 'varchar', length: 36 })
  accountId: string;

  /** A code list: ",POLICY_AUTHOR,REVIEWER,". */
  @Column({ type: 'varchar', length: 200 })
  roles: string;
}

type RoleEvent = Extract<AccountEvent, { type: 'PlatformRoleGranted' | 'PlatformRoleRevoked' | 'AccountForgotten' }>;
export const GUIDELINE_ACCOUNT_ROLES = 'guideline-account-roles';
const rolesIn = (row: GuidelineAccountRoleRow | null) => (row ? row.roles.split(',').filter(Boolean) : []);

export function evolveAccountRoleRow(row: GuidelineAccountRoleRow | null, recorded: RecordedEvent): GuidelineAccountRoleRow | null {
  const event = recorded as unknown as RecordedEvent<RoleEvent>;
  if (event.type === 'AccountForgotten') return null;
  const others = rolesIn(row).filter((role) => role !== event.data.role);
  const roles = event.type === 'PlatformRoleGranted' ? [...others, event.data.role] : others;
  return Object.assign(new GuidelineAccountRoleRow(), { accountId: event.data.accountId, roles: `,${roles.sort().join(',')},` });
}

export const guidelineAccountRolesProjection = rowProjection<GuidelineAccountRoleRow>({
  name: GUIDELINE_ACCOUNT_ROLES,
  entity: GuidelineAccountRoleRow,
  primaryKey: 'accountId',
  handles: ['PlatformRoleGranted', 'PlatformRoleRevoked', 'AccountForgotten'] satisfies RoleEvent['type'][],
  rowIdOf: (event) => (event.data as { accountId: string }).accountId,
  evolve: evolveAccountRoleRow,
});

export async function platformRolesOf(db: DataSource, accountId: string): Promise<string[]> {
  return rolesIn(await db.getRepository(GuidelineAccountRoleRow).findOneBy({ accountId }));
}
