import type { Decider } from '@sce/event-sourcing';
import type { OrganisationCommand, RegisterOrganisation, UpdateOrganisationProfile } from './organisation.commands';
import { InvalidOrganisationProfileError, OrganisationAlreadyRegisteredError, OrganisationNotFoundError } from './organisation.errors';
import type { OrganisationEvent, OrganisationProfile } from './organisation.events';
import { evolveOrganisation, initialOrganisation, type Organisation } from './organisation';

function register(command: RegisterOrganisation, state: Organisation): OrganisationEvent[] {
  if (state.status !== 'UNREGISTERED') throw new OrganisationAlreadyRegisteredError(command.data.organisationId);
  assertProfile(command.data);
  return [{ type: 'OrganisationRegistered', data: { ...command.data } }];
}

function updateProfile(command: UpdateOrganisationProfile, state: Organisation): OrganisationEvent[] {
  if (state.status === 'UNREGISTERED') throw new OrganisationNotFoundError(command.data.organisationId);
  assertProfile(command.data.changes);
  const changes = Object.fromEntries(
    Object.entries(command.data.changes).filter(([field, value]) => value !== undefined && state.profile[field as keyof OrganisationProfile] !== value),
  ) as Partial<OrganisationProfile>;
  if (Object.keys(changes).length === 0) return [];
  return [{ type: 'OrganisationProfileUpdated', data: { organisationId: state.organisationId, changes } }];
}

// The GraphQL layer validates shapes; the domain keeps the invariants that must hold whatever the caller.
function assertProfile(profile: Partial<OrganisationProfile>): void {
  if (profile.name !== undefined && profile.name.trim() === '') throw new InvalidOrganisationProfileError('name', 'must not be blank');
  if (profile.country !== undefined && !/^[A-Z]{2}$/.test(profile.country)) {
    throw new InvalidOrganisationProfileError('country', 'must be an ISO 3166-1 alpha-2 code');
  }
}

export function decideOrganisation(command: OrganisationCommand, state: Organisation): OrganisationEvent[] {
  switch (command.type) {
    case 'RegisterOrganisation':
      return register(command, state);
    case 'UpdateOrganisationProfile':
      return updateProfile(command, state);
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
  schemaVersions: { OrganisationRegistered: 1, OrganisationProfileUpdated: 1 },
};
