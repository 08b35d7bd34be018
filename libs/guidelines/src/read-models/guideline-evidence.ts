import type { RecordedEvent } from '@sce/event-sourcing';
import type { Projection } from '@sce/projections';
import { Column, Entity, Index, PrimaryColumn, type DataSource, type EntityManager } from 'typeorm';
import type { GuidelineEvent } from '../domain/guideline.events';

/** A case study cited for a section: pinned to the case study's stream revision when cited, and since when. */
@Entity('guideline_evidence')
@Index('idx_guideline_evidence_guideline', ['guidelineId', 'sectionId'])
@Index('idx_guideline_evidence_case_study', ['caseStudyId'])
export class GuidelineEvidenceRow {
  /** guidelineId:sectionId:caseStudyId */
  @PrimaryColumn({ type: 'varchar', length: 240 })
  id: string;

  @Column({ name: 'guideline_id', type: 'varchar', length: 36 })
  guidelineId: string;

  @Column({ name: 'section_id', type: 'varchar', length: 100 })
  sectionId: string;

  @Column({ name: 'case_study_id', type: 'varchar', length: 100 })
  caseStudyId: string;

  @Column({ name: 'case_study_revision', type: 'integer' })
  caseStudyRevision: number;

  @Column({ name: 'cited_by', type: 'varchar', length: 36 })
  citedBy: string;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Column({ name: 'cited_at', type: 'varchar', length: 30 })
  citedAt: string;
}

export const GUIDELINE_EVIDENCE = 'guideline-evidence';
const key = (guidelineId: string, sectionId: string, caseStudyId: string) => `${guidelineId}:${sectionId}:${caseStudyId}`;

export const guidelineEvidenceProjection: Projection = {
  name: GUIDELINE_EVIDENCE,
  handles: ['GuidelineEvidenceCited', 'GuidelineEvidenceWithdrawn', 'GuidelineEdited'] satisfies GuidelineEvent['type'][],
  entities: [GuidelineEvidenceRow],
  // In log order, one statement each: citations are few next to edits, which touch this table only to drop the citations of removed sections.
  async apply(events: RecordedEvent[], manager: EntityManager) {
    for (const recorded of events) {
      const event = recorded as unknown as RecordedEvent<GuidelineEvent>;
      const { guidelineId } = event.data;
      if (event.type === 'GuidelineEvidenceCited') {
        const { sectionId, caseStudyId, caseStudyRevision, citedBy, note } = event.data;
        const row = Object.assign(new GuidelineEvidenceRow(), { id: key(guidelineId, sectionId, caseStudyId), guidelineId, sectionId, caseStudyId, caseStudyRevision, citedBy, note, citedAt: recorded.metadata.occurredAt });
        await manager.upsert(GuidelineEvidenceRow, row, ['id']);
      } else if (event.type === 'GuidelineEvidenceWithdrawn') {
        await manager.delete(GuidelineEvidenceRow, { id: key(guidelineId, event.data.sectionId, event.data.caseStudyId) });
      } else if (event.type === 'GuidelineEdited') {
        // Citations of a removed section go with it, as in the domain.
        for (const change of event.data.changes) if (change.kind === 'REMOVE') await manager.delete(GuidelineEvidenceRow, { guidelineId, sectionId: change.sectionId });
      }
    }
  },
};

export function evidenceOf(db: DataSource, guidelineId: string): Promise<GuidelineEvidenceRow[]> {
  return db.getRepository(GuidelineEvidenceRow).find({ where: { guidelineId }, order: { citedAt: 'ASC', id: 'ASC' } });
}
