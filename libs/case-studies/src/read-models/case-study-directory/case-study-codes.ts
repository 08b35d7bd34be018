import { Entity, In, Index, PrimaryColumn, type EntityManager } from 'typeorm';
import type { RowChange } from '@sce/projections';
import type { CaseStudyRow } from './case-study-row.entity';

// "Case studies of organisation X / in sector Y" as indexed joins instead of LIKE '%,X,%' on the directory's
// code lists (a scan of every row): one row per code, keyed (case study, code), with a (code, case study)
// index for the filters. Written by the case-study directory in the same transaction as its rows.

@Entity('case_study_organisations')
@Index('idx_case_study_organisations_organisation', ['organisationId', 'caseStudyId'])
export class CaseStudyOrganisationRow {
  @PrimaryColumn({ name: 'case_study_id', type: 'varchar', length: 36 })
  caseStudyId: string;

  /** Its own organisation or one involved, in the published text or the working draft. */
  @PrimaryColumn({ name: 'organisation_id', type: 'varchar', length: 36 })
  organisationId: string;
}

@Entity('case_study_sectors')
@Index('idx_case_study_sectors_sector', ['sector', 'caseStudyId'])
export class CaseStudySectorRow {
  @PrimaryColumn({ name: 'case_study_id', type: 'varchar', length: 36 })
  caseStudyId: string;

  /** A sector the case study is listed under (the directory's `sectors`). */
  @PrimaryColumn({ type: 'varchar', length: 40 })
  sector: string;
}

const CHUNK = 200;
const codesOf = (list: string) => [...new Set(list.split(',').filter(Boolean))];

/** Pure: the case studies whose code rows must be written again: their sector or organisation list changed in the batch. */
export function changedCodeLists(changes: readonly RowChange<CaseStudyRow>[]): RowChange<CaseStudyRow>[] {
  return changes.filter(({ before, after }) => before?.sectors !== after?.sectors || before?.organisationIds !== after?.organisationIds);
}

/**
 * Replaces the code rows of the case studies whose lists a batch changed (delete then insert, so a replay
 * writes the same rows). Most events (a revision of the body, a review) change no list and write nothing here.
 */
export async function writeCodeRows(changes: RowChange<CaseStudyRow>[], manager: EntityManager): Promise<void> {
  const changed = changedCodeLists(changes);
  for (let i = 0; i < changed.length; i += CHUNK) {
    const ids = changed.slice(i, i + CHUNK).map((change) => change.id);
    await manager.delete(CaseStudyOrganisationRow, { caseStudyId: In(ids) });
    await manager.delete(CaseStudySectorRow, { caseStudyId: In(ids) });
  }
  const rowsOf = <Row>(codes: (row: CaseStudyRow) => string, make: (caseStudyId: string, code: string) => Row) =>
    changed.flatMap(({ id, after }) => (after ? codesOf(codes(after)).map((code) => make(id, code)) : []));
  const organisations = rowsOf((row) => row.organisationIds, (caseStudyId, organisationId) => Object.assign(new CaseStudyOrganisationRow(), { caseStudyId, organisationId }));
  const sectors = rowsOf((row) => row.sectors, (caseStudyId, sector) => Object.assign(new CaseStudySectorRow(), { caseStudyId, sector }));
  for (let i = 0; i < organisations.length; i += CHUNK) await manager.insert(CaseStudyOrganisationRow, organisations.slice(i, i + CHUNK));
  for (let i = 0; i < sectors.length; i += CHUNK) await manager.insert(CaseStudySectorRow, sectors.slice(i, i + CHUNK));
}
