import 'reflect-metadata';
import type { Type } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AccountsService, TokenService, type PlatformRole } from '@sce/auth';
import { loadConfig, type AppConfig } from '@sce/config';
import { PROJECTION_RUNNER } from '@sce/platform';
import type { ProjectionRunner } from '@sce/projections';
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
  /** The same endpoint, as a signed-in account. */
  as(token: string): Pick<TestApp, 'graphql'>;
  close(): Promise<void>;
}

/** Boots the real application on a fresh data directory (and schema) and an ephemeral port; one per e2e file and profile. */
export async function startTestApp(profile?: Profile, env: Record<string, string> = {}, extraModules: Type[] = []): Promise<TestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sce-e2e-'));
  const profileEnv = profile?.env() ?? {};
  // Every spec signs up from 127.0.0.1: the sign-in throttle is loosened here, and tested with its defaults on its own.
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', HOST: '127.0.0.1', PORT: '0', DATA_DIR: dataDir, SIGN_IN_ATTEMPTS_PER_MINUTE: '10000', ...profileEnv, ...env });
  const app = await createApp(config, extraModules);
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address();
  const baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return {
    app,
    config,
    baseUrl,
    graphql: (query, variables, headers) => postGraphql(`${baseUrl}/graphql`, query, variables, headers),
    as: (token) => ({ graphql: (query, variables, headers) => postGraphql(`${baseUrl}/graphql`, query, variables, { authorization: `Bearer ${token}`, ...headers }) }),
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

export const SIGN_UP = `mutation SignUp($input: SignUpInput!, $key: String) { signUp(input: $input, idempotencyKey: $key) { token expiresAt account { id name email roles } position } }`;

let people = 0;
/** Signs up a new account through the API and returns its token and id. */
export async function signUp(url: string, name = `Person ${++people}`): Promise<{ token: string; accountId: string; email: string }> {
  const email = `${name.toLowerCase().replace(/[^a-z0-9]+/g, '.')}.${Date.now()}.${Math.random().toString(36).slice(2, 8)}@example.org`;
  const response = await postGraphql(url, SIGN_UP, { input: { name, email, password: 'a long enough password' } });
  if (!response.data?.signUp) throw new Error(`sign-up failed: ${JSON.stringify(response.errors)}`);
  return { token: response.data.signUp.token, accountId: response.data.signUp.account.id, email };
}

let created = 0;
/**
 * An account made directly through the service, with platform roles, as the CLI makes the first admin
 * (roles can otherwise only be granted by an admin). Returns its id and a token for it, once the read models
 * know the account: sign-up's own read-your-writes wait is bounded by the configured timeout (1 s in some
 * specs), which a loaded CI machine can outrun, and the next request would then meet an unknown account.
 */
export async function createAccount(api: TestApp, name: string, roles: PlatformRole[] = []): Promise<{ accountId: string; token: string; email: string }> {
  const email = `account.${Date.now()}.${++created}@example.org`;
  const { accountId, position } = await api.app.get(AccountsService).signUp({ name, email, password: 'a long enough password' }, { now: new Date(), actorId: null, correlationId: 'test-setup' }, roles);
  if (!(await api.app.get<ProjectionRunner>(PROJECTION_RUNNER).waitFor(position, 30_000))) throw new Error(`the read models did not reach the sign-up of ${name} within 30 s`);
  return { accountId, token: api.app.get(TokenService).issue(accountId).token, email };
}
