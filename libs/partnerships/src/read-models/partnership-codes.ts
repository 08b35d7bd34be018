import type { RecordedEvent } from '@sce/event-sourcing';
import { Entity, In, Index, PrimaryColumn, type EntityManager } from 'typeorm';
import type { PartnershipEvent } from '../domain/partnership.events';

// "Partnerships in country X / sector Y" as indexed joins: one row per code, keyed (partnership, code), with
// a (code, partnership) index for the filters. Written by the partnership directory in its own transaction.

@Entity('partnership_countries')
@Index('idx_partnership_countries_country', ['country', 'partnershipId'])
export class PartnershipCountryRow {
  @PrimaryColumn({ name: 'partnership_id', type: 'varchar', length: 36 })
  partnershipId: string;

  /** ISO 3166-1 alpha-2, upper-case (the decider and the v1 upcaster normalise it). */
  @PrimaryColumn({ type: 'varchar', length: 2 })
  country: string;
}

@Entity('partnership_sectors')
@Index('idx_partnership_sectors_sector', ['sector', 'partnershipId'])
export class PartnershipSectorRow {
  @PrimaryColumn({ name: 'partnership_id', type: 'varchar', length: 36 })
  partnershipId: string;

  @PrimaryColumn({ type: 'varchar', length: 40 })
  sector: string;
}

/** Pure: the code rows of the partnerships a batch proposes (the plan's codes do not change afterwards). */
export function codeRowsOf(events: readonly RecordedEvent[]): { partnershipIds: string[]; countries: PartnershipCountryRow[]; sectors: PartnershipSectorRow[] } {
  const proposals = new Map<string, { countries: readonly string[]; sectors: readonly string[] }>();
  for (const recorded of events) {
    const event = recorded as unknown as RecordedEvent<PartnershipEvent>;
    if (event.type === 'PartnershipProposed') proposals.set(event.data.partnershipId, event.data);
  }
  const rows = <Row>(of: (partnershipId: string, code: string) => Row, codes: (plan: { countries: readonly string[]; sectors: readonly string[] }) => readonly string[]) =>
    [...proposals].flatMap(([partnershipId, plan]) => [...new Set(codes(plan))].map((code) => of(partnershipId, code)));
  return {
    partnershipIds: [...proposals.keys()],
    countries: rows((partnershipId, country) => Object.assign(new PartnershipCountryRow(), { partnershipId, country }), (plan) => plan.countries),
    sectors: rows((partnershipId, sector) => Object.assign(new PartnershipSectorRow(), { partnershipId, sector }), (plan) => plan.sectors),
  };
}

const CHUNK = 200;

/** Replaces the code rows of the partnerships a batch proposes: delete then insert, so a replay writes the same rows. */
export async function applyCodeRows(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
  const { partnershipIds, countries, sectors } = codeRowsOf(events);
  for (let i = 0; i < partnershipIds.length; i += CHUNK) {
    const ids = partnershipIds.slice(i, i + CHUNK);
    await manager.delete(PartnershipCountryRow, { partnershipId: In(ids) });
    await manager.delete(PartnershipSectorRow, { partnershipId: In(ids) });
  }
  for (let i = 0; i < countries.length; i += CHUNK) await manager.insert(PartnershipCountryRow, countries.slice(i, i + CHUNK));
  for (let i = 0; i < sectors.length; i += CHUNK) await manager.insert(PartnershipSectorRow, sectors.slice(i, i + CHUNK));
}
