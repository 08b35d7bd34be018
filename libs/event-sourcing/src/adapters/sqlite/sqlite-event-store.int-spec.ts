import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testEventStoreContract } from '../../testing/event-store-contract';
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
