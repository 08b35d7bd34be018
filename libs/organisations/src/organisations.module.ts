import { Global, Module } from '@nestjs/common';
import { ORGANISATION_MEMBERSHIP, READ_MODELS, type OrganisationMembership } from '@sce/platform';
import type { DataSource } from 'typeorm';
import { OrganisationsResolver } from './graphql/organisations.resolver';
import { memberRoleOf } from './read-models/organisation-members/organisation-members';

// Global so that the authorisation layer can ask about memberships without depending on this context.
@Global()
@Module({
  providers: [
    OrganisationsResolver,
    {
      provide: ORGANISATION_MEMBERSHIP,
      useFactory: (db: DataSource): OrganisationMembership => ({ roleOf: (organisationId, accountId) => memberRoleOf(db, organisationId, accountId) }),
      inject: [READ_MODELS],
    },
  ],
  exports: [ORGANISATION_MEMBERSHIP],
})
export class OrganisationsModule {}
