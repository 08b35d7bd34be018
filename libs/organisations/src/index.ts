import { OrganisationErrorCode } from './domain/organisation.errors';
import { CreateOrganisations1764320100000 } from './migrations/1764320100000-create-organisations';
import { CreateOrganisationCountryCounts1764320200000 } from './migrations/1764320200000-create-organisation-country-counts';
import { OrganisationCountryCount, OrganisationCountryMember } from './read-models/organisations-by-country/organisations-by-country.entity';
import { organisationsByCountryProjection } from './read-models/organisations-by-country/organisations-by-country.projection';
import { CreateOrganisationMembers1764320400000 } from './migrations/1764320400000-create-organisation-members';
import { OrganisationMemberRow, organisationMembersProjection } from './read-models/organisation-members/organisation-members';
import { organisationDirectoryProjection } from './read-models/organisation-directory/organisation-directory.projection';
import { OrganisationRow } from './read-models/organisation-directory/organisation-row.entity';

export * from './domain/organisation-type';
export * from './domain/organisation.events';
export * from './domain/organisation.commands';
export * from './domain/organisation.errors';
export * from './domain/organisation.decide';
export * from './read-models/organisation-directory/organisation-directory.projection';
export * from './read-models/organisation-directory/organisation-directory.queries';
export { organisationVisibility } from './read-models/organisation-directory/organisation-visibility';
export * from './read-models/organisations-by-country/organisations-by-country.projection';
export * from './read-models/organisation-members/organisation-members';
export { OrganisationRow } from './read-models/organisation-directory/organisation-row.entity';
export { OrganisationsModule } from './organisations.module';
export { OrganisationObject } from './graphql/organisation.object-type';

/** What this context adds to the read-model database and the log's consumers. */
export const organisationsContext = {
  name: 'organisations',
  entities: [OrganisationRow, OrganisationCountryCount, OrganisationCountryMember, OrganisationMemberRow],
  migrations: [CreateOrganisations1764320100000, CreateOrganisationCountryCounts1764320200000, CreateOrganisationMembers1764320400000],
  projections: [organisationDirectoryProjection, organisationsByCountryProjection, organisationMembersProjection],
  upcasters: [],
  errorCodes: OrganisationErrorCode,
};
