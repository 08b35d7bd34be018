import { mkdtempSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { anEvent, testEventStoreContract } from '../../testing/event-store-contract';
import { testSnapshotStoreContract } from '../../testing/snapshot-store-contract';
import { SqliteEventStore } from './sqlite-event-store';

let dir: string;
testEventStoreContract('sqlite', {
  create: async () => {
    dir = mkdtempSync(join(tmpdir(), 'sce-store-'));
    return new SqliteEventStore({ fileName: join(dir, 'events.sqlite'), pollIntervalMs: 50 });
  },
  destroy: async () => rmSync(dir, { recursive: true, force: true }),
});

testSnapshotStoreContract('sqlite', {
  create: async () => {
    dir = mkdtempSync(join(tmpdir(), 'sce-snapshots-'));
    return new SqliteEventStore({ fileName: join(dir, 'events.sqlite'), pollIntervalMs: 50 });
  },
  destroy: async () => rmSync(dir, { recursive: true, force: true }),
});

describe('SQLite event store: an acknowledged append is on disk, and the disk is waited for off the event loop', () => {
  let store: SqliteEventStore;
  let folder: string;
  let walHandle: { datasync(): Promise<void> };
  const event = (type: string) => anEvent(type);

  beforeEach(async () => {
    folder = mkdtempSync(join(tmpdir(), 'sce-store-sync-'));
    store = new SqliteEventStore({ fileName: join(folder, 'events.sqlite'), pollIntervalMs: 50 });
    // The WAL's file handle class, from a handle of our own (node:fs/promises does not export it).
    const probe = await open(join(folder, 'events.sqlite'), 'r');
    walHandle = Object.getPrototypeOf(probe);
    await probe.close();
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    await store.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('answers an append only after the WAL was synced, and serves the event loop meanwhile', async () => {
    let releaseDisk!: () => void;
    const disk = new Promise<void>((resolve) => (releaseDisk = resolve));
    const synced = jest.spyOn(walHandle, 'datasync').mockImplementation(() => disk);
    let acknowledged = false;
    const appended = store.appendToStream('s-1', [event('Happened')], { expectedRevision: 'no_stream' }).then((result) => ((acknowledged = true), result));
    // Timers still fire while the disk is slow: nothing waits for it on the event loop.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(synced).toHaveBeenCalled();
    expect(acknowledged).toBe(false);
    releaseDisk();
    expect((await appended).nextExpectedRevision).toBe(0);
  });

  it('fails the appends of a batch the disk did not confirm, and goes on with the next batch', async () => {
    jest.spyOn(walHandle, 'datasync').mockRejectedValueOnce(Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' }));
    await expect(store.appendToStream('s-2', [event('Lost')], { expectedRevision: 'no_stream' })).rejects.toThrow('EIO');
    const next = await store.appendToStream('s-3', [event('Kept')], { expectedRevision: 'no_stream' });
    expect(next.nextExpectedRevision).toBe(0);
  });

  it('does not sync when NORMAL was asked for (a process crash loses nothing, a power cut may)', async () => {
    const normal = new SqliteEventStore({ fileName: join(folder, 'normal.sqlite'), synchronous: 'NORMAL' });
    const synced = jest.spyOn(walHandle, 'datasync');
    await normal.appendToStream('s-4', [event('Fast')], { expectedRevision: 'no_stream' });
    await normal.close();
    expect(synced).not.toHaveBeenCalled();
  });
});

describe('SQLite event store: what it keeps in memory never hides what another process appended', () => {
  let folder: string;
  let server: SqliteEventStore;
  let admin: SqliteEventStore;
  const types = (events: { type: string }[]) => events.map((event) => event.type);

  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'sce-store-recent-'));
    server = new SqliteEventStore({ fileName: join(folder, 'events.sqlite'), pollIntervalMs: 50 });
    // An admin command appending beside the server: its own connection to the same file.
    admin = new SqliteEventStore({ fileName: join(folder, 'events.sqlite'), pollIntervalMs: 50 });
  });
  afterEach(async () => {
    await admin.close();
    await server.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('reads a stream another writer extended, and appends after it', async () => {
    await server.appendToStream('org-1', [anEvent('Registered')], { expectedRevision: 'no_stream' });
    expect(types(await server.readStream('org-1'))).toEqual(['Registered']);
    await admin.appendToStream('org-1', [anEvent('Renamed')], { expectedRevision: 0 });
    expect(types(await server.readStream('org-1'))).toEqual(['Registered', 'Renamed']);
    await server.appendToStream('org-1', [anEvent('Verified')], { expectedRevision: 1 });
    expect(types(await server.readStream('org-1'))).toEqual(['Registered', 'Renamed', 'Verified']);
    expect(types((await server.readStreams(['org-1', 'org-2'])).get('org-1')!)).toEqual(['Registered', 'Renamed', 'Verified']);
  });

  it('reads the log past events another writer appended between its own', async () => {
    await server.appendToStream('a', [anEvent('A1')], { expectedRevision: 'no_stream' });
    await admin.appendToStream('b', [anEvent('B1')], { expectedRevision: 'no_stream' });
    expect(types(await server.readAll({ after: 1 }))).toEqual(['B1']);
    await server.appendToStream('a', [anEvent('A2')], { expectedRevision: 0 });
    expect(types(await server.readAll({ after: 0 }))).toEqual(['A1', 'B1', 'A2']);
    expect(types(await server.readAll({ after: 2 }))).toEqual(['A2']);
  });

  it('hands out events no reader can change for the next one', async () => {
    await server.appendToStream('c', [anEvent('Changed', { list: [1] })], { expectedRevision: 'no_stream' });
    const [first] = await server.readStream('c');
    expect(() => (first.data as { list: number[] }).list.push(2)).toThrow(TypeError);
    const [again] = await server.readAll({ after: 0 });
    expect(again.data).toEqual({ list: [1] });
  });

  it('keeps the events of a failed append out of what it hands out', async () => {
    await server.appendToStream('d', [anEvent('D1')], { expectedRevision: 'no_stream' });
    const refused = server.appendToStream('d', [anEvent('Stale')], { expectedRevision: 'no_stream' });
    const kept = server.appendToStream('e', [anEvent('E1')], { expectedRevision: 'no_stream' });
    await expect(refused).rejects.toThrow();
    await kept;
    expect(types(await server.readAll({ after: 0 }))).toEqual(['D1', 'E1']);
    expect(types(await server.readStream('d'))).toEqual(['D1']);
  });
});
