import type { Page, RequestActor } from '@sce/platform';
import { normaliseCountryCode } from '@sce/vocabulary';
import type { DataSource } from 'typeorm';
import { normaliseLanguageTag } from '../../domain/case-study-content';
import { CaseStudyRow } from './case-study-row.entity';
import { caseStudyVisibility } from './case-study-visibility';

export interface CaseStudyFilter {
  organisationId?: string;
  partnershipId?: string;
  status?: string;
  country?: string;
  sector?: string;
  language?: string;
}

export function findCaseStudy(db: DataSource, id: string): Promise<CaseStudyRow | null> {
  return db.getRepository(CaseStudyRow).findOneBy({ id });
}

/** The case study if the actor may see it (caseStudyVisibility), else null: hidden is not found. */
export async function findVisibleCaseStudy(db: DataSource, id: string, actor: RequestActor): Promise<CaseStudyRow | null> {
  const row = await findCaseStudy(db, id);
  return row && (await caseStudyVisibility.allows(row, actor, db)) ? row : null;
}

const has = (column: string, parameter: string) => `${column} LIKE :${parameter}`;
const codePattern = (code: string) => `%,${code},%`;

/** Keyset paging on the id (UUIDv7, so drafting order), filtered by the visibility rule in SQL. */
export async function listCaseStudies(db: DataSource, filter: CaseStudyFilter, actor: RequestActor, first: number, afterId?: string): Promise<Page<CaseStudyRow>> {
  const visible = caseStudyVisibility.sql('cs', actor);
  const query = db.getRepository(CaseStudyRow).createQueryBuilder('cs').where(visible.condition, visible.parameters);
  if (filter.status) query.andWhere('cs.status = :status', { status: filter.status });
  if (filter.country) query.andWhere('cs.country = :country', { country: normaliseCountryCode(filter.country) });
  if (filter.language) query.andWhere('cs.language = :language', { language: normaliseLanguageTag(filter.language) ?? filter.language });
  if (filter.sector) query.andWhere(has('cs.sectors', 'sector'), { sector: codePattern(filter.sector) });
  if (filter.organisationId) query.andWhere(has('cs.organisation_ids', 'organisation'), { organisation: codePattern(filter.organisationId) });
  if (filter.partnershipId) query.andWhere('cs.partnership_id = :partnershipId', { partnershipId: filter.partnershipId });
  return page(query, first, afterId);
}

/** The ids of the case studies (any status) that name any of these organisations: their owner or one involved. */
export async function caseStudiesNamingOrganisations(db: DataSource, organisationIds: readonly string[]): Promise<string[]> {
  if (organisationIds.length === 0) return [];
  const query = db.getRepository(CaseStudyRow).createQueryBuilder('cs').select('cs.id', 'id');
  query.where(organisationIds.map((_, i) => has('cs.organisation_ids', `organisation${i}`)).join(' OR '), Object.fromEntries(organisationIds.map((id, i) => [`organisation${i}`, codePattern(id)])));
  return (await query.getRawMany<{ id: string }>()).map((row) => row.id);
}

/**
 * What a reviewer may review: submitted case studies (first drafts and revisions of published ones) that
 * none of the reviewer's organisations is involved in, and that the reviewer did not draft or revise.
 */
export async function listReviewQueue(db: DataSource, reviewerId: string, first: number, afterId?: string): Promise<Page<CaseStudyRow>> {
  const query = db
    .getRepository(CaseStudyRow)
    .createQueryBuilder('cs')
    .where("cs.working_stage = 'SUBMITTED'")
    .andWhere('cs.contributors NOT LIKE :reviewer', { reviewer: codePattern(reviewerId) })
    .andWhere(
      `NOT EXISTS (SELECT 1 FROM case_study_organisation_members own WHERE own.account_id = :reviewerId AND cs.organisation_ids LIKE '%,' || own.organisation_id || ',%')`,
      { reviewerId },
    );
  return page(query, first, afterId);
}

async function page(query: ReturnType<ReturnType<DataSource['getRepository']>['createQueryBuilder']>, first: number, afterId?: string): Promise<Page<CaseStudyRow>> {
  // Counted only if the client asks for totalCount (see Page): most pages do not.
  const counting = query.clone();
  const totalCount = () => counting.getCount();
  if (afterId) query.andWhere('cs.id > :afterId', { afterId });
  const rows = (await query.orderBy('cs.id', 'ASC').take(first + 1).getMany()) as CaseStudyRow[];
  return { rows: rows.slice(0, first), hasNextPage: rows.length > first, totalCount };
}
