// The operations the organisation specs send, written once.
export const ORGANISATION_FIELDS = `id name type country city website description status revision registeredAt updatedAt`;

export const REGISTER_ORGANISATION = `
  mutation Register($input: RegisterOrganisationInput!, $key: String) {
    registerOrganisation(input: $input, idempotencyKey: $key) { organisation { ${ORGANISATION_FIELDS} } position }
  }`;

export const UPDATE_ORGANISATION = `
  mutation Update($input: UpdateOrganisationProfileInput!, $key: String) {
    updateOrganisationProfile(input: $input, idempotencyKey: $key) { organisation { ${ORGANISATION_FIELDS} } position }
  }`;

export const GET_ORGANISATION = `
  query One($id: ID!, $atLeast: String) {
    organisation(id: $id, consistency: { atLeast: $atLeast }) {
      ${ORGANISATION_FIELDS}
      history { totalCount edges { cursor node { type revision actorId correlationId occurredAt recordedAt fields } } }
    }
  }`;

export const LIST_ORGANISATIONS = `
  query List($first: Int, $after: String, $filter: OrganisationFilter, $atLeast: String) {
    organisations(first: $first, after: $after, filter: $filter, consistency: { atLeast: $atLeast }) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges { cursor node { id name type country } }
    }
  }`;

export const anOrganisation = (overrides: Record<string, unknown> = {}) => ({
  name: 'City of Almaty',
  type: 'MUNICIPALITY',
  country: 'KZ',
  city: 'Almaty',
  website: 'https://almaty.gov.kz',
  description: 'Largest city of Kazakhstan',
  ...overrides,
});
