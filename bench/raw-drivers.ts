// The same appends as the event store makes, written with the raw drivers: the baseline of bench:store.
import Database from 'better-sqlite3';
import { Client, Pool } from 'pg';
import { randomUUID } from 'node:crypto';
import type { EventToAppend } from '@sce/event-sourcing';
import { concurrentWriters, type Workload } from './workload';

export interface RawResult {
  oneWriter: number;
  concurrent?: number;
  read: number;
}

const perSecond = (count: number, started: number) => count / ((performance.now() - started) / 1000);

/** One IMMEDIATE transaction per insert, revision checked first, WAL + synchronous=FULL like ours. */
export function rawSqlite(fileName: string, workload: Workload): RawResult {
  const db = new Database(fileName);
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
  for (let i = 0; i < workload.events; i++) {
    const expected = workload.expectedFor(i);
    append.immediate(workload.streamFor(i), expected === 'no_stream' ? -1 : expected, workload.eventFor(i));
  }
  const oneWriter = perSecond(workload.events, started);
  started = performance.now();
  const rows = db.prepare('SELECT * FROM events ORDER BY global_position').all() as Array<{ data: string; metadata: string }>;
  for (const row of rows) {
    JSON.parse(row.data);
    JSON.parse(row.metadata);
  }
  const read = perSecond(rows.length, started);
  db.close();
  return { oneWriter, read };
}

const RAW_TABLE = (schema: string) => `
  CREATE SCHEMA ${schema};
  CREATE TABLE ${schema}.events (global_position BIGSERIAL PRIMARY KEY, stream_id TEXT NOT NULL, stream_revision BIGINT NOT NULL,
    event_id TEXT NOT NULL UNIQUE, type TEXT NOT NULL, schema_version INTEGER NOT NULL, data JSONB NOT NULL, metadata JSONB NOT NULL,
    recorded_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(), UNIQUE (stream_id, stream_revision));`;

/**
 * One autocommitted INSERT per event; the unique (stream, revision) index is the optimistic check. One
 * connection for one writer, a pool of N for N writers.
 */
export async function rawPostgres(url: string, workload: Workload): Promise<RawResult> {
  const schemas = [`bench_raw1_${randomUUID().slice(0, 8)}`, `bench_rawn_${randomUUID().slice(0, 8)}`];
  const admin = new Client({ connectionString: url });
  await admin.connect();
  for (const schema of schemas) await admin.query(RAW_TABLE(schema));
  const insertSql = (schema: string) =>
    `INSERT INTO ${schema}.events (stream_id, stream_revision, event_id, type, schema_version, data, metadata) VALUES ($1, $2, $3, $4, 1, $5, $6)`;
  const params = (i: number) => {
    const event = workload.eventFor(i);
    const expected = workload.expectedFor(i);
    return [workload.streamFor(i), expected === 'no_stream' ? 0 : expected + 1, event.id, event.type, JSON.stringify(event.data), JSON.stringify(event.metadata)];
  };

  let started = performance.now();
  for (let i = 0; i < workload.events; i++) await admin.query(insertSql(schemas[0]), params(i));
  const oneWriter = perSecond(workload.events, started);

  const pool = new Pool({ connectionString: url, max: workload.writers });
  const concurrent = await concurrentWriters(workload, (i) => pool.query(insertSql(schemas[1]), params(i)));
  await pool.end();

  started = performance.now();
  const { rows } = await admin.query(`SELECT * FROM ${schemas[1]}.events ORDER BY global_position`);
  const read = perSecond(rows.length, started);
  await dropSchemas(url, schemas, admin);
  await admin.end();
  return { oneWriter, concurrent, read };
}

export async function dropSchemas(url: string, schemas: string[], client?: Client): Promise<void> {
  const admin = client ?? new Client({ connectionString: url });
  if (!client) await admin.connect();
  for (const schema of schemas) await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  if (!client) await admin.end();
}
