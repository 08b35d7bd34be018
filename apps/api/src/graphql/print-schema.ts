import 'reflect-metadata';
import { loadConfig } from '@sce/config';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../create-app';
import { SCHEMA_FILE, renderSchema } from './schema-file';

// npm run schema: boots the app on a throw-away data directory and writes schema.graphql.
async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sce-schema-'));
  const app = await createApp(loadConfig({ ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent', NODE_ENV: 'test' }));
  await app.init();
  writeFileSync(SCHEMA_FILE, renderSchema(app));
  await app.close();
  rmSync(dataDir, { recursive: true, force: true });
  console.log(`wrote ${SCHEMA_FILE}`);
}

void main();
