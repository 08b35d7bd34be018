import type { CaseStudyEvent } from '@sce/case-studies';
import type { RecordedEvent } from '@sce/event-sourcing';
import type { Page, RequestActor } from '@sce/platform';
import type { Projection } from '@sce/projections';
import { Column, Entity, Index, IsNull, PrimaryColumn, type DataSource, type EntityManager } from 'typeorm';
import type { GuidelineEvent } from '../domain/guideline.events';
import { GuidelineRow, guidelineDraftVisibility, guidelineVisibility } from './guideline-directory';

/**
 * One citation from when it was made until it was withdrawn, re-pinned or its section removed (null while it
 * stands): what `asOf` reads for the evidence of the past, and what staleness is judged on.
 */
@Entity('guideline_evidence_periods')
@Index('idx_guideline_evidence_periods_guideline', ['guidelineId', 'citedAt'])
@Index('idx_guideline_evidence_periods_case_study', ['caseStudyId', 'withdrawnAt'])
export class GuidelineEvidencePeriodRow {
  /** guidelineId:stream revision of the citing event */
  @PrimaryColumn({ type: 'varchar', length: 60 })
  id: string;

  @Column({ name: 'guideline_id', type: 'varchar', length: 36 })
  guidelineId: string;

  @Column({ name: 'section_id', type: 'varchar', length: 100 })
  sectionId: string;

  @Column({ name: 'case_study_id', type: 'varchar', length: 100 })
  caseStudyId: string;

  /** The case study's stream revision when cited. */
  @Column({ name: 'case_study_revision', type: 'integer' })
  caseStudyRevision: number;

  /** The case study's published text revision when cited (what CaseStudy.diff takes). */
  @Column({ name: 'cited_text_revision', type: 'integer', nullable: true })
  citedTextRevision: number | null;

  @Column({ name: 'cited_by', type: 'varchar', length: 36 })
  citedBy: string;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Column({ name: 'cited_at', type: 'varchar', length: 30 })
  citedAt: string;

  @Column({ name: 'withdrawn_at', type: 'varchar', length: 30, nullable: true })
  withdrawnAt: string | null;
}

/**
 * The publication state of case studies, as this context needs it to tell when a citation went stale: a
 * context names no other context's table, so it keeps its own copy, fed by the case-study events.
 */
@Entity('guideline_cited_case_studies')
export class GuidelineCitedCaseStudyRow {
  @PrimaryColumn({ name: 'case_study_id', type: 'varchar', length: 100 })
  caseStudyId: string;

  /** UNPUBLISHED, PUBLISHED or ARCHIVED. */
  @Column({ type: 'varchar', length: 20 })
  status: string;

  /** The stream revision of the latest text (drafted or revised). */
  @Column({ name: 'latest_text_revision', type: 'integer' })
  latestTextRevision: number;

  /** The stream revision of the approval that published the current published text. */
  @Column({ name: 'published_revision', type: 'integer', nullable: true })
  publishedRevision: number | null;

  /** The text revision that approval published. */
  @Column({ name: 'published_text_revision', type: 'integer', nullable: true })
  publishedTextRevision: number | null;

  /** When it was last published or archived. */
  @Column({ name: 'changed_at', type: 'varchar', length: 30 })
  changedAt: string;
}

export const GUIDELINE_EVIDENCE_HISTORY = 'guideline-evidence-history';
type CaseStudyPublication = Extract<CaseStudyEvent, { type: 'CaseStudyDrafted' | 'CaseStudyRevised' | 'CaseStudyApproved' | 'CaseStudyArchived' }>;
const periodKey = (guidelineId: string, streamRevision: number) => `${guidelineId}:${streamRevision}`;

export const guidelineEvidenceHistoryProjection: Projection = {
  name: GUIDELINE_EVIDENCE_HISTORY,
  handles: [
    ...(['GuidelineEvidenceCited', 'GuidelineEvidenceWithdrawn', 'GuidelineEdited'] satisfies GuidelineEvent['type'][]),
    ...(['CaseStudyDrafted', 'CaseStudyRevised', 'CaseStudyApproved', 'CaseStudyArchived'] satisfies CaseStudyPublication['type'][]),
  ],
  entities: [GuidelineEvidencePeriodRow, GuidelineCitedCaseStudyRow],
  // One projection for both streams, in log order: a citation reads the case study's state as it was when cited.
  async apply(events: RecordedEvent[], manager: EntityManager) {
    const caseStudies = new Map<string, GuidelineCitedCaseStudyRow | null>();
    const changedCaseStudies = new Map<string, GuidelineCitedCaseStudyRow>();
    const openPeriods = new Map<string, GuidelineEvidencePeriodRow[]>();
    const changedPeriods = new Map<string, GuidelineEvidencePeriodRow>();
    const caseStudyOf = async (caseStudyId: string) => {
      if (!caseStudies.has(caseStudyId)) caseStudies.set(caseStudyId, await manager.findOneBy(GuidelineCitedCaseStudyRow, { caseStudyId }));
      return caseStudies.get(caseStudyId)!;
    };
    const openOf = async (guidelineId: string) => {
      if (!openPeriods.has(guidelineId)) openPeriods.set(guidelineId, await manager.find(GuidelineEvidencePeriodRow, { where: { guidelineId, withdrawnAt: IsNull() } }));
      return openPeriods.get(guidelineId)!;
    };
    const closeWhere = async (guidelineId: string, at: string, matches: (row: GuidelineEvidencePeriodRow) => boolean) => {
      const open = await openOf(guidelineId);
      for (const row of open.filter(matches)) changedPeriods.set(row.id, Object.assign(row, { withdrawnAt: at }));
      openPeriods.set(guidelineId, open.filter((row) => !matches(row)));
    };

    for (const recorded of events) {
      const at = recorded.metadata.occurredAt;
      if (recorded.type.startsWith('CaseStudy')) {
        const event = recorded as unknown as RecordedEvent<CaseStudyPublication>;
        const { caseStudyId } = event.data;
        const previous = await caseStudyOf(caseStudyId);
        const base = previous ?? Object.assign(new GuidelineCitedCaseStudyRow(), { caseStudyId, status: 'UNPUBLISHED', latestTextRevision: recorded.streamRevision, publishedRevision: null, publishedTextRevision: null, changedAt: at });
        let next: GuidelineCitedCaseStudyRow;
        if (event.type === 'CaseStudyApproved') next = Object.assign(base, { status: 'PUBLISHED', publishedRevision: recorded.streamRevision, publishedTextRevision: base.latestTextRevision, changedAt: at });
        else if (event.type === 'CaseStudyArchived') next = Object.assign(base, { status: 'ARCHIVED', changedAt: at });
        else next = Object.assign(base, { latestTextRevision: recorded.streamRevision });
        caseStudies.set(caseStudyId, next);
        changedCaseStudies.set(caseStudyId, next);
        continue;
      }
      const event = recorded as unknown as RecordedEvent<GuidelineEvent>;
      const { guidelineId } = event.data;
      if (event.type === 'GuidelineEvidenceCited') {
        const { sectionId, caseStudyId, caseStudyRevision, citedBy, note } = event.data;
        // Citing again re-pins: the earlier citation of the same case study for the section ends here.
        await closeWhere(guidelineId, at, (row) => row.sectionId === sectionId && row.caseStudyId === caseStudyId);
        const caseStudy = await caseStudyOf(caseStudyId);
        const row = Object.assign(new GuidelineEvidencePeriodRow(), {
          id: periodKey(guidelineId, recorded.streamRevision),
          guidelineId,
          sectionId,
          caseStudyId,
          caseStudyRevision,
          citedTextRevision: caseStudy?.publishedTextRevision ?? null,
          citedBy,
          note,
          citedAt: at,
          withdrawnAt: null,
        });
        (await openOf(guidelineId)).push(row);
        changedPeriods.set(row.id, row);
      } else if (event.type === 'GuidelineEvidenceWithdrawn') {
        const { sectionId, caseStudyId } = event.data;
        await closeWhere(guidelineId, at, (row) => row.sectionId === sectionId && row.caseStudyId === caseStudyId);
      } else if (event.type === 'GuidelineEdited') {
        // Citations of a removed section go with it, as in the domain.
        const removed = new Set(event.data.changes.filter((change) => change.kind === 'REMOVE').map((change) => change.sectionId));
        if (removed.size > 0) await closeWhere(guidelineId, at, (row) => removed.has(row.sectionId));
      }
    }
    const upsert = async <Row extends object>(entity: new () => Row, rows: Row[], key: string) => {
      for (let i = 0; i < rows.length; i += 100) await manager.upsert(entity, rows.slice(i, i + 100) as never, [key]);
    };
    await upsert(GuidelineCitedCaseStudyRow, [...changedCaseStudies.values()], 'caseStudyId');
    await upsert(GuidelineEvidencePeriodRow, [...changedPeriods.values()], 'id');
  },
};

/** What changed in a cited case study since it was cited: archived, or a newer text published. */
export interface EvidenceChange {
  since: string;
  archived: boolean;
  citedTextRevision: number | null;
  currentTextRevision: number | null;
}

export function changeSinceCited(period: GuidelineEvidencePeriodRow, caseStudy: GuidelineCitedCaseStudyRow | undefined): EvidenceChange | null {
  if (!caseStudy) return null;
  const archived = caseStudy.status === 'ARCHIVED';
  const republished = caseStudy.publishedRevision !== null && caseStudy.publishedRevision > period.caseStudyRevision;
  if (!archived && !republished) return null;
  return { since: caseStudy.changedAt, archived, citedTextRevision: period.citedTextRevision, currentTextRevision: caseStudy.publishedTextRevision };
}

/** The citations of a guideline standing at an instant (now, when `at` is null), oldest first. */
export function evidencePeriodsAt(db: DataSource, guidelineId: string, at: string | null): Promise<GuidelineEvidencePeriodRow[]> {
  const query = db.getRepository(GuidelineEvidencePeriodRow).createQueryBuilder('e').where('e.guideline_id = :guidelineId', { guidelineId });
  if (at === null) query.andWhere('e.withdrawn_at IS NULL');
  else query.andWhere('e.cited_at <= :at AND (e.withdrawn_at IS NULL OR e.withdrawn_at > :at)', { at });
  return query.orderBy('e.cited_at', 'ASC').addOrderBy('e.id', 'ASC').getMany();
}

export async function citedCaseStudies(db: DataSource, caseStudyIds: readonly string[]): Promise<Map<string, GuidelineCitedCaseStudyRow>> {
  if (caseStudyIds.length === 0) return new Map();
  const rows = await db.getRepository(GuidelineCitedCaseStudyRow).createQueryBuilder('c').where('c.case_study_id IN (:...ids)', { ids: [...new Set(caseStudyIds)] }).getMany();
  return new Map(rows.map((row) => [row.caseStudyId, row]));
}

/**
 * The guidelines the actor may see with a standing citation whose case study was archived or published anew
 * since it was cited; to those who may not see the working text, only citations of sections in the latest
 * published version count (the section had a text run covering that revision). Keyset paging on the id, all
 * in SQL over this context's tables.
 */
export async function listGuidelinesWithStaleEvidence(db: DataSource, actor: RequestActor, first: number, afterId?: string): Promise<Page<GuidelineRow>> {
  const visible = guidelineVisibility.sql('g', actor);
  const seesDrafts = guidelineDraftVisibility.sql('g', actor);
  const inPublished =
    'EXISTS (SELECT 1 FROM guideline_section_texts t WHERE t.guideline_id = g.id AND t.section_id = e.section_id AND t.from_revision <= g.published_revision AND (t.to_revision IS NULL OR t.to_revision > g.published_revision))';
  const stale = `EXISTS (SELECT 1 FROM guideline_evidence_periods e INNER JOIN guideline_cited_case_studies c ON c.case_study_id = e.case_study_id
    WHERE e.guideline_id = g.id AND e.withdrawn_at IS NULL AND (c.status = 'ARCHIVED' OR c.published_revision > e.case_study_revision)
    AND (${seesDrafts.condition} OR ${inPublished}))`;
  const query = db
    .getRepository(GuidelineRow)
    .createQueryBuilder('g')
    .where(visible.condition, visible.parameters)
    .andWhere(stale, seesDrafts.parameters);
  const counting = query.clone();
  const totalCount = () => counting.getCount();
  if (afterId) query.andWhere('g.id > :afterId', { afterId });
  const rows = await query.orderBy('g.id', 'ASC').take(first + 1).getMany();
  return { rows: rows.slice(0, first), hasNextPage: rows.length > first, totalCount };
}
