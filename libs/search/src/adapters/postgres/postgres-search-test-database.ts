import { dropSchema, postgresTestUrl, uniqueSchemaName } from '@sce/event-sourcing/testing/postgres-test-database';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { postgresSearchMigrations } from '.';
import { PostgresCaseStudySearchIndex } from './postgres-case-study-search';

/**
 * A PostgreSQL search index on a fresh schema of the test database, made by the migration as in production;
 * closing it drops the schema. `tablePrefix`: another store's tables (guideline_search).
 */
export async function openPostgresTestIndex(tablePrefix?: string): Promise<PostgresCaseStudySearchIndex> {
  const url = postgresTestUrl();
  if (!url) throw new Error('PostgreSQL is not reachable: test/test-servers.js should have left this suite out');
  const schema = uniqueSchemaName('search');
  const client = new Client({ connectionString: url });
  await client.connect();
  await client.query(`CREATE SCHEMA "${schema}"`).finally(() => client.end());
  const dataSource = new DataSource({
    type: 'postgres',
    url,
    schema,
    migrations: postgresSearchMigrations,
    migrationsTableName: 'read_model_migrations',
    migrationsRun: true,
    synchronize: false,
    extra: { max: 4, options: `-c search_path=${schema},public` },
  });
  await dataSource.initialize();
  return new PostgresCaseStudySearchIndex(dataSource, {
    tablePrefix,
    onClose: async () => {
      await dataSource.destroy();
      await dropSchema(schema);
    },
  });
}
