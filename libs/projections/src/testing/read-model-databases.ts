import { dropSchema, postgresTestUrl, uniqueSchemaName } from '@sce/event-sourcing/testing/postgres-test-database';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { ProjectionCheckpointEntity } from '../projection-checkpoint.entity';
import { ProjectionParkedEventEntity } from '../projection-parked-event.entity';
import { CreateProjectionCheckpoints1764320000000 } from '../migrations/1764320000000-create-projection-checkpoints';
import { CreateProjectionParkedEvents1764320700000 } from '../migrations/1764320700000-create-projection-parked-events';

/**
 * Opens read-model databases for one spec and removes them after it. Tables are made by migrations, as in
 * production: the runner's own, then the spec's for its entities.
 */
export interface ReadModelDatabases {
  open(entities: Function[], migrations?: Function[]): Promise<DataSource>;
  dispose(): Promise<void>;
}

const runnerEntities = [ProjectionCheckpointEntity, ProjectionParkedEventEntity];
const runnerMigrations = [CreateProjectionCheckpoints1764320000000, CreateProjectionParkedEvents1764320700000];
const schemaOf = (entities: Function[], migrations: Function[]) => ({
  entities: [...entities, ...runnerEntities],
  migrations: [...runnerMigrations, ...migrations],
  migrationsRun: true,
  synchronize: false,
});

function sqliteReadModels(): ReadModelDatabases {
  const dir = mkdtempSync(join(tmpdir(), 'sce-read-models-'));
  const opened: DataSource[] = [];
  return {
    async open(entities, migrations = []) {
      const db = new DataSource({ type: 'better-sqlite3', database: join(dir, 'read-models.sqlite'), ...schemaOf(entities, migrations), enableWAL: true, timeout: 5000 });
      await db.initialize();
      opened.push(db);
      return db;
    },
    async dispose() {
      for (const db of opened.splice(0)) await db.destroy();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function postgresReadModels(): ReadModelDatabases {
  const schema = uniqueSchemaName('readmodels');
  const opened: DataSource[] = [];
  return {
    async open(entities, migrations = []) {
      const client = new Client({ connectionString: postgresTestUrl() });
      await client.connect();
      await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`).finally(() => client.end());
      // As in production: raw queries resolve unqualified table names in the schema too.
      const db = new DataSource({ type: 'postgres', url: postgresTestUrl(), schema, ...schemaOf(entities, migrations), extra: { max: 4, options: `-c search_path=${schema},public` } });
      await db.initialize();
      opened.push(db);
      return db;
    },
    async dispose() {
      for (const db of opened.splice(0)) await db.destroy();
      await dropSchema(schema);
    },
  };
}

/** SQLite always; PostgreSQL where it is reachable (see test/test-servers.js). */
export const readModelDrivers = (): Array<[string, () => ReadModelDatabases]> => [
  ['SQLite', sqliteReadModels],
  ...(postgresTestUrl() ? [['PostgreSQL', postgresReadModels] as [string, () => ReadModelDatabases]] : []),
];

/**
 * An empty database per driver for a migration spec, which runs the migrations it is given in turn, as an
 * upgrade from an older version would (those already run are skipped).
 */
export interface MigrationDatabase {
  open(entities: Function[], migrations: Function[]): Promise<DataSource>;
  dispose(): Promise<void>;
}

function migrationDatabase(options: () => Promise<DataSourceOptions>, dispose: () => Promise<void>): MigrationDatabase {
  return {
    async open(entities, migrations) {
      const db = new DataSource({ ...(await options()), entities, migrations, migrationsTableName: 'read_model_migrations', synchronize: false } as DataSourceOptions);
      await db.initialize();
      await db.runMigrations({ transaction: 'each' });
      return db;
    },
    dispose,
  };
}

function sqliteMigrationDatabase(): MigrationDatabase {
  const dir = mkdtempSync(join(tmpdir(), 'sce-migration-'));
  return migrationDatabase(
    async () => ({ type: 'better-sqlite3', database: join(dir, 'read-models.sqlite') }),
    async () => rmSync(dir, { recursive: true, force: true }),
  );
}

function postgresMigrationDatabase(): MigrationDatabase {
  const schema = uniqueSchemaName('migration');
  return migrationDatabase(
    async () => {
      const client = new Client({ connectionString: postgresTestUrl() });
      await client.connect();
      await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`).finally(() => client.end());
      return { type: 'postgres', url: postgresTestUrl(), schema, extra: { options: `-c search_path=${schema},public` } };
    },
    () => dropSchema(schema),
  );
}

/** SQLite always; PostgreSQL where it is reachable. */
export const migrationDatabases = (): Array<[string, () => MigrationDatabase]> => [
  ['SQLite', sqliteMigrationDatabase],
  ...(postgresTestUrl() ? [['PostgreSQL', postgresMigrationDatabase] as [string, () => MigrationDatabase]] : []),
];
