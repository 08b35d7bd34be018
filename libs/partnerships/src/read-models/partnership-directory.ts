import type { RecordedEvent } from '@sce/event-sourcing';
import { rowProjection, type Projection } from '@sce/projections';
import { normaliseCountryCode } from '@sce/vocabulary';
import { Column, Entity, Index, PrimaryColumn, type DataSource } from 'typeorm';
import type { PartnershipEvent } from '../domain/partnership.events';
import { applyCodeRows, PartnershipCountryRow, PartnershipSectorRow } from './partnership-codes';

// The row keeps its codes as ",A,B," in the order given, for display; filters use the indexed join tables
// (partnership_countries, partnership_sectors) that the same projection writes in the same transaction.
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

const partnershipRows = rowProjection<PartnershipRow>({
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

/** The directory row and its code rows, written together so a filter never sees one without the other. */
export const partnershipDirectoryProjection: Projection = {
  ...partnershipRows,
  entities: [PartnershipRow, PartnershipCountryRow, PartnershipSectorRow],
  async apply(events, manager) {
    await partnershipRows.apply(events, manager);
    await applyCodeRows(events, manager);
  },
};

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
  if (filter.sector) query.andWhere('EXISTS (SELECT 1 FROM partnership_sectors ps WHERE ps.sector = :sector AND ps.partnership_id = p.id)', { sector: filter.sector });
  if (filter.country) {
    // Spelt as the decider stores it, so "kz" and " Kz " find KZ on PostgreSQL (case-sensitive) as on SQLite.
    query.andWhere('EXISTS (SELECT 1 FROM partnership_countries pc WHERE pc.country = :country AND pc.partnership_id = p.id)', { country: normaliseCountryCode(filter.country) });
  }
  if (filter.organisationId) {
    query.andWhere("p.id IN (SELECT m.partnership_id FROM partnership_members m WHERE m.organisation_id = :organisationId AND m.status = 'MEMBER')", {
      organisationId: filter.organisationId,
    });
  }
  // Counted only if the client asks for totalCount (see Page): most pages do not.
  const counting = query.clone();
  const totalCount = () => counting.getCount();
  if (afterId) query.andWhere('p.id > :afterId', { afterId });
  const rows = await query.orderBy('p.id', 'ASC').take(first + 1).getMany();
  return { rows: rows.slice(0, first), hasNextPage: rows.length > first, totalCount };
}
