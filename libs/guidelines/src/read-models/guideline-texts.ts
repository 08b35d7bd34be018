import type { RecordedEvent } from '@sce/event-sourcing';
import type { Projection } from '@sce/projections';
import { Column, Entity, In, Index, IsNull, PrimaryColumn, type DataSource, type EntityManager } from 'typeorm';
import { reattachAnchor, type ReattachedAnchor } from '../domain/comment-anchors';
import { applyRecordedChanges, type Section } from '../domain/guideline-content';
import type { CommentAnchor, GuidelineEvent } from '../domain/guideline.events';

/**
 * Every text revision of a guideline: who made it, why, and the order of its sections. With the section
 * texts below, the text of any revision is two indexed reads, never a replay of the stream.
 */
@Entity('guideline_revisions')
@Index('idx_guideline_revisions_guideline', ['guidelineId', 'revision'])
@Index('idx_guideline_revisions_occurred', ['guidelineId', 'occurredAt', 'revision'])
export class GuidelineRevisionRow {
  /** guidelineId:revision */
  @PrimaryColumn({ type: 'varchar', length: 60 })
  id: string;

  @Column({ name: 'guideline_id', type: 'varchar', length: 36 })
  guidelineId: string;

  /** The text revision (1 when drafted). */
  @Column({ type: 'integer' })
  revision: number;

  /** The section ids in reading order, as JSON. */
  @Column({ name: 'section_order', type: 'text' })
  sectionOrder: string;

  /** Who made the change: for an accepted amendment, the author who accepted it. */
  @Column({ name: 'edited_by', type: 'varchar', length: 36 })
  editedBy: string;

  @Column({ name: 'change_note', type: 'text', nullable: true })
  changeNote: string | null;

  @Column({ name: 'amendment_id', type: 'varchar', length: 100, nullable: true })
  amendmentId: string | null;

  @Column({ name: 'proposed_by', type: 'varchar', length: 36, nullable: true })
  proposedBy: string | null;

  @Column({ name: 'occurred_at', type: 'varchar', length: 30 })
  occurredAt: string;
}

/** What every table of runs over a section's text revisions has (the texts, their blame): its key and its span. */
export abstract class SectionRunColumns {
  /** guidelineId:sectionId:fromRevision */
  @PrimaryColumn({ type: 'varchar', length: 160 })
  id: string;

  @Column({ name: 'guideline_id', type: 'varchar', length: 36 })
  guidelineId: string;

  @Column({ name: 'section_id', type: 'varchar', length: 100 })
  sectionId: string;

  @Column({ name: 'from_revision', type: 'integer' })
  fromRevision: number;

  @Column({ name: 'to_revision', type: 'integer', nullable: true })
  toRevision: number | null;
}

/**
 * A section's heading and body over a run of text revisions: from `fromRevision` until `toRevision`
 * (excluded; null while it is still the current text). An edit closes the run and opens another, so a
 * guideline edited for years keeps one row per change, not one per section per revision.
 */
@Entity('guideline_section_texts')
@Index('idx_guideline_section_texts_section', ['guidelineId', 'sectionId', 'fromRevision'])
@Index('idx_guideline_section_texts_open', ['guidelineId', 'toRevision'])
export class GuidelineSectionTextRow extends SectionRunColumns {

  @Column({ type: 'varchar', length: 200 })
  heading: string;

  @Column({ type: 'text' })
  body: string;
}

/** A published version: which text revision it is, who approved and published it, and its change summary. */
@Entity('guideline_versions')
@Index('idx_guideline_versions_guideline', ['guidelineId', 'major', 'minor'])
export class GuidelineVersionRow {
  /** guidelineId:major.minor */
  @PrimaryColumn({ type: 'varchar', length: 60 })
  id: string;

  @Column({ name: 'guideline_id', type: 'varchar', length: 36 })
  guidelineId: string;

  @Column({ type: 'integer' })
  major: number;

  @Column({ type: 'integer' })
  minor: number;

  @Column({ type: 'varchar', length: 10 })
  kind: string;

  @Column({ type: 'integer' })
  revision: number;

  @Column({ name: 'change_summary', type: 'text' })
  changeSummary: string;

  @Column({ name: 'approved_by', type: 'varchar', length: 36 })
  approvedBy: string;

  @Column({ name: 'published_by', type: 'varchar', length: 36 })
  publishedBy: string;

  @Column({ name: 'published_at', type: 'varchar', length: 30 })
  publishedAt: string;
}

export interface CommentReply {
  replyId: string;
  repliedBy: string;
  text: string;
  repliedAt: string;
}

/**
 * A comment with its anchor as made and as it is now: re-attached (comment-anchors.ts) whenever its section
 * changes, or an orphan that keeps the text it last quoted. Kept beside the texts, in the same projection,
 * so the re-attachment reads the text of the same revision.
 */
@Entity('guideline_comments')
@Index('idx_guideline_comments_guideline', ['guidelineId', 'commentedAt'])
export class GuidelineCommentRow {
  /** guidelineId:commentId */
  @PrimaryColumn({ type: 'varchar', length: 140 })
  id: string;

  @Column({ name: 'guideline_id', type: 'varchar', length: 36 })
  guidelineId: string;

  @Column({ name: 'comment_id', type: 'varchar', length: 100 })
  commentId: string;

  @Column({ name: 'commented_by', type: 'varchar', length: 36 })
  commentedBy: string;

  @Column({ type: 'text' })
  text: string;

  @Column({ name: 'commented_at', type: 'varchar', length: 30 })
  commentedAt: string;

  /** The anchor as the comment was made (CommentAnchor as JSON). */
  @Column({ type: 'text' })
  anchor: string;

  /** The anchor in the current text (ReattachedAnchor as JSON). */
  @Column({ name: 'current_anchor', type: 'text' })
  currentAnchor: string;

  /** The section the comment is attached to now: the one whose changes re-attach it. */
  @Column({ name: 'current_section_id', type: 'varchar', length: 100 })
  currentSectionId: string;

  /** ATTACHED or ORPHAN. */
  @Column({ name: 'anchor_status', type: 'varchar', length: 10 })
  anchorStatus: string;

  /** CommentReply[] as JSON, oldest first. */
  @Column({ type: 'text' })
  replies: string;

  @Column({ name: 'resolved_by', type: 'varchar', length: 36, nullable: true })
  resolvedBy: string | null;

  @Column({ name: 'resolved_at', type: 'varchar', length: 30, nullable: true })
  resolvedAt: string | null;
}

export const GUIDELINE_TEXTS = 'guideline-texts';

const revisionKey = (guidelineId: string, revision: number) => `${guidelineId}:${revision}`;
const sectionKey = (guidelineId: string, sectionId: string, fromRevision: number) => `${guidelineId}:${sectionId}:${fromRevision}`;
const commentKey = (guidelineId: string, commentId: string) => `${guidelineId}:${commentId}`;
export const versionKey = (guidelineId: string, major: number, minor: number) => `${guidelineId}:${major}.${minor}`;
export const orderOf = (row: GuidelineRevisionRow) => JSON.parse(row.sectionOrder) as string[];
export const anchorOf = (row: GuidelineCommentRow) => JSON.parse(row.anchor) as CommentAnchor;
export const currentAnchorOf = (row: GuidelineCommentRow) => JSON.parse(row.currentAnchor) as ReattachedAnchor;
export const repliesOf = (row: GuidelineCommentRow) => JSON.parse(row.replies) as CommentReply[];

/**
 * The working text of one guideline as the projection keeps it while applying a batch: the order of its
 * sections, and the open text runs read so far (null: the section has none). An edit reads only the
 * sections it changes; all of them are read only when a comment needs the whole text.
 */
interface WorkingText {
  revision: number;
  order: string[];
  open: Map<string, GuidelineSectionTextRow | null>;
  /** Every open run of the guideline has been read. */
  complete: boolean;
}

// Sections not read stand in with an empty heading and body: applying changes needs only their ids and order.
const sectionsOf = (text: WorkingText): Section[] =>
  text.order.map((sectionId) => {
    const row = text.open.get(sectionId);
    return { sectionId, heading: row?.heading ?? '', body: row?.body ?? '' };
  });

function withAnchor(row: GuidelineCommentRow, anchor: ReattachedAnchor): GuidelineCommentRow {
  return Object.assign(row, { currentAnchor: JSON.stringify(anchor), currentSectionId: anchor.sectionId, anchorStatus: anchor.status });
}

/** The anchor a re-attached one stands for now, to re-attach it again after the next change. */
function anchorFrom(current: ReattachedAnchor, revision: number): CommentAnchor | null {
  return current.status === 'ATTACHED' ? { sectionId: current.sectionId, revision, quote: current.quote } : null;
}

export const guidelineTextsProjection: Projection = {
  name: GUIDELINE_TEXTS,
  handles: ['GuidelineDrafted', 'GuidelineEdited', 'GuidelineVersionPublished', 'GuidelineCommented', 'GuidelineCommentReplied', 'GuidelineCommentResolved'] satisfies GuidelineEvent['type'][],
  entities: [GuidelineRevisionRow, GuidelineSectionTextRow, GuidelineVersionRow, GuidelineCommentRow],
  async apply(events: RecordedEvent[], manager: EntityManager) {
    const texts = new Map<string, WorkingText | null>();
    const comments = new Map<string, GuidelineCommentRow | null>();
    const revisions = new Map<string, GuidelineRevisionRow>();
    const sections = new Map<string, GuidelineSectionTextRow>();
    const versions = new Map<string, GuidelineVersionRow>();
    const changedComments = new Map<string, GuidelineCommentRow>();

    // What the batch has not loaded yet is read once per guideline: its latest revision, then open section texts as needed.
    const textOf = async (guidelineId: string): Promise<WorkingText | null> => {
      if (texts.has(guidelineId)) return texts.get(guidelineId)!;
      const latest = await manager.findOne(GuidelineRevisionRow, { where: { guidelineId }, order: { revision: 'DESC' } });
      const text = latest ? { revision: latest.revision, order: orderOf(latest), open: new Map(), complete: false } : null;
      texts.set(guidelineId, text);
      return text;
    };
    // The open runs of some sections (all of them without sectionIds) that the batch has not read yet.
    const readSections = async (guidelineId: string, text: WorkingText, sectionIds?: readonly string[]) => {
      if (text.complete) return;
      const missing = sectionIds?.filter((sectionId) => !text.open.has(sectionId));
      if (missing?.length === 0) return;
      const rows = await manager.find(GuidelineSectionTextRow, { where: { guidelineId, toRevision: IsNull(), ...(missing ? { sectionId: In(missing) } : {}) } });
      for (const sectionId of missing ?? []) text.open.set(sectionId, null);
      for (const row of rows) if (!text.open.has(row.sectionId) || missing) text.open.set(row.sectionId, row);
      if (!missing) text.complete = true;
    };
    const commentOf = async (guidelineId: string, commentId: string) => {
      const id = commentKey(guidelineId, commentId);
      if (!comments.has(id)) comments.set(id, await manager.findOneBy(GuidelineCommentRow, { id }));
      return comments.get(id)!;
    };
    const saveComment = (row: GuidelineCommentRow) => {
      comments.set(row.id, row);
      changedComments.set(row.id, row);
    };
    const openSection = (guidelineId: string, section: Section, fromRevision: number, text: WorkingText) => {
      const row = Object.assign(new GuidelineSectionTextRow(), { id: sectionKey(guidelineId, section.sectionId, fromRevision), guidelineId, sectionId: section.sectionId, fromRevision, toRevision: null, heading: section.heading, body: section.body });
      text.open.set(section.sectionId, row);
      sections.set(row.id, row);
    };
    const closeSection = (row: GuidelineSectionTextRow, revision: number, text: WorkingText) => {
      text.open.set(row.sectionId, null);
      // A run opened and closed by the same edit never was a text anyone read: dropped, not kept as empty.
      if (row.fromRevision === revision) sections.delete(row.id);
      else sections.set(row.id, Object.assign(row, { toRevision: revision }));
    };

    for (const recorded of events) {
      const event = recorded as unknown as RecordedEvent<GuidelineEvent>;
      const { guidelineId } = event.data;
      const at = recorded.metadata.occurredAt;
      switch (event.type) {
        case 'GuidelineDrafted': {
          const text: WorkingText = { revision: 1, order: event.data.content.sections.map((section) => section.sectionId), open: new Map(), complete: true };
          for (const section of event.data.content.sections) openSection(guidelineId, section, 1, text);
          texts.set(guidelineId, text);
          const row = { id: revisionKey(guidelineId, 1), guidelineId, revision: 1, sectionOrder: JSON.stringify(text.order), editedBy: event.data.draftedBy, changeNote: null, amendmentId: null, proposedBy: null, occurredAt: at };
          revisions.set(row.id, Object.assign(new GuidelineRevisionRow(), row));
          break;
        }
        case 'GuidelineEdited': {
          const text = await textOf(guidelineId);
          if (!text) break;
          const { revision, changes, editedBy, changeNote, amendment } = event.data;
          const touched = new Set(changes.filter((change) => change.kind !== 'MOVE').map((change) => change.sectionId));
          // Comments on the sections whose text changed follow their passage (or become orphans), perhaps into
          // another section: then the whole text is read.
          const stored = touched.size ? await manager.find(GuidelineCommentRow, { where: { guidelineId, anchorStatus: 'ATTACHED', currentSectionId: In([...touched]) } }) : [];
          for (const comment of stored) if (!comments.has(comment.id)) comments.set(comment.id, comment);
          const following = [...comments.values()].filter((comment): comment is GuidelineCommentRow => !!comment && comment.guidelineId === guidelineId && comment.anchorStatus === 'ATTACHED' && touched.has(comment.currentSectionId));
          await readSections(guidelineId, text, following.length ? undefined : [...touched]);
          const after = applyRecordedChanges(sectionsOf(text), changes);
          for (const sectionId of touched) {
            const before = text.open.get(sectionId);
            const now = after.find((section) => section.sectionId === sectionId);
            if (before && now && before.heading === now.heading && before.body === now.body) continue;
            if (before) closeSection(before, revision, text);
            if (now) openSection(guidelineId, now, revision, text);
          }
          text.order = after.map((section) => section.sectionId);
          text.revision = revision;
          const row = { id: revisionKey(guidelineId, revision), guidelineId, revision, sectionOrder: JSON.stringify(text.order), editedBy, changeNote, amendmentId: amendment?.amendmentId ?? null, proposedBy: amendment?.proposedBy ?? null, occurredAt: at };
          revisions.set(row.id, Object.assign(new GuidelineRevisionRow(), row));
          for (const comment of following) {
            const anchor = anchorFrom(currentAnchorOf(comment), revision);
            if (anchor) saveComment(withAnchor(comment, reattachAnchor(anchor, after)));
          }
          break;
        }
        case 'GuidelineVersionPublished': {
          const { major, minor, kind, revision, changeSummary, approvedBy, publishedBy } = event.data;
          const row = { id: versionKey(guidelineId, major, minor), guidelineId, major, minor, kind, revision, changeSummary, approvedBy, publishedBy, publishedAt: at };
          versions.set(row.id, Object.assign(new GuidelineVersionRow(), row));
          break;
        }
        case 'GuidelineCommented': {
          const text = await textOf(guidelineId);
          if (text) await readSections(guidelineId, text);
          const { commentId, commentedBy, anchor } = event.data;
          const current = text ? reattachAnchor(anchor, sectionsOf(text)) : ({ status: 'ORPHAN', sectionId: anchor.sectionId, lastQuote: anchor.quote?.text ?? '' } as const);
          const row = Object.assign(new GuidelineCommentRow(), {
            id: commentKey(guidelineId, commentId),
            guidelineId,
            commentId,
            commentedBy,
            text: event.data.text,
            commentedAt: at,
            anchor: JSON.stringify(anchor),
            replies: '[]',
            resolvedBy: null,
            resolvedAt: null,
          });
          saveComment(withAnchor(row, current));
          break;
        }
        case 'GuidelineCommentReplied': {
          const comment = await commentOf(guidelineId, event.data.commentId);
          if (!comment) break;
          const reply: CommentReply = { replyId: event.data.replyId, repliedBy: event.data.repliedBy, text: event.data.text, repliedAt: at };
          saveComment(Object.assign(comment, { replies: JSON.stringify([...repliesOf(comment), reply]) }));
          break;
        }
        case 'GuidelineCommentResolved': {
          const comment = await commentOf(guidelineId, event.data.commentId);
          if (comment) saveComment(Object.assign(comment, { resolvedBy: event.data.resolvedBy, resolvedAt: at }));
          break;
        }
        default:
          break;
      }
    }
    const upsert = async <Row extends object>(entity: new () => Row, rows: Row[]) => {
      for (let i = 0; i < rows.length; i += 100) await manager.upsert(entity, rows.slice(i, i + 100) as never, ['id']);
    };
    await upsert(GuidelineRevisionRow, [...revisions.values()]);
    await upsert(GuidelineSectionTextRow, [...sections.values()]);
    await upsert(GuidelineVersionRow, [...versions.values()]);
    await upsert(GuidelineCommentRow, [...changedComments.values()]);
  },
};

export function findRevision(db: DataSource, guidelineId: string, revision: number): Promise<GuidelineRevisionRow | null> {
  return db.getRepository(GuidelineRevisionRow).findOneBy({ id: revisionKey(guidelineId, revision) });
}

/**
 * The sections of a text revision in reading order, read from the tables; null if there is no such revision.
 * Each section's text is the run that started last at or before the revision (see latestRunsAt).
 */
export async function textAt(db: DataSource, guidelineId: string, revision: number): Promise<Section[] | null> {
  const row = await findRevision(db, guidelineId, revision);
  if (!row) return null;
  const order = orderOf(row);
  const runs = await latestRunsAt<{ section_id: string; heading: string; body: string }>(db, 'guideline_section_texts', ['heading', 'body'], guidelineId, order, revision);
  const bySection = new Map(runs.map((run) => [run.section_id, run]));
  return order.flatMap((sectionId) => {
    const section = bySection.get(sectionId);
    return section ? [{ sectionId, heading: section.heading, body: section.body }] : [];
  });
}

/**
 * Per section, the columns of the run (of section texts or blames) that started last at or before a
 * revision: one statement of one index seek per section on (guideline, section, from revision), newest
 * first, one row. Its cost does not grow with the runs a long history leaves behind (a MAX() subquery
 * per row did: it read every earlier run of every section).
 */
export async function latestRunsAt<Row extends { section_id: string }>(
  db: DataSource,
  table: 'guideline_section_texts' | 'guideline_section_blames',
  columns: readonly string[],
  guidelineId: string,
  sectionIds: readonly string[],
  revision: number,
): Promise<Row[]> {
  const rows: Row[] = [];
  // Chunks stay well under SQLite's limit of 500 terms in a compound SELECT.
  for (let start = 0; start < sectionIds.length; start += 100) {
    const chunk = sectionIds.slice(start, start + 100);
    const selected = ['section_id', ...columns].map((column) => `r.${column}`).join(', ');
    const seeks = chunk.map(
      (_, index) =>
        `SELECT * FROM (SELECT ${selected} FROM ${table} r WHERE r.guideline_id = :guidelineId AND r.section_id = :section${index} AND r.from_revision <= :revision ORDER BY r.from_revision DESC LIMIT 1) latest${index}`,
    );
    const parameters = { guidelineId, revision, ...Object.fromEntries(chunk.map((sectionId, index) => [`section${index}`, sectionId])) };
    const [sql, values] = db.driver.escapeQueryWithParameters(seeks.join(' UNION ALL '), parameters);
    rows.push(...((await db.query(sql, values)) as Row[]));
  }
  return rows;
}

export function versionsOf(db: DataSource, guidelineId: string): Promise<GuidelineVersionRow[]> {
  return db.getRepository(GuidelineVersionRow).find({ where: { guidelineId }, order: { major: 'ASC', minor: 'ASC' } });
}

export function findVersion(db: DataSource, guidelineId: string, major: number, minor: number): Promise<GuidelineVersionRow | null> {
  return db.getRepository(GuidelineVersionRow).findOneBy({ id: versionKey(guidelineId, major, minor) });
}

/** The text revisions of a guideline up to `lastRevision`, oldest first, a page after `afterRevision`. */
export function revisionsOf(db: DataSource, guidelineId: string, afterRevision: number, lastRevision: number, take: number): Promise<GuidelineRevisionRow[]> {
  return db
    .getRepository(GuidelineRevisionRow)
    .createQueryBuilder('r')
    .where('r.guideline_id = :guidelineId AND r.revision > :afterRevision AND r.revision <= :lastRevision', { guidelineId, afterRevision, lastRevision })
    .orderBy('r.revision', 'ASC')
    .take(take)
    .getMany();
}

export function commentsOf(db: DataSource, guidelineId: string): Promise<GuidelineCommentRow[]> {
  return db.getRepository(GuidelineCommentRow).find({ where: { guidelineId }, order: { commentedAt: 'ASC', id: 'ASC' } });
}


/** The text revision standing at an instant: the last one made at or before it; null before the guideline was drafted. */
export function revisionAt(db: DataSource, guidelineId: string, at: string): Promise<GuidelineRevisionRow | null> {
  return db.getRepository(GuidelineRevisionRow).createQueryBuilder('r').where('r.guideline_id = :guidelineId AND r.occurred_at <= :at', { guidelineId, at }).orderBy('r.occurred_at', 'DESC').addOrderBy('r.revision', 'DESC').limit(1).getOne();
}

/** The latest version published at or before an instant. */
export function versionAt(db: DataSource, guidelineId: string, at: string): Promise<GuidelineVersionRow | null> {
  return db
    .getRepository(GuidelineVersionRow)
    .createQueryBuilder('v')
    .where('v.guideline_id = :guidelineId AND v.published_at <= :at', { guidelineId, at })
    .orderBy('v.major', 'DESC')
    .addOrderBy('v.minor', 'DESC')
    .limit(1)
    .getOne();
}
