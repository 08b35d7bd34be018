import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from './adapters/sqlite/sqlite-event-store';
import { snapshotStoreOf } from './snapshot-store.port';
import { anEvent } from './testing/event-store-contract';
import { UpcasterChain, withUpcasting } from './upcasting';

// v1 stored a single "location" string; v2 splits it into city and country; v3 adds a default language.
const chain = new UpcasterChain([
  {
    type: 'PracticeRecorded',
    fromVersion: 1,
    upcast: (data: { title: string; location: string }) => {
      const [city, country] = data.location.split(',').map((part) => part.trim());
      return { title: data.title, city, country };
    },
  },
  { type: 'PracticeRecorded', fromVersion: 2, upcast: (data: object) => ({ ...data, language: 'en' }) },
]);

describe('Upcasting events stored with an older schema version', () => {
  let dir: string;
  let raw: SqliteEventStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sce-upcast-'));
    raw = new SqliteEventStore({ fileName: join(dir, 'events.sqlite') });
  });
  afterEach(async () => {
    await raw.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads a v1 event as the current version through readStream, readAll and subscriptions', async () => {
    await raw.appendToStream('practice-1', [{ ...anEvent('PracticeRecorded', { title: 'Bus lanes', location: 'Tbilisi, GE' }), schemaVersion: 1 }], {
      expectedRevision: 'no_stream',
    });
    const store = withUpcasting(raw, chain);
    const expected = { schemaVersion: 3, data: { title: 'Bus lanes', city: 'Tbilisi', country: 'GE', language: 'en' } };

    expect((await store.readStream('practice-1'))[0]).toMatchObject(expected);
    expect((await store.readAll())[0]).toMatchObject(expected);
    const delivered = await new Promise((resolve) => {
      const subscription = store.subscribeToAll({}, async ([first]) => {
        resolve(first);
        void subscription.stop();
      });
    });
    expect(delivered).toMatchObject(expected);
    // The log itself is never rewritten.
    expect((await raw.readStream('practice-1'))[0]).toMatchObject({ schemaVersion: 1, data: { location: 'Tbilisi, GE' } });
  });

  it('keeps the snapshot side of the store it wraps, and finds an event by id at the current version', async () => {
    const stored = { ...anEvent('PracticeRecorded', { title: 'Bus lanes', location: 'Tbilisi, GE' }), schemaVersion: 1 };
    await raw.appendToStream('practice-1', [stored], { expectedRevision: 'no_stream' });
    const snapshots = snapshotStoreOf(withUpcasting(raw, chain));
    expect(snapshots).toBeDefined();
    expect(await snapshots!.readStreamEvent('practice-1', stored.id)).toMatchObject({ schemaVersion: 3, data: { city: 'Tbilisi', language: 'en' } });
    await snapshots!.writeSnapshot({ streamId: 'practice-1', streamRevision: 0, schemaVersion: 1, state: '{"practices":1}' });
    expect(await raw.readSnapshot('practice-1')).toMatchObject({ streamRevision: 0, state: '{"practices":1}' });
    await snapshots!.deleteSnapshots('practice-1');
    expect(await snapshots!.readSnapshot('practice-1')).toBeUndefined();
  });

  it('leaves events already at the current version untouched', () => {
    const current = { ...anEvent('PracticeRecorded', { title: 't', city: 'c', country: 'GE', language: 'ru' }), schemaVersion: 3 };
    const recorded = { ...current, globalPosition: 1, streamId: 's', streamRevision: 0, recordedAt: current.metadata.occurredAt };
    expect(chain.upcast(recorded as never)).toBe(recorded);
  });
});
