import type { MemberRole, OrganisationEvent, OrganisationProfile } from './organisation.events';

export type OrganisationLifecycle = 'REGISTERED' | 'VERIFIED' | 'SUSPENDED';

export type Organisation =
  | { status: 'UNREGISTERED' }
  | { status: OrganisationLifecycle; organisationId: string; profile: OrganisationProfile; members: ReadonlyMap<string, MemberRole> };

export const initialOrganisation = (): Organisation => ({ status: 'UNREGISTERED' });

export function evolveOrganisation(state: Organisation, event: OrganisationEvent): Organisation {
  if (event.type === 'OrganisationRegistered') {
    const { organisationId, ...profile } = event.data;
    return { status: 'REGISTERED', organisationId, profile, members: new Map() };
  }
  if (state.status === 'UNREGISTERED') return state;
  switch (event.type) {
    case 'OrganisationProfileUpdated':
      return { ...state, profile: { ...state.profile, ...event.data.changes } };
    case 'OrganisationMemberAdded':
    case 'OrganisationMemberRoleChanged':
      return { ...state, members: new Map(state.members).set(event.data.accountId, event.data.role) };
    case 'OrganisationMemberRemoved': {
      const members = new Map(state.members);
      members.delete(event.data.accountId);
      return { ...state, members };
    }
    case 'OrganisationVerified':
      return { ...state, status: 'VERIFIED' };
    case 'OrganisationSuspended':
      return { ...state, status: 'SUSPENDED' };
    default: {
      const unknownEvent: never = event;
      return unknownEvent;
    }
  }
}

export const ownersOf = (members: ReadonlyMap<string, MemberRole>) => [...members].filter(([, role]) => role === 'OWNER').map(([accountId]) => accountId);
