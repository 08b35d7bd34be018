// npx ts-node -r tsconfig-paths/register bench/stream-reads.bench.ts [prepared] [raw-only|ours-only]
// Per-stream reads (readStream) on PostgreSQL from 1..N concurrent readers (READERS=1,4,8,32), beside the
// raw driver's unnamed and (with "prepared") named statements. STREAMS x PER events are inserted directly;
// ANALYZE=1 gives the table statistics first; POOL and RAWPOOL set the pool sizes; SECS the time per run.
// Each reader adds its count after its await: `events += await read()` would read `events` before the await
// and lose the other readers' counts, which looks like reads collapsing as readers are added.
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { PostgresEventStore } from '@sce/event-sourcing/adapters/postgres';
const URL = process.env.POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const STREAMS = Number(process.env.STREAMS ?? 5000), PER = Number(process.env.PER ?? 10), SECONDS = Number(process.env.SECS ?? 3);
const args = process.argv.slice(2);
async function run(label: string, readers: number, read: (stream: string) => Promise<number>) {
  let events = 0; const end = performance.now() + SECONDS * 1000;
  const cpu0 = process.cpuUsage();
  await Promise.all(Array.from({ length: readers }, async () => { while (performance.now() < end) { const n = await read(`s-${Math.floor(Math.random() * STREAMS)}`); events += n; } }));
  const cpu = process.cpuUsage(cpu0);
  console.log(`${label.padEnd(40)} readers=${String(readers).padStart(2)} ${Math.round(events / SECONDS).toString().padStart(7)} events/s  node cpu ${((cpu.user + cpu.system) / 1e6 / SECONDS * 100).toFixed(0)}%`);
}
async function main() {
  const schema = `bench_reads_${randomUUID().slice(0, 8)}`;
  const poolSize = Number(process.env.POOL ?? 10);
  const store = await PostgresEventStore.create({ connectionString: URL, schema, poolSize });
  const admin = new Pool({ connectionString: URL, max: 1 });
  const data = JSON.stringify({ organisationId: 'org-1', name: 'Organisation 1', type: 'MUNICIPALITY', country: 'KZ', city: 'Almaty', note: 'x'.repeat(80) });
  const meta = JSON.stringify({ actorId: 'bench', correlationId: 'bench', causationId: null, occurredAt: new Date().toISOString() });
  await admin.query(`INSERT INTO ${schema}.events (global_position, stream_id, stream_revision, event_id, type, schema_version, data, metadata)
    SELECT i, 's-' || (i % ${STREAMS}), i / ${STREAMS}, gen_random_uuid()::text, 'OrganisationRegistered', 1, $1::jsonb, $2::jsonb FROM generate_series(0, ${STREAMS * PER - 1}) i`, [data, meta]);
  if (process.env.ANALYZE) await admin.query(`ANALYZE ${schema}.events`);
  console.log((await admin.query(`EXPLAIN (ANALYZE, BUFFERS) SELECT * FROM ${schema}.events WHERE stream_id = 's-17' AND stream_revision >= 0 ORDER BY stream_revision LIMIT NULL`)).rows.map((r) => r['QUERY PLAN']).join('\n'));
  const raw = new Pool({ connectionString: URL, max: Number(process.env.RAWPOOL ?? poolSize) });
  const text = `SELECT global_position, stream_id, stream_revision, event_id, type, schema_version, data, metadata, recorded_at FROM ${schema}.events WHERE stream_id = $1 AND stream_revision >= $2 ORDER BY stream_revision LIMIT $3`;
  for (const readers of (process.env.READERS ?? '1,4,8,32').split(',').map(Number)) {
    if (!args.includes('raw-only')) await run(`ours (pool ${poolSize})`, readers, async (s) => (await store.readStream(s)).length);
    if (!args.includes('ours-only')) await run(`raw unnamed (pool ${raw.options.max})`, readers, async (s) => (await raw.query(text, [s, 0, null])).rows.length);
    if (args.includes('prepared')) await run(`raw prepared (pool ${raw.options.max})`, readers, async (s) => (await raw.query({ name: 'rs', text, values: [s, 0, null] })).rows.length);
  }
  await store.close(); await raw.end();
  await admin.query(`DROP SCHEMA ${schema} CASCADE`); await admin.end();
}
void main();
