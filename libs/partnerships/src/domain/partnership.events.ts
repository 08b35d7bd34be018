import type { Event, Upcaster } from '@sce/event-sourcing';
import { normaliseCountryCode, type Sector } from '@sce/vocabulary';

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
  /** ISO 3166-1 alpha-2, normalised (upper-case), each once. */
  countries: string[];
  /** ISO dates (YYYY-MM-DD); the end may be open. */
  startsOn: string;
  endsOn: string | null;
}

type Ids = { partnershipId: string };
type Partner = Ids & { organisationId: string };

/** Version 2 holds normalised country codes; see partnershipUpcasters for version 1. */
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

/**
 * PartnershipProposed v1 -> v2: version 1 stored the country codes as given ("kz", " KZ"). Upcast on read, so
 * the decider's state, every projection, a rebuild and the history all see the one spelling, and none of
 * them needs its own normalisation. Unassigned codes in old events are kept (normalised), not dropped.
 */
export const partnershipUpcasters: Upcaster[] = [
  {
    type: 'PartnershipProposed',
    fromVersion: 1,
    upcast: (data: { countries: string[] }) => ({ ...data, countries: [...new Set(data.countries.map(normaliseCountryCode))] }),
  },
];
