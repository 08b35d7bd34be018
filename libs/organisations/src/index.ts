import { CreateOrganisations1764320100000 } from './migrations/1764320100000-create-organisations';
import { organisationDirectoryProjection } from './read-models/organisation-directory/organisation-directory.projection';
import { OrganisationRow } from './read-models/organisation-directory/organisation-row.entity';

export * from './domain/organisation-type';
export * from './domain/organisation.events';
export * from './domain/organisation.commands';
export * from './domain/organisation.errors';
export * from './domain/organisation.decide';
export * from './read-models/organisation-directory/organisation-directory.projection';
export * from './read-models/organisation-directory/organisation-directory.queries';
export { OrganisationRow } from './read-models/organisation-directory/organisation-row.entity';
export { OrganisationsModule } from './organisations.module';

/** What this context adds to the read-model database and the log's consumers. */
export const organisationsContext = {
  name: 'organisations',
  entities: [OrganisationRow],
  migrations: [CreateOrganisations1764320100000],
  projections: [organisationDirectoryProjection],
  upcasters: [],
};
