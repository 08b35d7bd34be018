import { AuthErrorCode } from '@sce/auth';
import type { ContextErrorCode } from '@sce/composition';
import { CommandErrorCode, EventStoreErrorCode } from '@sce/event-sourcing';
import { OrganisationErrorCode } from '@sce/organisations';
import { PlatformErrorCode } from '@sce/platform';
import { PartnershipErrorCode } from '@sce/partnerships';
import { CaseStudyErrorCode } from '@sce/case-studies';
import { SearchErrorCode } from '@sce/search';
import { GuidelineErrorCode } from '@sce/guidelines';

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

/**
 * Every domain error code: the shared kernel's and the platform layer's, and those of every context in the
 * registry (derived from it, so a new context's codes are here as soon as it is registered).
 */
export type DomainErrorCode = EventStoreErrorCode | CommandErrorCode | PlatformErrorCode | SearchErrorCode | ContextErrorCode;

const { BAD_USER_INPUT, UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, CONFLICT, TOO_MANY_REQUESTS, UNAVAILABLE } = GraphqlErrorCode;

/** The one place domain error codes become GraphQL codes: a code without an entry here does not compile. */
const GRAPHQL_CODE_OF: Record<DomainErrorCode, GraphqlErrorCode> = {
  [EventStoreErrorCode.WrongExpectedRevision]: CONFLICT,
  [EventStoreErrorCode.DuplicateEventId]: CONFLICT,
  [EventStoreErrorCode.StreamNotFound]: NOT_FOUND,
  [EventStoreErrorCode.PayloadRefused]: BAD_USER_INPUT,
  [EventStoreErrorCode.Unavailable]: UNAVAILABLE,
  [EventStoreErrorCode.AppendOutcomeUnknown]: UNAVAILABLE,
  [CommandErrorCode.IdempotencyKeyReused]: CONFLICT,
  [PlatformErrorCode.InvalidInput]: BAD_USER_INPUT,
  [PlatformErrorCode.InvalidCursor]: BAD_USER_INPUT,
  [PlatformErrorCode.InvalidPositionToken]: BAD_USER_INPUT,
  [PlatformErrorCode.NotCaughtUp]: UNAVAILABLE,
  [SearchErrorCode.Unavailable]: UNAVAILABLE,
  // Our request, or the engine's settings, are wrong: nothing the client can change; the server logs it.
  [SearchErrorCode.Rejected]: UNAVAILABLE,
  [AuthErrorCode.AuthenticationRequired]: UNAUTHENTICATED,
  [AuthErrorCode.InvalidToken]: UNAUTHENTICATED,
  [AuthErrorCode.InvalidCredentials]: UNAUTHENTICATED,
  [AuthErrorCode.NotAllowed]: FORBIDDEN,
  [AuthErrorCode.AccountNotFound]: NOT_FOUND,
  [AuthErrorCode.AccountAlreadyRegistered]: CONFLICT,
  [AuthErrorCode.EmailAlreadyRegistered]: CONFLICT,
  [AuthErrorCode.ApiKeyNotFound]: NOT_FOUND,
  [AuthErrorCode.ApiKeyAlreadyCreated]: CONFLICT,
  [AuthErrorCode.TooManyAttempts]: TOO_MANY_REQUESTS,
  [OrganisationErrorCode.NotFound]: NOT_FOUND,
  [OrganisationErrorCode.AlreadyRegistered]: CONFLICT,
  [OrganisationErrorCode.InvalidProfile]: BAD_USER_INPUT,
  [OrganisationErrorCode.Suspended]: CONFLICT,
  [OrganisationErrorCode.MemberAlreadyExists]: CONFLICT,
  [OrganisationErrorCode.MemberNotFound]: NOT_FOUND,
  [OrganisationErrorCode.LastOwner]: CONFLICT,
  [OrganisationErrorCode.UnknownAccount]: NOT_FOUND,
  [PartnershipErrorCode.NotFound]: NOT_FOUND,
  [PartnershipErrorCode.AlreadyProposed]: CONFLICT,
  [PartnershipErrorCode.InvalidPlan]: BAD_USER_INPUT,
  [PartnershipErrorCode.WrongStatus]: CONFLICT,
  [PartnershipErrorCode.AlreadyInvited]: CONFLICT,
  [PartnershipErrorCode.NoPendingInvitation]: CONFLICT,
  [PartnershipErrorCode.NotAPartner]: NOT_FOUND,
  [PartnershipErrorCode.LeadCannotLeave]: CONFLICT,
  [PartnershipErrorCode.TooFewPartners]: CONFLICT,
  [PartnershipErrorCode.UnknownOrganisation]: NOT_FOUND,
  [CaseStudyErrorCode.NotFound]: NOT_FOUND,
  [CaseStudyErrorCode.AlreadyDrafted]: CONFLICT,
  [CaseStudyErrorCode.InvalidContent]: BAD_USER_INPUT,
  [CaseStudyErrorCode.WrongStatus]: CONFLICT,
  [CaseStudyErrorCode.InvalidReview]: BAD_USER_INPUT,
  [CaseStudyErrorCode.ReviewerRoleRequired]: FORBIDDEN,
  [CaseStudyErrorCode.ReviewerMustBePerson]: FORBIDDEN,
  [CaseStudyErrorCode.ReviewOfOwnOrganisation]: FORBIDDEN,
  [CaseStudyErrorCode.ReviewOfOwnWork]: FORBIDDEN,
  [CaseStudyErrorCode.UnknownOrganisation]: NOT_FOUND,
  [CaseStudyErrorCode.UnknownPartnership]: NOT_FOUND,
  [CaseStudyErrorCode.NotInPartnership]: CONFLICT,
  [CaseStudyErrorCode.RevisionNotFound]: NOT_FOUND,
  [CaseStudyErrorCode.SubmissionsSearchForbidden]: FORBIDDEN,
  [GuidelineErrorCode.NotFound]: NOT_FOUND,
  [GuidelineErrorCode.AlreadyDrafted]: CONFLICT,
  [GuidelineErrorCode.InvalidContent]: BAD_USER_INPUT,
  [GuidelineErrorCode.SectionNotFound]: NOT_FOUND,
  [GuidelineErrorCode.WrongStatus]: CONFLICT,
  [GuidelineErrorCode.EditConflict]: CONFLICT,
  [GuidelineErrorCode.AuthorRequired]: FORBIDDEN,
  [GuidelineErrorCode.AuthorRoleRequired]: BAD_USER_INPUT,
  [GuidelineErrorCode.AuthorAlreadyAdded]: CONFLICT,
  [GuidelineErrorCode.AuthorNotFound]: NOT_FOUND,
  [GuidelineErrorCode.LastAuthor]: CONFLICT,
  [GuidelineErrorCode.PersonRequired]: FORBIDDEN,
  [GuidelineErrorCode.CommentNotFound]: NOT_FOUND,
  [GuidelineErrorCode.CommentExists]: CONFLICT,
  [GuidelineErrorCode.AmendmentNotFound]: NOT_FOUND,
  [GuidelineErrorCode.AmendmentExists]: CONFLICT,
  [GuidelineErrorCode.AmendmentAlreadyDecided]: CONFLICT,
  [GuidelineErrorCode.AmendmentNoLongerApplies]: CONFLICT,
  [GuidelineErrorCode.CaseStudyNotPublished]: CONFLICT,
  [GuidelineErrorCode.EvidenceNotCited]: NOT_FOUND,
  [GuidelineErrorCode.ReviewerRoleRequired]: FORBIDDEN,
  [GuidelineErrorCode.ReviewOfOwnWork]: FORBIDDEN,
  [GuidelineErrorCode.NotApproved]: CONFLICT,
  [GuidelineErrorCode.EditedSinceApproval]: CONFLICT,
  [GuidelineErrorCode.NothingToPublish]: CONFLICT,
  [GuidelineErrorCode.CitedCaseStudyNotFound]: NOT_FOUND,
  [GuidelineErrorCode.SuccessorNotFound]: NOT_FOUND,
  [GuidelineErrorCode.VersionNotFound]: NOT_FOUND,
  [GuidelineErrorCode.RevisionNotFound]: NOT_FOUND,
  [GuidelineErrorCode.InvalidTextReference]: BAD_USER_INPUT,
};

/** The GraphQL code of a domain error code; undefined for a code no context declares (a bug: logged and masked). */
export function graphqlCodeFor(code: string): GraphqlErrorCode | undefined {
  return Object.hasOwn(GRAPHQL_CODE_OF, code) ? GRAPHQL_CODE_OF[code as DomainErrorCode] : undefined;
}
