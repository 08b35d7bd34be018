import type { EventStore } from '../event-store.port';
import type { Snapshot, SnapshotStore } from '../snapshot-store.port';
import { anEvent, waitUntil } from './event-store-contract';

export interface SnapshotStoreFactory {
  /** A store over an empty log, with its snapshot side. */
  create(): Promise<EventStore & SnapshotStore>;
  /** Removes what create made; the store is already closed. */
  destroy?(): Promise<void>;
}

const aSnapshot = (streamId: string, streamRevision: number, state: unknown, schemaVersion = 1): Snapshot => ({
  streamId,
  streamRevision,
  schemaVersion,
  state: JSON.stringify(state),
});

/** The behaviour every snapshot adapter must have. An adapter's spec is one call to this. */
export function testSnapshotStoreContract(adapterName: string, factory: SnapshotStoreFactory): void {
  describe(`SnapshotStore contract: ${adapterName}`, () => {
    let store: EventStore & SnapshotStore;
    beforeEach(async () => {
      store = await factory.create();
    });
    afterEach(async () => {
      await store.close();
      await factory.destroy?.();
    });

    it('has no snapshot for a stream never snapshotted', async () => {
      expect(await store.readSnapshot('nothing-here')).toBeUndefined();
    });

    it('keeps a snapshot as written: revision, schema version and state text, per stream', async () => {
      const state = { title: 'Умный город – 🚲', sections: [{ id: 's-1', body: 'x'.repeat(200_000) }], nul: '\u0000 kept as an escape' };
      await store.writeSnapshot(aSnapshot('guideline-1', 41, state, 3));
      await store.writeSnapshot(aSnapshot('guideline-2', 7, { other: true }));
      const read = await store.readSnapshot('guideline-1');
      expect(read).toEqual({ streamId: 'guideline-1', streamRevision: 41, schemaVersion: 3, state: JSON.stringify(state) });
      expect(JSON.parse(read!.state)).toEqual(state);
      expect(await store.readSnapshot('guideline-2')).toMatchObject({ streamRevision: 7, schemaVersion: 1 });
    });

    it('replaces a snapshot with a later one, never with an earlier one of the same version', async () => {
      await store.writeSnapshot(aSnapshot('s-1', 100, { at: 100 }));
      await store.writeSnapshot(aSnapshot('s-1', 200, { at: 200 }));
      await store.writeSnapshot(aSnapshot('s-1', 150, { at: 150 }));
      expect(await store.readSnapshot('s-1')).toMatchObject({ streamRevision: 200, state: JSON.stringify({ at: 200 }) });
    });

    it('replaces a snapshot of another schema version whatever its revision', async () => {
      await store.writeSnapshot(aSnapshot('s-1', 200, { shape: 'old' }, 1));
      await store.writeSnapshot(aSnapshot('s-1', 150, { shape: 'new' }, 2));
      expect(await store.readSnapshot('s-1')).toMatchObject({ streamRevision: 150, schemaVersion: 2, state: JSON.stringify({ shape: 'new' }) });
    });

    it('deletes the snapshots of one stream only, and lets it be snapshotted again', async () => {
      await store.writeSnapshot(aSnapshot('erased', 10, { name: 'personal' }));
      await store.writeSnapshot(aSnapshot('kept', 10, { name: 'other' }));
      await store.deleteSnapshots('erased');
      await store.deleteSnapshots('never-snapshotted');
      expect(await store.readSnapshot('erased')).toBeUndefined();
      expect(await store.readSnapshot('kept')).toBeDefined();
      await store.writeSnapshot(aSnapshot('erased', 12, { name: null }));
      expect(await store.readSnapshot('erased')).toMatchObject({ streamRevision: 12, state: JSON.stringify({ name: null }) });
    });

    it('finds an event of a stream by its id, and nothing for another stream or an unknown id', async () => {
      const wanted = anEvent('Wanted', { i: 2 });
      await store.appendToStream('s-1', [anEvent('A'), anEvent('B'), wanted, anEvent('C')], { expectedRevision: 'no_stream' });
      await store.appendToStream('s-2', [anEvent('Other')], { expectedRevision: 'no_stream' });
      const found = await store.readStreamEvent('s-1', wanted.id);
      expect(found).toEqual((await store.readStream('s-1'))[2]);
      expect(await store.readStreamEvent('s-2', wanted.id)).toBeUndefined();
      expect(await store.readStreamEvent('s-1', '00000000-0000-4000-8000-000000000000')).toBeUndefined();
    });

    it('keeps snapshots out of the event log: streams, the global log and its head', async () => {
      await store.appendToStream('s-1', [anEvent('Only')], { expectedRevision: 'no_stream' });
      // An append may take a moment to show in the global log (see EventStore.readAll).
      await waitUntil(async () => (await store.readAll({ after: 0 })).length === 1);
      const head = await store.headPosition();
      await store.writeSnapshot(aSnapshot('s-1', 0, { only: true }));
      expect((await store.readStream('s-1')).map((event) => event.type)).toEqual(['Only']);
      expect((await store.readAll({ after: 0, maxCount: 100 })).map((event) => event.type)).toEqual(['Only']);
      expect(await store.headPosition()).toBe(head);
    });
  });
}
