import type { RecordedEvent } from '@sce/event-sourcing';
import type { Projection } from '@sce/projections';
import { In, type EntityManager } from 'typeorm';
import type { OrganisationEvent } from '../../domain/organisation.events';
import { OrganisationCountryCount, OrganisationCountryMember } from './organisations-by-country.entity';

export const ORGANISATIONS_BY_COUNTRY = 'organisations-by-country';

// A suspended organisation is hidden from the public, so it is not counted either: its member row keeps
// this instead of a country.
export const NOT_COUNTED = '';

/** Pure: the country moves a batch of events makes, as organisation -> country (or NOT_COUNTED) after the batch. */
export function countryMoves(current: ReadonlyMap<string, string>, events: RecordedEvent[]): Map<string, string> {
  const after = new Map(current);
  for (const recorded of events) {
    const event = recorded as unknown as RecordedEvent<OrganisationEvent>;
    const { organisationId } = event.data;
    if (event.type === 'OrganisationRegistered') after.set(organisationId, event.data.country);
    if (event.type === 'OrganisationProfileUpdated' && event.data.changes.country && after.get(organisationId) !== NOT_COUNTED) after.set(organisationId, event.data.changes.country);
    if (event.type === 'OrganisationSuspended') after.set(organisationId, NOT_COUNTED);
  }
  return after;
}

/** Pure: per-country differences between two organisation -> country maps. */
export function countDeltas(before: ReadonlyMap<string, string>, after: ReadonlyMap<string, string>): Map<string, number> {
  const deltas = new Map<string, number>();
  const add = (country: string, delta: number) => deltas.set(country, (deltas.get(country) ?? 0) + delta);
  for (const [organisationId, country] of after) {
    const previous = before.get(organisationId);
    if (previous === country) continue;
    if (previous) add(previous, -1);
    if (country !== NOT_COUNTED) add(country, +1);
  }
  return deltas;
}

// Counters are not idempotent: applying an event twice would show. The runner's checkpoint check is what
// keeps them right, which the failover test relies on.
export const organisationsByCountryProjection: Projection = {
  name: ORGANISATIONS_BY_COUNTRY,
  handles: ['OrganisationRegistered', 'OrganisationProfileUpdated', 'OrganisationSuspended'] satisfies OrganisationEvent['type'][],
  entities: [OrganisationCountryCount, OrganisationCountryMember],
  async apply(events: RecordedEvent[], manager: EntityManager) {
    if (events.length === 0) return;
    const ids = [...new Set(events.map((event) => (event.data as { organisationId: string }).organisationId))];
    const known = await manager.findBy(OrganisationCountryMember, { organisationId: In(ids) });
    const before = new Map(known.map((member) => [member.organisationId, member.country]));
    const after = countryMoves(before, events);
    const deltas = countDeltas(before, after);
    if (deltas.size === 0) return;
    await manager.upsert(OrganisationCountryMember, [...after].map(([organisationId, country]) => ({ organisationId, country })), ['organisationId']);
    const counts = await manager.findBy(OrganisationCountryCount, { country: In([...deltas.keys()]) });
    const current = new Map(counts.map((row) => [row.country, row.organisations]));
    const changed = [...deltas].map(([country, delta]) => ({ country, organisations: (current.get(country) ?? 0) + delta }));
    await manager.upsert(OrganisationCountryCount, changed.filter((row) => row.organisations > 0), ['country']);
    // A country whose last counted organisation left (or was suspended) is no longer listed.
    const emptied = changed.filter((row) => row.organisations <= 0).map((row) => row.country);
    if (emptied.length > 0) await manager.delete(OrganisationCountryCount, { country: In(emptied) });
  },
};

export function organisationCountsByCountry(db: { getRepository: EntityManager['getRepository'] }): Promise<OrganisationCountryCount[]> {
  return db.getRepository(OrganisationCountryCount).find({ where: {}, order: { organisations: 'DESC', country: 'ASC' } });
}
