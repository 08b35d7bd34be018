import { ApiKeysService, TokenService } from '@sce/auth';
import { EVENT_STORE, READ_MODELS, WRITE_GATE } from '@sce/platform';
import type { EventStore } from '@sce/event-sourcing';
import jwt from 'jsonwebtoken';
import { describeEachProfile } from './support/profiles';
import { REGISTER_ORGANISATION, anOrganisation } from './support/organisations.graphql';
import { SIGN_UP, codesOf, createAccount, signUp, startTestApp, type TestApp } from './support/test-app';

const ME = `{ me { id name email roles registeredAt } }`;
const SIGN_IN = `mutation SignIn($input: SignInInput!) { signIn(input: $input) { token account { id roles } } }`;
const GRANT = `mutation Grant($accountId: ID!, $role: PlatformRole!) { grantRole(accountId: $accountId, role: $role) { account { id roles } position } }`;
const REVOKE = `mutation Revoke($accountId: ID!, $role: PlatformRole!) { revokeRole(accountId: $accountId, role: $role) { account { id roles } position } }`;

describeEachProfile('Accounts, sign-in and roles over GraphQL (HTTP)', (profile) => {
  let api: TestApp;
  let url: string;
  let adminToken: string;
  const logLength = () => api.app.get<EventStore>(EVENT_STORE).headPosition();

  beforeAll(async () => {
    api = await startTestApp(profile);
    url = `${api.baseUrl}/graphql`;
    adminToken = (await createAccount(api, 'Platform Admin', ['ADMIN'])).token;
  });
  afterAll(() => api.close());

  it('signs up, and `me` shows the account with its personal data', async () => {
    const { token, accountId } = await signUp(url, 'Nino Beridze');
    const { data } = await api.as(token).graphql(ME);
    expect(data.me).toMatchObject({ id: accountId, name: 'Nino Beridze', email: expect.stringContaining('@example.org'), roles: [] });
  });

  it('answers `me` with null for an anonymous visitor', async () => {
    expect((await api.graphql(ME)).data.me).toBeNull();
  });

  it('signs in with the right password, case-insensitively on the e-mail, and refuses a wrong one', async () => {
    const { email, accountId } = await signUp(url, 'Aigerim Sultanova');
    const ok = await api.graphql(SIGN_IN, { input: { email: email.toUpperCase(), password: 'a long enough password' } });
    expect(ok.data.signIn.account.id).toBe(accountId);
    expect(codesOf(await api.graphql(SIGN_IN, { input: { email, password: 'wrong password!' } }))).toEqual(['UNAUTHENTICATED']);
    expect(codesOf(await api.graphql(SIGN_IN, { input: { email: 'nobody@example.org', password: 'whatever password' } }))).toEqual(['UNAUTHENTICATED']);
  });

  it('refuses a second account with the same e-mail with CONFLICT, and weak input with BAD_USER_INPUT', async () => {
    const { email } = await signUp(url, 'Dup Licate');
    expect(codesOf(await api.graphql(SIGN_UP, { input: { name: 'Someone', email, password: 'another long password' } }))).toEqual(['CONFLICT']);
    expect(codesOf(await api.graphql(SIGN_UP, { input: { name: 'Someone', email: 'not-an-email', password: 'another long password' } }))).toEqual(['BAD_USER_INPUT']);
    expect(codesOf(await api.graphql(SIGN_UP, { input: { name: 'Someone', email: 'short@example.org', password: 'short' } }))).toEqual(['BAD_USER_INPUT']);
  });

  describe('idempotent sign-up', () => {
    const PASSWORD = 'a long enough password';
    const newEmail = (who: string) => `${who}.${Date.now()}.${Math.random().toString(36).slice(2, 8)}@example.org`;

    it('keeps anonymous callers apart: two people signing up with the same key and different e-mails both get an account', async () => {
      const first = await api.graphql(SIGN_UP, { input: { name: 'First Stranger', email: newEmail('first'), password: PASSWORD }, key: 'retry-1' });
      const second = await api.graphql(SIGN_UP, { input: { name: 'Second Stranger', email: newEmail('second'), password: PASSWORD }, key: 'retry-1' });
      expect(first.errors).toBeUndefined();
      expect(second.errors).toBeUndefined();
      expect(second.data.signUp.account.id).not.toBe(first.data.signUp.account.id);
      expect(second.data.signUp.account.name).toBe('Second Stranger');
    });

    it('gives an anonymous sign-up resent with the same key and input the first outcome, and stores nothing new', async () => {
      const input = { name: 'Retrying Stranger', email: newEmail('retrying'), password: PASSWORD };
      const first = await api.graphql(SIGN_UP, { input, key: 'retry-2' });
      const before = await logLength();
      const resent = await api.graphql(SIGN_UP, { input, key: 'retry-2' });
      expect(resent.errors).toBeUndefined();
      expect(resent.data.signUp.account.id).toBe(first.data.signUp.account.id);
      expect(resent.data.signUp.position).toBe(first.data.signUp.position);
      expect(await logLength()).toBe(before);
    });

    it("refuses a signed-in caller's key resent with another sign-up (CONFLICT, IDEMPOTENCY_KEY_REUSED)", async () => {
      const admin = api.as(adminToken);
      const first = await admin.graphql(SIGN_UP, { input: { name: 'Invited One', email: newEmail('invited.one'), password: PASSWORD }, key: 'invite-1' });
      expect(first.errors).toBeUndefined();
      const before = await logLength();
      const reused = await admin.graphql(SIGN_UP, { input: { name: 'Invited Two', email: newEmail('invited.two'), password: PASSWORD }, key: 'invite-1' });
      expect(reused.errors![0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'IDEMPOTENCY_KEY_REUSED', idempotencyKey: 'invite-1' });
      expect(await logLength()).toBe(before);
    });
  });

  describe('roles', () => {
    it('lets an admin grant and revoke a role', async () => {
      const { accountId, token } = await signUp(url, 'Future Reviewer');
      const granted = await api.as(adminToken).graphql(GRANT, { accountId, role: 'REVIEWER' });
      expect(granted.data.grantRole.account.roles).toEqual(['REVIEWER']);
      expect((await api.as(token).graphql(ME)).data.me.roles).toEqual(['REVIEWER']);
      const revoked = await api.as(adminToken).graphql(REVOKE, { accountId, role: 'REVIEWER' });
      expect(revoked.data.revokeRole.account.roles).toEqual([]);
    });

    it.each([
      ['an anonymous caller', () => undefined, 'UNAUTHENTICATED'],
      ['a plain user', async () => (await signUp(url, 'Plain User')).token, 'FORBIDDEN'],
    ])('refuses role changes by %s, changing nothing', async (_, tokenOf, code) => {
      const { accountId } = await signUp(url, 'Target User');
      const token = await tokenOf();
      const before = await logLength();
      const client = token ? api.as(token) : api;
      expect(codesOf(await client.graphql(GRANT, { accountId, role: 'ADMIN' }))).toEqual([code]);
      expect(codesOf(await client.graphql(REVOKE, { accountId, role: 'ADMIN' }))).toEqual([code]);
      expect(await logLength()).toBe(before);
    });
  });

  describe('bearer tokens', () => {
    const secret = () => api.config.auth.jwtSecret;
    it.each([
      ['expired', (id: string) => new TokenService(secret(), 60).issue(id, new Date(Date.now() - 3600_000)).token],
      ['tampered with', (id: string) => api.app.get(TokenService).issue(id).token.replace(/\.([^.]+)\./, (_, body: string) => `.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(body, 'base64url').toString()), exp: 4102444800 })).toString('base64url')}.`)],
      ['signed with another algorithm', (id: string) => jwt.sign({ sub: id, iss: 'smart-cities-exchange' }, secret(), { algorithm: 'HS512' })],
      ['unsigned (alg none)', (id: string) => jwt.sign({ sub: id, iss: 'smart-cities-exchange' }, '', { algorithm: 'none' })],
      ['signed with another secret', (id: string) => new TokenService('x'.repeat(40), 3600).issue(id).token],
      // The constant earlier versions signed with when JWT_SECRET was unset: public, so anyone could forge an admin's token.
      ['signed with the old development secret', (id: string) => new TokenService('development-only-jwt-secret-do-not-use-in-production', 3600).issue(id).token],
      ['without an expiry', (id: string) => jwt.sign({ sub: id }, secret(), { algorithm: 'HS256', issuer: 'smart-cities-exchange' })],
      ['valid for 100 years', (id: string) => jwt.sign({ sub: id }, secret(), { algorithm: 'HS256', issuer: 'smart-cities-exchange', expiresIn: '36500d' })],
    ])('refuses a token that is %s with UNAUTHENTICATED, even on a public query, and stores nothing', async (_, forge) => {
      const { accountId } = await signUp(url, 'Token Owner');
      const before = await logLength();
      const client = api.as(forge(accountId));
      expect(codesOf(await client.graphql(ME))).toEqual(['UNAUTHENTICATED']);
      expect(codesOf(await client.graphql(REGISTER_ORGANISATION, { input: anOrganisation() }))).toEqual(['UNAUTHENTICATED']);
      expect(await logLength()).toBe(before);
    });

    it('refuses a malformed Authorization header', async () => {
      expect(codesOf(await api.graphql(ME, {}, { authorization: 'Basic dXNlcjpwYXNz' }))).toEqual(['UNAUTHENTICATED']);
    });
  });

  describe('API keys', () => {
    const CREATE_KEY = `mutation($name: String!) { createApiKey(name: $name) { key apiKey { id name revokedAt } } }`;
    const MY_KEYS = `{ myApiKeys { id name createdAt revokedAt } }`;
    const REVOKE_KEY = `mutation($id: ID!) { revokeApiKey(id: $id) { apiKey { id revokedAt } position } }`;

    it('creates a key shown once, which then acts as its account and is named in the history, until revoked', async () => {
      const owner = await signUp(url, 'Integration Owner');
      const created = await api.as(owner.token).graphql(CREATE_KEY, { name: 'open data portal sync' });
      const { key, apiKey } = created.data.createApiKey;
      expect(key).toMatch(/^sce_[0-9a-f-]{36}_[\w-]{43}$/);
      const listed = await api.as(owner.token).graphql(MY_KEYS);
      expect(listed.data.myApiKeys).toEqual([{ id: apiKey.id, name: 'open data portal sync', createdAt: expect.any(String), revokedAt: null }]);
      expect(JSON.stringify(listed)).not.toContain(key.slice(-43));

      const viaKey = (query: string, variables: Record<string, unknown> = {}) => api.graphql(query, variables, { authorization: `ApiKey ${key}` });
      expect((await viaKey(ME)).data.me.id).toBe(owner.accountId);
      const registered = await viaKey(REGISTER_ORGANISATION, { input: anOrganisation({ name: 'Registered by a partner system' }) });
      const history = await api.graphql(`query($id: ID!) { organisation(id: $id) { history { edges { node { actorId apiKeyId } } } } }`, { id: registered.data.registerOrganisation.organisation.id });
      expect(history.data.organisation.history.edges[0].node).toEqual({ actorId: owner.accountId, apiKeyId: apiKey.id });

      const other = await signUp(url, 'Someone Else');
      expect(codesOf(await api.as(other.token).graphql(REVOKE_KEY, { id: apiKey.id }))).toEqual(['NOT_FOUND']);
      expect((await api.as(owner.token).graphql(REVOKE_KEY, { id: apiKey.id })).data.revokeApiKey.apiKey.revokedAt).toEqual(expect.any(String));
      expect(codesOf(await viaKey(ME))).toEqual(['UNAUTHENTICATED']);
      expect(codesOf(await api.graphql(ME, {}, { authorization: `ApiKey ${key.slice(0, -1)}x` }))).toEqual(['UNAUTHENTICATED']);
    });

    it('needs a signed-in account to create one', async () => {
      expect(codesOf(await api.graphql(CREATE_KEY, { name: 'anonymous key' }))).toEqual(['UNAUTHENTICATED']);
    });

    it('cannot be made, nor revoked, by an API key: that needs the person', async () => {
      const owner = await signUp(url, 'Key Maker');
      const { key, apiKey } = (await api.as(owner.token).graphql(CREATE_KEY, { name: 'first' })).data.createApiKey;
      const viaKey = (query: string, variables: Record<string, unknown> = {}) => api.graphql(query, variables, { authorization: `ApiKey ${key}` });
      expect(codesOf(await viaKey(CREATE_KEY, { name: 'made by a key' }))).toEqual(['FORBIDDEN']);
      expect(codesOf(await viaKey(REVOKE_KEY, { id: apiKey.id }))).toEqual(['FORBIDDEN']);
      expect((await api.as(owner.token).graphql(MY_KEYS)).data.myApiKeys).toHaveLength(1);
    });

    it('refuses a resent createApiKey (same idempotency key) instead of replacing the secret already handed out', async () => {
      const owner = await signUp(url, 'Retrying Integrator');
      const create = `mutation($name: String!, $key: String) { createApiKey(name: $name, idempotencyKey: $key) { key apiKey { id } } }`;
      const first = (await api.as(owner.token).graphql(create, { name: 'sync', key: 'retry-1' })).data.createApiKey;
      const resent = await api.as(owner.token).graphql(create, { name: 'sync', key: 'retry-1' });
      expect(codesOf(resent)).toEqual(['CONFLICT']);
      expect(resent.errors![0].extensions).toMatchObject({ reason: 'API_KEY_ALREADY_CREATED', apiKeyId: first.apiKey.id });
      expect((await api.graphql(ME, {}, { authorization: `ApiKey ${first.key}` })).data.me.id).toBe(owner.accountId);
    });

    it('stops working when revoked even if recording the revocation then fails', async () => {
      const owner = await signUp(url, 'Revoking Owner');
      const { key, apiKey } = (await api.as(owner.token).graphql(CREATE_KEY, { name: 'to revoke' })).data.createApiKey;
      const real = api.app.get(ApiKeysService);
      const failingLog = new ApiKeysService(api.app.get(READ_MODELS), api.app.get(WRITE_GATE), async () => {
        throw new Error('the log is unavailable');
      });
      await expect(failingLog.revoke(owner.accountId, apiKey.id, { now: new Date(), actorId: owner.accountId, correlationId: 'test' })).rejects.toThrow('the log is unavailable');
      await expect(real.authenticate(key)).rejects.toThrow(/revoked/);
      // A retry records what history missed.
      expect((await api.as(owner.token).graphql(REVOKE_KEY, { id: apiKey.id })).data.revokeApiKey.apiKey.revokedAt).toEqual(expect.any(String));
      const events = await api.app.get<EventStore>(EVENT_STORE).readStream(`account-${owner.accountId}`);
      expect(events.map((event) => event.type)).toContain('ApiKeyRevoked');
    });

    it('keeps the key name, which a person typed, out of the log', async () => {
      const owner = await signUp(url, 'Key Namer');
      await api.as(owner.token).graphql(CREATE_KEY, { name: 'Nino Beridze laptop' });
      const events = await api.app.get<EventStore>(EVENT_STORE).readAll({ after: 0, maxCount: 100_000 });
      expect(JSON.stringify(events)).not.toContain('Nino Beridze laptop');
    });
  });

  it('keeps personal data out of the event log', async () => {
    const { accountId } = await signUp(url, 'Private Person Zqx');
    const events = await api.app.get<EventStore>(EVENT_STORE).readAll({ after: 0, maxCount: 100_000 });
    const text = JSON.stringify(events);
    expect(text).toContain(accountId);
    expect(text).not.toContain('Private Person Zqx');
    expect(text).not.toContain('private.person.zqx');
  });
});
