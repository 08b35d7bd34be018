import { AuthErrorCode } from '@sce/auth';
import { CommandErrorCode, EventStoreErrorCode } from '@sce/event-sourcing';
import { OrganisationErrorCode } from '@sce/organisations';
import { PlatformErrorCode } from '@sce/platform';
import { PartnershipErrorCode } from '@sce/partnerships';

/** The error codes a client can rely on (extensions.code). */
export const GraphqlErrorCode = {
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  TOO_MANY_REQUESTS: 'TOO_MANY_REQUESTS',
  /** Transient: the instance cannot answer as asked yet (e.g. its read models are behind a requested position); retry. */
  UNAVAILABLE: 'UNAVAILABLE',
} as const;
export type GraphqlErrorCode = (typeof GraphqlErrorCode)[keyof typeof GraphqlErrorCode];

export type DomainErrorCode = EventStoreErrorCode | CommandErrorCode | PlatformErrorCode | AuthErrorCode | OrganisationErrorCode | PartnershipErrorCode;

/** The one place domain error codes become GraphQL codes. Adding a domain code breaks the build until it is mapped here. */
export function graphqlCodeFor(code: DomainErrorCode): GraphqlErrorCode {
  switch (code) {
    case EventStoreErrorCode.WrongExpectedRevision:
    case EventStoreErrorCode.DuplicateEventId:
    case CommandErrorCode.IdempotencyKeyReused:
    case OrganisationErrorCode.AlreadyRegistered:
    case OrganisationErrorCode.Suspended:
    case OrganisationErrorCode.MemberAlreadyExists:
    case OrganisationErrorCode.LastOwner:
    case PartnershipErrorCode.AlreadyProposed:
    case PartnershipErrorCode.WrongStatus:
    case PartnershipErrorCode.AlreadyInvited:
    case PartnershipErrorCode.NoPendingInvitation:
    case PartnershipErrorCode.LeadCannotLeave:
    case PartnershipErrorCode.TooFewPartners:
    case AuthErrorCode.AccountAlreadyRegistered:
    case AuthErrorCode.EmailAlreadyRegistered:
    case AuthErrorCode.ApiKeyAlreadyCreated:
      return GraphqlErrorCode.CONFLICT;
    case AuthErrorCode.TooManyAttempts:
      return GraphqlErrorCode.TOO_MANY_REQUESTS;
    case PlatformErrorCode.NotCaughtUp:
      return GraphqlErrorCode.UNAVAILABLE;
    case AuthErrorCode.AuthenticationRequired:
    case AuthErrorCode.InvalidToken:
    case AuthErrorCode.InvalidCredentials:
      return GraphqlErrorCode.UNAUTHENTICATED;
    case AuthErrorCode.NotAllowed:
      return GraphqlErrorCode.FORBIDDEN;
    case AuthErrorCode.AccountNotFound:
    case AuthErrorCode.ApiKeyNotFound:
    case EventStoreErrorCode.StreamNotFound:
    case OrganisationErrorCode.NotFound:
    case OrganisationErrorCode.MemberNotFound:
    case OrganisationErrorCode.UnknownAccount:
    case PartnershipErrorCode.NotFound:
    case PartnershipErrorCode.NotAPartner:
    case PartnershipErrorCode.UnknownOrganisation:
      return GraphqlErrorCode.NOT_FOUND;
    case EventStoreErrorCode.PayloadRefused:
    case PlatformErrorCode.InvalidInput:
    case PlatformErrorCode.InvalidCursor:
    case PlatformErrorCode.InvalidPositionToken:
    case OrganisationErrorCode.InvalidProfile:
    case PartnershipErrorCode.InvalidPlan:
      return GraphqlErrorCode.BAD_USER_INPUT;
    default: {
      const unmapped: never = code;
      throw new Error(`Unmapped domain error code ${String(unmapped)}`);
    }
  }
}
