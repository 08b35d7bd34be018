import type { RecordedEvent } from '@sce/event-sourcing';
import { rowProjection } from '@sce/projections';
import { Column, Entity, Index, PrimaryColumn, type DataSource } from 'typeorm';
import type { SectionChange } from '../domain/guideline-content';
import type { GuidelineEvent } from '../domain/guideline.events';

/** An amendment proposed to a guideline: its changes and rationale, and whether an author accepted or rejected it. */
@Entity('guideline_amendments')
@Index('idx_guideline_amendments_guideline', ['guidelineId', 'proposedAt'])
export class GuidelineAmendmentRow {
  /** guidelineId:amendmentId */
  @PrimaryColumn({ type: 'varchar', length: 140 })
  id: string;

  @Column({ name: 'guideline_id', type: 'varchar', length: 36 })
  guidelineId: string;

  @Column({ name: 'amendment_id', type: 'varchar', length: 100 })
  amendmentId: string;

  @Column({ name: 'proposed_by', type: 'varchar', length: 36 })
  proposedBy: string;

  /** The text revision it was proposed on. */
  @Column({ type: 'integer' })
  revision: number;

  /** SectionChange[] as JSON. */
  @Column({ type: 'text' })
  changes: string;

  @Column({ type: 'text' })
  rationale: string;

  /** PROPOSED, ACCEPTED or REJECTED. */
  @Column({ type: 'varchar', length: 10 })
  status: string;

  @Column({ name: 'decided_by', type: 'varchar', length: 36, nullable: true })
  decidedBy: string | null;

  /** Why it was rejected. */
  @Column({ type: 'text', nullable: true })
  reason: string | null;

  @Column({ name: 'proposed_at', type: 'varchar', length: 30 })
  proposedAt: string;

  @Column({ name: 'decided_at', type: 'varchar', length: 30, nullable: true })
  decidedAt: string | null;
}

type AmendmentEvent = Extract<GuidelineEvent, { type: 'GuidelineAmendmentProposed' | 'GuidelineAmendmentAccepted' | 'GuidelineAmendmentRejected' }>;
export const GUIDELINE_AMENDMENTS = 'guideline-amendments';
const key = (guidelineId: string, amendmentId: string) => `${guidelineId}:${amendmentId}`;
export const changesOf = (row: GuidelineAmendmentRow) => JSON.parse(row.changes) as SectionChange[];

export function evolveAmendmentRow(row: GuidelineAmendmentRow | null, recorded: RecordedEvent): GuidelineAmendmentRow | null {
  const event = recorded as unknown as RecordedEvent<AmendmentEvent>;
  const at = recorded.metadata.occurredAt;
  if (event.type === 'GuidelineAmendmentProposed') {
    const { guidelineId, amendmentId, proposedBy, revision, changes, rationale } = event.data;
    return Object.assign(new GuidelineAmendmentRow(), {
      id: key(guidelineId, amendmentId),
      guidelineId,
      amendmentId,
      proposedBy,
      revision,
      changes: JSON.stringify(changes),
      rationale,
      status: 'PROPOSED',
      decidedBy: null,
      reason: null,
      proposedAt: at,
      decidedAt: null,
    });
  }
  if (!row) return null;
  if (event.type === 'GuidelineAmendmentAccepted') return Object.assign(new GuidelineAmendmentRow(), row, { status: 'ACCEPTED', decidedBy: event.data.acceptedBy, decidedAt: at });
  return Object.assign(new GuidelineAmendmentRow(), row, { status: 'REJECTED', decidedBy: event.data.rejectedBy, reason: event.data.reason, decidedAt: at });
}

export const guidelineAmendmentsProjection = rowProjection<GuidelineAmendmentRow>({
  name: GUIDELINE_AMENDMENTS,
  entity: GuidelineAmendmentRow,
  primaryKey: 'id',
  handles: ['GuidelineAmendmentProposed', 'GuidelineAmendmentAccepted', 'GuidelineAmendmentRejected'] satisfies AmendmentEvent['type'][],
  rowIdOf: (event) => {
    const { guidelineId, amendmentId } = event.data as { guidelineId: string; amendmentId: string };
    return key(guidelineId, amendmentId);
  },
  evolve: evolveAmendmentRow,
});

export function amendmentsOf(db: DataSource, guidelineId: string): Promise<GuidelineAmendmentRow[]> {
  return db.getRepository(GuidelineAmendmentRow).find({ where: { guidelineId }, order: { proposedAt: 'ASC', id: 'ASC' } });
}
