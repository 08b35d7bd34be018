import type { RecordedEvent } from '@sce/event-sourcing';
import { rowProjection } from '@sce/projections';
import { Column, Entity, Index, PrimaryColumn, type DataSource, In } from 'typeorm';
import type { PartnershipEvent } from '../domain/partnership.events';

/** Each organisation's place in each partnership: members lists, "partnerships of an organisation", the graph. */
@Entity('partnership_members')
@Index('idx_partnership_members_partnership', ['partnershipId'])
@Index('idx_partnership_members_organisation', ['organisationId', 'status'])
export class PartnershipMemberRow {
  /** partnershipId:organisationId */
  @PrimaryColumn({ type: 'varchar', length: 80 })
  id: string;

  @Column({ name: 'partnership_id', type: 'varchar', length: 36 })
  partnershipId: string;

  @Column({ name: 'organisation_id', type: 'varchar', length: 36 })
  organisationId: string;

  @Column({ type: 'varchar', length: 20 })
  role: string;

  @Column({ type: 'varchar', length: 10 })
  status: string;

  @Column({ type: 'varchar', length: 30 })
  since: string;
}

const key = (partnershipId: string, organisationId: string) => `${partnershipId}:${organisationId}`;
const STATUS_AFTER: Partial<Record<PartnershipEvent['type'], string>> = {
  PartnerInvitationAccepted: 'MEMBER',
  PartnerInvitationDeclined: 'DECLINED',
  PartnerLeft: 'LEFT',
};

export function evolvePartnershipMemberRow(row: PartnershipMemberRow | null, recorded: RecordedEvent): PartnershipMemberRow | null {
  const event = recorded as unknown as RecordedEvent<PartnershipEvent>;
  const since = recorded.metadata.occurredAt;
  switch (event.type) {
    case 'PartnershipProposed': {
      const { partnershipId, leadOrganisationId } = event.data;
      return Object.assign(new PartnershipMemberRow(), { id: key(partnershipId, leadOrganisationId), partnershipId, organisationId: leadOrganisationId, role: 'LEAD', status: 'MEMBER', since });
    }
    case 'PartnerInvited': {
      const { partnershipId, organisationId, role } = event.data;
      return Object.assign(new PartnershipMemberRow(), { id: key(partnershipId, organisationId), partnershipId, organisationId, role, status: 'INVITED', since });
    }
    default: {
      const status = STATUS_AFTER[event.type];
      return row && status ? Object.assign(new PartnershipMemberRow(), row, { status, since }) : row;
    }
  }
}

export const partnershipMembersProjection = rowProjection<PartnershipMemberRow>({
  name: 'partnership-members',
  entity: PartnershipMemberRow,
  primaryKey: 'id',
  handles: ['PartnershipProposed', 'PartnerInvited', 'PartnerInvitationAccepted', 'PartnerInvitationDeclined', 'PartnerLeft'] satisfies PartnershipEvent['type'][],
  rowIdOf: (event) => {
    const data = event.data as { partnershipId: string; organisationId?: string; leadOrganisationId?: string };
    return key(data.partnershipId, (data.organisationId ?? data.leadOrganisationId)!);
  },
  evolve: evolvePartnershipMemberRow,
});

export const membersOfPartnerships = (db: DataSource, partnershipIds: readonly string[]) =>
  db.getRepository(PartnershipMemberRow).find({ where: { partnershipId: In([...partnershipIds]) }, order: { since: 'ASC', organisationId: 'ASC' } });

export interface ConnectedOrganisation {
  organisationId: string;
  depth: number;
  /** The partnerships through which it is reached at that depth. */
  partnershipIds: string[];
}

// However connected a hub organisation is, one step of the walk reads at most this many rows.
const MAX_ROWS_PER_STEP = 2_000;

/**
 * Organisations connected to one through shared partnerships (as members), breadth-first, up to a depth
 * and at most `limit` of them, nearest first. Each step reads a bounded number of rows, so a hub with
 * thousands of partnerships costs no more than a bounded walk.
 */
export async function connectedOrganisations(db: DataSource, organisationId: string, maxDepth: number, limit: number): Promise<ConnectedOrganisation[]> {
  const members = db.getRepository(PartnershipMemberRow);
  const seen = new Map<string, ConnectedOrganisation>([[organisationId, { organisationId, depth: 0, partnershipIds: [] }]]);
  let frontier = [organisationId];
  for (let depth = 1; depth <= maxDepth && frontier.length > 0 && seen.size <= limit; depth++) {
    const theirs = await members
      .createQueryBuilder('m')
      .where('m.organisation_id IN (:...frontier)', { frontier })
      .andWhere("m.status = 'MEMBER'")
      .orderBy('m.partnership_id')
      .take(MAX_ROWS_PER_STEP)
      .getMany();
    const partnershipIds = [...new Set(theirs.map((row) => row.partnershipId))];
    if (partnershipIds.length === 0) break;
    const partners = await members
      .createQueryBuilder('m')
      .where('m.partnership_id IN (:...partnershipIds)', { partnershipIds })
      .andWhere("m.status = 'MEMBER'")
      .orderBy('m.partnership_id')
      .addOrderBy('m.organisation_id')
      .take(MAX_ROWS_PER_STEP)
      .getMany();
    const next: string[] = [];
    for (const row of partners) {
      const known = seen.get(row.organisationId);
      if (known && known.depth < depth) continue;
      if (known) {
        if (!known.partnershipIds.includes(row.partnershipId)) known.partnershipIds.push(row.partnershipId);
        continue;
      }
      seen.set(row.organisationId, { organisationId: row.organisationId, depth, partnershipIds: [row.partnershipId] });
      next.push(row.organisationId);
    }
    frontier = next;
  }
  seen.delete(organisationId);
  return [...seen.values()].sort((a, b) => a.depth - b.depth || a.organisationId.localeCompare(b.organisationId)).slice(0, limit);
}
