import type { AppConfig, PostgresSettings } from '@sce/config';
import { WriteGate, noGate, withUpcasting, type EventStore, type Gate } from '@sce/event-sourcing';
import { PostgresEventStore } from '@sce/event-sourcing/adapters/postgres';
import { SqliteEventStore } from '@sce/event-sourcing/adapters/sqlite';
import { PostgresAdvisoryLockLeadership, ProjectionCheckpointEntity, ProjectionRunner, SoleLeadership, type Leadership, type SinkProjection } from '@sce/projections';
import { CASE_STUDY_SEARCH_FEED, caseStudiesNamingFrom, caseStudySearchFeed, organisationTypesFrom } from '@sce/case-studies';
import { GUIDELINE_SEARCH_FEED, GUIDELINE_SEARCH_SOURCES, guidelineSearchFeed } from '@sce/guidelines';
import { GuidelineSearchOverEngine, type CaseStudySearchIndex, type GuidelineSearchIndex } from '@sce/search';
import { Client } from 'pg';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { projections, readModelEntities, readModelMigrations, upcasters } from './bounded-contexts';
import { lockSqliteFile } from './data-directory-lock';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface Infrastructure {
  /** The log, upcasting old event versions on read. */
  store: EventStore;
  readModels: DataSource;
  projections: ProjectionRunner;
  /** Case-study search, on the engine the configuration chose, fed by its sink projection. */
  search: CaseStudySearchIndex;
  /** Guideline search: the same engine in a store of its own, fed by its own sink projection. */
  guidelineSearch: GuidelineSearchIndex;
  /** Taken by every writer of the read-model database outside the projections (see WriteGate). */
  gate: Gate;
  /** Which instance runs the projections: this one always on SQLite, the lock holder on PostgreSQL. */
  leadership: Leadership;
  /** What the log's driver reports for /health: on PostgreSQL, how far positions can still grow (see positionHeadroom). */
  storeHealth(): Promise<object | undefined>;
  /** Joins the leadership; the projections run while this instance leads. */
  startProjections(): void;
  close(): Promise<void>;
}

export interface InfrastructureOptions {
  runMigrations?: boolean;
  onProjectionError?: (error: unknown) => void;
  onLeadershipChange?: (role: 'leader' | 'standby') => void;
  /**
   * Refuse to start when another server already uses the same SQLite file (servers set it; admin commands
   * such as migrate or rebuild may run beside a server and do not).
   */
  exclusive?: boolean;
}

/** Builds the event store, the read-model database and the projection runner the configuration asks for. */
export async function createInfrastructure(config: AppConfig, options: InfrastructureOptions = {}): Promise<Infrastructure> {
  const cleanup: Array<() => Promise<void>> = [];
  try {
    // Two writers of one SQLite file in one process queue behind one gate (see WriteGate). SQLite read
    // models alone need it too: TypeORM keeps one connection, so concurrent transactions would interleave.
    const gate: Gate = config.readModels.driver === 'sqlite' ? new WriteGate() : noGate;
    const sqliteFile = config.eventStore.driver === 'sqlite' ? config.eventStore.sqlite.fileName : config.readModels.driver === 'sqlite' ? config.readModels.sqlite.fileName : undefined;
    if (options.exclusive && sqliteFile) {
      mkdirSync(dirname(sqliteFile), { recursive: true });
      const lock = lockSqliteFile(sqliteFile);
      cleanup.push(async () => lock.release());
    }

    const rawStore = await openEventStore(config, gate);
    cleanup.push(() => rawStore.close());
    const readModels = await openReadModels(config, gate, options.runMigrations ?? false);
    cleanup.push(() => readModels.destroy());

    const search = await openSearchIndex(config, readModels);
    cleanup.push(() => search.close());
    const guidelineSearch = new GuidelineSearchOverEngine(await openSearchIndex(config, readModels, GUIDELINE_STORE));
    cleanup.push(() => guidelineSearch.close());

    const store = withUpcasting(rawStore, upcasters());
    // The guideline feed reads the guideline read models, so it waits for them to pass what it was delivered.
    const guidelineReadModelsReached = (position: number) => runner.waitFor(position, GUIDELINE_READ_MODELS_WAIT_MS, GUIDELINE_SEARCH_SOURCES);
    const sinks: SinkProjection[] = [
      { ...caseStudySearchFeed(search, { store, organisationTypes: organisationTypesFrom(readModels), caseStudiesNaming: caseStudiesNamingFrom(readModels) }), reset: () => search.clear() },
      // Its reset empties the index and what the feed remembers of it.
      guidelineSearchFeed(guidelineSearch, { db: readModels, readModelsReached: guidelineReadModelsReached }),
    ];
    const runner: ProjectionRunner = new ProjectionRunner(store, readModels, projections, { gate, maxAttempts: config.projections.maxAttempts, onError: options.onProjectionError, sinks });
    const leadership: Leadership =
      config.readModels.driver === 'postgres'
        ? new PostgresAdvisoryLockLeadership(config.readModels.postgres.url, `${config.readModels.postgres.schema}.projections`, config.projections.leaderRetryMs, options.onProjectionError)
        : new SoleLeadership();
    let started = false;
    return {
      store,
      readModels,
      projections: runner,
      search,
      guidelineSearch,
      gate,
      leadership,
      storeHealth: async () => (rawStore instanceof PostgresEventStore ? { positionHeadroom: await rawStore.positionHeadroom() } : undefined),
      startProjections() {
        if (started || !config.projections.enabled) return;
        started = true;
        leadership.start({
          elected: async () => {
            await replaySearchIfEmptied(search, CASE_STUDY_SEARCH_FEED, readModels, gate);
            await replaySearchIfEmptied(guidelineSearch, GUIDELINE_SEARCH_FEED, readModels, gate);
            await runner.start();
            options.onLeadershipChange?.('leader');
          },
          deposed: async () => {
            await runner.stop();
            options.onLeadershipChange?.('standby');
          },
        });
      },
      async close() {
        await leadership.stop();
        await runner.stop();
        for (const step of cleanup.reverse()) await step();
      },
    };
  } catch (error) {
    for (const step of cleanup.reverse()) await step().catch(() => undefined);
    throw error;
  }
}

async function openEventStore(config: AppConfig, gate: Gate): Promise<EventStore> {
  const settings = config.eventStore;
  switch (settings.driver) {
    case 'sqlite':
      return new SqliteEventStore({ fileName: settings.sqlite.fileName, synchronous: settings.sqlite.synchronous, writeGate: gate });
    case 'postgres':
      return PostgresEventStore.create({ connectionString: settings.postgres.url, schema: settings.postgres.schema, poolSize: settings.postgres.poolSize });
    case 'kurrentdb': {
      // Loaded only when selected: the client brings a native gRPC bridge the other profiles do not need.
      const { KurrentDbEventStore } = await import('@sce/event-sourcing/adapters/kurrentdb');
      return KurrentDbEventStore.connect({ connectionString: settings.kurrentdb.url });
    }
    default: {
      const unknownDriver: never = settings;
      throw new Error(`Unknown event store driver ${JSON.stringify(unknownDriver)}`);
    }
  }
}

/**
 * An index that keeps its own copy (the embedded file) and lost it (deleted, or emptied by a format change) is
 * fed again from the start of the log: its checkpoint would otherwise say it has everything.
 */
async function replaySearchIfEmptied(search: Pick<CaseStudySearchIndex, 'needsReplay' | 'replayStarted'>, feed: string, readModels: DataSource, gate: Gate): Promise<void> {
  if (!search.needsReplay?.()) return;
  await gate.run(() => readModels.getRepository(ProjectionCheckpointEntity).update({ name: feed }, { position: 0 }));
  search.replayStarted?.();
}

// How long a guideline search delivery waits for the guideline read models before it fails and comes again.
const GUIDELINE_READ_MODELS_WAIT_MS = 30_000;

/** Where a search store lives in each engine: its own file, tables or index. */
interface SearchStore {
  embeddedFile?: string;
  tablePrefix?: string;
  indexSuffix?: string;
}
const GUIDELINE_STORE: SearchStore = { embeddedFile: 'guideline-search.sqlite', tablePrefix: 'guideline_search', indexSuffix: '_guidelines' };

// Each engine's module is loaded only when selected: a profile never loads another's client.
async function openSearchIndex(config: AppConfig, readModels: DataSource, store: SearchStore = {}): Promise<CaseStudySearchIndex> {
  const settings = config.search;
  switch (settings.engine) {
    case 'embedded': {
      const { EmbeddedSearchIndex } = await import('@sce/search/adapters/embedded/embedded-search-index');
      // Another store is a file beside the case-study one.
      const fileName = store.embeddedFile ? join(dirname(settings.embedded.fileName), store.embeddedFile) : settings.embedded.fileName;
      return new EmbeddedSearchIndex({ fileName });
    }
    case 'postgres': {
      // Its tables come with the read-model migrations (see bounded-contexts), in the read models' schema.
      const { PostgresCaseStudySearchIndex } = await import('@sce/search/adapters/postgres');
      return new PostgresCaseStudySearchIndex(readModels, { tablePrefix: store.tablePrefix });
    }
    case 'meilisearch': {
      const { MeilisearchCaseStudySearchIndex } = await import('@sce/search/adapters/meilisearch');
      return MeilisearchCaseStudySearchIndex.open({ url: settings.meilisearch.url, apiKey: settings.meilisearch.apiKey, indexUid: `${settings.meilisearch.indexUid}${store.indexSuffix ?? ''}` });
    }
    default: {
      const unknownEngine: never = settings;
      throw new Error(`Unknown search engine ${JSON.stringify(unknownEngine)}`);
    }
  }
}

async function openReadModels(config: AppConfig, gate: Gate, runMigrations: boolean): Promise<DataSource> {
  const settings = config.readModels;
  const common = { entities: readModelEntities, migrations: readModelMigrations, migrationsTableName: 'read_model_migrations', synchronize: false } as const;
  const options: DataSourceOptions =
    settings.driver === 'sqlite'
      ? {
          ...common,
          type: 'better-sqlite3',
          database: settings.sqlite.fileName,
          enableWAL: true,
          timeout: 5000,
          prepareDatabase: (db: { pragma(source: string): unknown }) => {
            db.pragma(`synchronous = ${settings.sqlite.synchronous}`);
            // Erased names and e-mails are overwritten, not left in free space of the file.
            db.pragma('secure_delete = ON');
          },
        }
      : {
          ...common,
          type: 'postgres',
          url: settings.postgres.url,
          schema: settings.postgres.schema,
          // Raw queries (CLI, health) resolve unqualified table names in our schema too.
          extra: { max: settings.postgres.poolSize, options: `-c search_path=${settings.postgres.schema},public` },
        };
  if (settings.driver === 'postgres') await ensurePostgresSchema(settings.postgres);
  const dataSource = new DataSource(options);
  await dataSource.initialize();
  try {
    if (runMigrations) {
      if (settings.driver === 'postgres') await withPostgresLock(settings.postgres, `${settings.postgres.schema}.migrations`, () => dataSource.runMigrations({ transaction: 'all' }));
      else await gate.run(() => dataSource.runMigrations({ transaction: 'all' }));
    }
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
  return dataSource;
}

async function ensurePostgresSchema(settings: PostgresSettings): Promise<void> {
  await withPostgresLock(settings, `${settings.schema}.schema`, async (client) => {
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${settings.schema}"`);
  });
}

// Instances starting together must not run the same DDL at the same time.
async function withPostgresLock<T>(settings: PostgresSettings, name: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: settings.url });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [name]);
    return await work(client);
  } finally {
    await client.end();
  }
}
