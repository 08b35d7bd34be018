import type { EventStore, RecordedEvent } from '@sce/event-sourcing';
import { findOrganisation } from '@sce/organisations';
import type { SinkProjection } from '@sce/projections';
import type { CaseStudySearchIndex, CaseStudySearchWrite } from '@sce/search';
import type { DataSource } from 'typeorm';
import { evolveSnapshot, organisationsNamedBy, type CaseStudySnapshot } from '../domain/case-study';
import { CASE_STUDY_EVENT_TYPES, caseStudyStreamId } from '../domain/case-study.events';
import { caseStudiesNamingOrganisations } from '../read-models/case-study-directory/case-study-directory.queries';
import { caseStudySearchWrites } from './case-study-search-documents';

export const CASE_STUDY_SEARCH_FEED = 'case-study-search';

// The organisations context's event that may change an organisation's type (read by name: no import of its types).
const ORGANISATION_PROFILE_UPDATED = 'OrganisationProfileUpdated';

export interface CaseStudySearchFeedSources {
  /** The log: each changed case study is folded up to the event delivered (never ahead of it, never behind). */
  store: Pick<EventStore, 'readStreams'>;
  /** Organisation id -> type (MUNICIPALITY, NGO, ...), through the organisations context's query functions. */
  organisationTypes(organisationIds: readonly string[]): Promise<ReadonlyMap<string, string>>;
  /** The ids of the case studies that name any of these organisations (this context's own directory). */
  caseStudiesNaming(organisationIds: readonly string[]): Promise<string[]>;
}

/**
 * The search index fed by the log (an external-sink projection: at least once, checkpoint after the index
 * accepts). Each write carries the stream revision of the event it was made for, so a replay or a late
 * delivery is refused by the index's revision guard instead of bringing an older text back. An organisation
 * whose type changes has its case studies written again at their revision (a refresh), so the type filter and
 * facet follow it.
 */
export function caseStudySearchFeed(index: CaseStudySearchIndex, sources: CaseStudySearchFeedSources): SinkProjection {
  return {
    name: CASE_STUDY_SEARCH_FEED,
    handles: [...CASE_STUDY_EVENT_TYPES, ORGANISATION_PROFILE_UPDATED],
    async deliver(events: RecordedEvent[]) {
      // Each case study's events in the batch, in order: the writes for the state after the last cover the others.
      const delivered = new Map<string, RecordedEvent[]>();
      // Organisations retyped in the batch, with their new type: the organisations' read model may not show it yet.
      const retyped = new Map<string, string>();
      for (const event of events) {
        if (event.type === ORGANISATION_PROFILE_UPDATED) {
          const { organisationId, changes } = event.data as { organisationId: string; changes: { type?: string } };
          if (changes.type) retyped.set(organisationId, changes.type);
          continue;
        }
        const list = delivered.get(event.streamId);
        if (list) list.push(event);
        else delivered.set(event.streamId, [event]);
      }
      // A stream the batch holds whole from its first event (an import, a rebuild) is folded from the batch;
      // the others are read, all in one read, up to their last delivered event (never ahead of it).
      const whole = (list: RecordedEvent[]) => list[0].streamRevision === 0 && list[list.length - 1].streamRevision === list.length - 1;
      const toRead = [...delivered].filter(([, list]) => !whole(list)).map(([streamId]) => streamId);
      // The case studies of a retyped organisation not otherwise in the batch are read whole and refreshed.
      const refreshed = retyped.size > 0 ? (await sources.caseStudiesNaming([...retyped.keys()])).map(caseStudyStreamId).filter((streamId) => !delivered.has(streamId)) : [];
      const streamIds = [...toRead, ...refreshed];
      const read = streamIds.length > 0 ? await sources.store.readStreams(streamIds) : new Map<string, RecordedEvent[]>();
      const snapshots: { snapshot: CaseStudySnapshot; refresh: boolean }[] = [];
      const fold = (stream: RecordedEvent[]) => stream.reduce<CaseStudySnapshot | null>(evolveSnapshot, null);
      for (const [streamId, list] of delivered) {
        const upTo = list[list.length - 1].streamRevision;
        const snapshot = fold(whole(list) ? list : (read.get(streamId) ?? []).filter((recorded) => recorded.streamRevision <= upTo));
        if (snapshot) snapshots.push({ snapshot, refresh: false });
      }
      for (const streamId of refreshed) {
        const snapshot = fold(read.get(streamId) ?? []);
        if (snapshot) snapshots.push({ snapshot, refresh: true });
      }
      const named = [...new Set(snapshots.flatMap(({ snapshot }) => organisationsNamedBy(snapshot.state)))];
      const organisationTypes = new Map(await sources.organisationTypes(named.filter((id) => !retyped.has(id))));
      for (const [organisationId, type] of retyped) organisationTypes.set(organisationId, type);
      const writes: CaseStudySearchWrite[] = snapshots.flatMap(({ snapshot, refresh }) =>
        caseStudySearchWrites(snapshot, organisationTypes).map((write) => (refresh ? { ...write, refresh } : write)),
      );
      // An index that records its position takes it even without writes, so it need not be fed these events again.
      if (writes.length > 0 || index.durablePosition) await index.apply(writes, events[events.length - 1].globalPosition);
    },
    ...(index.durablePosition && { durablePosition: () => index.durablePosition!() }),
    ...(index.onLostWrites && { onLostWrites: (lost: (error: unknown) => void) => index.onLostWrites!(lost) }),
  };
}

/** Organisation types looked up through the organisations context's query function, for caseStudySearchFeed. */
export function organisationTypesFrom(db: DataSource): CaseStudySearchFeedSources['organisationTypes'] {
  return async (organisationIds) => {
    const rows = await Promise.all(organisationIds.map((organisationId) => findOrganisation(db, organisationId)));
    return new Map(rows.filter((row) => row !== null).map((row) => [row.id, row.type]));
  };
}

/** The case studies naming organisations, from this context's directory, for caseStudySearchFeed. */
export function caseStudiesNamingFrom(db: DataSource): CaseStudySearchFeedSources['caseStudiesNaming'] {
  return (organisationIds) => caseStudiesNamingOrganisations(db, organisationIds);
}
