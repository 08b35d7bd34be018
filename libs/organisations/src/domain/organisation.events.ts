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

export const MemberRole = { OWNER: 'OWNER', EDITOR: 'EDITOR', MEMBER: 'MEMBER' } as const;
export type MemberRole = (typeof MemberRole)[keyof typeof MemberRole];

export type OrganisationRegistered = Event<'OrganisationRegistered', { organisationId: string } & OrganisationProfile>;
/** Only the fields that changed. */
export type OrganisationProfileUpdated = Event<'OrganisationProfileUpdated', { organisationId: string; changes: Partial<OrganisationProfile> }>;
export type OrganisationMemberAdded = Event<'OrganisationMemberAdded', { organisationId: string; accountId: string; role: MemberRole }>;
export type OrganisationMemberRoleChanged = Event<'OrganisationMemberRoleChanged', { organisationId: string; accountId: string; role: MemberRole }>;
export type OrganisationMemberRemoved = Event<'OrganisationMemberRemoved', { organisationId: string; accountId: string }>;
export type OrganisationVerified = Event<'OrganisationVerified', { organisationId: string }>;
export type OrganisationSuspended = Event<'OrganisationSuspended', { organisationId: string; reason: string }>;

export type OrganisationEvent =
  | OrganisationRegistered
  | OrganisationProfileUpdated
  | OrganisationMemberAdded
  | OrganisationMemberRoleChanged
  | OrganisationMemberRemoved
  | OrganisationVerified
  | OrganisationSuspended;

export const organisationStreamId = (organisationId: string) => `organisation-${organisationId}`;
