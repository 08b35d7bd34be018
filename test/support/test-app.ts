import 'reflect-metadata';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { loadConfig, type AppConfig } from '@sce/config';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../apps/api/src/create-app';
import type { Profile } from './profiles';

export interface GraphqlResponse<Data = any> {
  status: number;
  headers: Headers;
  data?: Data;
  errors?: Array<{ message: string; extensions?: { code?: string; [key: string]: unknown } }>;
}

export interface TestApp {
  app: NestExpressApplication;
  config: AppConfig;
  baseUrl: string;
  graphql<Data = any>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GraphqlResponse<Data>>;
  close(): Promise<void>;
}

/** Boots the real application on a fresh data directory (and schema) and an ephemeral port; one per e2e file and profile. */
export async function startTestApp(profile?: Profile, env: Record<string, string> = {}): Promise<TestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sce-e2e-'));
  const profileEnv = profile?.env() ?? {};
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', HOST: '127.0.0.1', PORT: '0', DATA_DIR: dataDir, ...profileEnv, ...env });
  const app = await createApp(config);
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address();
  const baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return {
    app,
    config,
    baseUrl,
    graphql: (query, variables, headers) => postGraphql(`${baseUrl}/graphql`, query, variables, headers),
    async close() {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
      await profile?.cleanup(profileEnv);
    },
  };
}

export async function postGraphql<Data = any>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<GraphqlResponse<Data>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: Data; errors?: GraphqlResponse['errors'] };
  return { status: response.status, headers: response.headers, data: body.data ?? undefined, errors: body.errors };
}

export const codesOf = (response: GraphqlResponse) => (response.errors ?? []).map((error) => error.extensions?.code);
