import { deciderSpecification } from '@sce/event-sourcing/testing/decider-specification';
import type { OrganisationCommand } from './organisation.commands';
import { organisationDecider } from './organisation.decide';
import { OrganisationErrorCode } from './organisation.errors';
import type { MemberRole, OrganisationEvent } from './organisation.events';

const spec = deciderSpecification(organisationDecider);
const metadata = { now: new Date('2026-11-28T09:00:00Z'), actorId: 'founder', correlationId: 'c-1' };
const organisationId = '0193a0b0-0000-7000-8000-000000000001';
const profile = { name: 'City of Almaty', type: 'MUNICIPALITY', country: 'KZ', city: 'Almaty', website: null, description: null } as const;

const command = <T extends OrganisationCommand['type']>(type: T, data: Omit<Extract<OrganisationCommand, { type: T }>['data'], 'organisationId'>) =>
  ({ type, data: { organisationId, ...data }, metadata }) as unknown as Extract<OrganisationCommand, { type: T }>;
const event = <T extends OrganisationEvent['type']>(type: T, data: Omit<Extract<OrganisationEvent, { type: T }>['data'], 'organisationId'>) =>
  ({ type, data: { organisationId, ...data } }) as unknown as Extract<OrganisationEvent, { type: T }>;

const register = command('RegisterOrganisation', { founderAccountId: 'founder', ...profile });
const registered = event('OrganisationRegistered', profile);
const member = (accountId: string, role: MemberRole) => event('OrganisationMemberAdded', { accountId, role });
const founded = [registered, member('founder', 'OWNER')];
const suspended = event('OrganisationSuspended', { reason: 'fraud report' });

describe('Organisation', () => {
  describe('when not yet registered', () => {
    it('registers it, with its founder as the first OWNER', () => spec.given([]).when(register).then(founded));

    it('refuses a blank name', () => spec.given([]).when({ ...register, data: { ...register.data, name: '   ' } }).thenFailsWith(OrganisationErrorCode.InvalidProfile));

    it.each(['kz', ' Kz ', 'KZ\t'])('stores the country %p as its one spelling, KZ', (country) =>
      spec.given([]).when({ ...register, data: { ...register.data, country } }).then(founded));

    it.each(['Kazakhstan', 'XX', 'UK', 'K Z', ''])('refuses the country %p, naming the field', (country) =>
      spec
        .given([])
        .when({ ...register, data: { ...register.data, country } })
        .thenFailsWith(OrganisationErrorCode.InvalidProfile, (error) => expect(error.details).toEqual({ field: 'country' })));

    it.each([
      command('UpdateOrganisationProfile', { changes: { city: 'Astana' } }),
      command('AddOrganisationMember', { accountId: 'a-2', role: 'EDITOR' }),
      command('RemoveOrganisationMember', { accountId: 'founder' }),
      command('VerifyOrganisation', {}),
      command('SuspendOrganisation', { reason: 'x' }),
    ])('refuses %p as not found', (cmd) => spec.given([]).when(cmd).thenFailsWith(OrganisationErrorCode.NotFound));
  });

  describe('when registered', () => {
    it('cannot be registered twice', () => spec.given(founded).when(register).thenFailsWith(OrganisationErrorCode.AlreadyRegistered));

    it('records only the profile fields that really change', () =>
      spec
        .given(founded)
        .when(command('UpdateOrganisationProfile', { changes: { name: 'City of Almaty', city: 'Astana', website: 'https://astana.kz' } }))
        .then([event('OrganisationProfileUpdated', { changes: { city: 'Astana', website: 'https://astana.kz' } })]));

    it('normalises a new country, and records nothing when it is the same one in another spelling', () => {
      spec.given(founded).when(command('UpdateOrganisationProfile', { changes: { country: ' ge' } })).then([event('OrganisationProfileUpdated', { changes: { country: 'GE' } })]);
      spec.given(founded).when(command('UpdateOrganisationProfile', { changes: { country: 'kz ' } })).thenNothingHappens();
    });

    it('refuses an unassigned country in a profile update, naming the field', () =>
      spec
        .given(founded)
        .when(command('UpdateOrganisationProfile', { changes: { country: 'zz' } }))
        .thenFailsWith(OrganisationErrorCode.InvalidProfile, (error) => expect(error.details).toEqual({ field: 'country' })));

    it('records nothing when nothing changes', () => spec.given(founded).when(command('UpdateOrganisationProfile', { changes: { name: 'City of Almaty' } })).thenNothingHappens());

    it('adds a member', () => spec.given(founded).when(command('AddOrganisationMember', { accountId: 'a-2', role: 'EDITOR' })).then([member('a-2', 'EDITOR')]));

    it('refuses to add a member twice', () =>
      spec.given([...founded, member('a-2', 'MEMBER')]).when(command('AddOrganisationMember', { accountId: 'a-2', role: 'EDITOR' })).thenFailsWith(OrganisationErrorCode.MemberAlreadyExists));

    it('changes a member role, and records nothing when it is the same', () => {
      spec.given([...founded, member('a-2', 'MEMBER')]).when(command('ChangeMemberRole', { accountId: 'a-2', role: 'OWNER' })).then([event('OrganisationMemberRoleChanged', { accountId: 'a-2', role: 'OWNER' })]);
      spec.given([...founded, member('a-2', 'MEMBER')]).when(command('ChangeMemberRole', { accountId: 'a-2', role: 'MEMBER' })).thenNothingHappens();
    });

    it('refuses to change the role of someone who is not a member', () =>
      spec.given(founded).when(command('ChangeMemberRole', { accountId: 'stranger', role: 'EDITOR' })).thenFailsWith(OrganisationErrorCode.MemberNotFound));

    it('keeps its last OWNER: no demotion, no removal', () => {
      spec.given(founded).when(command('ChangeMemberRole', { accountId: 'founder', role: 'EDITOR' })).thenFailsWith(OrganisationErrorCode.LastOwner);
      spec.given(founded).when(command('RemoveOrganisationMember', { accountId: 'founder' })).thenFailsWith(OrganisationErrorCode.LastOwner);
    });

    it('lets an OWNER go when another OWNER stays', () =>
      spec
        .given([...founded, member('a-2', 'OWNER')])
        .when(command('RemoveOrganisationMember', { accountId: 'founder' }))
        .then([event('OrganisationMemberRemoved', { accountId: 'founder' })]));

    it('is verified once', () => {
      spec.given(founded).when(command('VerifyOrganisation', {})).then([event('OrganisationVerified', {})]);
      spec.given([...founded, event('OrganisationVerified', {})]).when(command('VerifyOrganisation', {})).thenNothingHappens();
    });
  });

  describe('when suspended', () => {
    it.each([
      command('UpdateOrganisationProfile', { changes: { city: 'Astana' } }),
      command('AddOrganisationMember', { accountId: 'a-2', role: 'EDITOR' }),
      command('ChangeMemberRole', { accountId: 'founder', role: 'OWNER' }),
      command('VerifyOrganisation', {}),
    ])('refuses %p', (cmd) => spec.given([...founded, suspended]).when(cmd).thenFailsWith(OrganisationErrorCode.Suspended));

    it('records a second suspension as nothing', () => spec.given([...founded, suspended]).when(command('SuspendOrganisation', { reason: 'again' })).thenNothingHappens());
  });
});
