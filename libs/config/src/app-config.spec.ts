import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, GENERATED_JWT_SECRET_FILE, loadConfig as loadConfigIn } from './app-config';

// Every load may write the generated token secret into DATA_DIR: keep it (and ./data) in a temporary directory.
let workDir: string;
const originalCwd = process.cwd();
beforeAll(() => {
  workDir = mkdtempSync(join(tmpdir(), 'sce-config-'));
  process.chdir(workDir);
});
afterAll(() => {
  process.chdir(originalCwd);
  rmSync(workDir, { recursive: true, force: true });
});
const loadConfig = (env: Record<string, string>) => loadConfigIn(env);

describe('the token secret', () => {
  it('is generated once per data directory when JWT_SECRET is not set: random, kept, readable by its owner only', () => {
    const dataDir = join(workDir, 'one');
    const first = loadConfig({ DATA_DIR: dataDir });
    const file = join(dataDir, GENERATED_JWT_SECRET_FILE);
    expect(first.auth.jwtSecretSource).toEqual({ file, created: true });
    expect(first.auth.jwtSecret.length).toBeGreaterThanOrEqual(32);
    expect(readFileSync(file, 'utf8')).toBe(first.auth.jwtSecret);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const again = loadConfig({ DATA_DIR: dataDir });
    expect(again.auth).toMatchObject({ jwtSecret: first.auth.jwtSecret, jwtSecretSource: { file, created: false } });
    expect(loadConfig({ DATA_DIR: join(workDir, 'two') }).auth.jwtSecret).not.toBe(first.auth.jwtSecret);
  });

  it('comes from JWT_SECRET when set, and nothing is written', () => {
    const dataDir = join(workDir, 'three');
    const config = loadConfig({ DATA_DIR: dataDir, JWT_SECRET: 'x'.repeat(40) });
    expect(config.auth).toMatchObject({ jwtSecret: 'x'.repeat(40), jwtSecretSource: 'environment' });
    expect(() => statSync(join(dataDir, GENERATED_JWT_SECRET_FILE))).toThrow();
  });

  it('listens on this machine only unless HOST says otherwise', () => {
    expect(loadConfig({}).host).toBe('127.0.0.1');
    expect(loadConfig({ HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
  });
});

describe('loadConfig', () => {
  it('gives safe embedded defaults with no environment at all', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.eventStore).toMatchObject({ driver: 'sqlite', sqlite: { synchronous: 'FULL', fileName: expect.stringMatching(/data\/exchange\.sqlite$/) } });
    expect(config.readModels).toMatchObject({ driver: 'sqlite', runMigrationsOnStart: true });
    expect(config.projections).toEqual({ enabled: true, leaderRetryMs: 1000, maxAttempts: 3 });
    expect(config.graphql.maxQueryDepth).toBe(10);
  });

  it('reads typed values', () => {
    const config = loadConfig({ PORT: '8080', DATA_DIR: join(workDir, 'x'), SQLITE_SYNCHRONOUS: 'NORMAL', READ_YOUR_WRITES_TIMEOUT_MS: '250', GRAPHQL_IDE: 'false' });
    expect(config).toMatchObject({ port: 8080, dataDir: join(workDir, 'x'), readYourWritesTimeoutMs: 250, graphql: { ide: false } });
    expect(config.eventStore).toEqual({ driver: 'sqlite', sqlite: { fileName: join(workDir, 'x', 'exchange.sqlite'), synchronous: 'NORMAL' } });
  });

  it('selects the PostgreSQL drivers and their settings together', () => {
    const config = loadConfig({ EVENT_STORE_DRIVER: 'postgres', POSTGRES_URL: 'postgres://u@db:5432/sce', POSTGRES_SCHEMA: 'tenant_a' });
    expect(config.eventStore).toEqual({ driver: 'postgres', postgres: { url: 'postgres://u@db:5432/sce', schema: 'tenant_a', poolSize: 10 } });
    expect(config.readModels).toMatchObject({ driver: 'postgres', postgres: { schema: 'tenant_a' } });
  });

  it('lets KurrentDB hold the log while the read models stay on SQLite', () => {
    const config = loadConfig({ EVENT_STORE_DRIVER: 'kurrentdb', KURRENTDB_URL: 'kurrentdb://localhost:2113?tls=false' });
    expect(config.eventStore).toEqual({ driver: 'kurrentdb', kurrentdb: { url: 'kurrentdb://localhost:2113?tls=false' } });
    expect(config.readModels.driver).toBe('sqlite');
  });

  it("accepts the KurrentDB client's own connection strings: a cluster, discovery, credentials, settings", () => {
    for (const url of [
      'kurrentdb://a.example:2113,b.example:2113,c.example:2113?nodePreference=leader',
      'kurrentdb+discover://admin:changeit@cluster.example:2113',
      'kurrentdb://admin:changeit@localhost:2113/?tls=true&tlsVerifyCert=false',
      'esdb://localhost:2113?tls=false',
      'kdb://localhost',
    ]) {
      expect(loadConfig({ EVENT_STORE_DRIVER: 'kurrentdb', KURRENTDB_URL: url }).eventStore).toEqual({ driver: 'kurrentdb', kurrentdb: { url } });
    }
  });

  it('refuses what is not a KurrentDB connection string, without echoing a password', () => {
    for (const url of ['postgres://x/db', 'kurrentdb://', 'kurrentdb://a:2113,,b:2113', 'kurrentdb://a:port', 'kurrentdb://admin:s3cret@a:2113 b:2113']) {
      expect(() => loadConfig({ EVENT_STORE_DRIVER: 'kurrentdb', KURRENTDB_URL: url })).toThrow(/^Invalid configuration: KURRENTDB_URL must be a KurrentDB connection string/);
    }
    expect(() => loadConfig({ EVENT_STORE_DRIVER: 'kurrentdb', KURRENTDB_URL: 'kurrentdb://admin:s3cret@a:2113 b:2113' })).not.toThrow(/s3cret/);
  });

  it('ignores the settings of drivers that are not selected', () => {
    expect(() => loadConfig({ POSTGRES_URL: 'not a url', KURRENTDB_URL: 'nope' })).not.toThrow();
  });

  it.each([
    [{ EVENT_STORE_DRIVER: 'postgres' }, 'POSTGRES_URL'],
    [{ EVENT_STORE_DRIVER: 'postgres', POSTGRES_URL: 'mysql://x' }, 'POSTGRES_URL'],
    [{ READ_MODELS_DRIVER: 'postgres', POSTGRES_URL: 'postgres://x/db', POSTGRES_SCHEMA: 'Robert; DROP' }, 'POSTGRES_SCHEMA'],
    [{ EVENT_STORE_DRIVER: 'kurrentdb' }, 'KURRENTDB_URL'],
    [{ READ_MODELS_DRIVER: 'mongo' }, 'READ_MODELS_DRIVER'],
    [{ PORT: 'abc' }, 'PORT'],
    [{ NODE_ENV: 'production' }, 'JWT_SECRET'],
    [{ JWT_SECRET: 'short' }, 'JWT_SECRET'],
    [{ PORT: '70000' }, 'PORT'],
    [{ EVENT_STORE_DRIVER: 'mongo' }, 'EVENT_STORE_DRIVER'],
    [{ SQLITE_SYNCHRONOUS: 'OFF' }, 'SQLITE_SYNCHRONOUS'],
    [{ MIGRATIONS_RUN: 'maybe' }, 'MIGRATIONS_RUN'],
  ])('refuses %p naming the variable', (env, variable) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(new RegExp(`^Invalid configuration: ${variable} `));
  });
});

describe('the search engine', () => {
  const pg = { EVENT_STORE_DRIVER: 'postgres', POSTGRES_URL: 'postgres://localhost/db' };

  it('follows the profile: the embedded file in DATA_DIR on SQLite, PostgreSQL beside PostgreSQL read models, Meilisearch when MEILISEARCH_URL is set', () => {
    const dataDir = join(workDir, 'search');
    expect(loadConfig({ DATA_DIR: dataDir }).search).toEqual({ engine: 'embedded', embedded: { fileName: join(dataDir, 'search.sqlite') } });
    expect(loadConfig({ DATA_DIR: dataDir, ...pg }).search).toEqual({ engine: 'postgres' });
    expect(loadConfig({ DATA_DIR: dataDir, ...pg, MEILISEARCH_URL: 'http://127.0.0.1:7700', MEILISEARCH_API_KEY: 'key', MEILISEARCH_INDEX: 'cases' }).search).toEqual({
      engine: 'meilisearch',
      meilisearch: { url: 'http://127.0.0.1:7700', apiKey: 'key', indexUid: 'cases' },
    });
    expect(loadConfig({ DATA_DIR: dataDir, ...pg, SEARCH_ENGINE: 'embedded' }).search.engine).toBe('embedded');
  });

  it.each([
    [{ SEARCH_ENGINE: 'lucene' }, 'SEARCH_ENGINE'],
    [{ SEARCH_ENGINE: 'postgres' }, 'SEARCH_ENGINE'],
    [{ SEARCH_ENGINE: 'meilisearch' }, 'MEILISEARCH_URL'],
    [{ MEILISEARCH_URL: 'ftp://host' }, 'MEILISEARCH_URL'],
    [{ MEILISEARCH_URL: 'http://host', MEILISEARCH_INDEX: 'a b' }, 'MEILISEARCH_INDEX'],
    [{ SEARCH_FILE: '../elsewhere.sqlite' }, 'SEARCH_FILE'],
  ])('refuses %p naming the variable', (env, variable) => {
    expect(() => loadConfig({ DATA_DIR: join(workDir, 'search'), ...env })).toThrow(new RegExp(`^Invalid configuration: ${variable} `));
  });
});
