import type { RecordedEvent } from '@sce/event-sourcing';
import type { Projection } from '@sce/projections';
import { Column, Entity, In, Index, IsNull, type DataSource, type EntityManager } from 'typeorm';
import { blameOfNewSection, blameSectionChange, decodeBlame, draftCredit, editCredit, encodeBlame, type SectionBlame } from '../domain/blame';
import type { GuidelineEvent } from '../domain/guideline.events';
import { latestRunsAt, SectionRunColumns } from './guideline-texts';

/**
 * The blame of a section (domain/blame.ts) over a run of text revisions, like the section texts: from
 * `fromRevision` until `toRevision` (excluded; null while current). Every change to a section, a move
 * included, closes its run and opens the next from the previous blame, so blame at any revision is one
 * indexed read per section and never a replay.
 */
@Entity('guideline_section_blames')
@Index('idx_guideline_section_blames_section', ['guidelineId', 'sectionId', 'fromRevision'])
@Index('idx_guideline_section_blames_open', ['guidelineId', 'toRevision'])
export class GuidelineSectionBlameRow extends SectionRunColumns {

  /** SectionBlame as encodeBlame writes it (or, in rows written before it, as plain JSON: decodeBlame reads both). */
  @Column({ type: 'text' })
  blame: string;
}

export const GUIDELINE_BLAMES = 'guideline-blames';
const blameKey = (guidelineId: string, sectionId: string, fromRevision: number) => `${guidelineId}:${sectionId}:${fromRevision}`;
export const sectionBlameOf = (row: GuidelineSectionBlameRow) => decodeBlame(row.blame);

export const guidelineBlamesProjection: Projection = {
  name: GUIDELINE_BLAMES,
  handles: ['GuidelineDrafted', 'GuidelineEdited'] satisfies GuidelineEvent['type'][],
  entities: [GuidelineSectionBlameRow],
  async apply(events: RecordedEvent[], manager: EntityManager) {
    // The open run of each section an edit touches (null: none), per guideline, read once per batch: only
    // those sections, as an edit of one section must not cost a read of every section's blame.
    const open = new Map<string, Map<string, GuidelineSectionBlameRow | null>>();
    const changed = new Map<string, GuidelineSectionBlameRow>();
    const openOf = async (guidelineId: string, sectionIds: readonly string[]) => {
      const runs = open.get(guidelineId) ?? new Map<string, GuidelineSectionBlameRow | null>();
      open.set(guidelineId, runs);
      const missing = [...new Set(sectionIds)].filter((sectionId) => !runs.has(sectionId));
      if (missing.length) {
        const rows = await manager.find(GuidelineSectionBlameRow, { where: { guidelineId, sectionId: In(missing), toRevision: IsNull() } });
        for (const sectionId of missing) runs.set(sectionId, null);
        for (const row of rows) runs.set(row.sectionId, row);
      }
      return runs;
    };
    const start = (runs: Map<string, GuidelineSectionBlameRow | null>, guidelineId: string, blame: SectionBlame, revision: number) => {
      const row = Object.assign(new GuidelineSectionBlameRow(), { id: blameKey(guidelineId, blame.sectionId, revision), guidelineId, sectionId: blame.sectionId, fromRevision: revision, toRevision: null, blame: encodeBlame(blame) });
      runs.set(blame.sectionId, row);
      changed.set(row.id, row);
    };
    const close = (runs: Map<string, GuidelineSectionBlameRow | null>, row: GuidelineSectionBlameRow, revision: number) => {
      runs.set(row.sectionId, null);
      // Opened and closed by the same edit (two changes to one section): never a blame anyone read.
      if (row.fromRevision === revision) changed.delete(row.id);
      else changed.set(row.id, Object.assign(row, { toRevision: revision }));
    };

    for (const recorded of events) {
      const event = recorded as unknown as RecordedEvent<GuidelineEvent>;
      const { guidelineId } = event.data;
      const at = recorded.metadata.occurredAt;
      if (event.type === 'GuidelineDrafted') {
        const runs = new Map<string, GuidelineSectionBlameRow | null>();
        open.set(guidelineId, runs);
        const credit = draftCredit(event.data.draftedBy, at);
        for (const section of event.data.content.sections) start(runs, guidelineId, blameOfNewSection(section, credit), 1);
      } else if (event.type === 'GuidelineEdited') {
        const runs = await openOf(guidelineId, event.data.changes.map((change) => change.sectionId));
        const { revision } = event.data;
        const credit = editCredit(event.data, at);
        for (const change of event.data.changes) {
          const before = runs.get(change.sectionId) ?? null;
          const after = blameSectionChange(before && sectionBlameOf(before), change, credit);
          if (before) close(runs, before, revision);
          if (after) start(runs, guidelineId, after, revision);
        }
      }
    }
    const rows = [...changed.values()];
    for (let i = 0; i < rows.length; i += 100) await manager.upsert(GuidelineSectionBlameRow, rows.slice(i, i + 100) as never, ['id']);
  },
};

/** The blame of the given sections at a text revision: per section, the run that started last at or before it. */
export async function blamesAt(db: DataSource, guidelineId: string, sectionIds: readonly string[], revision: number): Promise<Map<string, SectionBlame>> {
  const rows = await latestRunsAt<{ section_id: string; blame: string }>(db, 'guideline_section_blames', ['blame'], guidelineId, sectionIds, revision);
  return new Map(rows.map((row) => [row.section_id, decodeBlame(row.blame)]));
}
