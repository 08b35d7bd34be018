import type { Command } from '@sce/event-sourcing';
import type { OrganisationProfile } from './organisation.events';

export type RegisterOrganisation = Command<'RegisterOrganisation', { organisationId: string } & OrganisationProfile>;
export type UpdateOrganisationProfile = Command<'UpdateOrganisationProfile', { organisationId: string; changes: Partial<OrganisationProfile> }>;

export type OrganisationCommand = RegisterOrganisation | UpdateOrganisationProfile;
