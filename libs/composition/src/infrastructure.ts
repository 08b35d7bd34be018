import type { AppConfig } from '@sce/config';
import { SqliteEventStore, WriteGate, withUpcasting, type EventStore } from '@sce/event-sourcing';
import { ProjectionRunner } from '@sce/projections';
import { DataSource } from 'typeorm';
import { projections, readModelEntities, readModelMigrations, upcasters } from './bounded-contexts';

export interface Infrastructure {
  /** The log, upcasting old event versions on read. */
  store: EventStore;
  readModels: DataSource;
  projections: ProjectionRunner;
  close(): Promise<void>;
}

export interface InfrastructureOptions {
  runMigrations?: boolean;
  onProjectionError?: (error: unknown) => void;
}

/** Builds the event store, the read-model database and the projection runner the configuration asks for. */
export async function createInfrastructure(config: AppConfig, options: InfrastructureOptions = {}): Promise<Infrastructure> {
  const { sqlite } = config.eventStore;
  // One gate for the two writers of the embedded file (see WriteGate).
  const gate = new WriteGate();
  const rawStore = new SqliteEventStore({ fileName: sqlite.fileName, synchronous: sqlite.synchronous, writeGate: gate });
  const readModels = new DataSource({
    type: 'better-sqlite3',
    database: config.readModels.sqlite.fileName,
    entities: readModelEntities,
    migrations: readModelMigrations,
    migrationsTableName: 'read_model_migrations',
    synchronize: false,
    enableWAL: true,
    timeout: 5000,
    prepareDatabase: (db: { pragma(source: string): unknown }) => {
      db.pragma(`synchronous = ${config.readModels.sqlite.synchronous}`);
    },
  });
  try {
    await readModels.initialize();
    if (options.runMigrations) await gate.run(() => readModels.runMigrations({ transaction: 'all' }));
  } catch (error) {
    await rawStore.close();
    if (readModels.isInitialized) await readModels.destroy();
    throw error;
  }
  const store = withUpcasting(rawStore, upcasters());
  const runner = new ProjectionRunner(store, readModels, projections, { gate, onError: options.onProjectionError });
  return {
    store,
    readModels,
    projections: runner,
    async close() {
      await runner.stop();
      await rawStore.close();
      await readModels.destroy();
    },
  };
}
