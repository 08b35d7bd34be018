import type { RecordedEvent } from '@sce/event-sourcing';
import { rowProjection } from '@sce/projections';
import { Column, Entity, Index, PrimaryColumn, type DataSource } from 'typeorm';
import type { PartnershipEvent } from '../domain/partnership.events';

// Codes are stored as ",A,B," so that "has code X" is a LIKE '%,X,%' on both SQLite and PostgreSQL.
export const codeList = (codes: readonly string[]) => `,${codes.join(',')},`;
export const codesOf = (list: string) => list.split(',').filter(Boolean);

/** One row per partnership: lookups and the filtered, paged list. */
@Entity('partnerships')
@Index('idx_partnerships_status_id', ['status', 'id'])
export class PartnershipRow {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'text' })
  objectives: string;

  @Column({ type: 'varchar', length: 12 })
  status: string;

  @Column({ name: 'lead_organisation_id', type: 'varchar', length: 36 })
  leadOrganisationId: string;

  @Column({ type: 'varchar', length: 500 })
  sectors: string;

  @Column({ type: 'varchar', length: 800 })
  countries: string;

  @Column({ name: 'starts_on', type: 'varchar', length: 10 })
  startsOn: string;

  @Column({ name: 'ends_on', type: 'varchar', length: 10, nullable: true })
  endsOn: string | null;

  @Column({ type: 'integer' })
  revision: number;

  @Column({ name: 'proposed_at', type: 'varchar', length: 30 })
  proposedAt: string;

  @Column({ name: 'updated_at', type: 'varchar', length: 30 })
  updatedAt: string;
}

const STATUS_AFTER: Partial<Record<PartnershipEvent['type'], string>> = {
  PartnershipActivated: 'ACTIVE',
  PartnershipCompleted: 'COMPLETED',
  PartnershipDissolved: 'DISSOLVED',
};

export function evolvePartnershipRow(row: PartnershipRow | null, recorded: RecordedEvent): PartnershipRow | null {
  const event = recorded as unknown as RecordedEvent<PartnershipEvent>;
  const stamp = { revision: recorded.streamRevision, updatedAt: recorded.metadata.occurredAt };
  if (event.type === 'PartnershipProposed') {
    const { partnershipId, sectors, countries, ...rest } = event.data;
    return Object.assign(new PartnershipRow(), {
      id: partnershipId,
      ...rest,
      sectors: codeList(sectors),
      countries: codeList(countries),
      status: 'PROPOSED',
      proposedAt: recorded.metadata.occurredAt,
      ...stamp,
    });
  }
  const status = STATUS_AFTER[event.type];
  return row && Object.assign(new PartnershipRow(), row, status ? { status } : {}, stamp);
}

export const partnershipDirectoryProjection = rowProjection<PartnershipRow>({
  name: 'partnership-directory',
  entity: PartnershipRow,
  primaryKey: 'id',
  handles: [
    'PartnershipProposed',
    'PartnerInvited',
    'PartnerInvitationAccepted',
    'PartnerInvitationDeclined',
    'PartnershipActivated',
    'PartnershipCompleted',
    'PartnershipDissolved',
    'PartnerLeft',
  ] satisfies PartnershipEvent['type'][],
  rowIdOf: (event) => (event.data as { partnershipId: string }).partnershipId,
  evolve: evolvePartnershipRow,
});

export interface PartnershipFilter {
  organisationId?: string;
  sector?: string;
  country?: string;
  status?: string;
}

export function findPartnership(db: DataSource, id: string): Promise<PartnershipRow | null> {
  return db.getRepository(PartnershipRow).findOneBy({ id });
}

export async function listPartnerships(db: DataSource, filter: PartnershipFilter, first: number, afterId?: string) {
  const query = db.getRepository(PartnershipRow).createQueryBuilder('p');
  if (filter.status) query.andWhere('p.status = :status', { status: filter.status });
  if (filter.sector) query.andWhere('p.sectors LIKE :sector', { sector: `%,${filter.sector},%` });
  if (filter.country) query.andWhere('p.countries LIKE :country', { country: `%,${filter.country},%` });
  if (filter.organisationId) {
    query.andWhere("p.id IN (SELECT m.partnership_id FROM partnership_members m WHERE m.organisation_id = :organisationId AND m.status = 'MEMBER')", {
      organisationId: filter.organisationId,
    });
  }
  const totalCount = await query.clone().getCount();
  if (afterId) query.andWhere('p.id > :afterId', { afterId });
  const rows = await query.orderBy('p.id', 'ASC').take(first + 1).getMany();
  return { rows: rows.slice(0, first), hasNextPage: rows.length > first, totalCount };
}
