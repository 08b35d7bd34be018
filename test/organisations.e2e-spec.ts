import { describeEachProfile } from './support/profiles';
import { codesOf, signUp, startTestApp, type TestApp } from './support/test-app';
import { GET_ORGANISATION, LIST_ORGANISATIONS, REGISTER_ORGANISATION, UPDATE_ORGANISATION, anOrganisation } from './support/organisations.graphql';

describeEachProfile('Organisations over GraphQL (HTTP)', (profile) => {
  let server: TestApp;
  let api: Pick<TestApp, 'graphql'>;
  beforeAll(async () => {
    server = await startTestApp(profile, { READ_YOUR_WRITES_TIMEOUT_MS: '3000' });
    api = server.as((await signUp(`${server.baseUrl}/graphql`, 'Organisation Editor')).token);
  });
  afterAll(() => server.close());

  const register = async (input: Record<string, unknown>, key?: string) => {
    const response = await api.graphql(REGISTER_ORGANISATION, { input, key });
    expect(response.errors).toBeUndefined();
    return { ...response.data.registerOrganisation.organisation, position: response.data.registerOrganisation.position as string };
  };

  describe('registering and reading back', () => {
    it('refuses an anonymous registration with UNAUTHENTICATED', async () => {
      expect(codesOf(await server.graphql(REGISTER_ORGANISATION, { input: anOrganisation() }))).toEqual(['UNAUTHENTICATED']);
    });

    it('registers an organisation and reads it, with its history, right after the mutation', async () => {
      const created = await register(anOrganisation(), undefined);
      expect(created).toMatchObject({ name: 'City of Almaty', type: 'MUNICIPALITY', country: 'KZ', status: 'REGISTERED', revision: 1 });
      expect(created.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-/);

      const { data } = await api.graphql(GET_ORGANISATION, { id: created.id }, { 'x-correlation-id': 'trace-42' });
      expect(data.organisation).toMatchObject({ id: created.id, name: 'City of Almaty', website: 'https://almaty.gov.kz' });
      expect(data.organisation.history.totalCount).toBe(2);
      expect(data.organisation.history.edges.map((edge: any) => edge.node)).toEqual([
        expect.objectContaining({ type: 'OrganisationRegistered', revision: 0, actorId: expect.any(String) }),
        expect.objectContaining({ type: 'OrganisationMemberAdded', revision: 1 }),
      ]);
    });

    it('stores Cyrillic text as given', async () => {
      const created = await register(anOrganisation({ name: 'Акимат города Алматы', description: 'Умный город' }));
      const { data } = await api.graphql(GET_ORGANISATION, { id: created.id });
      expect(data.organisation).toMatchObject({ name: 'Акимат города Алматы', description: 'Умный город' });
    });

    it('answers null for an organisation that does not exist', async () => {
      const { data, errors } = await api.graphql(GET_ORGANISATION, { id: '01890000-0000-7000-8000-000000000000' });
      expect(errors).toBeUndefined();
      expect(data.organisation).toBeNull();
    });

    it('records the correlation id of the request in the event metadata', async () => {
      const response = await api.graphql(REGISTER_ORGANISATION, { input: anOrganisation({ name: 'Traced org' }) }, { 'x-correlation-id': 'corr-e2e-1' });
      expect(response.headers.get('x-correlation-id')).toBe('corr-e2e-1');
      const { data } = await api.graphql(GET_ORGANISATION, { id: response.data.registerOrganisation.organisation.id });
      expect(data.organisation.history.edges[0].node.correlationId).toBe('corr-e2e-1');
    });
  });

  describe('changing a profile', () => {
    it('applies a change at the current revision and shows it in the history', async () => {
      const created = await register(anOrganisation({ name: 'Tbilisi City Hall', country: 'GE', city: 'Tbilisi' }));
      const updated = await api.graphql(UPDATE_ORGANISATION, { input: { id: created.id, expectedRevision: created.revision, city: 'Batumi', website: null } });
      expect(updated.errors).toBeUndefined();
      expect(updated.data.updateOrganisationProfile.organisation).toMatchObject({ city: 'Batumi', website: null, revision: created.revision + 1 });
      expect(updated.data.updateOrganisationProfile.position).not.toBe(created.position);

      const { data } = await api.graphql(GET_ORGANISATION, { id: created.id });
      // Sorted: PostgreSQL's JSONB does not keep key order.
      expect(data.organisation.history.edges.map((edge: any) => [edge.node.type, [...edge.node.fields].sort()])).toEqual([
        ['OrganisationRegistered', expect.arrayContaining(['name', 'country'])],
        ['OrganisationMemberAdded', ['accountId', 'organisationId', 'role']],
        ['OrganisationProfileUpdated', ['city', 'website']],
      ]);
    });

    it('answers CONFLICT to a stale expected revision and changes nothing', async () => {
      const created = await register(anOrganisation({ name: 'Chisinau', country: 'MD' }));
      await api.graphql(UPDATE_ORGANISATION, { input: { id: created.id, expectedRevision: created.revision, city: 'Bălți' } });
      const stale = await api.graphql(UPDATE_ORGANISATION, { input: { id: created.id, expectedRevision: created.revision, city: 'Cahul' } });
      expect(codesOf(stale)).toEqual(['CONFLICT']);
      expect(stale.errors![0].extensions).toMatchObject({ expectedRevision: created.revision, actualRevision: created.revision + 1 });
      const { data } = await api.graphql(GET_ORGANISATION, { id: created.id });
      expect(data.organisation).toMatchObject({ city: 'Bălți', revision: created.revision + 1 });
    });

    it('answers FORBIDDEN to someone who does not act for the organisation (or for one that does not exist), changing nothing', async () => {
      const created = await register(anOrganisation({ name: 'Podgorica', country: 'ME' }));
      const outsider = server.as((await signUp(`${server.baseUrl}/graphql`, 'Outsider')).token);
      expect(codesOf(await outsider.graphql(UPDATE_ORGANISATION, { input: { id: created.id, expectedRevision: created.revision, city: 'Nikšić' } }))).toEqual(['FORBIDDEN']);
      expect(codesOf(await api.graphql(UPDATE_ORGANISATION, { input: { id: '01890000-0000-7000-8000-000000000001', expectedRevision: 0, city: 'Nowhere' } }))).toEqual(['FORBIDDEN']);
      const { data } = await api.graphql(GET_ORGANISATION, { id: created.id });
      expect(data.organisation).toMatchObject({ city: 'Almaty', revision: created.revision });
    });
  });

  describe('idempotent retries', () => {
    it('gives a resent registration with the same key the first outcome and no second organisation', async () => {
      const name = `Retried ${Date.now()}`;
      const first = await register(anOrganisation({ name, country: 'AM' }), 'retry-key-1');
      const second = await register(anOrganisation({ name, country: 'AM' }), 'retry-key-1');
      expect(second.id).toBe(first.id);
      expect(second.position).toBe(first.position);
      const { data } = await api.graphql(LIST_ORGANISATIONS, { first: 100, filter: { country: 'AM' } });
      expect(data.organisations.edges.filter((edge: any) => edge.node.name === name)).toHaveLength(1);
      const { data: one } = await api.graphql(GET_ORGANISATION, { id: first.id });
      expect(one.organisation.history.totalCount).toBe(2);
    });

    it('refuses the same key resent by the same caller with another input (CONFLICT, IDEMPOTENCY_KEY_REUSED), changing nothing', async () => {
      const first = await register(anOrganisation({ name: `Reused key ${Date.now()}`, country: 'AM' }), 'reused-key-1');
      const reused = await api.graphql(REGISTER_ORGANISATION, { input: anOrganisation({ name: 'Another organisation', country: 'AM' }), key: 'reused-key-1' });
      expect(codesOf(reused)).toEqual(['CONFLICT']);
      expect(reused.errors![0].extensions).toMatchObject({ reason: 'IDEMPOTENCY_KEY_REUSED', idempotencyKey: 'reused-key-1' });
      const { data } = await api.graphql(GET_ORGANISATION, { id: first.id });
      expect(data.organisation).toMatchObject({ name: first.name, revision: first.revision });
      expect(data.organisation.history.totalCount).toBe(2);

      // Also on an existing stream: the key of one profile change resent with another change.
      const change = { id: first.id, expectedRevision: first.revision, city: 'Gyumri' };
      expect((await api.graphql(UPDATE_ORGANISATION, { input: change, key: 'reused-key-2' })).errors).toBeUndefined();
      const resent = await api.graphql(UPDATE_ORGANISATION, { input: change, key: 'reused-key-2' });
      expect(resent.errors).toBeUndefined();
      expect(resent.data.updateOrganisationProfile.organisation).toMatchObject({ city: 'Gyumri', revision: first.revision + 1 });
      const other = await api.graphql(UPDATE_ORGANISATION, { input: { ...change, city: 'Vanadzor' }, key: 'reused-key-2' });
      expect(other.errors![0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'IDEMPOTENCY_KEY_REUSED' });
    });

    it('keeps the keys of different callers apart: the same key from another account is another change', async () => {
      const mine = await register(anOrganisation({ name: 'Mine', country: 'AM' }), 'shared-key');
      const someoneElse = server.as((await signUp(`${server.baseUrl}/graphql`, 'Someone Else')).token);
      const theirs = await someoneElse.graphql(REGISTER_ORGANISATION, { input: anOrganisation({ name: 'Theirs', country: 'AM' }), key: 'shared-key' });
      expect(theirs.errors).toBeUndefined();
      expect(theirs.data.registerOrganisation.organisation.id).not.toBe(mine.id);
    });
  });

  describe('read-your-writes with position tokens', () => {
    it('answers every mutation with an opaque position token that a later query may require', async () => {
      const created = await register(anOrganisation({ name: 'Positioned', country: 'AL' }));
      expect(created.position).toMatch(/^[A-Za-z0-9_-]+$/);
      const { data, errors } = await api.graphql(GET_ORGANISATION, { id: created.id, atLeast: created.position });
      expect(errors).toBeUndefined();
      expect(data.organisation.name).toBe('Positioned');
      const counts = await api.graphql(`query($p: String) { organisationCountsByCountry(consistency: { atLeast: $p }) { country organisations } }`, { p: created.position });
      expect(counts.data.organisationCountsByCountry).toContainEqual({ country: 'AL', organisations: 1 });
    });

    it('answers BAD_USER_INPUT to a token it did not give out', async () => {
      for (const token of ['not-a-token', Buffer.from('organisations:1').toString('base64url'), Buffer.from('position:-1').toString('base64url'), '']) {
        const response = await api.graphql(GET_ORGANISATION, { id: '01890000-0000-7000-8000-000000000000', atLeast: token });
        if (token === '') expect(response.errors).toBeUndefined();
        else expect(response.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_POSITION_TOKEN' });
      }
    });

    it('answers UNAVAILABLE (reason NOT_CAUGHT_UP) when the read models do not reach the position within the timeout', async () => {
      const ahead = Buffer.from(`position:${Number.MAX_SAFE_INTEGER}`).toString('base64url');
      const started = Date.now();
      const response = await api.graphql(LIST_ORGANISATIONS, { first: 1, atLeast: ahead });
      expect(response.errors![0].extensions).toMatchObject({ code: 'UNAVAILABLE', reason: 'NOT_CAUGHT_UP', atLeast: ahead, timeoutMs: 3000 });
      expect(Date.now() - started).toBeGreaterThanOrEqual(900);
      expect(response.data).toBeUndefined();
    });
  });

  describe('listing', () => {
    let lastPosition: string;
    beforeAll(async () => {
      for (const [name, type, country] of [
        ['Ministry of Economy of Uzbekistan', 'NATIONAL_AUTHORITY', 'UZ'],
        ['Tashkent City', 'MUNICIPALITY', 'UZ'],
        ['Samarkand City', 'MUNICIPALITY', 'UZ'],
        ['Bukhara City', 'MUNICIPALITY', 'UZ'],
        ['Westminster University Tashkent', 'ACADEMIA', 'UZ'],
      ]) {
        lastPosition = (await register(anOrganisation({ name, type, country }))).position;
      }
    });

    it('filters by country and type and pages with opaque cursors', async () => {
      const page1 = await api.graphql(LIST_ORGANISATIONS, { first: 2, filter: { country: 'UZ', type: 'MUNICIPALITY' } });
      expect(page1.data.organisations).toMatchObject({ totalCount: 3, pageInfo: { hasNextPage: true, hasPreviousPage: false } });
      expect(page1.data.organisations.edges.map((edge: any) => edge.node.name)).toEqual(['Tashkent City', 'Samarkand City']);

      const page2 = await api.graphql(LIST_ORGANISATIONS, { first: 2, after: page1.data.organisations.pageInfo.endCursor, filter: { country: 'UZ', type: 'MUNICIPALITY' } });
      expect(page2.data.organisations.edges.map((edge: any) => edge.node.name)).toEqual(['Bukhara City']);
      expect(page2.data.organisations.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    });

    it('stores a country code in one spelling, " mn" as MN, and finds it by any spelling', async () => {
      expect(await register(anOrganisation({ name: 'Ulaanbaatar City', country: ' mn' }))).toMatchObject({ country: 'MN' });
      for (const country of ['mn', 'MN', ' Mn ']) {
        const { data } = await api.graphql(LIST_ORGANISATIONS, { first: 10, filter: { country } });
        expect(data.organisations.edges.map((edge: any) => [edge.node.name, edge.node.country])).toEqual([['Ulaanbaatar City', 'MN']]);
      }
    });

    it('filters by country alone', async () => {
      const { data } = await api.graphql(LIST_ORGANISATIONS, { first: 10, filter: { country: 'UZ' } });
      expect(data.organisations.totalCount).toBe(5);
    });

    it('counts organisations per country', async () => {
      // The counts are not what a registration's answer reads, so it did not wait for them: the token does.
      const { data } = await api.graphql('query($p: String) { organisationCountsByCountry(consistency: { atLeast: $p }) { country organisations } }', { p: lastPosition });
      expect(data.organisationCountsByCountry).toContainEqual({ country: 'UZ', organisations: 5 });
      const counts = data.organisationCountsByCountry.map((row: { organisations: number }) => row.organisations);
      expect(counts).toEqual([...counts].sort((a, b) => b - a));
    });
  });

  describe('bad input', () => {
    it.each([
      ['a country that is not ISO 3166-1 alpha-2', { country: 'Kazakhstan' }, 'country'],
      ['an unassigned country code', { country: 'XX' }, 'country'],
      ['a name that is too long', { name: 'x'.repeat(201) }, 'name'],
      ['a website that is not a URL', { website: 'not a url' }, 'website'],
    ])('answers BAD_USER_INPUT to %s, naming the field, and stores nothing', async (_, overrides, field) => {
      const before = await api.graphql(LIST_ORGANISATIONS, { first: 1 });
      const response = await api.graphql(REGISTER_ORGANISATION, { input: anOrganisation(overrides) });
      expect(codesOf(response)).toEqual(['BAD_USER_INPUT']);
      expect(JSON.stringify(response.errors![0].extensions)).toContain(field);
      const after = await api.graphql(LIST_ORGANISATIONS, { first: 1 });
      expect(after.data.organisations.totalCount).toBe(before.data.organisations.totalCount);
    });

    it('answers BAD_USER_INPUT to a type outside the enum', async () => {
      expect(codesOf(await api.graphql(REGISTER_ORGANISATION, { input: anOrganisation({ type: 'PIRATES' }) }))).toEqual(['BAD_USER_INPUT']);
    });

    it('answers BAD_USER_INPUT to a page larger than 100, a foreign cursor and an id that is not a UUID', async () => {
      expect(codesOf(await api.graphql(LIST_ORGANISATIONS, { first: 500 }))).toEqual(['BAD_USER_INPUT']);
      expect(codesOf(await api.graphql(LIST_ORGANISATIONS, { first: 5, after: 'bm90LWEtY3Vyc29y' }))).toEqual(['BAD_USER_INPUT']);
      expect(codesOf(await api.graphql(GET_ORGANISATION, { id: 'not-a-uuid' }))).toEqual(['BAD_USER_INPUT']);
    });
  });
});
