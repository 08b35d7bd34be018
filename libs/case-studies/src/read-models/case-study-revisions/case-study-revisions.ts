import type { RecordedEvent } from '@sce/event-sourcing';
import type { Projection } from '@sce/projections';
import { Column, Entity, Index, In, IsNull, Not, PrimaryColumn, type DataSource, type EntityManager } from 'typeorm';
import type { CaseStudyContent } from '../../domain/case-study-content';
import type { CaseStudyEvent } from '../../domain/case-study.events';

/**
 * Every text a case study has had: one row per drafting or revision, with the whole content as it stood
 * then, so revisions and diffs are read from a table, never by replaying the stream per request.
 */
@Entity('case_study_revisions')
@Index('idx_case_study_revisions_case_study', ['caseStudyId', 'revision'])
export class CaseStudyRevisionRow {
  /** caseStudyId:revision */
  @PrimaryColumn({ type: 'varchar', length: 80 })
  id: string;

  @Column({ name: 'case_study_id', type: 'varchar', length: 36 })
  caseStudyId: string;

  /** The stream revision of the event that produced this text. */
  @Column({ type: 'integer' })
  revision: number;

  /** CaseStudyDrafted or CaseStudyRevised. */
  @Column({ type: 'varchar', length: 40 })
  type: string;

  /** CaseStudyContent as JSON. */
  @Column({ type: 'text' })
  content: string;

  /** The fields this revision changed, comma-separated (every field for the first draft). */
  @Column({ name: 'changed_fields', type: 'varchar', length: 400 })
  changedFields: string;

  @Column({ name: 'change_note', type: 'text', nullable: true })
  changeNote: string | null;

  @Column({ name: 'actor_id', type: 'varchar', length: 36, nullable: true })
  actorId: string | null;

  @Column({ name: 'occurred_at', type: 'varchar', length: 30 })
  occurredAt: string;

  /** Set when this text was approved and so became the published one. */
  @Column({ name: 'published_at', type: 'varchar', length: 30, nullable: true })
  publishedAt: string | null;

  @Column({ name: 'published_revision', type: 'integer', nullable: true })
  publishedRevision: number | null;
}

export const CASE_STUDY_REVISIONS = 'case-study-revisions';
const key = (caseStudyId: string, revision: number) => `${caseStudyId}:${revision}`;
export const contentOf = (row: CaseStudyRevisionRow) => JSON.parse(row.content) as CaseStudyContent;

async function latestOf(manager: EntityManager, caseStudyId: string): Promise<CaseStudyRevisionRow | null> {
  return manager.findOne(CaseStudyRevisionRow, { where: { caseStudyId }, order: { revision: 'DESC' } });
}

export const caseStudyRevisionsProjection: Projection = {
  name: CASE_STUDY_REVISIONS,
  handles: ['CaseStudyDrafted', 'CaseStudyRevised', 'CaseStudyApproved'] satisfies CaseStudyEvent['type'][],
  entities: [CaseStudyRevisionRow],
  async apply(events: RecordedEvent[], manager: EntityManager) {
    // The latest text of each case study in this batch, and every row to write.
    const latest = new Map<string, CaseStudyRevisionRow | null>();
    const written = new Map<string, CaseStudyRevisionRow>();
    const latestFor = async (caseStudyId: string) => (latest.has(caseStudyId) ? latest.get(caseStudyId)! : await latestOf(manager, caseStudyId));
    for (const recorded of events) {
      const event = recorded as unknown as RecordedEvent<CaseStudyEvent>;
      const { caseStudyId } = event.data;
      const stamp = { id: key(caseStudyId, recorded.streamRevision), caseStudyId, revision: recorded.streamRevision, type: event.type, actorId: recorded.metadata.actorId, occurredAt: recorded.metadata.occurredAt, publishedAt: null, publishedRevision: null };
      let row: CaseStudyRevisionRow | null = null;
      if (event.type === 'CaseStudyDrafted') {
        row = Object.assign(new CaseStudyRevisionRow(), stamp, { content: JSON.stringify(event.data.content), changedFields: Object.keys(event.data.content).join(','), changeNote: null });
      } else if (event.type === 'CaseStudyRevised') {
        const base = await latestFor(caseStudyId);
        if (!base) continue;
        const content = { ...contentOf(base), ...event.data.changes };
        row = Object.assign(new CaseStudyRevisionRow(), stamp, { content: JSON.stringify(content), changedFields: Object.keys(event.data.changes).join(','), changeNote: event.data.changeNote });
      } else if (event.type === 'CaseStudyApproved') {
        const base = await latestFor(caseStudyId);
        if (!base) continue;
        row = Object.assign(new CaseStudyRevisionRow(), base, { publishedAt: recorded.metadata.occurredAt, publishedRevision: recorded.streamRevision });
      }
      if (!row) continue;
      latest.set(caseStudyId, row);
      written.set(row.id, row);
    }
    const rows = [...written.values()];
    for (let i = 0; i < rows.length; i += 100) await manager.upsert(CaseStudyRevisionRow, rows.slice(i, i + 100), ['id']);
  },
};

/** The text revisions of case studies, oldest first; `publishedOnly` keeps the texts that were approved. */
export function revisionsOf(db: DataSource, caseStudyIds: readonly string[], publishedOnly: boolean): Promise<CaseStudyRevisionRow[]> {
  return db.getRepository(CaseStudyRevisionRow).find({
    where: { caseStudyId: In([...caseStudyIds]), ...(publishedOnly ? { publishedAt: Not(IsNull()) } : {}) },
    order: { caseStudyId: 'ASC', revision: 'ASC' },
  });
}

export function findRevision(db: DataSource, caseStudyId: string, revision: number): Promise<CaseStudyRevisionRow | null> {
  return db.getRepository(CaseStudyRevisionRow).findOneBy({ id: key(caseStudyId, revision) });
}
