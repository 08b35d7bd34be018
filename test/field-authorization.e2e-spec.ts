import { Inject, Module } from '@nestjs/common';
import { Args, ID, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { OrganisationObject, findOrganisation } from '@sce/organisations';
import { HasRole, READ_MODELS } from '@sce/platform';
import type { DataSource } from 'typeorm';
import { describeEachProfile } from './support/profiles';
import { REGISTER_ORGANISATION, anOrganisation } from './support/organisations.graphql';
import { codesOf, createAccount, startTestApp, type TestApp } from './support/test-app';

// Two doors a real feature may open later, added by this spec only: a field resolver with a role policy,
// and a root field that hands out an organisation without the visibility rule (a side path).
@Resolver(() => OrganisationObject)
class SidePathResolver {
  constructor(@Inject(READ_MODELS) private readonly db: DataSource) {}

  @HasRole('ADMIN')
  @ResolveField(() => String)
  adminNote(): string {
    return 'only for admins';
  }

  @Query(() => OrganisationObject, { nullable: true })
  async unfilteredOrganisation(@Args('id', { type: () => ID }) id: string) {
    return findOrganisation(this.db, id);
  }
}

@Module({ providers: [SidePathResolver] })
class SidePathModule {}

describeEachProfile('Authorisation on field resolvers and entity visibility (HTTP)', (profile) => {
  let api: TestApp;
  let admin: string;
  let owner: string;
  let outsider: string;
  let suspendedId: string;
  let publicId: string;
  let suspendedAt: string;

  beforeAll(async () => {
    api = await startTestApp(profile, {}, [SidePathModule]);
    admin = (await createAccount(api, 'Admin', ['ADMIN'])).token;
    owner = (await createAccount(api, 'Owner')).token;
    outsider = (await createAccount(api, 'Outsider')).token;
    publicId = (await api.as(owner).graphql(REGISTER_ORGANISATION, { input: anOrganisation({ name: 'Open city', country: 'AM' }) })).data.registerOrganisation.organisation.id;
    suspendedId = (await api.as(owner).graphql(REGISTER_ORGANISATION, { input: anOrganisation({ name: 'Suspended city', country: 'AM' }) })).data.registerOrganisation.organisation.id;
    const suspended = await api.as(admin).graphql(`mutation($o: ID!) { suspendOrganisation(organisationId: $o, reason: "spam") { organisation { status } position } }`, { o: suspendedId });
    expect(suspended.data.suspendOrganisation.organisation.status).toBe('SUSPENDED');
    suspendedAt = suspended.data.suspendOrganisation.position;
  });
  afterAll(() => api.close());

  describe('a role policy on a field resolver', () => {
    const query = `query($id: ID!) { organisation(id: $id) { name adminNote } }`;

    it('is enforced for an anonymous caller', async () => {
      const response = await api.graphql(query, { id: publicId });
      expect(codesOf(response)).toEqual(['UNAUTHENTICATED']);
      expect(response.data?.organisation ?? null).toBeNull();
    });

    it('is enforced for a signed-in caller without the role', async () => {
      expect(codesOf(await api.as(outsider).graphql(query, { id: publicId }))).toEqual(['FORBIDDEN']);
    });

    it('answers a caller with the role', async () => {
      const response = await api.as(admin).graphql(query, { id: publicId });
      expect(response.errors).toBeUndefined();
      expect(response.data.organisation.adminNote).toBe('only for admins');
    });
  });

  describe('a suspended organisation', () => {
    const one = `query($id: ID!) { organisation(id: $id) { id name } }`;
    const list = `{ organisations(first: 100, filter: { country: "AM" }) { totalCount edges { node { id } } } }`;

    it('is not found by the public, nor listed or counted', async () => {
      for (const client of [api, api.as(outsider)]) {
        expect((await client.graphql(one, { id: suspendedId })).data.organisation).toBeNull();
        const listed = (await client.graphql(list)).data.organisations;
        expect(listed.edges.map((edge: { node: { id: string } }) => edge.node.id)).toEqual([publicId]);
        expect(listed.totalCount).toBe(1);
      }
    });

    it('is not counted in the public counts by country', async () => {
      // The counts are not what suspendOrganisation waits for: ask for its position.
      const counts = await api.graphql(`query($at: String) { organisationCountsByCountry(consistency: { atLeast: $at }) { country organisations } }`, { at: suspendedAt });
      expect(counts.data.organisationCountsByCountry).toContainEqual({ country: 'AM', organisations: 1 });
    });

    it('is still seen by its members and by admins', async () => {
      for (const client of [api.as(owner), api.as(admin)]) {
        expect((await client.graphql(one, { id: suspendedId })).data.organisation.name).toBe('Suspended city');
        expect((await client.graphql(list)).data.organisations.totalCount).toBe(2);
      }
    });

    it('leaks nothing through a side path: its members, partnerships and history refuse to answer', async () => {
      for (const field of ['members { accountId }', 'partnerships { totalCount }', 'history { totalCount }']) {
        const response = await api.as(outsider).graphql(`query($id: ID!) { unfilteredOrganisation(id: $id) { name ${field} } }`, { id: suspendedId });
        expect(codesOf(response)).toEqual(['FORBIDDEN']);
        expect(response.data?.unfilteredOrganisation ?? null).toBeNull();
      }
      const sidePath = `query($id: ID!) { unfilteredOrganisation(id: $id) { name members { accountId } partnerships { totalCount } history { totalCount } } }`;
      const asMember = await api.as(owner).graphql(sidePath, { id: suspendedId });
      expect(asMember.errors).toBeUndefined();
      expect(asMember.data.unfilteredOrganisation.members).toHaveLength(1);
    });
  });
});
