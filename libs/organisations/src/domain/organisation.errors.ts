import { ContextError } from '@sce/event-sourcing';

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

/** Every failure of the organisations context: a stable code, a message for people, named details for programs. */
export class OrganisationError extends ContextError<OrganisationErrorCode> {}

export const organisationNotFound = (organisationId: string) => new OrganisationError(OrganisationErrorCode.NotFound, `Organisation ${organisationId} does not exist`, { organisationId });
export const organisationAlreadyRegistered = (organisationId: string) =>
  new OrganisationError(OrganisationErrorCode.AlreadyRegistered, `Organisation ${organisationId} is already registered`, { organisationId });
export const organisationSuspended = (organisationId: string) => new OrganisationError(OrganisationErrorCode.Suspended, `Organisation ${organisationId} is suspended`, { organisationId });
export const memberAlreadyExists = (organisationId: string, accountId: string) =>
  new OrganisationError(OrganisationErrorCode.MemberAlreadyExists, `Account ${accountId} is already a member of organisation ${organisationId}; change its role instead`, { organisationId, accountId });
export const memberNotFound = (organisationId: string, accountId: string) =>
  new OrganisationError(OrganisationErrorCode.MemberNotFound, `Account ${accountId} is not a member of organisation ${organisationId}`, { organisationId, accountId });
export const unknownMemberAccount = (organisationId: string, accountId: string) =>
  new OrganisationError(OrganisationErrorCode.UnknownAccount, `There is no account ${accountId} to add to organisation ${organisationId}`, { organisationId, accountId });
export const lastOwner = (organisationId: string) => new OrganisationError(OrganisationErrorCode.LastOwner, `Organisation ${organisationId} must keep at least one OWNER`, { organisationId });
export const invalidOrganisationProfile = (field: string, reason: string) => new OrganisationError(OrganisationErrorCode.InvalidProfile, `Organisation ${field} ${reason}`, { field });
