import type { EventStore, RecordedEvent } from '@sce/event-sourcing';
import { findOrganisation } from '@sce/organisations';
import type { SinkProjection } from '@sce/projections';
import type { CaseStudySearchIndex, CaseStudySearchWrite } from '@sce/search';
import type { DataSource } from 'typeorm';
import { evolveSnapshot, organisationsNamedBy, type CaseStudySnapshot } from '../domain/case-study';
import { CASE_STUDY_EVENT_TYPES } from '../domain/case-study.events';
import { caseStudySearchWrites } from './case-study-search-documents';

export const CASE_STUDY_SEARCH_FEED = 'case-study-search';

export interface CaseStudySearchFeedSources {
  /** The log: each changed case study is folded up to the event delivered (never ahead of it, never behind). */
  store: Pick<EventStore, 'readStreams'>;
  /** Organisation id -> type (MUNICIPALITY, NGO, ...), through the organisations context's query functions. */
  organisationTypes(organisationIds: readonly string[]): Promise<ReadonlyMap<string, string>>;
}

/**
 * The search index fed by the log (an external-sink projection: at least once, checkpoint after the index
 * accepts). Each write carries the stream revision of the event it was made for, so a replay or a late
 * delivery is refused by the index's revision guard instead of bringing an older text back.
 */
export function caseStudySearchFeed(index: CaseStudySearchIndex, sources: CaseStudySearchFeedSources): SinkProjection {
  return {
    name: CASE_STUDY_SEARCH_FEED,
    handles: CASE_STUDY_EVENT_TYPES,
    async deliver(events: RecordedEvent[]) {
      // Each case study's events in the batch, in order: the writes for the state after the last cover the others.
      const delivered = new Map<string, RecordedEvent[]>();
      for (const event of events) {
        const list = delivered.get(event.streamId);
        if (list) list.push(event);
        else delivered.set(event.streamId, [event]);
      }
      // A stream the batch holds whole from its first event (an import, a rebuild) is folded from the batch;
      // the others are read, all in one read, up to their last delivered event (never ahead of it).
      const whole = (list: RecordedEvent[]) => list[0].streamRevision === 0 && list[list.length - 1].streamRevision === list.length - 1;
      const toRead = [...delivered].filter(([, list]) => !whole(list)).map(([streamId]) => streamId);
      const read = toRead.length > 0 ? await sources.store.readStreams(toRead) : new Map<string, RecordedEvent[]>();
      const snapshots: CaseStudySnapshot[] = [];
      for (const [streamId, list] of delivered) {
        const upTo = list[list.length - 1].streamRevision;
        const stream = whole(list) ? list : (read.get(streamId) ?? []).filter((recorded) => recorded.streamRevision <= upTo);
        const snapshot = stream.reduce<CaseStudySnapshot | null>(evolveSnapshot, null);
        if (snapshot) snapshots.push(snapshot);
      }
      const organisationTypes = await sources.organisationTypes([...new Set(snapshots.flatMap((snapshot) => organisationsNamedBy(snapshot.state)))]);
      const writes: CaseStudySearchWrite[] = snapshots.flatMap((snapshot) => caseStudySearchWrites(snapshot, organisationTypes));
      if (writes.length > 0) await index.apply(writes);
    },
  };
}

/** Organisation types looked up through the organisations context's query function, for caseStudySearchFeed. */
export function organisationTypesFrom(db: DataSource): CaseStudySearchFeedSources['organisationTypes'] {
  return async (organisationIds) => {
    const rows = await Promise.all(organisationIds.map((organisationId) => findOrganisation(db, organisationId)));
    return new Map(rows.filter((row) => row !== null).map((row) => [row.id, row.type]));
  };
}
