import { describeEachProfile } from './support/profiles';
import { ORGANISATION_FIELDS, REGISTER_ORGANISATION, UPDATE_ORGANISATION, anOrganisation } from './support/organisations.graphql';
import { codesOf, createAccount, signUp, startTestApp, type TestApp } from './support/test-app';

const WITH_MEMBERS = `${ORGANISATION_FIELDS} members { accountId role }`;
const ADD = `mutation($input: OrganisationMemberInput!) { addOrganisationMember(input: $input) { organisation { ${WITH_MEMBERS} } position } }`;
const CHANGE = `mutation($input: OrganisationMemberInput!) { changeMemberRole(input: $input) { organisation { ${WITH_MEMBERS} } position } }`;
const REMOVE = `mutation($organisationId: ID!, $accountId: ID!) { removeOrganisationMember(organisationId: $organisationId, accountId: $accountId) { organisation { ${WITH_MEMBERS} } position } }`;
const LEAVE = `mutation($organisationId: ID!) { leaveOrganisation(organisationId: $organisationId) { organisation { ${WITH_MEMBERS} } position } }`;
const VERIFY = `mutation($organisationId: ID!) { verifyOrganisation(organisationId: $organisationId) { organisation { status revision } position } }`;
const SUSPEND = `mutation($organisationId: ID!, $reason: String!) { suspendOrganisation(organisationId: $organisationId, reason: $reason) { organisation { status } position } }`;

describeEachProfile('Organisation members and admin decisions over GraphQL (HTTP)', (profile) => {
  let api: TestApp;
  let url: string;
  let admin: Pick<TestApp, 'graphql'>;
  const person = async (name: string) => {
    const { token, accountId } = await signUp(url, name);
    return { id: accountId, client: api.as(token) };
  };
  const registerAs = async (client: Pick<TestApp, 'graphql'>) => (await client.graphql(REGISTER_ORGANISATION, { input: anOrganisation({ name: 'Skopje City' }) })).data.registerOrganisation.organisation;

  beforeAll(async () => {
    api = await startTestApp(profile);
    url = `${api.baseUrl}/graphql`;
    admin = api.as((await createAccount(api, 'Admin', ['ADMIN'])).token);
  });
  afterAll(() => api.close());

  it('makes the founder OWNER, who adds an EDITOR; the EDITOR edits, a MEMBER and an outsider may not', async () => {
    const owner = await person('Owner');
    const editor = await person('Editor');
    const member = await person('Member');
    const outsider = await person('Outsider');
    const organisation = await registerAs(owner.client);

    const added = await owner.client.graphql(ADD, { input: { organisationId: organisation.id, accountId: editor.id, role: 'EDITOR' } });
    await owner.client.graphql(ADD, { input: { organisationId: organisation.id, accountId: member.id, role: 'MEMBER' } });
    expect(added.data.addOrganisationMember.organisation.members).toEqual([
      { accountId: owner.id, role: 'OWNER' },
      { accountId: editor.id, role: 'EDITOR' },
    ]);

    const revision = (await owner.client.graphql(`query($id: ID!) { organisation(id: $id) { revision } }`, { id: organisation.id })).data.organisation.revision;
    const edit = (client: Pick<TestApp, 'graphql'>, city: string) => client.graphql(UPDATE_ORGANISATION, { input: { id: organisation.id, expectedRevision: revision, city } });
    expect(codesOf(await edit(member.client, 'Bitola'))).toEqual(['FORBIDDEN']);
    expect(codesOf(await edit(outsider.client, 'Bitola'))).toEqual(['FORBIDDEN']);
    expect((await edit(editor.client, 'Ohrid')).data.updateOrganisationProfile.organisation.city).toBe('Ohrid');

    // Only an OWNER manages members.
    expect(codesOf(await editor.client.graphql(ADD, { input: { organisationId: organisation.id, accountId: outsider.id, role: 'MEMBER' } }))).toEqual(['FORBIDDEN']);
  });

  it('keeps the last OWNER, lets members leave, and refuses unknown or duplicate members', async () => {
    const owner = await person('Sole Owner');
    const other = await person('Other');
    const organisation = await registerAs(owner.client);
    const input = { organisationId: organisation.id, accountId: other.id, role: 'MEMBER' };

    expect(codesOf(await owner.client.graphql(LEAVE, { organisationId: organisation.id }))).toEqual(['CONFLICT']);
    expect(codesOf(await owner.client.graphql(CHANGE, { input: { ...input, accountId: owner.id, role: 'EDITOR' } }))).toEqual(['CONFLICT']);
    expect(codesOf(await owner.client.graphql(ADD, { input: { ...input, accountId: '01890000-0000-7000-8000-0000000000aa' } }))).toEqual(['NOT_FOUND']);

    await owner.client.graphql(ADD, { input });
    expect(codesOf(await owner.client.graphql(ADD, { input }))).toEqual(['CONFLICT']);
    const promoted = await owner.client.graphql(CHANGE, { input: { ...input, role: 'OWNER' } });
    expect(promoted.data.changeMemberRole.organisation.members).toContainEqual({ accountId: other.id, role: 'OWNER' });
    const left = await owner.client.graphql(LEAVE, { organisationId: organisation.id });
    expect(left.data.leaveOrganisation.organisation.members).toEqual([{ accountId: other.id, role: 'OWNER' }]);
    const removedSelf = await other.client.graphql(REMOVE, { organisationId: organisation.id, accountId: other.id });
    expect(codesOf(removedSelf)).toEqual(['CONFLICT']);
  });

  it('lets only an admin verify and suspend; a suspended organisation cannot be changed', async () => {
    const owner = await person('Verified Owner');
    const organisation = await registerAs(owner.client);
    expect(codesOf(await owner.client.graphql(VERIFY, { organisationId: organisation.id }))).toEqual(['FORBIDDEN']);
    expect(codesOf(await api.graphql(VERIFY, { organisationId: organisation.id }))).toEqual(['UNAUTHENTICATED']);

    expect((await admin.graphql(VERIFY, { organisationId: organisation.id })).data.verifyOrganisation.organisation.status).toBe('VERIFIED');
    expect((await admin.graphql(SUSPEND, { organisationId: organisation.id, reason: 'reported as fake' })).data.suspendOrganisation.organisation.status).toBe('SUSPENDED');
    const revision = (await owner.client.graphql(`query($id: ID!) { organisation(id: $id) { revision } }`, { id: organisation.id })).data.organisation.revision;
    expect(codesOf(await owner.client.graphql(UPDATE_ORGANISATION, { input: { id: organisation.id, expectedRevision: revision, city: 'Tetovo' } }))).toEqual(['CONFLICT']);
  });
});
