import { Entity, In, Index, PrimaryColumn, type EntityManager } from 'typeorm';
import { CaseStudyRow } from './case-study-row.entity';

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

type CodeLists = Pick<CaseStudyRow, 'id' | 'sectors' | 'organisationIds'>;
const CHUNK = 200;
const codesOf = (list: string) => [...new Set(list.split(',').filter(Boolean))];

async function codeListsOf(manager: EntityManager, ids: readonly string[]): Promise<Map<string, CodeLists>> {
  const found = new Map<string, CodeLists>();
  for (let i = 0; i < ids.length; i += CHUNK) {
    const rows = await manager.find(CaseStudyRow, { select: { id: true, sectors: true, organisationIds: true }, where: { id: In(ids.slice(i, i + CHUNK)) } });
    for (const row of rows) found.set(row.id, row);
  }
  return found;
}

/** Pure: the case studies whose code rows must be written again, given their code lists before and after a batch. */
export function changedCodeLists(ids: readonly string[], before: ReadonlyMap<string, CodeLists>, after: ReadonlyMap<string, CodeLists>): string[] {
  return ids.filter((id) => before.get(id)?.sectors !== after.get(id)?.sectors || before.get(id)?.organisationIds !== after.get(id)?.organisationIds);
}

/**
 * Wraps the directory's row writes: reads the touched rows' code lists before and after, and replaces the code
 * rows of those whose lists changed (delete then insert, so a replay writes the same rows). Most events (a
 * revision of the body, a review) change no list and cost one small read each side.
 */
export async function withCodeRows(ids: readonly string[], manager: EntityManager, writeRows: () => Promise<void>): Promise<void> {
  const before = await codeListsOf(manager, ids);
  await writeRows();
  const after = await codeListsOf(manager, ids);
  const changed = changedCodeLists(ids, before, after);
  for (let i = 0; i < changed.length; i += CHUNK) {
    const chunk = changed.slice(i, i + CHUNK);
    await manager.delete(CaseStudyOrganisationRow, { caseStudyId: In(chunk) });
    await manager.delete(CaseStudySectorRow, { caseStudyId: In(chunk) });
  }
  const rowsOf = <Row>(codes: (row: CodeLists) => string, make: (caseStudyId: string, code: string) => Row) =>
    changed.flatMap((id) => {
      const row = after.get(id);
      return row ? codesOf(codes(row)).map((code) => make(id, code)) : [];
    });
  const organisations = rowsOf((row) => row.organisationIds, (caseStudyId, organisationId) => Object.assign(new CaseStudyOrganisationRow(), { caseStudyId, organisationId }));
  const sectors = rowsOf((row) => row.sectors, (caseStudyId, sector) => Object.assign(new CaseStudySectorRow(), { caseStudyId, sector }));
  for (let i = 0; i < organisations.length; i += CHUNK) await manager.insert(CaseStudyOrganisationRow, organisations.slice(i, i + CHUNK));
  for (let i = 0; i < sectors.length; i += CHUNK) await manager.insert(CaseStudySectorRow, sectors.slice(i, i + CHUNK));
}
