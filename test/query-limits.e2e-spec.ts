import { OrganisationMemberRow } from '@sce/organisations';
import type { EventStore } from '@sce/event-sourcing';
import { EVENT_STORE, READ_MODELS } from '@sce/platform';
import type { DataSource } from 'typeorm';
import { describeEachProfile } from './support/profiles';
import { REGISTER_ORGANISATION, anOrganisation } from './support/organisations.graphql';
import { codesOf, createAccount, startTestApp, type TestApp } from './support/test-app';

const BIG_PAGE = `organisations(first: 100) { edges { node { id name members { accountId role } history { edges { node { type revision actorName } } } } } }`;

describeEachProfile('Query cost limit (HTTP)', (profile) => {
  let api: TestApp;

  beforeAll(async () => {
    api = await startTestApp(profile);
    const { token } = await createAccount(api, 'Registrar');
    for (let i = 0; i < 3; i++) await api.as(token).graphql(REGISTER_ORGANISATION, { input: anOrganisation({ name: `Cost org ${i}` }) });
  });
  afterAll(() => api.close());

  it('answers one large page with its members and history', async () => {
    const response = await api.graphql(`{ ${BIG_PAGE} }`);
    expect(response.errors).toBeUndefined();
    expect(response.data.organisations.edges.length).toBeGreaterThanOrEqual(3);
  });

  it('reads the members of a whole page with one query, not one per organisation', async () => {
    const db = api.app.get<DataSource>(READ_MODELS);
    const reads = jest.spyOn(db, 'getRepository');
    try {
      const response = await api.graphql(`{ organisations(first: 100) { edges { node { members { accountId } } } } }`);
      expect(response.data.organisations.edges.length).toBeGreaterThanOrEqual(3);
      expect(reads.mock.calls.filter(([entity]) => entity === OrganisationMemberRow)).toHaveLength(1);
    } finally {
      reads.mockRestore();
    }
  });

  it('reads the history pages of a whole page of organisations in one store read', async () => {
    const store = api.app.get<EventStore>(EVENT_STORE);
    const batched = jest.spyOn(store, 'readStreams');
    const single = jest.spyOn(store, 'readStream');
    try {
      const response = await api.graphql(`{ organisations(first: 100) { edges { node { id history(first: 5) { edges { node { type } } } } } } }`);
      const pages = response.data.organisations.edges;
      expect(pages.length).toBeGreaterThanOrEqual(3);
      expect(pages.every((edge: { node: { history: { edges: unknown[] } } }) => edge.node.history.edges.length > 0)).toBe(true);
      expect(batched).toHaveBeenCalledTimes(1);
      expect(single).not.toHaveBeenCalled();
    } finally {
      batched.mockRestore();
      single.mockRestore();
    }
  });

  it('refuses 40 aliases of that page before running any of it, saying what it would cost', async () => {
    const aliases = Array.from({ length: 40 }, (_, i) => `a${i}: ${BIG_PAGE}`).join('\n');
    const response = await api.graphql(`{ ${aliases} }`);
    expect(response.status).toBe(400);
    expect(codesOf(response)).toEqual(['BAD_USER_INPUT']);
    expect(response.errors![0].extensions).toMatchObject({ reason: 'QUERY_TOO_COSTLY', maximumCost: 50_000, cost: expect.any(Number) });
    expect(response.data).toBeUndefined();
  });

  it('multiplies page sizes through nested lists', async () => {
    const nested = `{ organisations(first: 100) { edges { node { partnerships(first: 100) { edges { node { members { organisationId } history(first: 100) { totalCount } } } } } } } }`;
    expect(codesOf(await api.graphql(nested))).toEqual(['BAD_USER_INPUT']);
  });

  it('prices a page size given by a variable for each request (a cached cost never hides a larger page)', async () => {
    const query = `query($n: Int!) { organisations(first: $n) { edges { node { partnerships(first: $n) { edges { node { members { organisationId } history(first: $n) { totalCount } } } } } } } }`;
    expect((await api.graphql(query, { n: 2 })).errors).toBeUndefined();
    expect(codesOf(await api.graphql(query, { n: 100 }))).toEqual(['BAD_USER_INPUT']);
    expect((await api.graphql(query, { n: 2 })).errors).toBeUndefined();
  });

  it('names the variable that does not fit its type, and the next caller of the same query text is priced and answered', async () => {
    const query = `query OneOrganisation($filter: OrganisationFilter) { organisations(first: 5, filter: $filter) { edges { node { id } } } }`;
    const bad = await api.graphql(query, { filter: { noSuchField: 1 } });
    expect(codesOf(bad)).toEqual(['BAD_USER_INPUT']);
    expect(bad.errors![0].message).toMatch(/\$filter/);
    expect(bad.errors![0].extensions?.reason).not.toBe('QUERY_TOO_COSTLY');
    const good = await api.graphql(query, {});
    expect(good.errors).toBeUndefined();
    expect(good.data.organisations.edges.length).toBeGreaterThanOrEqual(3);
  });

  it('prices each request again when a directive variable decides which fields run (a cached cost never hides the larger variant)', async () => {
    const aliases = Array.from({ length: 40 }, (_, i) => `a${i}: ${BIG_PAGE}`).join('\n');
    const query = `query($all: Boolean!) { few: organisations(first: 1) { edges { node { id } } } ... @include(if: $all) { ${aliases} } }`;
    expect((await api.graphql(query, { all: false })).errors).toBeUndefined();
    expect(codesOf(await api.graphql(query, { all: true }))).toEqual(['BAD_USER_INPUT']);
  });

  it('refuses thousands of aliased introspections', async () => {
    const aliases = Array.from({ length: 5000 }, (_, i) => `s${i}: __schema { queryType { name } }`).join('\n');
    const response = await api.graphql(`{ ${aliases} }`);
    expect(codesOf(response)).toEqual(['BAD_USER_INPUT']);
    expect(JSON.stringify(response).length).toBeLessThan(10_000);
  });

  it('still serves the introspection a GraphQL IDE sends', async () => {
    const response = await api.graphql(`{ __schema { types { name fields { name args { name } type { name kind ofType { name kind } } } } } }`);
    expect(response.errors).toBeUndefined();
  });
});
