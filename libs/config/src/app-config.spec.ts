import { ConfigError, loadConfig } from './app-config';

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
    const config = loadConfig({ PORT: '8080', DATA_DIR: '/tmp/x', SQLITE_SYNCHRONOUS: 'NORMAL', READ_YOUR_WRITES_TIMEOUT_MS: '250', GRAPHQL_IDE: 'false' });
    expect(config).toMatchObject({ port: 8080, dataDir: '/tmp/x', readYourWritesTimeoutMs: 250, graphql: { ide: false } });
    expect(config.eventStore).toEqual({ driver: 'sqlite', sqlite: { fileName: '/tmp/x/exchange.sqlite', synchronous: 'NORMAL' } });
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
