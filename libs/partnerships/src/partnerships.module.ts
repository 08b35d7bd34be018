import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import { OrganisationLookups, READ_MODELS } from '@sce/platform';
import type { DataSource } from 'typeorm';
import { OrganisationPartnershipsResolver, PARTNERSHIP_LEAD, PartnershipsResolver } from './graphql/partnerships.resolver';
import { findPartnership } from './read-models/partnership-directory';

@Module({ providers: [PartnershipsResolver, OrganisationPartnershipsResolver] })
export class PartnershipsModule implements OnModuleInit {
  constructor(
    private readonly lookups: OrganisationLookups,
    @Inject(READ_MODELS) private readonly db: DataSource,
  ) {}

  // The authorisation layer learns who acts for a partnership: its lead organisation.
  onModuleInit(): void {
    this.lookups.register(PARTNERSHIP_LEAD, async (partnershipId) => (await findPartnership(this.db, partnershipId))?.leadOrganisationId ?? null);
  }
}
