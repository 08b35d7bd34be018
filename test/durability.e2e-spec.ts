import { loadConfig } from '@sce/config';
import { createInfrastructure } from '@sce/composition';
import { waitUntil } from '@sce/event-sourcing/testing/event-store-contract';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startApiProcess } from './support/api-process';
import { describeEachProfile } from './support/profiles';
import { GET_ORGANISATION, REGISTER_ORGANISATION, anOrganisation } from './support/organisations.graphql';
import { postGraphql, signUp } from './support/test-app';

const WRITERS = 8;
const KILL_AFTER_ACKS = 150;

describeEachProfile('A writing API process killed with SIGKILL mid-burst', (profile) => {
  let dir: string;
  let env: Record<string, string>;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'sce-kill-'));
    env = { ...profile.env(), DATA_DIR: dir };
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await profile.cleanup(env);
  });

  it('keeps every acknowledged event, and its read model equals a rebuild after restart', async () => {
    const port = await freePort();
    const first = await startApiProcess(env, port);
    const acknowledged: string[] = [];
    let killed = false;
    const { token } = await signUp(`${first.baseUrl}/graphql`, 'Burst Writer');

    // Eight clients register organisations as fast as the server answers; the process dies under them.
    const writer = async (writerIndex: number) => {
      for (let i = 0; !killed; i++) {
        try {
          const response = await postGraphql(`${first.baseUrl}/graphql`, REGISTER_ORGANISATION, {
            input: anOrganisation({ name: `Writer ${writerIndex} organisation ${i}` }),
          }, { authorization: `Bearer ${token}` });
          if (response.data?.registerOrganisation?.organisation?.id) acknowledged.push(response.data.registerOrganisation.organisation.id);
        } catch {
          return; // connection reset by the kill: this request was never acknowledged
        }
        if (!killed && acknowledged.length >= KILL_AFTER_ACKS) {
          killed = true;
          first.child.kill('SIGKILL');
        }
      }
    };
    await Promise.all(Array.from({ length: WRITERS }, (_, i) => writer(i)));
    expect(await first.exited).toBe('SIGKILL');
    expect(acknowledged.length).toBeGreaterThanOrEqual(KILL_AFTER_ACKS);

    const second = await startApiProcess(env, port);
    try {
      await waitUntil(async () => ((await (await fetch(`${second.baseUrl}/health`)).json()) as { lag: number }).lag === 0, 20_000);
      for (const id of acknowledged) {
        const { data } = await postGraphql(`${second.baseUrl}/graphql`, GET_ORGANISATION, { id });
        expect(data.organisation?.id).toBe(id);
      }
    } finally {
      second.child.kill('SIGTERM');
      await second.exited;
    }

    const infra = await createInfrastructure(loadConfig({ ...env, NODE_ENV: 'test' }), { runMigrations: true });
    try {
      const registered = (await infra.store.readAll({ maxCount: 100_000 })).filter((event) => event.type === 'OrganisationRegistered');
      const storedIds = new Set(registered.map((event) => (event.data as { organisationId: string }).organisationId));
      for (const id of acknowledged) expect(storedIds.has(id)).toBe(true);

      const rows = async () => infra.readModels.query('SELECT * FROM organisations ORDER BY id');
      const incremental = await rows();
      expect(incremental).toHaveLength(registered.length);
      await infra.projections.rebuild('organisation-directory');
      expect(await rows()).toEqual(incremental);
    } finally {
      await infra.close();
    }
  });
});
