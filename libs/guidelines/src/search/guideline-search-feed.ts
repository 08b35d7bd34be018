import type { RecordedEvent } from '@sce/event-sourcing';
import type { SinkProjection } from '@sce/projections';
import type { GuidelineSearchDocument, GuidelineSearchIndex, GuidelineSearchWrite } from '@sce/search';
import type { DataSource } from 'typeorm';
import type { Section } from '../domain/guideline-content';
import type { GuidelineEvent } from '../domain/guideline.events';
import { codesOf, findGuideline, GUIDELINE_DIRECTORY, type GuidelineRow } from '../read-models/guideline-directory';
import { findRevision, GUIDELINE_TEXTS, textAt } from '../read-models/guideline-texts';

export const GUIDELINE_SEARCH_FEED = 'guideline-search';
/** What the feed reads besides the log: a search answer is as fresh as these and the feed itself. */
export const GUIDELINE_SEARCH_SOURCES = [GUIDELINE_DIRECTORY, GUIDELINE_TEXTS] as const;

// Which events change which document: the working text changes with edits, both with the status. Comments,
// reviews, evidence and authors change nothing searchable and cost nothing.
const CHANGES_WORKING: ReadonlySet<string> = new Set<GuidelineEvent['type']>(['GuidelineDrafted', 'GuidelineEdited', 'GuidelineVersionPublished', 'GuidelineWithdrawn', 'GuidelineSuperseded']);
const CHANGES_PUBLISHED: ReadonlySet<string> = new Set<GuidelineEvent['type']>(['GuidelineVersionPublished', 'GuidelineWithdrawn', 'GuidelineSuperseded']);

export interface GuidelineSearchFeedSources {
  /** The read-model database: the guideline directory and texts (this context's own tables). */
  db: DataSource;
  /** Resolves true once the directory and texts projections have passed a position of the log, false on timeout. */
  readModelsReached(position: number): Promise<boolean>;
}

export interface GuidelineSearchFeedPacing {
  /** A delivery slower than this that indexed a guideline indexed within `hotWindowMs` before is followed by a pause. */
  slowDeliveryMs: number;
  /** The pause: this many times the delivery's own time... */
  pauseFactor: number;
  /** ...and at most this long. */
  maxPauseMs: number;
  /** How long a guideline counts as being edited after it was indexed. */
  hotWindowMs: number;
}

export const DEFAULT_GUIDELINE_SEARCH_PACING: GuidelineSearchFeedPacing = { slowDeliveryMs: 25, pauseFactor: 3, maxPauseMs: 2_000, hotWindowMs: 5_000 };

type Variant = GuidelineSearchWrite['key']['variant'];

/**
 * Guideline search fed by the log (an external-sink projection: at least once, checkpoint after the index
 * accepts). A guideline can hold 50 sections and 50,000 words and be edited all day, so the feed:
 * - indexes each changed guideline at most once per batch, from the read models (the directory row and the
 *   texts of its published and working revisions: indexed reads, never a replay of its stream), and only the
 *   documents the batch's events change (an edit rewrites the working text, never the published one);
 * - after a slow delivery (over 25 ms) that re-indexed a guideline indexed in the last seconds (one being
 *   edited constantly), pauses 3x the delivery's time (at most 2 s) before taking the next batch, so the edits
 *   made meanwhile are indexed together, once, instead of each costing the writers a re-index;
 * - skips a document it wrote moments ago at the same stream revision (the read models were already ahead):
 *   a rebuild, whose read models are at the head, indexes a long guideline once, not once per batch of its
 *   events, and is not paused for it.
 * Writes carry the directory row's stream revision, so a replay or a late delivery never brings an older text
 * back. Search does not read its writes: a mutation's answer does not wait for the index (a client that needs
 * its change searchable passes the position token, which waits for this feed too).
 */
export function guidelineSearchFeed(
  index: GuidelineSearchIndex,
  sources: GuidelineSearchFeedSources,
  pacing: GuidelineSearchFeedPacing = DEFAULT_GUIDELINE_SEARCH_PACING,
): SinkProjection & { reset(): Promise<void> } {
  // Guidelines indexed within the hot window: when, and the stream revision each document was written at.
  // Memory only, pruned to the window (a few guidelines), emptied with the index.
  const recent = new Map<string, { at: number; written: Partial<Record<Variant, number>> }>();
  return {
    name: GUIDELINE_SEARCH_FEED,
    handles: [...CHANGES_WORKING],
    async reset() {
      recent.clear();
      await index.clear();
    },
    async deliver(events: RecordedEvent[], signal: AbortSignal) {
      const started = Date.now();
      for (const [guidelineId, entry] of recent) if (started - entry.at > pacing.hotWindowMs) recent.delete(guidelineId);
      const changed = new Map<string, { working: boolean; published: boolean }>();
      for (const event of events) {
        const guidelineId = (event.data as { guidelineId: string }).guidelineId;
        const change = changed.get(guidelineId) ?? { working: false, published: false };
        change.working ||= CHANGES_WORKING.has(event.type);
        change.published ||= CHANGES_PUBLISHED.has(event.type);
        changed.set(guidelineId, change);
      }
      if (changed.size === 0) return;
      // The read models must show at least what was delivered; they may show more (a later event, delivered next).
      if (!(await sources.readModelsReached(events[events.length - 1].globalPosition))) {
        throw new Error(`${GUIDELINE_SEARCH_FEED}: the guideline read models have not reached position ${events[events.length - 1].globalPosition}; delivering again later`);
      }
      const writes: GuidelineSearchWrite[] = [];
      for (const [guidelineId, change] of changed) {
        const row = await findGuideline(sources.db, guidelineId);
        if (!row) continue;
        const written = recent.get(guidelineId)?.written ?? {};
        const stale = (variant: Variant) => (written[variant] ?? -1) < row.streamRevision;
        if (change.working && stale('WORKING')) writes.push(await documentWrite(sources.db, row, 'WORKING', row.revision));
        if (change.published && row.publishedRevision !== null && stale('PUBLISHED')) writes.push(await documentWrite(sources.db, row, 'PUBLISHED', row.publishedRevision));
      }
      if (writes.length === 0) return;
      await index.apply(writes);
      const elapsed = Date.now() - started;
      const hot = writes.some((write) => recent.has(write.key.guidelineId));
      for (const write of writes) {
        const entry = recent.get(write.key.guidelineId) ?? { at: started, written: {} };
        entry.at = started;
        entry.written[write.key.variant] = write.revision;
        recent.set(write.key.guidelineId, entry);
      }
      if (hot && elapsed > pacing.slowDeliveryMs) await pause(Math.min(pacing.maxPauseMs, pacing.pauseFactor * elapsed), signal);
    },
  };
}

async function documentWrite(db: DataSource, row: GuidelineRow, variant: 'WORKING' | 'PUBLISHED', textRevision: number): Promise<GuidelineSearchWrite> {
  const [revision, sections] = await Promise.all([findRevision(db, row.id, textRevision), textAt(db, row.id, textRevision)]);
  // The directory is ahead of the texts (it passed a later event first): delivered again once they catch up.
  if (!revision || !sections) throw new Error(`${GUIDELINE_SEARCH_FEED}: text revision ${textRevision} of guideline ${row.id} is not projected yet; delivering again later`);
  return { key: { guidelineId: row.id, variant }, revision: row.streamRevision, document: searchDocument(row, variant, { revision: textRevision, at: revision.occurredAt, sections }) };
}

/**
 * Pure: the searchable document of one text revision of a guideline. Everything in it is fixed by the text
 * revision and the guideline's status, so the incremental path and a rebuild write the same document.
 */
export function searchDocument(row: GuidelineRow, variant: 'WORKING' | 'PUBLISHED', text: { revision: number; at: string; sections: readonly Section[] }): GuidelineSearchDocument {
  const { sections } = text;
  return {
    guidelineId: row.id,
    variant,
    textRevision: text.revision,
    language: row.language,
    title: row.title,
    summary: row.summary,
    headings: sections.map((section) => section.heading),
    sections: sections.map((section) => section.body).join('\n\n'),
    sectors: codesOf(row.sectors),
    status: row.status,
    // The version's publication, or when the working text got this revision (not the guideline's last event: a comment is no change).
    updatedAt: variant === 'PUBLISHED' ? (row.publishedAt ?? text.at) : text.at,
  };
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done);
  });
}
