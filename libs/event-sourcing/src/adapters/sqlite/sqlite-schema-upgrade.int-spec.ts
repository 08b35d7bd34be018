import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { anEvent } from '../../testing/event-store-contract';
import { SqliteEventStore } from './sqlite-event-store';

describe('SqliteEventStore opening a file made before snapshots existed', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sce-upgrade-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps its events and gains the snapshot table', async () => {
    const fileName = join(dir, 'events.sqlite');
    const older = new SqliteEventStore({ fileName });
    await older.appendToStream('s-1', [anEvent('Before')], { expectedRevision: 'no_stream' });
    await older.close();
    // The file as an earlier release left it: no snapshot table.
    const raw = new Database(fileName);
    raw.exec('DROP TABLE stream_snapshots');
    raw.close();

    const store = new SqliteEventStore({ fileName });
    try {
      expect((await store.readStream('s-1')).map((event) => event.type)).toEqual(['Before']);
      await store.writeSnapshot({ streamId: 's-1', streamRevision: 0, schemaVersion: 1, state: '{}' });
      expect(await store.readSnapshot('s-1')).toMatchObject({ streamRevision: 0 });
    } finally {
      await store.close();
    }
  });
});
