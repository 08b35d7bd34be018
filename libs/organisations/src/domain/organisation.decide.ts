import type { Decider } from '@sce/event-sourcing';
import { isCountryCode, normaliseCountryCode } from '@sce/vocabulary';
import type {
  AddOrganisationMember,
  ChangeMemberRole,
  OrganisationCommand,
  RegisterOrganisation,
  RemoveOrganisationMember,
  SuspendOrganisation,
  UpdateOrganisationProfile,
  VerifyOrganisation,
} from './organisation.commands';
import {
  invalidOrganisationProfile,
  lastOwner,
  memberAlreadyExists,
  memberNotFound,
  organisationAlreadyRegistered,
  organisationNotFound,
  organisationSuspended,
} from './organisation.errors';
import type { OrganisationEvent, OrganisationProfile } from './organisation.events';
import { evolveOrganisation, initialOrganisation, ownersOf, type Organisation } from './organisation';

type Registered = Exclude<Organisation, { status: 'UNREGISTERED' }>;

function existing(state: Organisation, organisationId: string): Registered {
  if (state.status === 'UNREGISTERED') throw organisationNotFound(organisationId);
  return state;
}

function active(state: Organisation, organisationId: string): Registered {
  const organisation = existing(state, organisationId);
  if (organisation.status === 'SUSPENDED') throw organisationSuspended(organisationId);
  return organisation;
}

function register(command: RegisterOrganisation, state: Organisation): OrganisationEvent[] {
  if (state.status !== 'UNREGISTERED') throw organisationAlreadyRegistered(command.data.organisationId);
  const { founderAccountId, ...given } = command.data;
  const registration = { ...given, ...checkedProfile(given) };
  return [
    { type: 'OrganisationRegistered', data: registration },
    { type: 'OrganisationMemberAdded', data: { organisationId: registration.organisationId, accountId: founderAccountId, role: 'OWNER' } },
  ];
}

function updateProfile(command: UpdateOrganisationProfile, state: Organisation): OrganisationEvent[] {
  const organisation = active(state, command.data.organisationId);
  const changes = Object.fromEntries(
    Object.entries(checkedProfile(command.data.changes)).filter(([field, value]) => value !== undefined && organisation.profile[field as keyof OrganisationProfile] !== value),
  ) as Partial<OrganisationProfile>;
  if (Object.keys(changes).length === 0) return [];
  return [{ type: 'OrganisationProfileUpdated', data: { organisationId: organisation.organisationId, changes } }];
}

function addMember(command: AddOrganisationMember, state: Organisation): OrganisationEvent[] {
  const organisation = active(state, command.data.organisationId);
  if (organisation.members.has(command.data.accountId)) throw memberAlreadyExists(command.data.organisationId, command.data.accountId);
  return [{ type: 'OrganisationMemberAdded', data: { ...command.data } }];
}

function changeRole(command: ChangeMemberRole, state: Organisation): OrganisationEvent[] {
  const { organisationId, accountId, role } = command.data;
  const organisation = active(state, organisationId);
  const current = organisation.members.get(accountId);
  if (!current) throw memberNotFound(organisationId, accountId);
  if (current === role) return [];
  if (current === 'OWNER' && ownersOf(organisation.members).length === 1) throw lastOwner(organisationId);
  return [{ type: 'OrganisationMemberRoleChanged', data: { organisationId, accountId, role } }];
}

function removeMember(command: RemoveOrganisationMember, state: Organisation): OrganisationEvent[] {
  const { organisationId, accountId } = command.data;
  const organisation = existing(state, organisationId);
  const current = organisation.members.get(accountId);
  if (!current) throw memberNotFound(organisationId, accountId);
  if (current === 'OWNER' && ownersOf(organisation.members).length === 1) throw lastOwner(organisationId);
  return [{ type: 'OrganisationMemberRemoved', data: { organisationId, accountId } }];
}

function verify(command: VerifyOrganisation, state: Organisation): OrganisationEvent[] {
  const organisation = active(state, command.data.organisationId);
  return organisation.status === 'VERIFIED' ? [] : [{ type: 'OrganisationVerified', data: { organisationId: organisation.organisationId } }];
}

function suspend(command: SuspendOrganisation, state: Organisation): OrganisationEvent[] {
  const organisation = existing(state, command.data.organisationId);
  return organisation.status === 'SUSPENDED' ? [] : [{ type: 'OrganisationSuspended', data: { organisationId: organisation.organisationId, reason: command.data.reason } }];
}

// The GraphQL layer validates shapes; the domain keeps the invariants that must hold whatever the caller,
// and normalises the country code here, once, so the events (and every read model) hold one spelling.
function checkedProfile<Profile extends Partial<OrganisationProfile>>(profile: Profile): Profile {
  if (profile.name !== undefined && profile.name.trim() === '') throw invalidOrganisationProfile('name', 'must not be blank');
  if (profile.country === undefined) return profile;
  const country = normaliseCountryCode(profile.country);
  if (!isCountryCode(country)) throw invalidOrganisationProfile('country', 'must be an assigned ISO 3166-1 alpha-2 code');
  return { ...profile, country };
}

export function decideOrganisation(command: OrganisationCommand, state: Organisation): OrganisationEvent[] {
  switch (command.type) {
    case 'RegisterOrganisation':
      return register(command, state);
    case 'UpdateOrganisationProfile':
      return updateProfile(command, state);
    case 'AddOrganisationMember':
      return addMember(command, state);
    case 'ChangeMemberRole':
      return changeRole(command, state);
    case 'RemoveOrganisationMember':
      return removeMember(command, state);
    case 'VerifyOrganisation':
      return verify(command, state);
    case 'SuspendOrganisation':
      return suspend(command, state);
    default: {
      const unknownCommand: never = command;
      throw new Error(`Unknown command ${JSON.stringify(unknownCommand)}`);
    }
  }
}

export const organisationDecider: Decider<Organisation, OrganisationCommand, OrganisationEvent> = {
  initialState: initialOrganisation,
  decide: decideOrganisation,
  evolve: evolveOrganisation,
  schemaVersions: {
    OrganisationRegistered: 1,
    OrganisationProfileUpdated: 1,
    OrganisationMemberAdded: 1,
    OrganisationMemberRoleChanged: 1,
    OrganisationMemberRemoved: 1,
    OrganisationVerified: 1,
    OrganisationSuspended: 1,
  },
};
