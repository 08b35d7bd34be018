import { ContextError } from '@sce/event-sourcing';

export const CaseStudyErrorCode = {
  NotFound: 'CASE_STUDY_NOT_FOUND',
  AlreadyDrafted: 'CASE_STUDY_ALREADY_DRAFTED',
  InvalidContent: 'CASE_STUDY_CONTENT_INVALID',
  WrongStatus: 'CASE_STUDY_WRONG_STATUS',
  InvalidReview: 'CASE_STUDY_REVIEW_INVALID',
  ReviewerRoleRequired: 'CASE_STUDY_REVIEWER_ROLE_REQUIRED',
  ReviewerMustBePerson: 'CASE_STUDY_REVIEWER_MUST_BE_PERSON',
  ReviewOfOwnOrganisation: 'CASE_STUDY_REVIEW_OF_OWN_ORGANISATION',
  ReviewOfOwnWork: 'CASE_STUDY_REVIEW_OF_OWN_WORK',
  UnknownOrganisation: 'CASE_STUDY_ORGANISATION_UNKNOWN',
  UnknownPartnership: 'CASE_STUDY_PARTNERSHIP_UNKNOWN',
  NotInPartnership: 'CASE_STUDY_NOT_IN_PARTNERSHIP',
  RevisionNotFound: 'CASE_STUDY_REVISION_NOT_FOUND',
  SubmissionsSearchForbidden: 'CASE_STUDY_SUBMISSIONS_SEARCH_FORBIDDEN',
} as const;
export type CaseStudyErrorCode = (typeof CaseStudyErrorCode)[keyof typeof CaseStudyErrorCode];

/** Every failure of the case-studies context: a stable code, a message for people, named details for programs. */
export class CaseStudyError extends ContextError<CaseStudyErrorCode> {}

export const caseStudyNotFound = (caseStudyId: string) => new CaseStudyError(CaseStudyErrorCode.NotFound, `Case study ${caseStudyId} does not exist`, { caseStudyId });
export const caseStudyAlreadyDrafted = (caseStudyId: string) => new CaseStudyError(CaseStudyErrorCode.AlreadyDrafted, `Case study ${caseStudyId} exists already`, { caseStudyId });
export const invalidCaseStudyContent = (caseStudyId: string, field: string, reason: string) =>
  new CaseStudyError(CaseStudyErrorCode.InvalidContent, `Case study ${field} ${reason}`, { caseStudyId, field });
export const wrongCaseStudyStatus = (caseStudyId: string, status: string, action: string) =>
  new CaseStudyError(CaseStudyErrorCode.WrongStatus, `A case study in status ${status} cannot be ${action}`, { caseStudyId, status });
export const invalidReview = (caseStudyId: string, field: string, reason: string) => new CaseStudyError(CaseStudyErrorCode.InvalidReview, `Review ${reason}`, { caseStudyId, field });
export const reviewerRoleRequired = (caseStudyId: string) => new CaseStudyError(CaseStudyErrorCode.ReviewerRoleRequired, 'Only a REVIEWER may review a case study', { caseStudyId });
export const reviewerMustBePerson = (caseStudyId: string) =>
  new CaseStudyError(CaseStudyErrorCode.ReviewerMustBePerson, 'A review needs a person signed in with a bearer token, not an API key', { caseStudyId });
export const reviewOfOwnOrganisation = (caseStudyId: string, organisationId: string) =>
  new CaseStudyError(CaseStudyErrorCode.ReviewOfOwnOrganisation, `You belong to organisation ${organisationId} of this case study: another reviewer must review it`, { caseStudyId, organisationId });
export const reviewOfOwnWork = (caseStudyId: string) =>
  new CaseStudyError(CaseStudyErrorCode.ReviewOfOwnWork, 'You drafted or revised this case study: another reviewer must review it', { caseStudyId });
export const unknownCaseStudyOrganisation = (organisationId: string) =>
  new CaseStudyError(CaseStudyErrorCode.UnknownOrganisation, `There is no organisation ${organisationId}`, { organisationId });
export const unknownCaseStudyPartnership = (partnershipId: string) =>
  new CaseStudyError(CaseStudyErrorCode.UnknownPartnership, `There is no partnership ${partnershipId}`, { partnershipId });
export const notInPartnership = (caseStudyId: string, partnershipId: string, organisationId: string) =>
  new CaseStudyError(CaseStudyErrorCode.NotInPartnership, `Organisation ${organisationId} of the case study is not a member of partnership ${partnershipId}`, { caseStudyId, partnershipId, organisationId });
export const revisionNotFound = (caseStudyId: string, revision: number) =>
  new CaseStudyError(CaseStudyErrorCode.RevisionNotFound, `Case study ${caseStudyId} has no text revision ${revision} you may see`, { caseStudyId, revision });
export const submissionsSearchForbidden = () =>
  new CaseStudyError(CaseStudyErrorCode.SubmissionsSearchForbidden, 'Only a REVIEWER or an ADMIN may search submissions (includeSubmissions)', { field: 'includeSubmissions' });
