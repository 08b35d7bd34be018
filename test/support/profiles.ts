import { dropSchema, postgresTestUrl, uniqueSchemaName } from '@sce/event-sourcing/testing/postgres-test-database';

/** A deployment profile the end-to-end suites run on: the environment it needs, and how to clean up. */
export interface Profile {
  name: 'sqlite' | 'postgres';
  env(): Record<string, string>;
  cleanup(env: Record<string, string>): Promise<void>;
}

const sqlite: Profile = { name: 'sqlite', env: () => ({}), cleanup: async () => undefined };

export const postgresProfile: Profile = {
  name: 'postgres',
  // Each app gets a schema of its own in the test database: event store and read models both live there.
  env: () => ({ EVENT_STORE_DRIVER: 'postgres', POSTGRES_URL: postgresTestUrl()!, POSTGRES_SCHEMA: uniqueSchemaName('e2e'), PROJECTIONS_LEADER_RETRY_MS: '200' }),
  cleanup: (env) => dropSchema(env.POSTGRES_SCHEMA),
};

/**
 * Every e2e suite runs once per profile. The postgres profile runs wherever PostgreSQL is reachable (always
 * in CI); test/test-servers.js says at the start of a run when it is not.
 */
export function describeEachProfile(name: string, body: (profile: Profile) => void): void {
  describe(`${name} [sqlite]`, () => body(sqlite));
  if (postgresTestUrl()) describe(`${name} [postgres]`, () => body(postgresProfile));
}
