import type { RecordedEvent } from '@sce/event-sourcing';
import { rowProjection, sqlStatements } from '@sce/projections';
import { Column, Entity, In, Index, PrimaryColumn, type DataSource } from 'typeorm';
import type { MemberRole, OrganisationEvent } from '../../domain/organisation.events';

/** Who belongs to which organisation, in which role: read by the authorisation layer on every change. */
@Entity('organisation_members')
@Index('idx_organisation_members_organisation', ['organisationId'])
@Index('idx_organisation_members_account', ['accountId'])
export class OrganisationMemberRow {
  /** organisationId:accountId */
  @PrimaryColumn({ type: 'varchar', length: 80 })
  id: string;

  @Column({ name: 'organisation_id', type: 'varchar', length: 36 })
  organisationId: string;

  @Column({ name: 'account_id', type: 'varchar', length: 36 })
  accountId: string;

  @Column({ type: 'varchar', length: 10 })
  role: MemberRole;

  @Column({ type: 'varchar', length: 30 })
  since: string;
}

type MemberEvent = Extract<OrganisationEvent, { type: 'OrganisationMemberAdded' | 'OrganisationMemberRoleChanged' | 'OrganisationMemberRemoved' }>;
const memberKey = (organisationId: string, accountId: string) => `${organisationId}:${accountId}`;

export function evolveMemberRow(row: OrganisationMemberRow | null, recorded: RecordedEvent): OrganisationMemberRow | null {
  const event = recorded as unknown as RecordedEvent<MemberEvent>;
  switch (event.type) {
    case 'OrganisationMemberAdded': {
      const { organisationId, accountId, role } = event.data;
      return Object.assign(new OrganisationMemberRow(), { id: memberKey(organisationId, accountId), organisationId, accountId, role, since: recorded.metadata.occurredAt });
    }
    case 'OrganisationMemberRoleChanged':
      return row && Object.assign(new OrganisationMemberRow(), row, { role: event.data.role });
    case 'OrganisationMemberRemoved':
      return null;
    default:
      return row;
  }
}

export const organisationMembersProjection = rowProjection<OrganisationMemberRow>({
  name: 'organisation-members',
  entity: OrganisationMemberRow,
  primaryKey: 'id',
  handles: ['OrganisationMemberAdded', 'OrganisationMemberRoleChanged', 'OrganisationMemberRemoved'] satisfies MemberEvent['type'][],
  rowIdOf: (event) => {
    const { organisationId, accountId } = event.data as { organisationId: string; accountId: string };
    return memberKey(organisationId, accountId);
  },
  evolve: evolveMemberRow,
});

export const membersOf = (db: DataSource, organisationId: string) =>
  db.getRepository(OrganisationMemberRow).find({ where: { organisationId }, order: { since: 'ASC', accountId: 'ASC' } });

/** The members of several organisations in one query (for a page of organisations), each oldest first. */
export const membersOfOrganisations = (db: DataSource, organisationIds: readonly string[]) =>
  db.getRepository(OrganisationMemberRow).find({ where: { organisationId: In([...organisationIds]) }, order: { since: 'ASC', accountId: 'ASC' } });

export async function memberRoleOf(db: DataSource, organisationId: string, accountId: string): Promise<MemberRole | null> {
  // Asked by the authorisation of every organisation mutation: a statement prepared once.
  const sql = sqlStatements(db);
  return (await sql.get<{ role: MemberRole }>(`SELECT role FROM ${sql.table(OrganisationMemberRow)} WHERE id = ?`, [memberKey(organisationId, accountId)]))?.role ?? null;
}
