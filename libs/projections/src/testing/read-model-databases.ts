import { dropSchema, postgresTestUrl, uniqueSchemaName } from '@sce/event-sourcing/testing/postgres-test-database';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { ProjectionCheckpointEntity } from '../projection-checkpoint.entity';
import { ProjectionParkedEventEntity } from '../projection-parked-event.entity';

/** Opens read-model databases for one spec (tables made from the entities) and removes them after it. */
export interface ReadModelDatabases {
  open(entities: Function[]): Promise<DataSource>;
  dispose(): Promise<void>;
}

const runnerEntities = [ProjectionCheckpointEntity, ProjectionParkedEventEntity];

function sqliteReadModels(): ReadModelDatabases {
  const dir = mkdtempSync(join(tmpdir(), 'sce-read-models-'));
  const opened: DataSource[] = [];
  return {
    async open(entities) {
      const db = new DataSource({ type: 'better-sqlite3', database: join(dir, 'read-models.sqlite'), entities: [...entities, ...runnerEntities], synchronize: true, enableWAL: true, timeout: 5000 });
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
    async open(entities) {
      const client = new Client({ connectionString: postgresTestUrl() });
      await client.connect();
      await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`).finally(() => client.end());
      // As in production: raw queries resolve unqualified table names in the schema too.
      const db = new DataSource({ type: 'postgres', url: postgresTestUrl(), schema, entities: [...entities, ...runnerEntities], synchronize: true, extra: { max: 4, options: `-c search_path=${schema},public` } });
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
