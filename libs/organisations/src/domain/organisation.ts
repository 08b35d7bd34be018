import type { OrganisationEvent, OrganisationProfile } from './organisation.events';

export type Organisation =
  | { status: 'UNREGISTERED' }
  | { status: 'REGISTERED'; organisationId: string; profile: OrganisationProfile };

export const initialOrganisation = (): Organisation => ({ status: 'UNREGISTERED' });

export function evolveOrganisation(state: Organisation, event: OrganisationEvent): Organisation {
  switch (event.type) {
    case 'OrganisationRegistered': {
      const { organisationId, ...profile } = event.data;
      return { status: 'REGISTERED', organisationId, profile };
    }
    case 'OrganisationProfileUpdated':
      return state.status === 'REGISTERED' ? { ...state, profile: { ...state.profile, ...event.data.changes } } : state;
    default: {
      const unknownEvent: never = event;
      return unknownEvent;
    }
  }
}
