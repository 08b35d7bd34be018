import { loadConfig } from '@sce/config';
import { createInfrastructure } from '@sce/composition';
import { dropSchema, postgresTestUrl, uniqueSchemaName } from '@sce/event-sourcing/testing/postgres-test-database';
import { waitUntil } from '@sce/event-sourcing/testing/event-store-contract';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startApiProcess, type ApiProcess } from './support/api-process';
import { GET_ORGANISATION, REGISTER_ORGANISATION, anOrganisation } from './support/organisations.graphql';
import { postGraphql, signUp } from './support/test-app';

interface Health {
  lag: number;
  projections: { role: 'leader' | 'standby' };
}
const health = async (api: ApiProcess) => (await (await fetch(`${api.baseUrl}/health`)).json()) as Health;

describe('Two API processes on one PostgreSQL', () => {
  const schema = uniqueSchemaName('failover');
  const dir = mkdtempSync(join(tmpdir(), 'sce-failover-'));
  const env = { EVENT_STORE_DRIVER: 'postgres', POSTGRES_URL: postgresTestUrl() ?? '', POSTGRES_SCHEMA: schema, DATA_DIR: dir, PROJECTIONS_LEADER_RETRY_MS: '250',
    // A write during the takeover waits for the new leader's read models: as long as the takeover may take (below).
    READ_YOUR_WRITES_TIMEOUT_MS: '15000' };
  const processes: ApiProcess[] = [];
  afterAll(async () => {
    for (const api of processes) api.child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    await dropSchema(schema);
  });

  it('both serve writes and reads; one runs the projections; when it is killed the other takes over within seconds, losing and doubling nothing', async () => {
    const [a, b] = [await startApiProcess(env, await freePort()), await startApiProcess(env, await freePort())];
    processes.push(a, b);
    await waitUntil(async () => (await Promise.all([health(a), health(b)])).filter((h) => h.projections.role === 'leader').length === 1, 15000);
    const [leader, standby] = (await health(a)).projections.role === 'leader' ? [a, b] : [b, a];
    expect((await health(standby)).projections.role).toBe('standby');

    const acknowledged: string[] = [];
    const { token } = await signUp(`${leader.baseUrl}/graphql`, 'Failover Writer');
    const registerThrough = async (api: ApiProcess, name: string) => {
      const response = await postGraphql(`${api.baseUrl}/graphql`, REGISTER_ORGANISATION, { input: anOrganisation({ name, country: acknowledged.length % 2 ? 'RS' : 'ME' }) }, { authorization: `Bearer ${token}` });
      expect(response.errors).toBeUndefined();
      const { organisation, position } = response.data.registerOrganisation;
      const id = organisation.id as string;
      acknowledged.push(id);
      // Read-your-writes holds on either instance, also on the one that does not run the projections.
      const read = await postGraphql(`${api.baseUrl}/graphql`, GET_ORGANISATION, { id });
      expect(read.data.organisation?.id).toBe(id);
      // And the position token is honoured by the other instance too (a standby watches the stored checkpoints).
      const other = api === leader ? standby : leader;
      if (other.child.signalCode === null) {
        const elsewhere = await postGraphql(`${other.baseUrl}/graphql`, GET_ORGANISATION, { id, atLeast: position });
        expect(elsewhere.errors).toBeUndefined();
        expect(elsewhere.data.organisation?.id).toBe(id);
      }
    };
    for (let i = 0; i < 15; i++) {
      await registerThrough(leader, `via leader ${i}`);
      await registerThrough(standby, `via standby ${i}`);
    }

    leader.child.kill('SIGKILL');
    const killedAt = Date.now();
    expect(await leader.exited).toBe('SIGKILL');
    await Promise.all(Array.from({ length: 10 }, (_, i) => registerThrough(standby, `during failover ${i}`)));
    await waitUntil(async () => (await health(standby)).projections.role === 'leader', 10000);
    const takeoverMs = Date.now() - killedAt;
    console.log(`[failover] standby took over the projections ${takeoverMs} ms after the leader was killed`);
    expect(takeoverMs).toBeLessThan(10000);
    await waitUntil(async () => (await health(standby)).lag === 0, 10000);

    for (const id of acknowledged) {
      const { data } = await postGraphql(`${standby.baseUrl}/graphql`, GET_ORGANISATION, { id });
      expect(data.organisation?.id).toBe(id);
    }
    const { data } = await postGraphql(`${standby.baseUrl}/graphql`, '{ organisationCountsByCountry { country organisations } }');
    const counted = data.organisationCountsByCountry.reduce((sum: number, row: { organisations: number }) => sum + row.organisations, 0);
    // The per-country counters are increments: an event applied twice would make them too high.
    expect(counted).toBe(acknowledged.length);

    standby.child.kill('SIGTERM');
    await standby.exited;
    const infra = await createInfrastructure(loadConfig({ ...env, NODE_ENV: 'test' }));
    try {
      const snapshot = async () => ({
        rows: await infra.readModels.query('SELECT * FROM organisations ORDER BY id'),
        counts: await infra.readModels.query('SELECT * FROM organisation_country_counts ORDER BY country'),
      });
      const live = await snapshot();
      expect(live.rows).toHaveLength(acknowledged.length);
      for (const projection of infra.projections.projections) await infra.projections.rebuild(projection.name);
      expect(await snapshot()).toEqual(live);
    } finally {
      await infra.close();
    }
  });
});
