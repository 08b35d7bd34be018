import { describeEachProfile } from './support/profiles';
import { REGISTER_ORGANISATION, UPDATE_ORGANISATION, anOrganisation } from './support/organisations.graphql';
import { ARCHIVE_CASE_STUDY, DRAFT_CASE_STUDY, REVIEW_CASE_STUDY, REVISE_CASE_STUDY, SUBMIT_CASE_STUDY, aCaseStudy } from './support/case-studies.graphql';
import { codesOf, createAccount, type GraphqlResponse, startTestApp, type TestApp } from './support/test-app';

type Client = Pick<TestApp, 'graphql'>;

const SEARCH = `query Search($q: String, $filter: CaseStudySearchFilterInput, $facets: [CaseStudyFacet!], $sort: CaseStudySearchSort, $first: Int, $after: String, $subs: Boolean, $p: String) {
  searchCaseStudies(query: $q, filter: $filter, facets: $facets, sort: $sort, first: $first, after: $after, includeSubmissions: $subs, consistency: { atLeast: $p }) {
    totalCount
    matchedAllWords
    pageInfo { hasNextPage endCursor }
    facets { facet values { value count } }
    edges { cursor score variant highlights { field snippet } node { id status published { title summary } } }
  }
}`;
const SIMILAR = `query Similar($id: ID!, $p: String) { similarCaseStudies(id: $id, first: 5, consistency: { atLeast: $p }) { score caseStudy { id } reasons { kind detail } } }`;

describeEachProfile('Case-study search over GraphQL (HTTP)', (profile) => {
  let api: TestApp;
  let owner: Client;
  let reviewer: Client;
  let organisationId: string;
  // Where the log stands after the last change: every search below waits for the index to include it.
  let position: string;
  let retrofit: string;
  let tram: string;
  let draftOnly: string;

  const ok = <T = any>(response: GraphqlResponse<T>): T => {
    expect(response.errors).toBeUndefined();
    return response.data as T;
  };
  const change = async (client: Client, query: string, variables: Record<string, unknown>) => {
    const data = ok(await client.graphql(query, variables));
    const payload = Object.values(data as Record<string, { position: string; caseStudy: { id: string; revision: number } }>)[0];
    position = payload.position;
    return payload.caseStudy;
  };
  const search = async (client: Client, variables: Record<string, unknown>) => ok(await client.graphql(SEARCH, { p: position, ...variables })).searchCaseStudies;
  const idsOf = (result: { edges: { node: { id: string } }[] }) => result.edges.map((edge) => edge.node.id);
  const facet = (result: { facets: { facet: string; values: { value: string; count: number }[] }[] }, name: string) =>
    Object.fromEntries(result.facets.find((entry) => entry.facet === name)!.values.map((value) => [value.value, value.count]));

  beforeAll(async () => {
    api = await startTestApp(profile);
    const ownerAccount = await createAccount(api, 'Search owner');
    owner = api.as(ownerAccount.token);
    reviewer = api.as((await createAccount(api, 'Search reviewer', ['REVIEWER'])).token);
    organisationId = ok(await owner.graphql(REGISTER_ORGANISATION, { input: anOrganisation({ name: 'Tbilisi City Hall' }) })).registerOrganisation.organisation.id;

    // Draft -> request changes -> revise -> approve.
    retrofit = (await change(owner, DRAFT_CASE_STUDY, { input: aCaseStudy(organisationId) })).id;
    await change(owner, SUBMIT_CASE_STUDY, { id: retrofit });
    await change(reviewer, REVIEW_CASE_STUDY, { input: { caseStudyId: retrofit, decision: 'REQUEST_CHANGES', comments: [{ field: 'title', comment: 'Say how many blocks' }] } });
    await change(owner, REVISE_CASE_STUDY, { input: { id: retrofit, expectedRevision: 2, changeNote: 'Blocks counted', title: 'Retrofitting 40 Soviet-era apartment blocks' } });
    await change(owner, SUBMIT_CASE_STUDY, { id: retrofit });
    await change(reviewer, REVIEW_CASE_STUDY, { input: { caseStudyId: retrofit, decision: 'APPROVE' } });

    // A second published case study, in French, sharing the ENERGY sector and the city size, cheaper and newer.
    tram = (
      await change(
        owner,
        DRAFT_CASE_STUDY,
        {
          input: aCaseStudy(organisationId, {
            title: 'Tramway électrique et rénovation des dépôts',
            summary: 'Un réseau de tramways alimenté par énergie solaire',
            body: 'Les tramways circulent depuis 2022.',
            city: 'Lyon',
            country: 'FR',
            sectors: ['TRANSPORT', 'ENERGY'],
            sdgTargets: ['11.2'],
            period: { fromYear: 2021, toYear: 2024 },
            cost: { amount: 30000000, currency: 'EUR' },
            outcomes: [],
            language: 'fr',
          }),
        },
      )
    ).id;
    await change(owner, SUBMIT_CASE_STUDY, { id: tram });
    await change(reviewer, REVIEW_CASE_STUDY, { input: { caseStudyId: tram, decision: 'APPROVE' } });

    // A draft never submitted, with a word nobody else uses.
    draftOnly = (await change(owner, DRAFT_CASE_STUDY, { input: aCaseStudy(organisationId, { title: 'Zanzibarium secret pilot', summary: 'Not for the public yet' }) })).id;
  });
  afterAll(() => api.close());

  it('finds the approved case study by a typo, with the right facet counts and highlights', async () => {
    const result = await search(api, { q: 'retrofiting', facets: ['SECTOR', 'COUNTRY', 'REGION', 'LANGUAGE', 'SDG_TARGET'] });
    expect(idsOf(result)).toEqual([retrofit]);
    expect(result.totalCount).toBe(1);
    expect(result.edges[0]).toMatchObject({ variant: 'PUBLISHED', node: { id: retrofit, status: 'PUBLISHED', published: { title: 'Retrofitting 40 Soviet-era apartment blocks' } } });
    expect(result.edges[0].highlights).toContainEqual({ field: 'title', snippet: expect.stringContaining('<mark>Retrofitting</mark>') });
    expect(facet(result, 'SECTOR')).toEqual({ HOUSING: 1, ENERGY: 1 });
    expect(facet(result, 'COUNTRY')).toEqual({ GE: 1 });
    expect(facet(result, 'REGION')).toEqual({ CAUCASUS: 1 });
    expect(facet(result, 'LANGUAGE')).toEqual({ en: 1 });
    // Both published case studies, counted over every match.
    expect(facet(await search(api, { facets: ['SECTOR'] }), 'SECTOR')).toEqual({ ENERGY: 2, HOUSING: 1, TRANSPORT: 1 });
  });

  it('drops the last query words, as Meilisearch does, when no case study holds them all, and says so', async () => {
    expect(await search(api, { q: 'retrofitting' })).toMatchObject({ totalCount: 1, matchedAllWords: true });
    const some = await search(api, { q: 'retrofitting quokkaville wombatown' });
    expect(some).toMatchObject({ totalCount: 1, matchedAllWords: false });
    expect(idsOf(some)).toEqual([retrofit]);
    // The first word decides: it is never dropped.
    expect(await search(api, { q: 'quokkaville retrofitting' })).toMatchObject({ totalCount: 0, matchedAllWords: false });
    expect(await search(api, { q: 'quokkaville' })).toMatchObject({ totalCount: 0, matchedAllWords: true });
  });

  it('never finds nor shows a draft to an anonymous caller, nor to anyone without includeSubmissions', async () => {
    expect((await search(api, { q: 'zanzibarium' })).totalCount).toBe(0);
    expect((await search(reviewer, { q: 'zanzibarium' })).totalCount).toBe(0);
    // Not submitted: not even a reviewer's search of submissions holds it.
    expect((await search(reviewer, { q: 'zanzibarium', subs: true })).totalCount).toBe(0);
    expect(ok(await api.graphql(`query($id: ID!) { caseStudy(id: $id) { id } }`, { id: draftOnly })).caseStudy).toBeNull();
    expect(idsOf(await search(api, { first: 100 }))).not.toContain(draftOnly);
  });

  it('filters and sorts through GraphQL, and pages with cursors', async () => {
    expect(idsOf(await search(api, { filter: { countries: ['FR'] } }))).toEqual([tram]);
    expect(idsOf(await search(api, { filter: { regions: ['CAUCASUS'] } }))).toEqual([retrofit]);
    expect(idsOf(await search(api, { filter: { sectors: ['TRANSPORT'], languages: ['fr'] } }))).toEqual([tram]);
    expect(idsOf(await search(api, { filter: { sdgTargets: ['11.1'] } }))).toEqual([retrofit]);
    expect(idsOf(await search(api, { filter: { kpiCodes: ['EN: E: E: 1C'] } }))).toEqual([retrofit]);
    expect(idsOf(await search(api, { filter: { years: { from: 2024 } } }))).toEqual([tram]);
    expect(idsOf(await search(api, { filter: { cost: { max: 1000000, currency: 'EUR' } } }))).toEqual([tram]);
    expect(idsOf(await search(api, { filter: { organisationIds: [organisationId], organisationTypes: ['MUNICIPALITY'], citySizes: ['METROPOLITAN'], incomeLevels: ['UPPER_MIDDLE'] }, sort: 'COST_ASC' }))).toEqual([tram, retrofit]);
    expect(idsOf(await search(api, { sort: 'COST_DESC' }))).toEqual([retrofit, tram]);
    expect(idsOf(await search(api, { sort: 'NEWEST' }))).toEqual([tram, retrofit]);
    const first = await search(api, { sort: 'NEWEST', first: 1 });
    expect(first).toMatchObject({ totalCount: 2, pageInfo: { hasNextPage: true } });
    const second = await search(api, { sort: 'NEWEST', first: 1, after: first.pageInfo.endCursor });
    expect(idsOf(second)).toEqual([retrofit]);
    expect(second.pageInfo.hasNextPage).toBe(false);
  });

  it('similarCaseStudies explains why each case study was chosen', async () => {
    const similar = ok(await api.graphql(SIMILAR, { id: retrofit, p: position })).similarCaseStudies;
    expect(similar.map((entry: { caseStudy: { id: string } }) => entry.caseStudy.id)).toEqual([tram]);
    expect(similar[0].reasons).toEqual(
      expect.arrayContaining([
        { kind: 'SAME_SECTOR', detail: 'ENERGY' },
        { kind: 'SAME_CITY_SIZE', detail: 'METROPOLITAN' },
        { kind: 'SAME_INCOME_LEVEL', detail: 'UPPER_MIDDLE' },
      ]),
    );
    expect(similar[0].reasons).not.toContainEqual(expect.objectContaining({ kind: 'SAME_REGION' }));
    // A draft is no starting point for a caller who may not see it.
    expect(ok(await api.graphql(SIMILAR, { id: draftOnly, p: position })).similarCaseStudies).toEqual([]);
  });

  it('refuses bad input with BAD_USER_INPUT, and submissions to anyone but reviewers and admins', async () => {
    for (const variables of [{ first: 500 }, { first: 0 }, { q: 'x'.repeat(501) }, { filter: { countries: ['FRA'] } }, { filter: { years: { from: 1500 } } }, { after: 'not-a-cursor' }, { filter: { cost: { max: -1, currency: 'EUR' } } }]) {
      expect(codesOf(await api.graphql(SEARCH, variables))).toEqual(['BAD_USER_INPUT']);
    }
    expect(codesOf(await api.graphql(SIMILAR, { id: 'nope' }))).toEqual(['BAD_USER_INPUT']);
    expect(codesOf(await api.graphql(SEARCH, { subs: true }))).toEqual(['FORBIDDEN']);
    expect(codesOf(await owner.graphql(SEARCH, { subs: true }))).toEqual(['FORBIDDEN']);
  });

  it('keeps the published text in search while a revision is under review, then removes it all on archive', async () => {
    const published = await change(owner, REVISE_CASE_STUDY, {
      input: { id: retrofit, expectedRevision: 5, changeNote: 'Solar', summary: 'Deep energy renovation of 40 blocks, now with photovoltaic roofs' },
    });
    expect(published.id).toBe(retrofit);
    await change(owner, SUBMIT_CASE_STUDY, { id: retrofit });
    // The public still finds the published text, and not the revision's new words.
    expect(idsOf(await search(api, { q: 'retrofitting' }))).toEqual([retrofit]);
    expect((await search(api, { q: 'photovoltaic' })).totalCount).toBe(0);
    // A reviewer searching submissions finds the revision under review.
    const inReview = await search(reviewer, { q: 'photovoltaic', subs: true });
    expect(inReview.edges).toEqual([expect.objectContaining({ variant: 'IN_REVIEW', node: expect.objectContaining({ id: retrofit }) })]);

    await change(owner, ARCHIVE_CASE_STUDY, { id: retrofit, reason: 'Superseded' });
    expect((await search(api, { q: 'retrofitting' })).totalCount).toBe(0);
    expect((await search(reviewer, { q: 'retrofitting', subs: true })).totalCount).toBe(0);
    expect(idsOf(await search(api, { first: 100 }))).toEqual([tram]);
  });

  it("follows an organisation's new type: its case studies are found by the new type, not the old one", async () => {
    const { revision } = ok(await api.graphql('query($id: ID!) { organisation(id: $id) { revision } }', { id: organisationId })).organisation;
    const updated = ok(await owner.graphql(UPDATE_ORGANISATION, { input: { id: organisationId, expectedRevision: revision, type: 'NGO' } })).updateOrganisationProfile;
    position = updated.position;
    expect(idsOf(await search(api, { filter: { organisationTypes: ['NGO'] } }))).toEqual([tram]);
    expect((await search(api, { filter: { organisationTypes: ['MUNICIPALITY'] } })).totalCount).toBe(0);
    expect(facet(await search(api, { facets: ['ORGANISATION_TYPE'] }), 'ORGANISATION_TYPE')).toEqual({ NGO: 1 });
  });
});
