import { DomainError } from '@sce/event-sourcing';

export const OrganisationErrorCode = {
  NotFound: 'ORGANISATION_NOT_FOUND',
  AlreadyRegistered: 'ORGANISATION_ALREADY_REGISTERED',
  InvalidProfile: 'ORGANISATION_PROFILE_INVALID',
  Suspended: 'ORGANISATION_SUSPENDED',
  MemberAlreadyExists: 'ORGANISATION_MEMBER_ALREADY_EXISTS',
  MemberNotFound: 'ORGANISATION_MEMBER_NOT_FOUND',
  LastOwner: 'ORGANISATION_LAST_OWNER',
  UnknownAccount: 'ORGANISATION_MEMBER_ACCOUNT_UNKNOWN',
} as const;
export type OrganisationErrorCode = (typeof OrganisationErrorCode)[keyof typeof OrganisationErrorCode];

const organisationError = (code: OrganisationErrorCode, message: (organisationId: string, detail?: string) => string) =>
  class extends DomainError<OrganisationErrorCode> {
    readonly code = code;
    constructor(organisationId: string, detail?: string) {
      super(message(organisationId, detail), { organisationId, ...(detail ? { detail } : {}) });
    }
  };

export class OrganisationNotFoundError extends organisationError(OrganisationErrorCode.NotFound, (id) => `Organisation ${id} does not exist`) {}
export class OrganisationAlreadyRegisteredError extends organisationError(OrganisationErrorCode.AlreadyRegistered, (id) => `Organisation ${id} is already registered`) {}
export class OrganisationSuspendedError extends organisationError(OrganisationErrorCode.Suspended, (id) => `Organisation ${id} is suspended`) {}
export class MemberAlreadyExistsError extends organisationError(OrganisationErrorCode.MemberAlreadyExists, (id, account) => `Account ${account} is already a member of organisation ${id}; change its role instead`) {}
export class MemberNotFoundError extends organisationError(OrganisationErrorCode.MemberNotFound, (id, account) => `Account ${account} is not a member of organisation ${id}`) {}
export class UnknownMemberAccountError extends organisationError(OrganisationErrorCode.UnknownAccount, (id, account) => `There is no account ${account} to add to organisation ${id}`) {}
export class LastOwnerError extends organisationError(OrganisationErrorCode.LastOwner, (id) => `Organisation ${id} must keep at least one OWNER`) {}

export class InvalidOrganisationProfileError extends DomainError<OrganisationErrorCode> {
  readonly code = OrganisationErrorCode.InvalidProfile;
  constructor(field: string, reason: string) {
    super(`Organisation ${field} ${reason}`, { field });
  }
}
