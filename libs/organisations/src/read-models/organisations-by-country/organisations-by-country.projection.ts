import type { RecordedEvent } from '@sce/event-sourcing';
import { placeholders, sqlStatements, type Projection } from '@sce/projections';
import type { EntityManager } from 'typeorm';
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
    // Plain statements prepared once (sqlStatements): every registration runs this in the read-your-writes path.
    const sql = sqlStatements(manager);
    const [members, counts] = [sql.table(OrganisationCountryMember), sql.table(OrganisationCountryCount)];
    const known = await sql.all<OrganisationCountryMember>(`SELECT organisation_id AS "organisationId", country FROM ${members} WHERE organisation_id IN (${placeholders(ids.length)})`, ids);
    const before = new Map(known.map((member) => [member.organisationId, member.country]));
    const after = countryMoves(before, events);
    const deltas = countDeltas(before, after);
    if (deltas.size === 0) return;
    const moved = [...after];
    await sql.run(
      `INSERT INTO ${members} (organisation_id, country) VALUES ${moved.map(() => '(?, ?)').join(', ')} ON CONFLICT (organisation_id) DO UPDATE SET country = excluded.country`,
      moved.flat(),
    );
    const countries = [...deltas.keys()];
    const rows = await sql.all<OrganisationCountryCount>(`SELECT country, organisations FROM ${counts} WHERE country IN (${placeholders(countries.length)})`, countries);
    const current = new Map(rows.map((row) => [row.country, Number(row.organisations)]));
    const changed = [...deltas].map(([country, delta]) => ({ country, organisations: (current.get(country) ?? 0) + delta }));
    const kept = changed.filter((row) => row.organisations > 0);
    if (kept.length > 0) {
      await sql.run(
        `INSERT INTO ${counts} (country, organisations) VALUES ${kept.map(() => '(?, ?)').join(', ')} ON CONFLICT (country) DO UPDATE SET organisations = excluded.organisations`,
        kept.flatMap((row) => [row.country, row.organisations]),
      );
    }
    // A country whose last counted organisation left (or was suspended) is no longer listed.
    const emptied = changed.filter((row) => row.organisations <= 0).map((row) => row.country);
    if (emptied.length > 0) await sql.run(`DELETE FROM ${counts} WHERE country IN (${placeholders(emptied.length)})`, emptied);
  },
};

export function organisationCountsByCountry(db: { getRepository: EntityManager['getRepository'] }): Promise<OrganisationCountryCount[]> {
  return db.getRepository(OrganisationCountryCount).find({ where: {}, order: { organisations: 'DESC', country: 'ASC' } });
}
