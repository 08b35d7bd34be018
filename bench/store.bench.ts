// npm run bench:store [-- --driver sqlite|postgres --events 50000 --streams 5000 --writers 8]
// Appends single events with an expected revision through our event store, first from one writer, then
// from N concurrent writers, then reads everything back; and, in the same run, does the same inserts with
// the raw driver at the same durability (one transaction per insert), so the ratios compare like with like.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PostgresEventStore, SqliteEventStore, type EventStore } from '@sce/event-sourcing';
import { dropSchemas, rawPostgres, rawSqlite, type RawResult } from './raw-drivers';
import { concurrentWriters, type Workload } from './workload';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const index = args.indexOf(`--${name}`);
  return index === -1 ? fallback : args[index + 1];
};
const DRIVER = option('driver', 'sqlite');
const EVENTS = Number(option('events', '50000'));
const STREAMS = Number(option('streams', '5000'));
const WRITERS = Number(option('writers', '8'));
const POSTGRES_URL = process.env.POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const metadata = { actorId: 'bench', correlationId: 'bench', causationId: null, occurredAt: new Date().toISOString() };
const workload: Workload = {
  events: EVENTS,
  streams: STREAMS,
  writers: WRITERS,
  eventFor: (i) => ({
    id: randomUUID(),
    type: 'OrganisationRegistered',
    schemaVersion: 1,
    data: { organisationId: `org-${i % STREAMS}`, name: `Organisation ${i}`, type: 'MUNICIPALITY', country: 'KZ', city: 'Almaty', note: 'x'.repeat(80) },
    metadata,
  }),
  streamFor: (i) => `s-${i % STREAMS}`,
  expectedFor: (i) => (i < STREAMS ? 'no_stream' : Math.floor(i / STREAMS) - 1),
};

const seconds = (started: number) => (performance.now() - started) / 1000;

async function oneWriter(store: EventStore): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < EVENTS; i++) await store.appendToStream(workload.streamFor(i), [workload.eventFor(i)], { expectedRevision: workload.expectedFor(i) });
  return EVENTS / seconds(started);
}

async function readEverything(store: EventStore): Promise<number> {
  const started = performance.now();
  let after = 0;
  let count = 0;
  for (;;) {
    const batch = await store.readAll({ after, maxCount: 1000 });
    if (batch.length === 0) break;
    count += batch.length;
    after = batch[batch.length - 1].globalPosition;
  }
  if (count !== EVENTS) throw new Error(`read ${count} events, expected ${EVENTS}`);
  return count / seconds(started);
}

const fmt = (rate: number) => `${Math.round(rate).toLocaleString('en-US')} events/s`;
const line = (label: string, value: string) => console.log(`${label} ${'.'.repeat(Math.max(2, 56 - label.length))} ${value}`);

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'sce-bench-'));
  const schemas: string[] = [];
  const open = async (name: string): Promise<EventStore> => {
    if (DRIVER === 'sqlite') return new SqliteEventStore({ fileName: join(dir, `${name}.sqlite`) });
    const schema = `bench_${name}_${randomUUID().slice(0, 8)}`;
    schemas.push(schema);
    return PostgresEventStore.create({ connectionString: POSTGRES_URL, schema, poolSize: WRITERS });
  };
  const durability = DRIVER === 'sqlite' ? 'WAL, synchronous=FULL' : 'synchronous_commit as configured on the server';
  console.log(`bench:store ${DRIVER} (${durability}): ${EVENTS} single-event appends with expected revision over ${STREAMS} streams`);

  const raw: RawResult = DRIVER === 'sqlite' ? rawSqlite(join(dir, 'raw.sqlite'), workload) : await rawPostgres(POSTGRES_URL, workload);
  line('raw, 1 writer, one transaction per insert', fmt(raw.oneWriter));
  if (raw.concurrent !== undefined) line(`raw, ${WRITERS} writers on a pool of ${WRITERS} connections`, fmt(raw.concurrent));

  const single = await open('one');
  const one = await oneWriter(single);
  await single.close();
  line('ours, 1 writer', fmt(one));

  const shared = await open('many');
  const many = await concurrentWriters(workload, (i) => shared.appendToStream(workload.streamFor(i), [workload.eventFor(i)], { expectedRevision: workload.expectedFor(i) }));
  line(`ours, ${WRITERS} concurrent writers (group commit)`, fmt(many));
  const read = await readEverything(shared);
  await shared.close();
  line('ours, read all back (batches of 1000)', fmt(read));
  line('raw, read all back', fmt(raw.read));
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  line('peak RSS', `${peakRssMb.toFixed(0)} MB`);

  rmSync(dir, { recursive: true, force: true });
  if (DRIVER === 'postgres') await dropSchemas(POSTGRES_URL, schemas);

  const ratios =
    DRIVER === 'sqlite'
      ? `1 writer / raw = ${(one / raw.oneWriter).toFixed(2)}x (target >= 0.7); ${WRITERS} writers / our 1 writer = ${(many / one).toFixed(2)}x (target >= 3)`
      : `1 writer / raw = ${(one / raw.oneWriter).toFixed(2)}x (target >= 0.6); ${WRITERS} writers / raw ${WRITERS} writers = ${(many / raw.concurrent!).toFixed(2)}x (target >= 2)`;
  console.log(`ratio (${DRIVER}): ${ratios}; read ${Math.round(read).toLocaleString('en-US')}/s (target >= 100,000); peak RSS ${peakRssMb.toFixed(0)} MB (target < 300)`);
}

void main();
