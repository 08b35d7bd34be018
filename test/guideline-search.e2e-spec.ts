import { describeEachProfile } from './support/profiles';
import { DRAFT_GUIDELINE, EDIT_GUIDELINE, PUBLISH_VERSION, REQUEST_REVIEW, REVIEW_GUIDELINE, aGuideline } from './support/guidelines.graphql';
import { codesOf, createAccount, type GraphqlResponse, startTestApp, type TestApp } from './support/test-app';

type Client = Pick<TestApp, 'graphql'>;

const SEARCH = `query Search($q: String, $filter: GuidelineSearchFilterInput, $facets: [GuidelineFacet!], $sort: GuidelineSearchSort, $first: Int, $after: String, $p: String) {
  searchGuidelines(query: $q, filter: $filter, facets: $facets, sort: $sort, first: $first, after: $after, consistency: { atLeast: $p }) {
    totalCount
    pageInfo { hasNextPage endCursor }
    facets { facet values { value count } }
    edges { cursor score variant revision highlights { field snippet } node { id status } }
  }
}`;
const WITHDRAW = `mutation($g: ID!, $r: String!) { withdrawGuideline(guidelineId: $g, reason: $r) { position } }`;

describeEachProfile('Guideline search over GraphQL (HTTP)', (profile) => {
  let api: TestApp;
  let author: Client;
  let otherAuthor: Client;
  let reviewer: Client;
  let plainUser: Client;
  let anonymous: Client;
  // Where the log stands after the last change: every search waits for the index to include it.
  let position: string;
  let published: string;
  let draftOnly: string;
  let french: string;

  const ok = <T = any>(response: GraphqlResponse<T>): T => {
    expect(response.errors).toBeUndefined();
    return response.data as T;
  };
  const change = async (client: Client, query: string, variables: Record<string, unknown>) => {
    const payload = Object.values(ok(await client.graphql(query, variables)) as Record<string, { position: string; guideline?: { id: string; draft?: { sections: { sectionId: string }[] } } }>)[0];
    position = payload.position;
    return payload.guideline;
  };
  const publish = async (client: Client, guidelineId: string) => {
    await change(client, REQUEST_REVIEW, { g: guidelineId });
    await change(reviewer, REVIEW_GUIDELINE, { i: { guidelineId, decision: 'APPROVE' } });
    await change(client, PUBLISH_VERSION, { i: { guidelineId, kind: 'MAJOR', changeSummary: 'First version' } });
  };
  const search = async (client: Client, variables: Record<string, unknown>) => ok(await client.graphql(SEARCH, { p: position, ...variables })).searchGuidelines;
  const hitsOf = (result: { edges: { variant: string; revision: number; node: { id: string } }[] }) => result.edges.map((edge) => `${edge.node.id}/${edge.variant}@${edge.revision}`);
  const facet = (result: { facets: { facet: string; values: { value: string; count: number }[] }[] }, name: string) =>
    Object.fromEntries(result.facets.find((entry) => entry.facet === name)!.values.map((value) => [value.value, value.count]));

  beforeAll(async () => {
    api = await startTestApp(profile);
    author = api.as((await createAccount(api, 'Search author', ['POLICY_AUTHOR'])).token);
    otherAuthor = api.as((await createAccount(api, 'Other author', ['POLICY_AUTHOR'])).token);
    reviewer = api.as((await createAccount(api, 'Search reviewer', ['REVIEWER'])).token);
    plainUser = api.as((await createAccount(api, 'Plain user')).token);
    anonymous = api;

    const congestion = (title: string, body: string) =>
      aGuideline({ title, sectors: ['TRANSPORT'], sections: [{ heading: 'Charging zones', body }, { heading: 'Revenues', body: 'Revenues fund public transport.' }] });
    published = (await change(author, DRAFT_GUIDELINE, { input: congestion('Road pricing', 'A congestion charge on cars entering the centre pays for new tram depots.') }))!.id;
    await publish(author, published);
    draftOnly = (await change(author, DRAFT_GUIDELINE, { input: congestion('Low-emission zones', 'Congestion drops once diesel vans must stay outside.') }))!.id;
    french = (await change(otherAuthor, DRAFT_GUIDELINE, {
      input: aGuideline({ title: 'Péage urbain', summary: 'Tarification routière', language: 'fr', sectors: ['TRANSPORT', 'AIR_QUALITY'], sections: [{ heading: 'Principe', body: 'Une redevance de congestion finance les transports publics.' }] }),
    }))!.id;
    await publish(otherAuthor, french);
  });
  afterAll(() => api.close());

  it('finds a published guideline by a typo of a word of a section body, with snippets and facet counts over what the caller may see', async () => {
    const result = await search(anonymous, { q: 'congestoin', facets: ['SECTOR', 'STATUS', 'LANGUAGE'] });
    expect(hitsOf(result).sort()).toEqual([`${published}/PUBLISHED@1`, `${french}/PUBLISHED@1`].sort());
    expect(result.totalCount).toBe(2);
    expect(facet(result, 'SECTOR')).toEqual({ TRANSPORT: 2, AIR_QUALITY: 1 });
    expect(facet(result, 'STATUS')).toEqual({ PUBLISHED: 2 });
    expect(facet(result, 'LANGUAGE')).toEqual({ en: 1, fr: 1 });
    const road = result.edges.find((edge: { node: { id: string } }) => edge.node.id === published);
    expect(road.highlights).toContainEqual({ field: 'sections', snippet: expect.stringContaining('<mark>congestion</mark>') });
    expect(hitsOf(await search(anonymous, { q: 'charging zones' }))).toEqual([`${published}/PUBLISHED@1`]);
    expect(hitsOf(await search(anonymous, { q: 'congestion', filter: { languages: ['FR'] } }))).toEqual([`${french}/PUBLISHED@1`]);
  });

  it('never shows a draft to anonymous callers, signed-in strangers or other authors; its author and reviewers find it', async () => {
    for (const client of [anonymous, plainUser, otherAuthor]) {
      const result = await search(client, { q: 'diesel', facets: ['STATUS'] });
      expect(result.totalCount).toBe(0);
      expect(result.facets).toEqual([{ facet: 'STATUS', values: [] }]);
      expect(hitsOf(await search(client, { q: 'congestion' }))).not.toContainEqual(expect.stringContaining(draftOnly));
    }
    expect(hitsOf(await search(author, { q: 'diesel' }))).toEqual([`${draftOnly}/WORKING@1`]);
    expect(hitsOf(await search(reviewer, { q: 'diesel' }))).toEqual([`${draftOnly}/WORKING@1`]);
    const authorsView = await search(author, { q: 'congestion', facets: ['STATUS'] });
    expect(authorsView.totalCount).toBe(3);
    expect(facet(authorsView, 'STATUS')).toEqual({ PUBLISHED: 2, DRAFT: 1 });
  });

  it('keeps the published text for the public after an edit; the author searches the edited working text', async () => {
    const sectionId = ok(await author.graphql(`query($g: ID!) { guideline(id: $g) { draft { sections { sectionId } } } }`, { g: published })).guideline.draft.sections[0].sectionId;
    await change(author, EDIT_GUIDELINE, { input: { guidelineId: published, expectedRevision: 1, changeNote: 'Buses, not trams', changes: [{ kind: 'EDIT', sectionId, body: 'A congestion charge on cars entering the centre pays for bus lanes.' }] } });
    expect(hitsOf(await search(anonymous, { q: 'depots' }))).toEqual([`${published}/PUBLISHED@1`]);
    expect((await search(anonymous, { q: 'lanes' })).totalCount).toBe(0);
    expect(hitsOf(await search(author, { q: 'lanes' }))).toEqual([`${published}/WORKING@2`]);
    expect((await search(author, { q: 'depots' })).totalCount).toBe(0);
    expect(hitsOf(await search(otherAuthor, { q: 'depots' }))).toEqual([`${published}/PUBLISHED@1`]);
  });

  it('keeps a withdrawn guideline findable with its last published text and the status WITHDRAWN, which a filter leaves out', async () => {
    position = ok(await otherAuthor.graphql(WITHDRAW, { g: french, r: 'Replaced by national law' })).withdrawGuideline.position;
    const all = await search(anonymous, { q: 'congestion', facets: ['STATUS'] });
    expect(hitsOf(all)).toContain(`${french}/PUBLISHED@1`);
    expect(facet(all, 'STATUS')).toEqual({ PUBLISHED: 1, WITHDRAWN: 1 });
    expect(all.edges.find((edge: { node: { id: string } }) => edge.node.id === french).node.status).toBe('WITHDRAWN');
    expect(hitsOf(await search(anonymous, { q: 'congestion', filter: { statuses: ['PUBLISHED'] } }))).toEqual([`${published}/PUBLISHED@1`]);
  });

  it('pages with first and after, and refuses bad input with BAD_USER_INPUT', async () => {
    const first = await search(author, { q: 'congestion', first: 1, sort: 'NEWEST' });
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = await search(author, { q: 'congestion', first: 1, after: first.pageInfo.endCursor, sort: 'NEWEST' });
    expect(second.edges).toHaveLength(1);
    expect(second.edges[0].node.id).not.toBe(first.edges[0].node.id);
    for (const variables of [{ first: 0 }, { after: 'not-a-cursor' }, { q: 'x'.repeat(501) }, { filter: { statuses: ['LOST'] } }]) {
      expect(codesOf(await author.graphql(SEARCH, variables))).toEqual(['BAD_USER_INPUT']);
    }
  });
});
