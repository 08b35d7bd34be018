import { resolve } from 'node:path';

// The one typed configuration of the service, read from the environment. A driver's own settings are
// checked only when that driver is selected; a bad value stops start-up with a message naming the variable.

export const EVENT_STORE_DRIVERS = ['sqlite'] as const;
export type EventStoreDriver = (typeof EVENT_STORE_DRIVERS)[number];
export const NODE_ENVS = ['development', 'production', 'test'] as const;
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export interface SqliteSettings {
  fileName: string;
  synchronous: 'FULL' | 'NORMAL';
}

export interface AppConfig {
  nodeEnv: (typeof NODE_ENVS)[number];
  port: number;
  host: string;
  dataDir: string;
  logLevel: (typeof LOG_LEVELS)[number];
  eventStore: { driver: 'sqlite'; sqlite: SqliteSettings };
  readModels: { driver: 'sqlite'; sqlite: SqliteSettings; runMigrationsOnStart: boolean };
  /** How long a mutation waits for the projections to reach its events before answering anyway. */
  readYourWritesTimeoutMs: number;
  http: { bodyLimitBytes: number };
  graphql: { maxQueryDepth: number; ide: boolean };
}

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

  return {
    nodeEnv,
    port: read.integer('PORT', 3000, { min: 0, max: 65535 }),
    host: read.string('HOST', '0.0.0.0'),
    dataDir,
    logLevel: read.oneOf('LOG_LEVEL', LOG_LEVELS, nodeEnv === 'test' ? 'silent' : 'info'),
    eventStore: { driver, sqlite },
    readModels: { driver: 'sqlite', sqlite, runMigrationsOnStart: read.boolean('MIGRATIONS_RUN', true) },
    readYourWritesTimeoutMs: read.integer('READ_YOUR_WRITES_TIMEOUT_MS', 5000, { min: 0, max: 600000 }),
    http: { bodyLimitBytes: read.integer('REQUEST_BODY_LIMIT_BYTES', 2 * 1024 * 1024, { min: 1024, max: 100 * 1024 * 1024 }) },
    graphql: {
      maxQueryDepth: read.integer('GRAPHQL_MAX_DEPTH', 10, { min: 2, max: 50 }),
      ide: read.boolean('GRAPHQL_IDE', true),
    },
  };
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
