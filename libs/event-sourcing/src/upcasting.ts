import type { RecordedEvent } from './event';
import type { EventStore } from './event-store.port';
import { snapshotStoreOf, type SnapshotStore } from './snapshot-store.port';

/** Upgrades the data of one event type from one schema version to the next. */
export interface Upcaster {
  type: string;
  fromVersion: number;
  upcast: (data: any, event: RecordedEvent) => unknown;
}

/** Applies upcasters step by step (v1 -> v2 -> v3) until no upcaster matches. */
export class UpcasterChain {
  private readonly byKey = new Map<string, Upcaster>();

  constructor(upcasters: Upcaster[]) {
    for (const upcaster of upcasters) {
      const key = `${upcaster.type}@${upcaster.fromVersion}`;
      if (this.byKey.has(key)) throw new Error(`Two upcasters for ${key}`);
      this.byKey.set(key, upcaster);
    }
  }

  upcast(event: RecordedEvent): RecordedEvent {
    let current = event;
    for (;;) {
      const upcaster = this.byKey.get(`${current.type}@${current.schemaVersion}`);
      if (!upcaster) return current;
      current = { ...current, data: upcaster.upcast(current.data, current) as never, schemaVersion: current.schemaVersion + 1 };
    }
  }
}

/**
 * Wraps any store so that every read returns events at their current schema version. A store with a
 * snapshot side keeps it (snapshots are of folds of upcast events: a decider bumps its snapshot version when
 * an upcaster changes what it folds).
 */
export function withUpcasting(store: EventStore, chain: UpcasterChain): EventStore {
  const upcastAll = (events: RecordedEvent[]) => events.map((event) => chain.upcast(event));
  const upcasting: EventStore = {
    appendToStream: (streamId, events, options) => store.appendToStream(streamId, events, options),
    readStream: async (streamId, options) => upcastAll(await store.readStream(streamId, options)),
    readStreams: async (streamIds, options) => new Map([...(await store.readStreams(streamIds, options))].map(([streamId, events]) => [streamId, upcastAll(events)])),
    readAll: async (options) => upcastAll(await store.readAll(options)),
    subscribeToAll: (options, handler) => store.subscribeToAll(options, (events) => handler(upcastAll(events))),
    headPosition: () => store.headPosition(),
    close: () => store.close(),
  };
  const snapshots = snapshotStoreOf(store);
  if (!snapshots) return upcasting;
  const snapshotSide: SnapshotStore = {
    readSnapshot: (streamId) => snapshots.readSnapshot(streamId),
    writeSnapshot: (snapshot) => snapshots.writeSnapshot(snapshot),
    deleteSnapshots: (streamId) => snapshots.deleteSnapshots(streamId),
    readStreamEvent: async (streamId, eventId) => {
      const event = await snapshots.readStreamEvent(streamId, eventId);
      return event && chain.upcast(event);
    },
  };
  return Object.assign(upcasting, snapshotSide);
}
