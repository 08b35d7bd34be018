import { describeEachProfile } from './support/profiles';
import { codesOf, signUp, startTestApp, type TestApp } from './support/test-app';

const SIGN_IN = `mutation($input: SignInInput!) { signIn(input: $input) { token } }`;
const PASSWORD = 'a long enough password';

describeEachProfile('Sign-in throttling (HTTP)', (profile) => {
  describe('per account', () => {
    let api: TestApp;
    beforeAll(async () => {
      api = await startTestApp(profile, { SIGN_IN_FAILURES_PER_ACCOUNT: '5' });
    });
    afterAll(() => api.close());

    it('stops trying passwords after 5 failures, even the right one, and says when to come back', async () => {
      const { email } = await signUp(`${api.baseUrl}/graphql`, 'Throttled Person');
      for (let attempt = 0; attempt < 5; attempt++) expect(codesOf(await api.graphql(SIGN_IN, { input: { email, password: `wrong ${attempt}` } }))).toEqual(['UNAUTHENTICATED']);
      const blocked = await api.graphql(SIGN_IN, { input: { email, password: PASSWORD } });
      expect(codesOf(blocked)).toEqual(['TOO_MANY_REQUESTS']);
      expect(blocked.errors![0].extensions!.retryAfterSeconds).toBeGreaterThan(0);
    });

    it('answers an unregistered address exactly as a registered one', async () => {
      const email = `nobody.${Date.now()}@example.org`;
      for (let attempt = 0; attempt < 5; attempt++) expect(codesOf(await api.graphql(SIGN_IN, { input: { email, password: 'guess' } }))).toEqual(['UNAUTHENTICATED']);
      expect(codesOf(await api.graphql(SIGN_IN, { input: { email, password: 'guess' } }))).toEqual(['TOO_MANY_REQUESTS']);
    });

    it('leaves other accounts alone', async () => {
      const { email } = await signUp(`${api.baseUrl}/graphql`, 'Unaffected Person');
      expect((await api.graphql(SIGN_IN, { input: { email, password: PASSWORD } })).data.signIn.token).toEqual(expect.any(String));
    });
  });

  describe('per client address', () => {
    let api: TestApp;
    beforeAll(async () => {
      api = await startTestApp(profile, { SIGN_IN_ATTEMPTS_PER_MINUTE: '8' });
    });
    afterAll(() => api.close());

    it('counts aliased signIn fields one by one: 40 aliases with the right password cause at most the limit of hashes', async () => {
      const { email } = await createPersonDirectly(api);
      const aliases = Array.from({ length: 40 }, (_, index) => `a${index}: signIn(input: $input) { token }`).join('\n');
      const started = Date.now();
      const response = await api.graphql(`mutation($input: SignInInput!) { ${aliases} }`, { input: { email, password: PASSWORD } });
      // Mutation fields run one after another; the 9th is refused before hashing, and (signIn being non-null)
      // the refusal ends the request: nothing after it runs.
      expect(codesOf(response)).toEqual(['TOO_MANY_REQUESTS']);
      expect(response.data ?? null).toBeNull();
      expect(Date.now() - started).toBeLessThan(30_000);
      // The 8 hashes it did cost count: the address is now throttled for the rest of the minute.
      expect(codesOf(await api.graphql(SIGN_IN, { input: { email, password: PASSWORD } }))).toEqual(['TOO_MANY_REQUESTS']);
    });
  });
});

// The account for the address spec is made through the service, so its own sign-up does not use up the limit.
async function createPersonDirectly(api: TestApp): Promise<{ email: string }> {
  const { AccountsService } = await import('@sce/auth');
  const email = `alias.${Date.now()}@example.org`;
  await api.app.get(AccountsService).signUp({ name: 'Alias Person', email, password: PASSWORD }, { now: new Date(), actorId: null, correlationId: 'test-setup' });
  return { email };
}
