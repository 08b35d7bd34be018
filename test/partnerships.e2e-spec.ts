import { describeEachProfile } from './support/profiles';
import { REGISTER_ORGANISATION, anOrganisation } from './support/organisations.graphql';
import { codesOf, signUp, startTestApp, type TestApp } from './support/test-app';

const FIELDS = `id title status leadOrganisationId sectors countries startsOn endsOn revision members { organisationId role status }`;
const PROPOSE = `mutation($input: ProposePartnershipInput!) { proposePartnership(input: $input) { partnership { ${FIELDS} } position } }`;
const INVITE = `mutation($input: InvitePartnerInput!) { invitePartner(input: $input) { partnership { ${FIELDS} } position } }`;
const RESPOND = `mutation($input: RespondToInvitationInput!) { respondToPartnershipInvitation(input: $input) { partnership { ${FIELDS} } position } }`;
const ACTIVATE = `mutation($partnershipId: ID!) { activatePartnership(partnershipId: $partnershipId) { partnership { status } position } }`;
const COMPLETE = `mutation($partnershipId: ID!) { completePartnership(partnershipId: $partnershipId) { partnership { status } position } }`;
const LEAVE = `mutation($partnershipId: ID!, $organisationId: ID!) { leavePartnership(partnershipId: $partnershipId, organisationId: $organisationId) { partnership { ${FIELDS} } position } }`;
const LIST = `query($filter: PartnershipFilterInput) { partnerships(first: 50, filter: $filter) { totalCount edges { node { id title } } } }`;
const GRAPH = `query($organisationId: ID!, $depth: Int, $atLeast: String) { partnershipGraph(organisationId: $organisationId, depth: $depth, consistency: { atLeast: $atLeast }) { organisationId name depth partnershipIds } }`;

const plan = (leadOrganisationId: string, overrides: Record<string, unknown> = {}) => ({
  leadOrganisationId,
  title: 'Clean buses for Almaty',
  objectives: 'Replace 100 diesel buses with electric ones by 2027',
  sectors: ['TRANSPORT', 'AIR_QUALITY'],
  countries: ['KZ'],
  startsOn: '2026-01-01',
  endsOn: '2027-12-31',
  ...overrides,
});

describeEachProfile('Partnerships over GraphQL (HTTP)', (profile) => {
  let api: TestApp;
  const actors: Record<string, { client: Pick<TestApp, 'graphql'>; organisationId: string }> = {};

  beforeAll(async () => {
    api = await startTestApp(profile);
    const url = `${api.baseUrl}/graphql`;
    for (const [who, name, type] of [
      ['city', 'Almaty Akimat', 'MUNICIPALITY'],
      ['bank', 'Regional Development Bank', 'INTERNATIONAL_ORGANISATION'],
      ['uni', 'Satbayev University', 'ACADEMIA'],
    ]) {
      const client = api.as((await signUp(url, `${who} owner`)).token);
      const organisation = await client.graphql(REGISTER_ORGANISATION, { input: anOrganisation({ name, type }) });
      actors[who] = { client, organisationId: organisation.data.registerOrganisation.organisation.id };
    }
    actors.outsider = { client: api.as((await signUp(url, 'outsider')).token), organisationId: '' };
  });
  afterAll(() => api.close());

  it('runs a partnership from proposal to completion, each step by whoever acts for the right organisation', async () => {
    const { city, bank, outsider } = actors;
    expect(codesOf(await outsider.client.graphql(PROPOSE, { input: plan(city.organisationId) }))).toEqual(['FORBIDDEN']);

    const proposed = (await city.client.graphql(PROPOSE, { input: plan(city.organisationId) })).data.proposePartnership.partnership;
    expect(proposed).toMatchObject({ status: 'PROPOSED', sectors: ['TRANSPORT', 'AIR_QUALITY'], countries: ['KZ'], members: [{ organisationId: city.organisationId, role: 'LEAD', status: 'MEMBER' }] });
    const id = proposed.id;

    expect(codesOf(await bank.client.graphql(INVITE, { input: { partnershipId: id, organisationId: bank.organisationId, role: 'FUNDER' } }))).toEqual(['FORBIDDEN']);
    const invited = (await city.client.graphql(INVITE, { input: { partnershipId: id, organisationId: bank.organisationId, role: 'FUNDER' } })).data.invitePartner.partnership;
    expect(invited.members).toContainEqual({ organisationId: bank.organisationId, role: 'FUNDER', status: 'INVITED' });
    expect(codesOf(await city.client.graphql(ACTIVATE, { partnershipId: id }))).toEqual(['CONFLICT']);

    const respond = { partnershipId: id, organisationId: bank.organisationId, accept: true };
    expect(codesOf(await city.client.graphql(RESPOND, { input: respond }))).toEqual(['FORBIDDEN']);
    expect((await bank.client.graphql(RESPOND, { input: respond })).data.respondToPartnershipInvitation.partnership.members).toContainEqual({ organisationId: bank.organisationId, role: 'FUNDER', status: 'MEMBER' });
    expect(codesOf(await bank.client.graphql(RESPOND, { input: respond }))).toEqual(['CONFLICT']);

    expect((await city.client.graphql(ACTIVATE, { partnershipId: id })).data.activatePartnership.partnership.status).toBe('ACTIVE');
    expect(codesOf(await city.client.graphql(LEAVE, { partnershipId: id, organisationId: city.organisationId }))).toEqual(['CONFLICT']);
    expect((await city.client.graphql(COMPLETE, { partnershipId: id })).data.completePartnership.partnership.status).toBe('COMPLETED');
    expect(codesOf(await city.client.graphql(INVITE, { input: { partnershipId: id, organisationId: bank.organisationId, role: 'PARTNER' } }))).toEqual(['CONFLICT']);

    const history = await api.graphql(`query($id: ID!) { partnership(partnershipId: $id) { history { edges { node { type actorName } } } } }`, { id });
    expect(history.data.partnership.history.edges.map((edge: any) => edge.node.type)).toEqual([
      'PartnershipProposed',
      'PartnerInvited',
      'PartnerInvitationAccepted',
      'PartnershipActivated',
      'PartnershipCompleted',
    ]);
  });

  it('filters partnerships, lists them on the organisation, and walks the partnership graph to depth 2', async () => {
    const { city, bank, uni } = actors;
    let position: string | undefined;
    const join = async (lead: typeof city, partner: typeof city, overrides: Record<string, unknown>) => {
      const id = (await lead.client.graphql(PROPOSE, { input: plan(lead.organisationId, overrides) })).data.proposePartnership.partnership.id;
      await lead.client.graphql(INVITE, { input: { partnershipId: id, organisationId: partner.organisationId, role: 'PARTNER' } });
      position = (await partner.client.graphql(RESPOND, { input: { partnershipId: id, organisationId: partner.organisationId, accept: true } })).data.respondToPartnershipInvitation.position;
      return id;
    };
    const water = await join(city, bank, { title: 'Water metering Almaty', sectors: ['WATER'], countries: ['KZ', 'KG'] });
    const research = await join(bank, uni, { title: 'Green finance research', sectors: ['GOVERNANCE_AND_FINANCE'], countries: ['UZ'] });

    const titles = async (filter: Record<string, unknown>) => (await api.graphql(LIST, { filter })).data.partnerships.edges.map((edge: any) => edge.node.title).sort();
    expect(await titles({ sector: 'WATER' })).toEqual(['Water metering Almaty']);
    expect(await titles({ country: 'UZ' })).toEqual(['Green finance research']);
    expect(await titles({ organisationId: uni.organisationId })).toEqual(['Green finance research']);
    expect(await titles({ organisationId: bank.organisationId, status: 'PROPOSED' })).toEqual(['Green finance research', 'Water metering Almaty']);

    const onOrganisation = await api.graphql(`query($id: ID!) { organisation(id: $id) { partnerships { totalCount } } }`, { id: uni.organisationId });
    expect(onOrganisation.data.organisation.partnerships.totalCount).toBe(1);

    // Read as at least the last change, as a client that may land on another instance would.
    const graph = (await api.graphql(GRAPH, { organisationId: city.organisationId, depth: 2, atLeast: position })).data.partnershipGraph;
    expect(graph).toContainEqual({ organisationId: bank.organisationId, name: 'Regional Development Bank', depth: 1, partnershipIds: expect.arrayContaining([water]) });
    expect(graph).toContainEqual({ organisationId: uni.organisationId, name: 'Satbayev University', depth: 2, partnershipIds: [research] });
    const near = (await api.graphql(GRAPH, { organisationId: city.organisationId, depth: 1 })).data.partnershipGraph;
    expect(near.map((entry: any) => entry.organisationId)).toEqual([bank.organisationId]);
    expect(codesOf(await api.graphql(GRAPH, { organisationId: city.organisationId, depth: 3 }))).toEqual(['BAD_USER_INPUT']);
    // Bounded fan-out: nearest first, at most `first` (itself at most 200).
    const bounded = `query($o: ID!, $first: Int) { partnershipGraph(organisationId: $o, depth: 2, first: $first) { organisationId depth } }`;
    expect((await api.graphql(bounded, { o: city.organisationId, first: 1 })).data.partnershipGraph).toEqual([{ organisationId: bank.organisationId, depth: 1 }]);
    expect(codesOf(await api.graphql(bounded, { o: city.organisationId, first: 10_000 }))).toEqual(['BAD_USER_INPUT']);
  });

  it('stores country codes in one spelling, "tj" as TJ, and finds them by any spelling on every profile', async () => {
    const { city } = actors;
    const proposed = await city.client.graphql(PROPOSE, { input: plan(city.organisationId, { title: 'Dushanbe district heating', sectors: ['ENERGY'], countries: ['tj', ' Tj ', 'kg'] }) });
    expect(proposed.errors).toBeUndefined();
    expect(proposed.data.proposePartnership.partnership.countries).toEqual(['TJ', 'KG']);

    const found = async (country: string) => (await api.graphql(LIST, { filter: { country } })).data.partnerships.edges.map((edge: any) => edge.node.title);
    for (const spelling of ['tj', 'TJ', ' Tj ']) expect(await found(spelling)).toEqual(['Dushanbe district heating']);
    expect(await found('kg')).toContain('Dushanbe district heating');
    expect((await api.graphql(LIST, { filter: { country: 'tj', sector: 'ENERGY' } })).data.partnerships.totalCount).toBe(1);
    expect((await api.graphql(LIST, { filter: { country: 'tj', sector: 'WATER' } })).data.partnerships.totalCount).toBe(0);
    expect(codesOf(await api.graphql(LIST, { filter: { country: 'Tajikistan' } }))).toEqual(['BAD_USER_INPUT']);
  });

  it('refuses bad plans and unknown partners', async () => {
    const { city } = actors;
    expect(codesOf(await city.client.graphql(PROPOSE, { input: plan(city.organisationId, { endsOn: '2025-01-01' }) }))).toEqual(['BAD_USER_INPUT']);
    expect(codesOf(await city.client.graphql(PROPOSE, { input: plan(city.organisationId, { sectors: ['SPACE_TRAVEL'] }) }))).toEqual(['BAD_USER_INPUT']);
    expect(codesOf(await city.client.graphql(PROPOSE, { input: plan(city.organisationId, { countries: ['XX'] }) }))).toEqual(['BAD_USER_INPUT']);
    const id = (await city.client.graphql(PROPOSE, { input: plan(city.organisationId) })).data.proposePartnership.partnership.id;
    expect(codesOf(await city.client.graphql(INVITE, { input: { partnershipId: id, organisationId: '01890000-0000-7000-8000-0000000000bb', role: 'PARTNER' } }))).toEqual(['NOT_FOUND']);
  });
});
