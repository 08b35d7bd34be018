import { EventStoreErrorCode } from '@sce/event-sourcing';
import { OrganisationErrorCode } from '@sce/organisations';
import { PlatformErrorCode } from '@sce/platform';

/** The error codes a client can rely on (extensions.code). */
export const GraphqlErrorCode = {
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
} as const;
export type GraphqlErrorCode = (typeof GraphqlErrorCode)[keyof typeof GraphqlErrorCode];

export type DomainErrorCode = EventStoreErrorCode | PlatformErrorCode | OrganisationErrorCode;

/** The one place domain error codes become GraphQL codes. Adding a domain code breaks the build until it is mapped here. */
export function graphqlCodeFor(code: DomainErrorCode): GraphqlErrorCode {
  switch (code) {
    case EventStoreErrorCode.WrongExpectedRevision:
    case EventStoreErrorCode.DuplicateEventId:
    case OrganisationErrorCode.AlreadyRegistered:
      return GraphqlErrorCode.CONFLICT;
    case EventStoreErrorCode.StreamNotFound:
    case OrganisationErrorCode.NotFound:
      return GraphqlErrorCode.NOT_FOUND;
    case PlatformErrorCode.InvalidInput:
    case PlatformErrorCode.InvalidCursor:
    case OrganisationErrorCode.InvalidProfile:
      return GraphqlErrorCode.BAD_USER_INPUT;
    default: {
      const unmapped: never = code;
      throw new Error(`Unmapped domain error code ${String(unmapped)}`);
    }
  }
}
