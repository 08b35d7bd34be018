import type { RecordedEvent } from '@sce/event-sourcing';
import type { OrganisationEvent } from '@sce/organisations';
import { rowProjection } from '@sce/projections';
import { Column, Entity, In, Index, PrimaryColumn, type DataSource } from 'typeorm';

/**
 * Who belongs to which organisation, as this context needs it: visibility of drafts and the four-eyes rule
 * are SQL conditions on lists (never filtered after fetching), and a context names no other context's table
 * in its SQL, so it keeps its own copy, fed by the organisations' member events from the log.
 */
@Entity('case_study_organisation_members')
@Index('idx_case_study_organisation_members_account', ['accountId'])
export class CaseStudyOrganisationMemberRow {
  /** organisationId:accountId */
  @PrimaryColumn({ type: 'varchar', length: 80 })
  id: string;

  @Column({ name: 'organisation_id', type: 'varchar', length: 36 })
  organisationId: string;

  @Column({ name: 'account_id', type: 'varchar', length: 36 })
  accountId: string;
}

type MemberEvent = Extract<OrganisationEvent, { type: 'OrganisationMemberAdded' | 'OrganisationMemberRoleChanged' | 'OrganisationMemberRemoved' }>;
const key = (organisationId: string, accountId: string) => `${organisationId}:${accountId}`;

export function evolveAccessRow(row: CaseStudyOrganisationMemberRow | null, recorded: RecordedEvent): CaseStudyOrganisationMemberRow | null {
  const event = recorded as unknown as RecordedEvent<MemberEvent>;
  const { organisationId, accountId } = event.data;
  // Every role (OWNER, EDITOR, MEMBER) belongs to the organisation: it sees the drafts and may not review them.
  if (event.type === 'OrganisationMemberRemoved') return null;
  return row ?? Object.assign(new CaseStudyOrganisationMemberRow(), { id: key(organisationId, accountId), organisationId, accountId });
}

export const CASE_STUDY_ACCESS = 'case-study-access';

export const caseStudyAccessProjection = rowProjection<CaseStudyOrganisationMemberRow>({
  name: CASE_STUDY_ACCESS,
  entity: CaseStudyOrganisationMemberRow,
  primaryKey: 'id',
  handles: ['OrganisationMemberAdded', 'OrganisationMemberRoleChanged', 'OrganisationMemberRemoved'] satisfies MemberEvent['type'][],
  rowIdOf: (event) => {
    const { organisationId, accountId } = event.data as { organisationId: string; accountId: string };
    return key(organisationId, accountId);
  },
  evolve: evolveAccessRow,
});

/** The organisations among these that the account belongs to. */
export async function organisationsOfAccountAmong(db: DataSource, accountId: string, organisationIds: readonly string[]): Promise<string[]> {
  if (organisationIds.length === 0) return [];
  const rows = await db.getRepository(CaseStudyOrganisationMemberRow).findBy({ accountId, organisationId: In([...new Set(organisationIds)]) });
  return rows.map((row) => row.organisationId);
}

/** SQL: the account (parameter :caseStudyViewer) belongs to the organisation in this column. */
export const memberOfSql = (organisationColumn: string) =>
  `EXISTS (SELECT 1 FROM case_study_organisation_members csm WHERE csm.organisation_id = ${organisationColumn} AND csm.account_id = :caseStudyViewer)`;
