import type { Event } from '@sce/event-sourcing';
import type { OrganisationType } from './organisation-type';

export interface OrganisationProfile {
  name: string;
  type: OrganisationType;
  /** ISO 3166-1 alpha-2 */
  country: string;
  city: string | null;
  website: string | null;
  description: string | null;
}

export type OrganisationRegistered = Event<'OrganisationRegistered', { organisationId: string } & OrganisationProfile>;
/** Only the fields that changed. */
export type OrganisationProfileUpdated = Event<'OrganisationProfileUpdated', { organisationId: string; changes: Partial<OrganisationProfile> }>;

export type OrganisationEvent = OrganisationRegistered | OrganisationProfileUpdated;

export const organisationEventTypes = ['OrganisationRegistered', 'OrganisationProfileUpdated'] as const satisfies readonly OrganisationEvent['type'][];

export const organisationStreamId = (organisationId: string) => `organisation-${organisationId}`;
