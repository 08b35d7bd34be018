import { DomainError } from '@sce/event-sourcing';

export const OrganisationErrorCode = {
  NotFound: 'ORGANISATION_NOT_FOUND',
  AlreadyRegistered: 'ORGANISATION_ALREADY_REGISTERED',
  InvalidProfile: 'ORGANISATION_PROFILE_INVALID',
} as const;
export type OrganisationErrorCode = (typeof OrganisationErrorCode)[keyof typeof OrganisationErrorCode];

export class OrganisationNotFoundError extends DomainError<OrganisationErrorCode> {
  readonly code = OrganisationErrorCode.NotFound;
  constructor(organisationId: string) {
    super(`Organisation ${organisationId} does not exist`, { organisationId });
  }
}

export class OrganisationAlreadyRegisteredError extends DomainError<OrganisationErrorCode> {
  readonly code = OrganisationErrorCode.AlreadyRegistered;
  constructor(organisationId: string) {
    super(`Organisation ${organisationId} is already registered`, { organisationId });
  }
}

export class InvalidOrganisationProfileError extends DomainError<OrganisationErrorCode> {
  readonly code = OrganisationErrorCode.InvalidProfile;
  constructor(field: string, reason: string) {
    super(`Organisation ${field} ${reason}`, { field });
  }
}
