import type { Page, RequestActor } from '@sce/platform';
import { normaliseCountryCode } from '@sce/vocabulary';
import type { DataSource } from 'typeorm';
import { normaliseLanguageTag } from '../../domain/case-study-content';
import { CaseStudyOrganisationRow } from './case-study-codes';
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

const codePattern = (code: string) => `%,${code},%`;
// Through the indexed code rows (case-study-codes): "IN (...)" lets the database start from the few matching ids.
const inSector = 'cs.id IN (SELECT s.case_study_id FROM case_study_sectors s WHERE s.sector = :sector)';
const namesOrganisation = 'cs.id IN (SELECT o.case_study_id FROM case_study_organisations o WHERE o.organisation_id = :organisation)';

/** Keyset paging on the id (UUIDv7, so drafting order), filtered by the visibility rule in SQL. */
export async function listCaseStudies(db: DataSource, filter: CaseStudyFilter, actor: RequestActor, first: number, afterId?: string): Promise<Page<CaseStudyRow>> {
  const visible = caseStudyVisibility.sql('cs', actor);
  const query = db.getRepository(CaseStudyRow).createQueryBuilder('cs').where(visible.condition, visible.parameters);
  if (filter.status) query.andWhere('cs.status = :status', { status: filter.status });
  if (filter.country) query.andWhere('cs.country = :country', { country: normaliseCountryCode(filter.country) });
  if (filter.language) query.andWhere('cs.language = :language', { language: normaliseLanguageTag(filter.language) ?? filter.language });
  if (filter.sector) query.andWhere(inSector, { sector: filter.sector });
  if (filter.organisationId) query.andWhere(namesOrganisation, { organisation: filter.organisationId });
  if (filter.partnershipId) query.andWhere('cs.partnership_id = :partnershipId', { partnershipId: filter.partnershipId });
  return page(query, first, afterId);
}

/** The ids of the case studies (any status) that name any of these organisations: their owner or one involved. */
export async function caseStudiesNamingOrganisations(db: DataSource, organisationIds: readonly string[]): Promise<string[]> {
  if (organisationIds.length === 0) return [];
  const rows = await db
    .getRepository(CaseStudyOrganisationRow)
    .createQueryBuilder('o')
    .select('DISTINCT o.case_study_id', 'id')
    .where('o.organisation_id IN (:...organisationIds)', { organisationIds: [...organisationIds] })
    .getRawMany<{ id: string }>();
  return rows.map((row) => row.id);
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
      `NOT EXISTS (SELECT 1 FROM case_study_organisation_members own JOIN case_study_organisations o ON o.organisation_id = own.organisation_id WHERE own.account_id = :reviewerId AND o.case_study_id = cs.id)`,
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
