import { describeEachProfile } from './support/profiles';
import { REGISTER_ORGANISATION, anOrganisation } from './support/organisations.graphql';
import { codesOf, createAccount, startTestApp, type TestApp } from './support/test-app';

const LISTS = {
  organisations: `query($after: String) { organisations(first: 2, after: $after) { totalCount edges { cursor } } }`,
  partnerships: `query($after: String) { partnerships(first: 2, after: $after) { totalCount edges { cursor } } }`,
  history: `query($id: ID!, $after: String) { organisation(id: $id) { history(first: 2, after: $after) { totalCount edges { cursor } } } }`,
};

describeEachProfile('Cursors as clients send them (HTTP)', (profile) => {
  let api: TestApp;
  let organisationId: string;

  beforeAll(async () => {
    api = await startTestApp(profile);
    const { token } = await createAccount(api, 'Pager');
    organisationId = (await api.as(token).graphql(REGISTER_ORGANISATION, { input: anOrganisation({ name: 'Paged org' }) })).data.registerOrganisation.organisation.id;
  });
  afterAll(() => api.close());

  it.each(Object.entries(LISTS))('%s: `after: null` (what Relay and Apollo send for the first page) gives the first page', async (_, query) => {
    const response = await api.graphql(query, { id: organisationId, after: null });
    expect(response.errors).toBeUndefined();
  });

  const malformed = ['!!!', 'not-a-cursor', Buffer.from('partnerships:x').toString('base64url'), Buffer.from('organisations:').toString('base64url'), Buffer.from('history:abc').toString('base64url')];
  it.each(Object.entries(LISTS))('%s: a malformed or foreign cursor is BAD_USER_INPUT, never a server error', async (list, query) => {
    for (const after of malformed) {
      if (list === 'partnerships' && after === malformed[2]) continue; // that one is a well-formed partnerships cursor
      expect(codesOf(await api.graphql(query, { id: organisationId, after }))).toEqual(['BAD_USER_INPUT']);
    }
  });
});
