// The engines bench:search measures, each with what it takes to open it over existing storage (the restart
// half runs in a process of its own) and the bare engine query the overhead ratio compares with.
import Database from 'better-sqlite3';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import type { CaseStudySearchDocument, CaseStudySearchIndex, CaseStudySearchQuery } from '@sce/search';
import type { EmbeddedSearchIndex } from '@sce/search/adapters/embedded/embedded-search-index';
import type { PostgresCaseStudySearchIndex } from '@sce/search/adapters/postgres';

// Adapters are loaded when their engine opens, so the restart measurement of one engine does not pay for
// loading the other's modules (TypeORM and pg for PostgreSQL).
const embeddedModule = () => import('@sce/search/adapters/embedded/embedded-search-index');
const postgresModule = () => import('@sce/search/adapters/postgres');

export const POSTGRES_URL = process.env.POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/sce_test';

export interface BenchEngine {
  name: string;
  /** Opens the engine over `place` (a directory, or a PostgreSQL schema), creating its storage if missing. */
  open(place: string): Promise<CaseStudySearchIndex>;
  /** A new place for a run. */
  create(tmpDir: string): Promise<string>;
  destroy(place: string): Promise<void>;
  /** Runs on the bare engine what stands for this query there (prepared outside the timing). */
  prepareBare(index: CaseStudySearchIndex, place: string, query: CaseStudySearchQuery): Promise<() => Promise<void> | void>;
  describeBare: string;
  /**
   * The same documents into the bare engine, the way one would with its defaults and its own tokenizer (no
   * stems of ours, no typo lexicon, no facts): what indexing costs before anything of ours. One transaction
   * per batch; only the engine's work is timed.
   */
  bareIndexing(place: string, batches: Iterable<CaseStudySearchDocument[]>): Promise<IndexingRun>;
  describeBareIndexing: string;
  /** Bytes the engine keeps. */
  storageBytes(place: string): Promise<number>;
  close(): Promise<void>;
}

export interface IndexingRun {
  documents: number;
  seconds: number;
  cpuSeconds: number;
}

/** Times `write` per batch (wall and CPU), not the generation of the batches. */
export async function timedBatches(batches: Iterable<CaseStudySearchDocument[]>, write: (batch: CaseStudySearchDocument[]) => unknown): Promise<IndexingRun> {
  const run = { documents: 0, seconds: 0, cpuSeconds: 0 };
  for (const batch of batches) {
    const started = performance.now();
    const cpuStarted = process.cpuUsage();
    await write(batch);
    const used = process.cpuUsage(cpuStarted);
    run.cpuSeconds += (used.user + used.system) / 1e6;
    run.seconds += (performance.now() - started) / 1000;
    run.documents += batch.length;
  }
  return run;
}

const TEXT_FIELDS = ['title', 'summary', 'city', 'narrative', 'body'] as const;

let embeddedBare: Database.Database | undefined;
const embedded: BenchEngine = {
  name: 'embedded (SQLite FTS5 + JS analysis)',
  create: async (tmpDir) => tmpDir,
  destroy: async () => undefined,
  open: async (dir) => new (await embeddedModule()).EmbeddedSearchIndex({ fileName: join(dir, 'search.sqlite') }),
  prepareBare: async (index, dir, query) => {
    const connection = (embeddedBare ??= new Database(join(dir, 'search.sqlite'), { readonly: true }));
    const statements = (index as EmbeddedSearchIndex).ftsStatementsFor(query).map(({ sql, expression, pluck }) => ({ statement: connection.prepare(sql).pluck(pluck), expression }));
    return () => {
      for (const { statement, expression } of statements) statement.all(expression);
    };
  },
  describeBare: 'the same FTS5 statements and MATCH expressions (typo and prefix expansion done beforehand), rows read, nothing else',
  bareIndexing: async (dir, batches) => {
    const db = new Database(join(dir, 'bare.sqlite'));
    try {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.exec(`CREATE VIRTUAL TABLE bare USING fts5(${TEXT_FIELDS.join(', ')}, tokenize='unicode61 remove_diacritics 2')`);
      const insert = db.prepare(`INSERT INTO bare (${TEXT_FIELDS.join(', ')}) VALUES (${TEXT_FIELDS.map(() => '?').join(', ')})`);
      const writeBatch = db.transaction((batch: CaseStudySearchDocument[]) => {
        for (const document of batch) insert.run(...TEXT_FIELDS.map((field) => document[field]));
      });
      return await timedBatches(batches, writeBatch);
    } finally {
      db.close();
    }
  },
  describeBareIndexing: "the documents' five text fields into a plain FTS5 table (its unicode61 tokenizer, text stored by FTS5, WAL, synchronous NORMAL)",
  storageBytes: async (dir) => readdirSync(dir).reduce((sum, name) => sum + statSync(join(dir, name)).size, 0),
  close: async () => {
    embeddedBare?.close();
    embeddedBare = undefined;
  },
};

async function postgresDataSource(schema: string): Promise<DataSource> {
  const { DataSource } = await import('typeorm');
  const { postgresSearchMigrations } = await postgresModule();
  const dataSource = new DataSource({
    type: 'postgres',
    url: POSTGRES_URL,
    schema,
    migrations: postgresSearchMigrations,
    migrationsTableName: 'read_model_migrations',
    migrationsRun: true,
    synchronize: false,
    extra: { max: 4, options: `-c search_path=${schema},public` },
  });
  return dataSource.initialize();
}

let postgresBare: Client | undefined;
const postgres: BenchEngine = {
  name: 'PostgreSQL (tsvector per language + pg_trgm vocabulary)',
  create: async () => {
    const schema = `bench_search_${process.pid}`;
    const client = new Client({ connectionString: POSTGRES_URL });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE; CREATE SCHEMA "${schema}"`).finally(() => client.end());
    return schema;
  },
  destroy: async (schema) => {
    const client = new Client({ connectionString: POSTGRES_URL });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).finally(() => client.end());
  },
  open: async (schema) => {
    const dataSource = await postgresDataSource(schema);
    return new (await postgresModule()).PostgresCaseStudySearchIndex(dataSource, { onClose: () => dataSource.destroy() });
  },
  // PostgreSQL's own full text on the same table with the adapter's tsquery (its stems and typo candidates, found
  // beforehand, as the embedded engine's MATCH expressions are): matched by the GIN index, every match ranked by
  // ts_rank, the count and the first page, as one would write it. Without text: the count and the newest page.
  prepareBare: async (index, schema, query) => {
    if (!postgresBare) {
      // JIT off, as the adapter runs its statements: compiling this one costs more than running it.
      postgresBare = new Client({ connectionString: POSTGRES_URL, options: `-c search_path=${schema},public -c jit=off` });
      await postgresBare.connect();
    }
    const client = postgresBare;
    const tsquery = await (index as PostgresCaseStudySearchIndex).matchingTsQueryFor(query);
    const limit = query.limit;
    if (tsquery === undefined) {
      return async () => {
        await client.query(
          `SELECT (SELECT count(*) FROM case_study_search_documents WHERE variant = 'PUBLISHED') AS total,
                  (SELECT json_agg(m) FROM (SELECT case_study_id FROM case_study_search_documents WHERE variant = 'PUBLISHED' ORDER BY published_at DESC LIMIT $1) m) AS page`,
          [limit],
        );
      };
    }
    return async () => {
      await client.query(
        `WITH matched AS MATERIALIZED (
           SELECT d.case_study_id, ts_rank(d.terms, $1::tsquery) AS rank FROM case_study_search_documents d WHERE d.terms @@ $1::tsquery AND d.variant = 'PUBLISHED')
         SELECT (SELECT count(*) FROM matched) AS total, (SELECT json_agg(m) FROM (SELECT * FROM matched ORDER BY rank DESC LIMIT $2) m) AS page`,
        [tsquery, limit],
      );
    };
  },
  describeBare:
    "PostgreSQL's own full text on the same table with the adapter's tsquery (stems and typo candidates found beforehand): GIN match, ts_rank of every match, count and first page; no tiers, facets nor highlights",
  bareIndexing: async (schema, batches) => {
    const client = new Client({ connectionString: POSTGRES_URL, options: `-c search_path=${schema},public -c jit=off` });
    await client.connect();
    try {
      await client.query(`CREATE TABLE bare_documents (id bigserial PRIMARY KEY, document jsonb NOT NULL, terms tsvector NOT NULL);
        CREATE INDEX bare_documents_terms ON bare_documents USING gin (terms)`);
      const config = `CASE d->>'language' WHEN 'fr' THEN 'french' WHEN 'ru' THEN 'russian' ELSE 'english' END::regconfig`;
      const weighted = TEXT_FIELDS.map((field, i) => `setweight(to_tsvector(${config}, d->>'${field}'), '${'ABCDD'[i]}')`).join(' || ');
      return await timedBatches(batches, async (batch) => {
        await client.query(`INSERT INTO bare_documents (document, terms) SELECT d, ${weighted} FROM jsonb_array_elements($1::jsonb) d`, [JSON.stringify(batch)]);
      });
    } finally {
      await client.end();
    }
  },
  describeBareIndexing: "the documents into one table with PostgreSQL's own tsvector of the five text fields (weighted, the document's language) and a GIN index, one INSERT per batch",
  storageBytes: async (schema) => {
    const client = new Client({ connectionString: POSTGRES_URL });
    await client.connect();
    try {
      const { rows } = await client.query(
        `SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0)::bigint AS bytes FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relkind = 'r'`,
        [schema],
      );
      return Number(rows[0].bytes);
    } finally {
      await client.end();
    }
  },
  close: async () => {
    await postgresBare?.end();
    postgresBare = undefined;
  },
};

export const ENGINES: Record<string, BenchEngine> = { embedded, postgres };
