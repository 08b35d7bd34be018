// npm run bench:store [-- --events 50000 --streams 5000 --writers 8]
// Appends single events with an expected revision through our SQLite event store, first from one writer,
// then from N concurrent writers; reads everything back; and, in the same run, does the same work with raw
// better-sqlite3 statements (one transaction per insert, same WAL + synchronous=FULL durability).
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore, type EventToAppend, type RecordedEvent } from '@sce/event-sourcing';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const index = args.indexOf(`--${name}`);
  return index === -1 ? fallback : Number(args[index + 1]);
};
const EVENTS = option('events', 50_000);
const STREAMS = option('streams', 5_000);
const WRITERS = option('writers', 8);
const dir = mkdtempSync(join(tmpdir(), 'sce-bench-'));

const payload = (i: number) => ({ organisationId: `org-${i % STREAMS}`, name: `Organisation ${i}`, type: 'MUNICIPALITY', country: 'KZ', city: 'Almaty', note: 'x'.repeat(80) });
const metadata = { actorId: 'bench', correlationId: 'bench', causationId: null, occurredAt: new Date().toISOString() };
const eventFor = (i: number): EventToAppend => ({ id: randomUUID(), type: 'OrganisationRegistered', schemaVersion: 1, data: payload(i), metadata });
// Event i goes to stream i % STREAMS at revision floor(i / STREAMS): every append checks an exact revision.
const expectedFor = (i: number) => (i < STREAMS ? ('no_stream' as const) : Math.floor(i / STREAMS) - 1);

async function oursOneWriter(): Promise<number> {
  const store = new SqliteEventStore({ fileName: join(dir, 'ours-1.sqlite') });
  const started = performance.now();
  for (let i = 0; i < EVENTS; i++) await store.appendToStream(`s-${i % STREAMS}`, [eventFor(i)], { expectedRevision: expectedFor(i) });
  const seconds = (performance.now() - started) / 1000;
  await store.close();
  return EVENTS / seconds;
}

async function oursConcurrent(): Promise<{ rate: number; store: SqliteEventStore }> {
  const store = new SqliteEventStore({ fileName: join(dir, `ours-${WRITERS}.sqlite`) });
  const started = performance.now();
  // Writer w owns the streams s with s % WRITERS === w and appends their events in order.
  await Promise.all(
    Array.from({ length: WRITERS }, async (_, writer) => {
      for (let i = 0; i < EVENTS; i++) {
        if ((i % STREAMS) % WRITERS !== writer) continue;
        await store.appendToStream(`s-${i % STREAMS}`, [eventFor(i)], { expectedRevision: expectedFor(i) });
      }
    }),
  );
  return { rate: EVENTS / ((performance.now() - started) / 1000), store };
}

async function oursReadAll(store: SqliteEventStore): Promise<number> {
  const started = performance.now();
  let after = 0;
  let count = 0;
  for (;;) {
    const batch: RecordedEvent[] = await store.readAll({ after, maxCount: 1000 });
    if (batch.length === 0) break;
    count += batch.length;
    after = batch[batch.length - 1].globalPosition;
  }
  if (count !== EVENTS) throw new Error(`read ${count} events, expected ${EVENTS}`);
  return count / ((performance.now() - started) / 1000);
}

function raw(): { appendRate: number; readRate: number } {
  const db = new Database(join(dir, 'raw.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(`CREATE TABLE events (global_position INTEGER PRIMARY KEY, stream_id TEXT NOT NULL, stream_revision INTEGER NOT NULL,
    event_id TEXT NOT NULL UNIQUE, type TEXT NOT NULL, schema_version INTEGER NOT NULL, data TEXT NOT NULL, metadata TEXT NOT NULL,
    recorded_at TEXT NOT NULL, UNIQUE (stream_id, stream_revision))`);
  const revision = db.prepare('SELECT MAX(stream_revision) AS revision FROM events WHERE stream_id = ?');
  const insert = db.prepare('INSERT INTO events (stream_id, stream_revision, event_id, type, schema_version, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  const append = db.transaction((streamId: string, expected: number, event: EventToAppend) => {
    const current = (revision.get(streamId) as { revision: number | null }).revision ?? -1;
    if (current !== expected) throw new Error('conflict');
    insert.run(streamId, current + 1, event.id, event.type, 1, JSON.stringify(event.data), JSON.stringify(event.metadata), new Date().toISOString());
  });
  let started = performance.now();
  for (let i = 0; i < EVENTS; i++) {
    const expected = expectedFor(i);
    append.immediate(`s-${i % STREAMS}`, expected === 'no_stream' ? -1 : expected, eventFor(i));
  }
  const appendRate = EVENTS / ((performance.now() - started) / 1000);
  started = performance.now();
  const rows = db.prepare('SELECT * FROM events ORDER BY global_position').all() as Array<{ data: string; metadata: string }>;
  for (const row of rows) {
    JSON.parse(row.data);
    JSON.parse(row.metadata);
  }
  const readRate = rows.length / ((performance.now() - started) / 1000);
  db.close();
  return { appendRate, readRate };
}

const fmt = (rate: number) => `${Math.round(rate).toLocaleString('en-US')} events/s`;

async function main(): Promise<void> {
  console.log(`bench:store sqlite (WAL, synchronous=FULL): ${EVENTS} single-event appends with expected revision over ${STREAMS} streams`);
  const rawResult = raw();
  console.log(`raw better-sqlite3, one transaction per insert ........ ${fmt(rawResult.appendRate)}`);
  const one = await oursOneWriter();
  console.log(`ours, 1 writer ........................................ ${fmt(one)}`);
  const { rate: many, store } = await oursConcurrent();
  console.log(`ours, ${WRITERS} concurrent writers (group commit) ............ ${fmt(many)}`);
  const read = await oursReadAll(store);
  await store.close();
  console.log(`ours, read all back (batches of 1000) ................. ${fmt(read)}`);
  console.log(`raw, read all back (one SELECT + JSON.parse) .......... ${fmt(rawResult.readRate)}`);
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  console.log(`peak RSS .............................................. ${peakRssMb.toFixed(0)} MB`);
  rmSync(dir, { recursive: true, force: true });
  console.log(
    `ratio: 1 writer / raw = ${(one / rawResult.appendRate).toFixed(2)}x (target >= 0.7); ` +
      `${WRITERS} writers / 1 writer = ${(many / one).toFixed(2)}x (target >= 3); ` +
      `read ${Math.round(read).toLocaleString('en-US')}/s (target >= 100,000); peak RSS ${peakRssMb.toFixed(0)} MB (target < 300)`,
  );
}

void main();
