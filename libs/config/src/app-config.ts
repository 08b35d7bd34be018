import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, openSync, readFileSync, statSync, writeSync, closeSync } from 'node:fs';
import { join, resolve } from 'node:path';

// The one typed configuration of the service, read from the environment. A driver's own settings are
// checked only when that driver is selected; a bad value stops start-up with a message naming the variable.

export const EVENT_STORE_DRIVERS = ['sqlite', 'postgres', 'kurrentdb'] as const;
export type EventStoreDriver = (typeof EVENT_STORE_DRIVERS)[number];
export const READ_MODEL_DRIVERS = ['sqlite', 'postgres'] as const;
export const NODE_ENVS = ['development', 'production', 'test'] as const;
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export interface SqliteSettings {
  fileName: string;
  synchronous: 'FULL' | 'NORMAL';
}

export interface PostgresSettings {
  url: string;
  /** Schema for the events and read-model tables: several deployments may share one database. */
  schema: string;
  poolSize: number;
}

export type EventStoreSettings =
  | { driver: 'sqlite'; sqlite: SqliteSettings }
  | { driver: 'postgres'; postgres: PostgresSettings }
  | { driver: 'kurrentdb'; kurrentdb: { url: string } };

export type ReadModelSettings = ({ driver: 'sqlite'; sqlite: SqliteSettings } | { driver: 'postgres'; postgres: PostgresSettings }) & {
  runMigrationsOnStart: boolean;
};

export const SEARCH_ENGINES = ['embedded', 'postgres', 'meilisearch'] as const;
export type SearchEngine = (typeof SEARCH_ENGINES)[number];

/** Where case-study search lives: chosen by SEARCH_ENGINE, else by the profile (see loadConfig). */
export type SearchSettings =
  | { engine: 'embedded'; embedded: { fileName: string } }
  | { engine: 'postgres' }
  | { engine: 'meilisearch'; meilisearch: { url: string; apiKey?: string; indexUid: string } };

export interface AppConfig {
  nodeEnv: (typeof NODE_ENVS)[number];
  port: number;
  host: string;
  dataDir: string;
  logLevel: (typeof LOG_LEVELS)[number];
  eventStore: EventStoreSettings;
  readModels: ReadModelSettings;
  search: SearchSettings;
  projections: {
    /** Whether this instance may run the projections (one instance at a time does: see leadership). */
    enabled: boolean;
    /** How often a standby instance tries to take over the projections. */
    leaderRetryMs: number;
    /** Attempts at an event a projection fails on before the event is parked and the projection moves on. */
    maxAttempts: number;
  };
  /** How long a mutation waits for the projections to reach its events before answering anyway. */
  readYourWritesTimeoutMs: number;
  http: { bodyLimitBytes: number };
  auth: {
    jwtSecret: string;
    /** Where the secret came from: JWT_SECRET, or a random one generated once for the data directory (never a constant). */
    jwtSecretSource: 'environment' | { file: string; created: boolean };
    tokenTtlSeconds: number;
    /** Sign-in throttling: password hashes per client address per minute, failed sign-ins per account per 15 min. */
    passwordAttempts: { perAddressPerMinute: number; failuresPerAccount: number };
  };
  graphql: { maxQueryDepth: number; maxQueryCost: number; ide: boolean };
}

/** The file in DATA_DIR that holds the generated token secret when JWT_SECRET is not set. */
export const GENERATED_JWT_SECRET_FILE = 'jwt-secret';

export class ConfigError extends Error {
  constructor(readonly variable: string, message: string) {
    super(`Invalid configuration: ${variable} ${message}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

export function loadConfig(env: Env = process.env): AppConfig {
  const read = reader(env);
  const nodeEnv = read.oneOf('NODE_ENV', NODE_ENVS, 'development');
  const dataDir = resolve(read.string('DATA_DIR', './data'));
  const synchronous = read.oneOf('SQLITE_SYNCHRONOUS', ['FULL', 'NORMAL'] as const, 'FULL');
  // Embedded profile: the event log and the read models share one file (one thing to back up).
  const sqlite: SqliteSettings = { fileName: resolve(dataDir, read.string('SQLITE_FILE', 'exchange.sqlite')), synchronous };
  const driver = read.oneOf('EVENT_STORE_DRIVER', EVENT_STORE_DRIVERS, 'sqlite');
  const readModelDriver = read.oneOf('READ_MODELS_DRIVER', READ_MODEL_DRIVERS, driver === 'postgres' ? 'postgres' : 'sqlite');
  // Read only when a driver that needs them is selected.
  const postgres = (): PostgresSettings => ({
    url: read.url('POSTGRES_URL', ['postgres:', 'postgresql:']),
    schema: read.pattern('POSTGRES_SCHEMA', /^[a-z_][a-z0-9_]{0,62}$/, 'public', 'a lower-case PostgreSQL identifier'),
    poolSize: read.integer('POSTGRES_POOL_SIZE', 10, { min: 1, max: 200 }),
  });
  const eventStore: EventStoreSettings =
    driver === 'sqlite'
      ? { driver, sqlite }
      : driver === 'postgres'
        ? { driver, postgres: postgres() }
        : { driver, kurrentdb: { url: kurrentDbConnectionString(env, 'KURRENTDB_URL') } };
  const runMigrationsOnStart = read.boolean('MIGRATIONS_RUN', true);
  const readModels: ReadModelSettings =
    readModelDriver === 'sqlite' ? { driver: 'sqlite', sqlite, runMigrationsOnStart } : { driver: 'postgres', postgres: postgres(), runMigrationsOnStart };

  return {
    nodeEnv,
    search: searchSettings(read, dataDir, readModelDriver),
    port: read.integer('PORT', 3000, { min: 0, max: 65535 }),
    // Only this machine by default: a laptop on a city hall network serves nobody else until told to.
    host: read.string('HOST', '127.0.0.1'),
    dataDir,
    logLevel: read.oneOf('LOG_LEVEL', LOG_LEVELS, nodeEnv === 'test' ? 'silent' : 'info'),
    eventStore,
    readModels,
    projections: {
      enabled: read.boolean('PROJECTIONS_ENABLED', true),
      leaderRetryMs: read.integer('PROJECTIONS_LEADER_RETRY_MS', 1000, { min: 50, max: 60000 }),
      maxAttempts: read.integer('PROJECTIONS_MAX_ATTEMPTS', 3, { min: 1, max: 100 }),
    },
    readYourWritesTimeoutMs: read.integer('READ_YOUR_WRITES_TIMEOUT_MS', 5000, { min: 0, max: 600000 }),
    http: { bodyLimitBytes: read.integer('REQUEST_BODY_LIMIT_BYTES', 2 * 1024 * 1024, { min: 1024, max: 100 * 1024 * 1024 }) },
    auth: {
      ...jwtSecret(read, nodeEnv, dataDir),
      tokenTtlSeconds: read.integer('JWT_TTL_SECONDS', 3600, { min: 60, max: 30 * 24 * 3600 }),
      passwordAttempts: {
        perAddressPerMinute: read.integer('SIGN_IN_ATTEMPTS_PER_MINUTE', 20, { min: 1, max: 100000 }),
        failuresPerAccount: read.integer('SIGN_IN_FAILURES_PER_ACCOUNT', 10, { min: 1, max: 100000 }),
      },
    },
    graphql: {
      maxQueryDepth: read.integer('GRAPHQL_MAX_DEPTH', 10, { min: 2, max: 50 }),
      maxQueryCost: read.integer('GRAPHQL_MAX_COST', 50_000, { min: 100, max: 10_000_000 }),
      ide: read.boolean('GRAPHQL_IDE', true),
    },
  };
}

// Default engine: Meilisearch when MEILISEARCH_URL is set, else the read models' own database (PostgreSQL
// full text shared by every instance), else the embedded file in DATA_DIR.
function searchSettings(read: ReturnType<typeof reader>, dataDir: string, readModelDriver: (typeof READ_MODEL_DRIVERS)[number]): SearchSettings {
  const meilisearchUrl = read.string('MEILISEARCH_URL', '');
  const fallback: SearchEngine = meilisearchUrl ? 'meilisearch' : readModelDriver === 'postgres' ? 'postgres' : 'embedded';
  const engine = read.oneOf('SEARCH_ENGINE', SEARCH_ENGINES, fallback);
  switch (engine) {
    case 'embedded':
      return { engine, embedded: { fileName: resolve(dataDir, read.pattern('SEARCH_FILE', /^[^/\\]+$/, 'search.sqlite', 'a file name inside DATA_DIR')) } };
    case 'postgres':
      if (readModelDriver !== 'postgres') throw new ConfigError('SEARCH_ENGINE', "is 'postgres' but the read models are on SQLite (set READ_MODELS_DRIVER=postgres, or use 'embedded')");
      return { engine };
    case 'meilisearch': {
      const apiKey = read.string('MEILISEARCH_API_KEY', '');
      return {
        engine,
        meilisearch: {
          url: read.url('MEILISEARCH_URL', ['http:', 'https:']),
          ...(apiKey ? { apiKey } : {}),
          indexUid: read.pattern('MEILISEARCH_INDEX', /^[A-Za-z0-9_-]{1,400}$/, 'case_studies', 'letters, digits, - and _ (a Meilisearch index uid)'),
        },
      };
    }
  }
}

// Without JWT_SECRET a laptop still gets a secret nobody else knows: random, made once per data directory,
// readable by its owner only. Never a constant from the repository: anyone could sign an admin's token.
function jwtSecret(read: ReturnType<typeof reader>, nodeEnv: AppConfig['nodeEnv'], dataDir: string): Pick<AppConfig['auth'], 'jwtSecret' | 'jwtSecretSource'> {
  const secret = read.string('JWT_SECRET', '');
  if (secret) {
    if (secret.length < 32) throw new ConfigError('JWT_SECRET', 'must be at least 32 characters long');
    return { jwtSecret: secret, jwtSecretSource: 'environment' };
  }
  if (nodeEnv === 'production') throw new ConfigError('JWT_SECRET', 'must be set in production (a random string of 32 characters or more, the same on every instance)');
  return generatedSecret(join(dataDir, GENERATED_JWT_SECRET_FILE));
}

function generatedSecret(file: string): Pick<AppConfig['auth'], 'jwtSecret' | 'jwtSecretSource'> {
  mkdirSync(join(file, '..'), { recursive: true });
  let created = false;
  try {
    // 'wx': exclusive create, so two instances starting on one directory agree on one secret.
    const fd = openSync(file, 'wx', 0o600);
    writeSync(fd, randomBytes(48).toString('base64url'));
    closeSync(fd);
    created = true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw new ConfigError('JWT_SECRET', `is not set and ${file} cannot be created: ${(error as Error).message}`);
  }
  if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  const secret = readFileSync(file, 'utf8').trim();
  if (secret.length < 32) throw new ConfigError('JWT_SECRET', `is not set and ${file} holds no usable secret (delete it to have a new one made)`);
  return { jwtSecret: secret, jwtSecretSource: { file, created } };
}

// The KurrentDB client's own connection-string grammar, not a WHATWG URL: a cluster is several hosts separated
// by commas (kurrentdb://a:2113,b:2113), credentials come before them, settings in the query.
const KURRENTDB_CONNECTION_STRING = /^(kurrentdb|kurrent|kdb|esdb)(\+discover)?:\/\/([^@/?]+@)?[^,/?@:\s]+(:\d{1,5})?(,[^,/?@:\s]+(:\d{1,5})?)*\/?(\?\S*)?$/;

function kurrentDbConnectionString(env: Env, name: string): string {
  const value = env[name]?.trim();
  const form = 'kurrentdb://[user:password@]host:2113[,host:2113…][?tls=false…] (or kurrentdb+discover://, kurrent://, kdb://, esdb://)';
  if (!value) throw new ConfigError(name, `is required by the selected driver: ${form}`);
  // The value is not echoed: it may hold a password.
  if (!KURRENTDB_CONNECTION_STRING.test(value)) throw new ConfigError(name, `must be a KurrentDB connection string: ${form}`);
  return value;
}

function reader(env: Env) {
  const raw = (name: string) => {
    const value = env[name];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  };
  return {
    string(name: string, fallback: string): string {
      return raw(name) ?? fallback;
    },
    integer(name: string, fallback: number, range: { min: number; max: number }): number {
      const value = raw(name);
      if (value === undefined) return fallback;
      if (!/^\d+$/.test(value)) throw new ConfigError(name, `must be a whole number, got '${value}'`);
      const parsed = Number(value);
      if (parsed < range.min || parsed > range.max) throw new ConfigError(name, `must be between ${range.min} and ${range.max}, got ${parsed}`);
      return parsed;
    },
    url(name: string, protocols: string[]): string {
      const value = raw(name);
      if (value === undefined) throw new ConfigError(name, `is required by the selected driver (${protocols.map((p) => `${p}//…`).join(' or ')})`);
      let parsed: URL;
      try {
        parsed = new URL(value);
      } catch {
        throw new ConfigError(name, 'must be a URL');
      }
      if (!protocols.includes(parsed.protocol)) throw new ConfigError(name, `must start with ${protocols.map((p) => `${p}//`).join(' or ')}`);
      return value;
    },
    pattern(name: string, pattern: RegExp, fallback: string, description: string): string {
      const value = raw(name) ?? fallback;
      if (!pattern.test(value)) throw new ConfigError(name, `must be ${description}, got '${value}'`);
      return value;
    },
    boolean(name: string, fallback: boolean): boolean {
      const value = raw(name)?.toLowerCase();
      if (value === undefined) return fallback;
      if (['true', '1', 'yes'].includes(value)) return true;
      if (['false', '0', 'no'].includes(value)) return false;
      throw new ConfigError(name, `must be true or false, got '${value}'`);
    },
    oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
      const value = raw(name);
      if (value === undefined) return fallback;
      if (!(allowed as readonly string[]).includes(value)) throw new ConfigError(name, `must be one of ${allowed.join(', ')}, got '${value}'`);
      return value as T;
    },
  };
}
