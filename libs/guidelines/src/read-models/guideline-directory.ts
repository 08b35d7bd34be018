import type { RecordedEvent } from '@sce/event-sourcing';
import type { Page, RequestActor, VisibilityRule } from '@sce/platform';
import { rowProjection } from '@sce/projections';
import { Column, Entity, Index, PrimaryColumn, type DataSource } from 'typeorm';
import { normaliseLanguageTag } from '../domain/guideline-content';
import { GUIDELINE_EVENT_TYPES, type GuidelineEvent } from '../domain/guideline.events';

/**
 * One row per guideline: what lists filter on and what every field resolver needs to decide visibility
 * (status, authors, the latest published version). The texts themselves live in guideline-texts.
 * Code lists are kept as ",A,B," so "has code X" is one LIKE on both databases.
 */
@Entity('guidelines')
@Index('idx_guidelines_status_id', ['status', 'id'])
@Index('idx_guidelines_published_id', ['publishedRevision', 'id'])
export class GuidelineRow {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  /** DRAFT (never published), PUBLISHED, WITHDRAWN or SUPERSEDED: the domain's status. */
  @Column({ type: 'varchar', length: 20 })
  status: string;

  /** REQUESTED or DONE: the last review asked for or given, null before any. */
  @Column({ name: 'review_stage', type: 'varchar', length: 20, nullable: true })
  reviewStage: string | null;

  @Column({ name: 'review_revision', type: 'integer', nullable: true })
  reviewRevision: number | null;

  @Column({ name: 'review_decision', type: 'varchar', length: 20, nullable: true })
  reviewDecision: string | null;

  @Column({ name: 'reviewed_by', type: 'varchar', length: 36, nullable: true })
  reviewedBy: string | null;

  // Title, summary, sectors and language are set when drafted (edits change sections only).
  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'text' })
  summary: string;

  @Column({ type: 'varchar', length: 500 })
  sectors: string;

  @Column({ type: 'varchar', length: 35 })
  language: string;

  /** Accounts that may edit it, as a code list. */
  @Column({ type: 'text' })
  authors: string;

  /** The text revision of the working text (1 when drafted). */
  @Column({ type: 'integer' })
  revision: number;

  /** The stream revision of its last event (history's total is this + 1). */
  @Column({ name: 'stream_revision', type: 'integer' })
  streamRevision: number;

  @Column({ name: 'latest_major', type: 'integer', nullable: true })
  latestMajor: number | null;

  @Column({ name: 'latest_minor', type: 'integer', nullable: true })
  latestMinor: number | null;

  /** The text revision of the latest published version: null while never published (a draft, to the public). */
  @Column({ name: 'published_revision', type: 'integer', nullable: true })
  publishedRevision: number | null;

  /** The stream revision of the latest GuidelineVersionPublished: the public history ends there. */
  @Column({ name: 'published_stream_revision', type: 'integer', nullable: true })
  publishedStreamRevision: number | null;

  @Column({ name: 'published_at', type: 'varchar', length: 30, nullable: true })
  publishedAt: string | null;

  @Column({ name: 'successor_id', type: 'varchar', length: 100, nullable: true })
  successorId: string | null;

  @Column({ name: 'withdraw_reason', type: 'text', nullable: true })
  withdrawReason: string | null;

  @Column({ name: 'drafted_at', type: 'varchar', length: 30 })
  draftedAt: string;

  @Column({ name: 'updated_at', type: 'varchar', length: 30 })
  updatedAt: string;
}

export const GUIDELINE_DIRECTORY = 'guideline-directory';

export const codeList = (codes: readonly string[]) => `,${codes.join(',')},`;
export const codesOf = (list: string) => list.split(',').filter(Boolean);

/** Pure: the row after one more event of its guideline, with the log's times and stream revision. */
export function evolveGuidelineRow(row: GuidelineRow | null, recorded: RecordedEvent): GuidelineRow | null {
  const event = recorded as unknown as RecordedEvent<GuidelineEvent>;
  const at = recorded.metadata.occurredAt;
  if (event.type === 'GuidelineDrafted') {
    const { guidelineId, draftedBy, content } = event.data;
    return Object.assign(new GuidelineRow(), {
      id: guidelineId,
      status: 'DRAFT',
      reviewStage: null,
      reviewRevision: null,
      reviewDecision: null,
      reviewedBy: null,
      title: content.title,
      summary: content.summary,
      sectors: codeList(content.sectors),
      language: content.language,
      authors: codeList([draftedBy]),
      revision: 1,
      streamRevision: recorded.streamRevision,
      latestMajor: null,
      latestMinor: null,
      publishedRevision: null,
      publishedStreamRevision: null,
      publishedAt: null,
      successorId: null,
      withdrawReason: null,
      draftedAt: at,
      updatedAt: at,
    });
  }
  if (!row) return null;
  const next = Object.assign(new GuidelineRow(), row, { streamRevision: recorded.streamRevision, updatedAt: at });
  switch (event.type) {
    case 'GuidelineEdited':
      return Object.assign(next, { revision: event.data.revision });
    case 'GuidelineAuthorAdded':
      return Object.assign(next, { authors: codeList([...codesOf(row.authors).filter((id) => id !== event.data.accountId), event.data.accountId]) });
    case 'GuidelineAuthorRemoved':
      return Object.assign(next, { authors: codeList(codesOf(row.authors).filter((id) => id !== event.data.accountId)) });
    case 'GuidelineReviewRequested':
      return Object.assign(next, { reviewStage: 'REQUESTED', reviewRevision: event.data.revision, reviewDecision: null, reviewedBy: null });
    case 'GuidelineReviewed':
      return Object.assign(next, { reviewStage: 'DONE', reviewRevision: event.data.revision, reviewDecision: event.data.decision, reviewedBy: event.data.reviewedBy });
    case 'GuidelineVersionPublished':
      return Object.assign(next, {
        status: 'PUBLISHED',
        latestMajor: event.data.major,
        latestMinor: event.data.minor,
        publishedRevision: event.data.revision,
        publishedStreamRevision: recorded.streamRevision,
        publishedAt: at,
      });
    case 'GuidelineWithdrawn':
      return Object.assign(next, { status: 'WITHDRAWN', withdrawReason: event.data.reason });
    case 'GuidelineSuperseded':
      return Object.assign(next, { status: 'SUPERSEDED', successorId: event.data.successorId });
    default:
      return next;
  }
}

export const guidelineDirectoryProjection = rowProjection<GuidelineRow>({
  name: GUIDELINE_DIRECTORY,
  entity: GuidelineRow,
  primaryKey: 'id',
  handles: GUIDELINE_EVENT_TYPES,
  rowIdOf: (event) => (event.data as { guidelineId: string }).guidelineId,
  evolve: evolveGuidelineRow,
});

/** Where the working text is: the stage a reader of the draft sees (WITHDRAWN and SUPERSEDED are final). */
export function stageOf(row: GuidelineRow): string {
  if (row.status === 'WITHDRAWN' || row.status === 'SUPERSEDED') return row.status;
  if (row.reviewStage === 'REQUESTED') return 'IN_REVIEW';
  if (row.publishedRevision === row.revision) return 'PUBLISHED';
  if (row.reviewStage === 'DONE' && row.reviewRevision === row.revision) return row.reviewDecision === 'APPROVE' ? 'APPROVED' : 'CHANGES_REQUESTED';
  return 'DRAFT';
}

// Reviewers review guidelines and admins run the service: both see unpublished work, as the authors do.
const SEES_ALL_DRAFTS = ['ADMIN', 'REVIEWER'];
const seesAllDrafts = (actor: RequestActor) => actor.roles.some((role) => SEES_ALL_DRAFTS.includes(role));
const isAuthor = (row: Pick<GuidelineRow, 'authors'>, actor: RequestActor) => actor.actorId !== null && row.authors.includes(`,${actor.actorId},`);

function draftSeersSql(alias: string, actor: RequestActor, otherwise: string) {
  if (seesAllDrafts(actor)) return { condition: '1 = 1', parameters: {} };
  if (!actor.actorId) return { condition: otherwise, parameters: {} };
  return { condition: `(${otherwise} OR ${alias}.authors LIKE :guidelineAuthor)`, parameters: { guidelineAuthor: `%,${actor.actorId},%` } };
}

/**
 * A guideline with a published version is public (its published versions and their history: see
 * guidelineDraftVisibility for the working text). One never published is seen only by its authors,
 * reviewers and admins: to everyone else it does not exist, in lookups, lists and field resolvers alike.
 */
export const guidelineVisibility: VisibilityRule<Pick<GuidelineRow, 'authors' | 'publishedRevision'>> = {
  name: 'guideline',
  allows: (row, actor) => row.publishedRevision !== null || seesAllDrafts(actor) || isAuthor(row, actor),
  sql: (alias, actor) => draftSeersSql(alias, actor, `${alias}.published_revision IS NOT NULL`),
};

/** The working text, its revisions, its comments and its whole history: authors, reviewers and admins only. */
export const guidelineDraftVisibility: VisibilityRule<Pick<GuidelineRow, 'authors'>> = {
  name: 'guideline-draft',
  allows: (row, actor) => seesAllDrafts(actor) || isAuthor(row, actor),
  sql: (alias, actor) => draftSeersSql(alias, actor, '1 = 0'),
};

export interface GuidelineFilter {
  status?: string;
  sector?: string;
  language?: string;
  authorId?: string;
}

export function findGuideline(db: DataSource, id: string): Promise<GuidelineRow | null> {
  return db.getRepository(GuidelineRow).findOneBy({ id });
}

/** The guideline if the actor may see it, else null: hidden is not found. */
export async function findVisibleGuideline(db: DataSource, id: string, actor: RequestActor): Promise<GuidelineRow | null> {
  const row = await findGuideline(db, id);
  return row && (await guidelineVisibility.allows(row, actor, db)) ? row : null;
}

/** Keyset paging on the id (UUIDv7, so drafting order), filtered by the visibility rule in SQL. */
export async function listGuidelines(db: DataSource, filter: GuidelineFilter, actor: RequestActor, first: number, afterId?: string): Promise<Page<GuidelineRow>> {
  const visible = guidelineVisibility.sql('g', actor);
  const query = db.getRepository(GuidelineRow).createQueryBuilder('g').where(visible.condition, visible.parameters);
  if (filter.status) query.andWhere('g.status = :status', { status: filter.status });
  if (filter.language) query.andWhere('g.language = :language', { language: normaliseLanguageTag(filter.language) ?? filter.language });
  if (filter.sector) query.andWhere('g.sectors LIKE :sector', { sector: `%,${filter.sector},%` });
  if (filter.authorId) query.andWhere('g.authors LIKE :authorId', { authorId: `%,${filter.authorId},%` });
  const counting = query.clone();
  const totalCount = () => counting.getCount();
  if (afterId) query.andWhere('g.id > :afterId', { afterId });
  const rows = await query.orderBy('g.id', 'ASC').take(first + 1).getMany();
  return { rows: rows.slice(0, first), hasNextPage: rows.length > first, totalCount };
}

/** The guidelines that name this one as their successor (supersede points both ways). */
export function predecessorsOf(db: DataSource, id: string): Promise<GuidelineRow[]> {
  return db.getRepository(GuidelineRow).find({ where: { successorId: id }, order: { id: 'ASC' } });
}

/**
 * What guideline search may show this caller beyond published versions: every working text (reviewers and
 * admins, as guidelineDraftVisibility), or those of the guidelines they author.
 */
export async function searchViewerOf(db: DataSource, actor: RequestActor): Promise<{ seesAllWorking: boolean; workingOf: string[] }> {
  if (seesAllDrafts(actor)) return { seesAllWorking: true, workingOf: [] };
  if (!actor.actorId) return { seesAllWorking: false, workingOf: [] };
  const rows = await db.getRepository(GuidelineRow).createQueryBuilder('g').select('g.id', 'id').where('g.authors LIKE :author', { author: `%,${actor.actorId},%` }).getRawMany<{ id: string }>();
  return { seesAllWorking: false, workingOf: rows.map((row) => row.id) };
}
