import type { Page, RequestActor } from '@sce/platform';
import { limitClause, positional, sqlStatements } from '@sce/projections';
import { normaliseCountryCode } from '@sce/vocabulary';
import type { DataSource } from 'typeorm';
import { OrganisationRow } from './organisation-row.entity';
import { organisationVisibility } from './organisation-visibility';

export interface OrganisationFilter {
  type?: string;
  country?: string;
}

export type { Page } from '@sce/platform';

// Every organisation mutation's answer and every lookup by id: a statement prepared once (see sqlStatements).
export async function findOrganisation(db: DataSource, id: string): Promise<OrganisationRow | null> {
  const sql = sqlStatements(db);
  return (await sql.get<OrganisationRow>(`SELECT ${ORGANISATION_COLUMNS} FROM ${sql.table(OrganisationRow)} WHERE id = ?`, [id])) ?? null;
}

const ORGANISATION_COLUMNS = 'id, name, type, country, city, website, description, status, revision, registered_at AS "registeredAt", updated_at AS "updatedAt"';

/** The organisation if the actor may see it (see organisationVisibility), else null: hidden is not found. */
export async function findVisibleOrganisation(db: DataSource, id: string, actor: RequestActor): Promise<OrganisationRow | null> {
  const row = await findOrganisation(db, id);
  return row && (await organisationVisibility.allows(row, actor, db)) ? row : null;
}

/** Names of the organisations among these ids that the actor may see; for other contexts that show them. */
export async function visibleOrganisationNames(db: DataSource, ids: readonly string[], actor: RequestActor): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const visible = organisationVisibility.sql('o', actor);
  const rows = await db
    .getRepository(OrganisationRow)
    .createQueryBuilder('o')
    .select(['o.id', 'o.name'])
    .where('o.id IN (:...ids)', { ids: [...new Set(ids)] })
    .andWhere(visible.condition, visible.parameters)
    .getMany();
  return new Map(rows.map((row) => [row.id, row.name]));
}

/** Keyset paging on the id (UUIDv7, so registration order); the filters have matching (column, id) indexes. */
export async function listOrganisations(db: DataSource, filter: OrganisationFilter, actor: RequestActor, first: number, afterId?: string): Promise<Page<OrganisationRow>> {
  // Plain SQL (see sqlStatements): the directory is the most read list, and TypeORM's query builder cost more
  // than the query. The same visibility rule as everywhere, as SQL.
  const sql = sqlStatements(db);
  const visible = organisationVisibility.sql('o', actor);
  const conditions = [visible.condition];
  const parameters: Record<string, unknown> = { ...visible.parameters };
  if (filter.type) {
    conditions.push('o.type = :type');
    parameters.type = filter.type;
  }
  if (filter.country) {
    conditions.push('o.country = :country');
    // Spelt as the decider stores it, so " kz" finds KZ on PostgreSQL (case-sensitive) as on SQLite.
    parameters.country = normaliseCountryCode(filter.country);
  }
  const filtered = positional(conditions.join(' AND '), parameters);
  const from = `FROM ${sql.table(OrganisationRow)} o WHERE ${filtered.text}`;
  // Counted only if the client asks for totalCount (see Page): most pages do not.
  const totalCount = async () => Number((await sql.get<{ count: number | string }>(`SELECT COUNT(*) AS count ${from}`, filtered.values))?.count ?? 0);
  const rows = afterId
    ? await sql.all<OrganisationRow>(`SELECT ${ORGANISATION_COLUMNS_OF_O} ${from} AND o.id > ? ORDER BY o.id ASC ${limitClause(first + 1)}`, [...filtered.values, afterId])
    : await sql.all<OrganisationRow>(`SELECT ${ORGANISATION_COLUMNS_OF_O} ${from} ORDER BY o.id ASC ${limitClause(first + 1)}`, filtered.values);
  return { rows: rows.slice(0, first), hasNextPage: rows.length > first, totalCount };
}

const ORGANISATION_COLUMNS_OF_O = ORGANISATION_COLUMNS.split(', ').map((column) => `o.${column}`).join(', ');
