import type { Event } from '@sce/event-sourcing';
import type { Sector } from '@sce/vocabulary';

export const PartnerRole = {
  LEAD: 'LEAD',
  PARTNER: 'PARTNER',
  FUNDER: 'FUNDER',
  KNOWLEDGE_PARTNER: 'KNOWLEDGE_PARTNER',
  IMPLEMENTER: 'IMPLEMENTER',
} as const;
export type PartnerRole = (typeof PartnerRole)[keyof typeof PartnerRole];

export interface PartnershipPlan {
  title: string;
  objectives: string;
  sectors: Sector[];
  /** ISO 3166-1 alpha-2 */
  countries: string[];
  /** ISO dates (YYYY-MM-DD); the end may be open. */
  startsOn: string;
  endsOn: string | null;
}

type Ids = { partnershipId: string };
type Partner = Ids & { organisationId: string };

export type PartnershipProposed = Event<'PartnershipProposed', Ids & { leadOrganisationId: string } & PartnershipPlan>;
export type PartnerInvited = Event<'PartnerInvited', Partner & { role: PartnerRole }>;
export type PartnerInvitationAccepted = Event<'PartnerInvitationAccepted', Partner>;
export type PartnerInvitationDeclined = Event<'PartnerInvitationDeclined', Partner>;
export type PartnershipActivated = Event<'PartnershipActivated', Ids>;
export type PartnershipCompleted = Event<'PartnershipCompleted', Ids>;
export type PartnershipDissolved = Event<'PartnershipDissolved', Ids & { reason: string }>;
export type PartnerLeft = Event<'PartnerLeft', Partner>;

export type PartnershipEvent =
  | PartnershipProposed
  | PartnerInvited
  | PartnerInvitationAccepted
  | PartnerInvitationDeclined
  | PartnershipActivated
  | PartnershipCompleted
  | PartnershipDissolved
  | PartnerLeft;

export const partnershipStreamId = (partnershipId: string) => `partnership-${partnershipId}`;
