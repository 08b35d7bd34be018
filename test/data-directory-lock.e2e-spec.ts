import { DataDirectoryInUseError } from '@sce/composition';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApiProcess, freePort } from './support/api-process';
import { startTestApp } from './support/test-app';

// The embedded profile only: on PostgreSQL several servers share one database by design.
describe('One server per SQLite data directory', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sce-lock-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses to start a second server on a data directory in use, with a message saying so, and starts once the first has stopped', async () => {
    const first = await startTestApp(undefined, { DATA_DIR: dir });
    await expect(startTestApp(undefined, { DATA_DIR: dir })).rejects.toThrow(DataDirectoryInUseError);
    await expect(startTestApp(undefined, { DATA_DIR: dir })).rejects.toThrow(/Another server is already running on .*exchange\.sqlite/);
    await first.app.close();
    const second = await startTestApp(undefined, { DATA_DIR: dir });
    expect((await second.graphql('{ __typename }')).data.__typename).toBe('Query');
    await second.app.close();
  });

  it('is free again after a server is killed: the lock dies with its process', async () => {
    const killed = await startApiProcess({ DATA_DIR: dir }, await freePort());
    killed.child.kill('SIGKILL');
    await killed.exited;
    const next = await startApiProcess({ DATA_DIR: dir }, await freePort());
    expect((await fetch(`${next.baseUrl}/health`)).status).toBe(200);
    next.child.kill('SIGTERM');
    await next.exited;
  });

  it('makes the second server process exit with the message', async () => {
    const running = await startApiProcess({ DATA_DIR: dir }, await freePort());
    await expect(startApiProcess({ DATA_DIR: dir }, await freePort())).rejects.toThrow(/Another server is already running/);
    running.child.kill('SIGTERM');
    await running.exited;
  });
});
