// The same appends as the event store makes, written with the raw drivers: the baseline of bench:store.
import Database from 'better-sqlite3';
import { Pool } from 'pg';
import { randomUUID } from 'node:crypto';
import type { Workload } from './workload';

/** A raw log the benchmark appends event i to, and reads back in global order. */
export interface RawLog {
  append(i: number): Promise<unknown> | unknown;
  readAll(): Promise<number> | number;
  close(): Promise<void> | void;
}

/** One IMMEDIATE transaction per insert, revision checked first, WAL + synchronous=FULL like ours. */
export function rawSqlite(fileName: string, workload: Workload): RawLog {
  const db = new Database(fileName);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(`CREATE TABLE events (global_position INTEGER PRIMARY KEY, stream_id TEXT NOT NULL, stream_revision INTEGER NOT NULL,
    event_id TEXT NOT NULL UNIQUE, type TEXT NOT NULL, schema_version INTEGER NOT NULL, data TEXT NOT NULL, metadata TEXT NOT NULL,
    recorded_at TEXT NOT NULL, UNIQUE (stream_id, stream_revision))`);
  const revision = db.prepare('SELECT MAX(stream_revision) AS revision FROM events WHERE stream_id = ?');
  const insert = db.prepare('INSERT INTO events (stream_id, stream_revision, event_id, type, schema_version, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  const append = db.transaction((streamId: string, expected: number, i: number) => {
    const current = (revision.get(streamId) as { revision: number | null }).revision ?? -1;
    if (current !== expected) throw new Error('conflict');
    const event = workload.eventFor(i);
    insert.run(streamId, current + 1, event.id, event.type, 1, JSON.stringify(event.data), JSON.stringify(event.metadata), new Date().toISOString());
  });
  return {
    append: (i) => {
      const expected = workload.expectedFor(i);
      append.immediate(workload.streamFor(i), expected === 'no_stream' ? -1 : expected, i);
    },
    readAll: () => {
      const rows = db.prepare('SELECT * FROM events ORDER BY global_position').all() as Array<{ data: string; metadata: string }>;
      for (const row of rows) {
        JSON.parse(row.data);
        JSON.parse(row.metadata);
      }
      return rows.length;
    },
    close: () => {
      db.close();
    },
  };
}

/**
 * One autocommitted INSERT per event; the unique (stream, revision) index is the optimistic check. One
 * connection for one writer (connections: 1), a pool for N writers.
 */
export async function rawPostgres(url: string, workload: Workload, connections: number): Promise<RawLog> {
  const schema = `bench_raw_${randomUUID().slice(0, 8)}`;
  const pool = new Pool({ connectionString: url, max: connections });
  await pool.query(`
    CREATE SCHEMA ${schema};
    CREATE TABLE ${schema}.events (global_position BIGSERIAL PRIMARY KEY, stream_id TEXT NOT NULL, stream_revision BIGINT NOT NULL,
      event_id TEXT NOT NULL UNIQUE, type TEXT NOT NULL, schema_version INTEGER NOT NULL, data JSONB NOT NULL, metadata JSONB NOT NULL,
      recorded_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(), UNIQUE (stream_id, stream_revision));`);
  const text = `INSERT INTO ${schema}.events (stream_id, stream_revision, event_id, type, schema_version, data, metadata) VALUES ($1, $2, $3, $4, 1, $5, $6)`;
  return {
    append: (i) => {
      const event = workload.eventFor(i);
      const expected = workload.expectedFor(i);
      const values = [workload.streamFor(i), expected === 'no_stream' ? 0 : expected + 1, event.id, event.type, JSON.stringify(event.data), JSON.stringify(event.metadata)];
      return pool.query({ name: 'raw_insert', text, values });
    },
    readAll: async () => (await pool.query(`SELECT * FROM ${schema}.events ORDER BY global_position`)).rows.length,
    close: async () => {
      await pool.query(`DROP SCHEMA ${schema} CASCADE`);
      await pool.end();
    },
  };
}
