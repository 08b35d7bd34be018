import type { Command } from '@sce/event-sourcing';
import type { MemberRole, OrganisationProfile } from './organisation.events';

/** The founder becomes the organisation's first OWNER. */
export type RegisterOrganisation = Command<'RegisterOrganisation', { organisationId: string; founderAccountId: string } & OrganisationProfile>;
export type UpdateOrganisationProfile = Command<'UpdateOrganisationProfile', { organisationId: string; changes: Partial<OrganisationProfile> }>;
export type AddOrganisationMember = Command<'AddOrganisationMember', { organisationId: string; accountId: string; role: MemberRole }>;
export type ChangeMemberRole = Command<'ChangeMemberRole', { organisationId: string; accountId: string; role: MemberRole }>;
export type RemoveOrganisationMember = Command<'RemoveOrganisationMember', { organisationId: string; accountId: string }>;
export type VerifyOrganisation = Command<'VerifyOrganisation', { organisationId: string }>;
export type SuspendOrganisation = Command<'SuspendOrganisation', { organisationId: string; reason: string }>;

export type OrganisationCommand =
  | RegisterOrganisation
  | UpdateOrganisationProfile
  | AddOrganisationMember
  | ChangeMemberRole
  | RemoveOrganisationMember
  | VerifyOrganisation
  | SuspendOrganisation;
