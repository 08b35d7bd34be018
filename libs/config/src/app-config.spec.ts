import { ConfigError, loadConfig } from './app-config';

describe('loadConfig', () => {
  it('gives safe embedded defaults with no environment at all', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.eventStore.driver).toBe('sqlite');
    expect(config.eventStore.sqlite.synchronous).toBe('FULL');
    expect(config.eventStore.sqlite.fileName).toMatch(/data\/exchange\.sqlite$/);
    expect(config.graphql.maxQueryDepth).toBe(10);
  });

  it('reads typed values', () => {
    const config = loadConfig({ PORT: '8080', DATA_DIR: '/tmp/x', SQLITE_SYNCHRONOUS: 'NORMAL', READ_YOUR_WRITES_TIMEOUT_MS: '250', GRAPHQL_IDE: 'false' });
    expect(config).toMatchObject({ port: 8080, dataDir: '/tmp/x', readYourWritesTimeoutMs: 250, graphql: { ide: false } });
    expect(config.eventStore.sqlite).toEqual({ fileName: '/tmp/x/exchange.sqlite', synchronous: 'NORMAL' });
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ EVENT_STORE_DRIVER: 'mongo' }, 'EVENT_STORE_DRIVER'],
    [{ SQLITE_SYNCHRONOUS: 'OFF' }, 'SQLITE_SYNCHRONOUS'],
    [{ MIGRATIONS_RUN: 'maybe' }, 'MIGRATIONS_RUN'],
  ])('refuses %p naming the variable', (env, variable) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(new RegExp(`^Invalid configuration: ${variable} `));
  });
});
