import type { ProjectionRunner } from '@sce/projections';
import { EVENT_STORE, PROJECTION_RUNNER } from '@sce/platform';
import type { EventStore } from '@sce/event-sourcing';
import { describeEachProfile } from './support/profiles';
import { GET_ORGANISATION, REGISTER_ORGANISATION, UPDATE_ORGANISATION, anOrganisation } from './support/organisations.graphql';
import { SIGN_UP, codesOf, createAccount, startTestApp, type TestApp } from './support/test-app';

// On PostgreSQL two instances share one database: the primary runs the projections, the standby
// (PROJECTIONS_ENABLED=false) does not and watches the checkpoints the primary stores; a position token from
// either is honoured by both. SQLite allows one server per data directory: there the "standby" is the
// primary itself, waiting on its stored checkpoints while its projections are stopped.
describeEachProfile('Read-your-writes with position tokens, across instances where the profile has several (HTTP)', (profile) => {
  let primary: TestApp;
  let standby: TestApp;
  let token: string;
  const STANDBY_TIMEOUT_MS = 1500;
  // Instances serving one database share the secret that signs tokens.
  const JWT_SECRET = 'read-your-writes spec secret, 32+ characters long';

  beforeAll(async () => {
    // On PostgreSQL the primary's own timeout is not what is tested: long enough that a loaded machine's projection
    // lag does not turn a registration's answer into NOT_FOUND (1 s did, once, in CI beside a benchmark).
    primary = await startTestApp(profile, { JWT_SECRET, READ_YOUR_WRITES_TIMEOUT_MS: profile.name === 'postgres' ? '5000' : String(STANDBY_TIMEOUT_MS) });
    const readModels = primary.config.readModels;
    standby =
      readModels.driver === 'postgres'
        ? await startTestApp(profile, { JWT_SECRET, POSTGRES_SCHEMA: readModels.postgres.schema, PROJECTIONS_ENABLED: 'false', READ_YOUR_WRITES_TIMEOUT_MS: String(STANDBY_TIMEOUT_MS) })
        : primary;
    token = (await createAccount(primary, 'Writer')).token;
  });
  afterAll(async () => {
    if (standby !== primary) await standby?.close();
    await primary?.close();
  });

  /** Runs `work` with the primary's projections stopped; `resume` restarts them (and is done after it anyway). */
  const whilePaused = async (work: (resume: () => Promise<void>, runner: ProjectionRunner) => Promise<void>) => {
    const runner = primary.app.get<ProjectionRunner>(PROJECTION_RUNNER);
    await runner.stop();
    let resumed = false;
    const resume = async () => {
      if (resumed) return;
      resumed = true;
      await runner.start();
    };
    try {
      await work(resume, runner);
    } finally {
      await resume();
    }
  };

  it('answers a mutation on the standby once the read models its answer reads include it, and honours its token on both', async () => {
    const registered = await standby.as(token).graphql(REGISTER_ORGANISATION, { input: anOrganisation({ name: 'Written on the standby' }) });
    expect(registered.errors).toBeUndefined();
    const { organisation, position } = registered.data.registerOrganisation;
    for (const instance of [primary, standby]) {
      const read = await instance.graphql(GET_ORGANISATION, { id: organisation.id, atLeast: position });
      expect(read.errors).toBeUndefined();
      expect(read.data.organisation.name).toBe('Written on the standby');
    }
  });

  it('makes a query wait for the position, and answers UNAVAILABLE (NOT_CAUGHT_UP) when it is not reached in time', async () => {
    const registered = await primary.as(token).graphql(REGISTER_ORGANISATION, { input: anOrganisation({ name: 'Paused city', city: 'Before' }) });
    expect(registered.errors).toBeUndefined();
    const created = registered.data.registerOrganisation.organisation;
    await whilePaused(async (resume) => {
      // Past the timeout the mutation still succeeds: its answer is as the read models stood, its token is exact.
      const updated = await primary.as(token).graphql(UPDATE_ORGANISATION, { input: { id: created.id, expectedRevision: created.revision, city: 'After' } });
      expect(updated.errors).toBeUndefined();
      const { position } = updated.data.updateOrganisationProfile;

      expect((await standby.graphql(GET_ORGANISATION, { id: created.id })).data.organisation.city).toBe('Before');
      const started = Date.now();
      const late = await standby.graphql(GET_ORGANISATION, { id: created.id, atLeast: position });
      expect(codesOf(late)).toEqual(['UNAVAILABLE']);
      expect(late.errors![0].extensions).toMatchObject({ reason: 'NOT_CAUGHT_UP', atLeast: position, timeoutMs: STANDBY_TIMEOUT_MS });
      expect(Date.now() - started).toBeGreaterThanOrEqual(STANDBY_TIMEOUT_MS - 100);

      // Asked again while the projections resume: the query waits for them, then answers with the change.
      const waiting = standby.graphql(GET_ORGANISATION, { id: created.id, atLeast: position });
      await new Promise((resolve) => setTimeout(resolve, 200));
      await resume();
      const caughtUp = await waiting;
      expect(caughtUp.errors).toBeUndefined();
      expect(caughtUp.data.organisation.city).toBe('After');
    });
  });

  it('answers a registration its read models did not reach in time with UNAVAILABLE (NOT_CAUGHT_UP, saved), its id and token, not NOT_FOUND', async () => {
    await whilePaused(async (resume) => {
      const registered = await primary.as(token).graphql(REGISTER_ORGANISATION, { input: anOrganisation({ name: 'Saved while paused' }) });
      expect(codesOf(registered)).toEqual(['UNAVAILABLE']);
      const { atLeast, id, saved, reason } = registered.errors![0].extensions as Record<string, string | boolean>;
      expect({ reason, saved }).toEqual({ reason: 'NOT_CAUGHT_UP', saved: true });
      await resume();
      const read = await standby.graphql(GET_ORGANISATION, { id, atLeast });
      expect(read.errors).toBeUndefined();
      expect(read.data.organisation.name).toBe('Saved while paused');
    });
  });

  it('answers a sign-up its read models did not reach in time with UNAVAILABLE (NOT_CAUGHT_UP, saved): the account exists, and signs in once they have', async () => {
    const email = `paused.${Date.now()}@example.org`;
    await whilePaused(async (resume, runner) => {
      const signedUp = await primary.graphql(SIGN_UP, { input: { name: 'Paused Person', email, password: 'a long enough password' } });
      expect(codesOf(signedUp)).toEqual(['UNAVAILABLE']);
      expect(signedUp.errors![0].extensions).toMatchObject({ reason: 'NOT_CAUGHT_UP', saved: true, id: expect.any(String) });
      await resume();
      expect(await runner.waitFor(await primary.app.get<EventStore>(EVENT_STORE).headPosition(), 30_000)).toBe(true);
      const signedIn = await primary.graphql(`mutation In($input: SignInInput!) { signIn(input: $input) { account { id name } } }`, { input: { email, password: 'a long enough password' } });
      expect(signedIn.errors).toBeUndefined();
      expect(signedIn.data.signIn.account).toEqual({ id: signedUp.errors![0].extensions!.id, name: 'Paused Person' });
    });
  });

  it('does not make a mutation whose answer reads no read model wait for the projections', async () => {
    await whilePaused(async () => {
      const started = Date.now();
      const created = await primary.as(token).graphql(`mutation { createApiKey(name: "no wait") { apiKey { id } key position } }`);
      expect(created.errors).toBeUndefined();
      expect(created.data.createApiKey.position).toEqual(expect.any(String));
      // Well under the wait it would have made (the read-your-writes timeout), whatever a busy machine adds.
      expect(Date.now() - started).toBeLessThan(primary.config.readYourWritesTimeoutMs - 300);
    });
  });
});
