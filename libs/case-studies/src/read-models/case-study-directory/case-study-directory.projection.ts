import type { RecordedEvent } from '@sce/event-sourcing';
import { rowProjection, type Projection } from '@sce/projections';
import { CASE_STUDY_EVENT_TYPES } from '../../domain/case-study.events';
import { evolveSnapshot, organisationsNamedBy, statusOf, type CaseStudySnapshot } from '../../domain/case-study';
import { CaseStudyOrganisationRow, CaseStudySectorRow, writeCodeRows } from './case-study-codes';
import { CaseStudyRow } from './case-study-row.entity';

export const CASE_STUDY_DIRECTORY = 'case-study-directory';

export const codeList = (codes: readonly string[]) => `,${codes.join(',')},`;
export const codesOf = (list: string) => list.split(',').filter(Boolean);

export const snapshotOf = (row: Pick<CaseStudyRow, 'snapshot'>): CaseStudySnapshot => JSON.parse(row.snapshot) as CaseStudySnapshot;

/** Pure: the row after one more event of its case study (the domain's own fold, with the log's times). */
export function evolveCaseStudyRow(row: CaseStudyRow | null, recorded: RecordedEvent): CaseStudyRow | null {
  const snapshot = evolveSnapshot(row && snapshotOf(row), recorded);
  if (!snapshot) return null;
  const { state } = snapshot;
  const shown = state.published ?? state.working!.content;
  return Object.assign(new CaseStudyRow(), {
    id: state.caseStudyId,
    organisationId: state.organisationId,
    partnershipId: state.partnershipId,
    status: statusOf(state),
    workingStage: state.working?.stage ?? null,
    title: shown.title,
    country: shown.country,
    language: shown.language,
    sectors: codeList(shown.sectors),
    organisationIds: codeList(organisationsNamedBy(state)),
    contributors: codeList([...state.contributors]),
    snapshot: JSON.stringify(snapshot),
    revision: snapshot.revision,
    publishedRevision: snapshot.publishedRevision,
    draftedAt: snapshot.draftedAt,
    updatedAt: snapshot.updatedAt,
    publishedAt: snapshot.publishedAt,
    submittedAt: snapshot.submittedAt,
  });
}

const caseStudyRows = rowProjection<CaseStudyRow>({
  name: CASE_STUDY_DIRECTORY,
  entity: CaseStudyRow,
  primaryKey: 'id',
  handles: CASE_STUDY_EVENT_TYPES,
  rowIdOf: (event) => (event.data as { caseStudyId: string }).caseStudyId,
  evolve: evolveCaseStudyRow,
  // The code rows (case-study-codes) in the same transaction, so a filter never sees one without the other.
  afterRowsWritten: writeCodeRows,
});

export const caseStudyDirectoryProjection: Projection = { ...caseStudyRows, entities: [CaseStudyRow, CaseStudyOrganisationRow, CaseStudySectorRow] };
