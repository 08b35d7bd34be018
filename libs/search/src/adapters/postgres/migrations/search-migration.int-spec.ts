import { dropSchema, postgresTestUrl, uniqueSchemaName } from '@sce/event-sourcing/testing/postgres-test-database';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { CreatePostgresCaseStudySearch1764331000000 } from './1764331000000-create-postgres-case-study-search';
import { PostgresCaseStudySearchVocabularyUpkeep1764500100000 } from './1764500100000-postgres-case-study-search-vocabulary-upkeep';

// The PostgreSQL search tables live in the read-model database; the migration is registered for both profiles
// and must do nothing on SQLite, where the embedded engine keeps its own file.
const common = { migrations: [CreatePostgresCaseStudySearch1764331000000, PostgresCaseStudySearchVocabularyUpkeep1764500100000] as Function[], migrationsTableName: 'read_model_migrations', synchronize: false };

describe('the PostgreSQL search migration', () => {
  it('does nothing on SQLite (and is recorded, so it never runs there again)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sce-search-migration-'));
    const db = new DataSource({ type: 'better-sqlite3', database: join(dir, 'read-models.sqlite'), ...common });
    try {
      await db.initialize();
      await db.runMigrations({ transaction: 'all' });
      expect(await db.query(`SELECT name FROM sqlite_master WHERE name LIKE 'case_study_search%'`)).toEqual([]);
      expect(await db.showMigrations()).toBe(false);
    } finally {
      await db.destroy();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  (postgresTestUrl() ? it : it.skip)('creates the tables and configurations on PostgreSQL, and takes them away again, leaving the shared extension', async () => {
    const schema = uniqueSchemaName('search_migration');
    const client = new Client({ connectionString: postgresTestUrl() });
    await client.connect();
    await client.query(`CREATE SCHEMA "${schema}"`).finally(() => client.end());
    const db = new DataSource({ type: 'postgres', url: postgresTestUrl(), schema, ...common, extra: { options: `-c search_path=${schema},public` } });
    const tables = async () => (await db.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_name LIKE 'case_study_search%' ORDER BY 1`, [schema])).map((row: { table_name: string }) => row.table_name);
    try {
      await db.initialize();
      await db.runMigrations({ transaction: 'all' });
      expect(await tables()).toEqual(['case_study_search_document_parts', 'case_study_search_documents', 'case_study_search_terms']);
      // The configurations stem as PostgreSQL's do (Latin words of a Russian text in English), and keep stop words.
      const [{ english, russian }] = await db.query(`SELECT to_tsvector('sce_english', 'the schools') AS english, to_tsvector('sce_russian', 'и школами schools') AS russian`);
      expect([english, russian]).toEqual([`'school':2 'the':1`, `'school':3 'и':1 'школ':2`]);
      // The vocabulary keeps room in its pages (count updates in place); undoing that migration takes it back.
      const vocabularyOptions = async () => (await db.query(`SELECT c.reloptions FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relname = 'case_study_search_terms'`, [schema]))[0].reloptions;
      expect(await vocabularyOptions()).toEqual(['fillfactor=50']);
      await db.undoLastMigration({ transaction: 'all' });
      expect(await vocabularyOptions()).toBeNull();
      await db.undoLastMigration({ transaction: 'all' });
      expect(await tables()).toEqual([]);
      expect(await db.query(`SELECT cfgname FROM pg_ts_config c JOIN pg_namespace n ON n.oid = c.cfgnamespace WHERE n.nspname = $1`, [schema])).toEqual([]);
      expect(await db.query(`SELECT extname FROM pg_extension WHERE extname = 'pg_trgm'`)).toEqual([{ extname: 'pg_trgm' }]);
      await db.runMigrations({ transaction: 'all' });
      expect(await tables()).toHaveLength(3);
    } finally {
      if (db.isInitialized) await db.destroy();
      await dropSchema(schema);
    }
  });
});
