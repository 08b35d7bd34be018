import type { DataSource } from 'typeorm';
import { OrganisationRow } from './organisation-row.entity';

export interface OrganisationFilter {
  type?: string;
  country?: string;
}

export interface Page<Row> {
  rows: Row[];
  hasNextPage: boolean;
  totalCount: number;
}

export function findOrganisation(db: DataSource, id: string): Promise<OrganisationRow | null> {
  return db.getRepository(OrganisationRow).findOneBy({ id });
}

/** Keyset paging on the id (UUIDv7, so registration order); the filters have matching (column, id) indexes. */
export async function listOrganisations(db: DataSource, filter: OrganisationFilter, first: number, afterId?: string): Promise<Page<OrganisationRow>> {
  const query = db.getRepository(OrganisationRow).createQueryBuilder('o');
  if (filter.type) query.andWhere('o.type = :type', { type: filter.type });
  if (filter.country) query.andWhere('o.country = :country', { country: filter.country });
  const totalCount = await query.clone().getCount();
  if (afterId) query.andWhere('o.id > :afterId', { afterId });
  const rows = await query.orderBy('o.id', 'ASC').take(first + 1).getMany();
  return { rows: rows.slice(0, first), hasNextPage: rows.length > first, totalCount };
}
