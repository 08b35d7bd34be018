import type { PlatformRole } from '@sce/auth';
import type { EventStore } from '@sce/event-sourcing';
import { EVENT_STORE } from '@sce/platform';
import { describeEachProfile } from './support/profiles';
import { REGISTER_ORGANISATION, anOrganisation } from './support/organisations.graphql';
import { SIGN_UP, createAccount, type GraphqlResponse, startTestApp, type TestApp } from './support/test-app';

// Every mutation x every kind of caller: allowed (the guard lets it through; the domain may still say no),
// or refused with UNAUTHENTICATED / FORBIDDEN and the log left exactly as it was.
const CALLERS = ['anonymous', 'plainUser', 'memberOfAnotherOrganisation', 'editor', 'owner', 'reviewer', 'policyAuthor', 'admin'] as const;
type Caller = (typeof CALLERS)[number];
const SIGNED_IN = CALLERS.filter((caller) => caller !== 'anonymous');

interface Fixture {
  organisationId: string;
  partnershipId: string;
  otherOrganisationId: string;
  ownerApiKeyId: string;
  throwawayAccountId: string;
}

type Need = 'organisation' | 'partnership' | 'apiKey' | 'throwaway';

interface Row {
  mutation: string;
  allowed: readonly Caller[];
  /** What the cell needs set up first, fresh for each cell. */
  needs?: Need[];
  call: (graphql: Client, fixture: Fixture, ids: Record<Caller, string>) => Promise<GraphqlResponse>;
}
type Client = (query: string, variables?: Record<string, unknown>) => Promise<GraphqlResponse>;

const PASSWORD = 'matrix password 123';
let emails = 0;
const freshEmail = () => `matrix.${Date.now()}.${++emails}@example.org`;
const plan = (leadOrganisationId: string) => ({ leadOrganisationId, title: 'Matrix partnership', objectives: 'Check who may do what', sectors: ['ENERGY'], countries: ['AM'], startsOn: '2026-01-01', endsOn: null });

const ROWS: Row[] = [
  { mutation: 'signUp', allowed: CALLERS, call: (q) => q(SIGN_UP, { input: { name: 'New Person', email: freshEmail(), password: PASSWORD } }) },
  { mutation: 'registerOrganisation', allowed: SIGNED_IN, call: (q) => q(REGISTER_ORGANISATION, { input: anOrganisation({ name: 'Matrix org' }) }) },
  {
    mutation: 'updateOrganisationProfile',
    needs: ['organisation'],
    allowed: ['editor', 'owner'],
    call: (q, f) => q(`mutation($i: UpdateOrganisationProfileInput!) { updateOrganisationProfile(input: $i) { id } }`, { i: { id: f.organisationId, expectedRevision: 2, city: 'Gyumri' } }),
  },
  {
    mutation: 'addOrganisationMember',
    needs: ['organisation'],
    allowed: ['owner'],
    call: (q, f, ids) => q(`mutation($i: OrganisationMemberInput!) { addOrganisationMember(input: $i) { id } }`, { i: { organisationId: f.organisationId, accountId: ids.plainUser, role: 'MEMBER' } }),
  },
  {
    mutation: 'changeMemberRole',
    needs: ['organisation'],
    allowed: ['owner'],
    call: (q, f, ids) => q(`mutation($i: OrganisationMemberInput!) { changeMemberRole(input: $i) { id } }`, { i: { organisationId: f.organisationId, accountId: ids.editor, role: 'MEMBER' } }),
  },
  {
    mutation: 'removeOrganisationMember',
    needs: ['organisation'],
    allowed: ['owner'],
    call: (q, f, ids) => q(`mutation($o: ID!, $a: ID!) { removeOrganisationMember(organisationId: $o, accountId: $a) { id } }`, { o: f.organisationId, a: ids.editor }),
  },
  { mutation: 'leaveOrganisation', needs: ['organisation'], allowed: ['editor', 'owner'], call: (q, f) => q(`mutation($o: ID!) { leaveOrganisation(organisationId: $o) { id } }`, { o: f.organisationId }) },
  { mutation: 'verifyOrganisation', needs: ['organisation'], allowed: ['admin'], call: (q, f) => q(`mutation($o: ID!) { verifyOrganisation(organisationId: $o) { id } }`, { o: f.organisationId }) },
  { mutation: 'suspendOrganisation', needs: ['organisation'], allowed: ['admin'], call: (q, f) => q(`mutation($o: ID!) { suspendOrganisation(organisationId: $o, reason: "matrix") { id } }`, { o: f.organisationId }) },
  { mutation: 'grantRole', allowed: ['admin'], call: (q, _, ids) => q(`mutation($a: ID!) { grantRole(accountId: $a, role: REVIEWER) { id } }`, { a: ids.plainUser }) },
  { mutation: 'revokeRole', allowed: ['admin'], call: (q, _, ids) => q(`mutation($a: ID!) { revokeRole(accountId: $a, role: REVIEWER) { id } }`, { a: ids.reviewer }) },
  { mutation: 'createApiKey', allowed: SIGNED_IN, call: (q) => q(`mutation { createApiKey(name: "matrix") { key } }`) },
  { mutation: 'revokeApiKey', needs: ['apiKey'], allowed: SIGNED_IN, call: (q, f) => q(`mutation($k: ID!) { revokeApiKey(id: $k) { id } }`, { k: f.ownerApiKeyId }) },
  {
    mutation: 'proposePartnership',
    needs: ['organisation'],
    allowed: ['editor', 'owner'],
    call: (q, f) => q(`mutation($i: ProposePartnershipInput!) { proposePartnership(input: $i) { id } }`, { i: plan(f.organisationId) }),
  },
  {
    mutation: 'invitePartner',
    needs: ['organisation', 'partnership'],
    allowed: ['editor', 'owner'],
    call: (q, f) => q(`mutation($i: InvitePartnerInput!) { invitePartner(input: $i) { id } }`, { i: { partnershipId: f.partnershipId, organisationId: f.otherOrganisationId, role: 'FUNDER' } }),
  },
  {
    mutation: 'respondToPartnershipInvitation',
    needs: ['organisation', 'partnership'],
    allowed: ['memberOfAnotherOrganisation'],
    call: (q, f) =>
      q(`mutation($i: RespondToInvitationInput!) { respondToPartnershipInvitation(input: $i) { id } }`, { i: { partnershipId: f.partnershipId, organisationId: f.otherOrganisationId, accept: true } }),
  },
  { mutation: 'activatePartnership', needs: ['organisation', 'partnership'], allowed: ['editor', 'owner'], call: (q, f) => q(`mutation($p: ID!) { activatePartnership(partnershipId: $p) { id } }`, { p: f.partnershipId }) },
  { mutation: 'completePartnership', needs: ['organisation', 'partnership'], allowed: ['editor', 'owner'], call: (q, f) => q(`mutation($p: ID!) { completePartnership(partnershipId: $p) { id } }`, { p: f.partnershipId }) },
  { mutation: 'dissolvePartnership', needs: ['organisation', 'partnership'], allowed: ['editor', 'owner'], call: (q, f) => q(`mutation($p: ID!) { dissolvePartnership(partnershipId: $p, reason: "matrix") { id } }`, { p: f.partnershipId }) },
  {
    mutation: 'leavePartnership',
    needs: ['organisation', 'partnership'],
    allowed: ['memberOfAnotherOrganisation'],
    call: (q, f) => q(`mutation($p: ID!, $o: ID!) { leavePartnership(partnershipId: $p, organisationId: $o) { id } }`, { p: f.partnershipId, o: f.otherOrganisationId }),
  },
  { mutation: 'forgetAccount', needs: ['throwaway'], allowed: ['admin'], call: (q, f) => q(`mutation($a: ID!) { forgetAccount(accountId: $a) }`, { a: f.throwawayAccountId }) },
  // Last: an allowed forgetMe erases the caller.
  { mutation: 'forgetMe', allowed: SIGNED_IN, call: (q) => q(`mutation { forgetMe }`) },
];

describeEachProfile('Authorisation matrix: every mutation x every kind of caller (HTTP)', (profile) => {
  let api: TestApp;
  const tokens = {} as Record<Caller, string | undefined>;
  const ids = {} as Record<Caller, string>;
  let otherOrganisationId: string;
  const logLength = () => api.app.get<EventStore>(EVENT_STORE).headPosition();
  const clientOf = (caller: Caller): Client => (query, variables) => (tokens[caller] ? api.as(tokens[caller]!).graphql(query, variables) : api.graphql(query, variables));

  beforeAll(async () => {
    api = await startTestApp(profile);
    const account = async (caller: Caller, roles: PlatformRole[] = []) => {
      ({ accountId: ids[caller], token: tokens[caller] } = await createAccount(api, caller, roles));
    };
    for (const caller of ['plainUser', 'memberOfAnotherOrganisation', 'editor', 'owner'] as const) await account(caller);
    await account('reviewer', ['REVIEWER']);
    await account('policyAuthor', ['POLICY_AUTHOR']);
    await account('admin', ['ADMIN']);
    ids.anonymous = '';
    otherOrganisationId = (await clientOf('memberOfAnotherOrganisation')(REGISTER_ORGANISATION, { input: anOrganisation({ name: 'Other org' }) })).data.registerOrganisation.id;
  });
  afterAll(() => api.close());

  // A fresh organisation (owner + editor), partnership (led by it, inviting the other organisation) and key for every cell.
  const freshFixture = async (needs: Need[]): Promise<Fixture> => {
    const owner = clientOf('owner');
    const fixture: Fixture = { organisationId: '', partnershipId: '', otherOrganisationId, ownerApiKeyId: '', throwawayAccountId: '' };
    if (needs.includes('organisation')) {
      fixture.organisationId = (await owner(REGISTER_ORGANISATION, { input: anOrganisation({ name: 'Target org' }) })).data.registerOrganisation.id;
      await owner(`mutation($i: OrganisationMemberInput!) { addOrganisationMember(input: $i) { id } }`, { i: { organisationId: fixture.organisationId, accountId: ids.editor, role: 'EDITOR' } });
    }
    if (needs.includes('partnership')) {
      fixture.partnershipId = (await owner(`mutation($i: ProposePartnershipInput!) { proposePartnership(input: $i) { id } }`, { i: plan(fixture.organisationId) })).data.proposePartnership.id;
      await owner(`mutation($i: InvitePartnerInput!) { invitePartner(input: $i) { id } }`, { i: { partnershipId: fixture.partnershipId, organisationId: otherOrganisationId, role: 'PARTNER' } });
    }
    if (needs.includes('apiKey')) fixture.ownerApiKeyId = (await owner(`mutation { createApiKey(name: "fixture") { apiKey { id } } }`)).data.createApiKey.apiKey.id;
    if (needs.includes('throwaway')) {
      fixture.throwawayAccountId = (await createAccount(api, 'Throwaway')).accountId;
    }
    return fixture;
  };

  it('covers every mutation of the schema', async () => {
    const { data } = await api.graphql(`{ __type(name: "Mutation") { fields { name } } }`);
    const inSchema = data.__type.fields.map((field: { name: string }) => field.name).sort();
    expect([...ROWS.map((row) => row.mutation), 'signIn'].sort()).toEqual(inSchema);
  });

  describe.each(ROWS)('$mutation', (row) => {
    it.each([...CALLERS])('as %s', async (caller) => {
      const fixture = await freshFixture(row.needs ?? []);
      const before = await logLength();
      const response = await row.call(clientOf(caller), fixture, ids);
      const codes = (response.errors ?? []).map((error) => error.extensions?.code);
      if (row.allowed.includes(caller)) {
        expect(codes).not.toContain('UNAUTHENTICATED');
        expect(codes).not.toContain('FORBIDDEN');
        expect(codes).not.toContain('INTERNAL_SERVER_ERROR');
      } else {
        expect(codes).toEqual([caller === 'anonymous' ? 'UNAUTHENTICATED' : 'FORBIDDEN']);
        expect(await logLength()).toBe(before);
      }
    });
  });
});
