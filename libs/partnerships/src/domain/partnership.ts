import type { PartnerRole, PartnershipEvent, PartnershipPlan } from './partnership.events';

export type PartnerStatus = 'INVITED' | 'MEMBER' | 'DECLINED' | 'LEFT';
export interface PartnerState {
  role: PartnerRole;
  status: PartnerStatus;
}

export type PartnershipStatus = 'PROPOSED' | 'ACTIVE' | 'COMPLETED' | 'DISSOLVED';

export type Partnership =
  | { status: 'NONE' }
  | { status: PartnershipStatus; partnershipId: string; leadOrganisationId: string; plan: PartnershipPlan; partners: ReadonlyMap<string, PartnerState> };

export const initialPartnership = (): Partnership => ({ status: 'NONE' });

export function evolvePartnership(state: Partnership, event: PartnershipEvent): Partnership {
  if (event.type === 'PartnershipProposed') {
    const { partnershipId, leadOrganisationId, ...plan } = event.data;
    return { status: 'PROPOSED', partnershipId, leadOrganisationId, plan, partners: new Map([[leadOrganisationId, { role: 'LEAD', status: 'MEMBER' }]]) };
  }
  if (state.status === 'NONE') return state;
  const withPartner = (organisationId: string, partner: PartnerState) => ({ ...state, partners: new Map(state.partners).set(organisationId, partner) });
  const partner = (organisationId: string) => state.partners.get(organisationId)!;
  switch (event.type) {
    case 'PartnerInvited':
      return withPartner(event.data.organisationId, { role: event.data.role, status: 'INVITED' });
    case 'PartnerInvitationAccepted':
      return withPartner(event.data.organisationId, { ...partner(event.data.organisationId), status: 'MEMBER' });
    case 'PartnerInvitationDeclined':
      return withPartner(event.data.organisationId, { ...partner(event.data.organisationId), status: 'DECLINED' });
    case 'PartnerLeft':
      return withPartner(event.data.organisationId, { ...partner(event.data.organisationId), status: 'LEFT' });
    case 'PartnershipActivated':
      return { ...state, status: 'ACTIVE' };
    case 'PartnershipCompleted':
      return { ...state, status: 'COMPLETED' };
    case 'PartnershipDissolved':
      return { ...state, status: 'DISSOLVED' };
    default: {
      const unknownEvent: never = event;
      return unknownEvent;
    }
  }
}

export const membersOf = (partners: ReadonlyMap<string, PartnerState>) => [...partners].filter(([, partner]) => partner.status === 'MEMBER');
