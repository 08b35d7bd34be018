import { ContextError } from '@sce/event-sourcing';

export const GuidelineErrorCode = {
  NotFound: 'GUIDELINE_NOT_FOUND',
  AlreadyDrafted: 'GUIDELINE_ALREADY_DRAFTED',
  InvalidContent: 'GUIDELINE_CONTENT_INVALID',
  SectionNotFound: 'GUIDELINE_SECTION_NOT_FOUND',
  WrongStatus: 'GUIDELINE_WRONG_STATUS',
  EditConflict: 'GUIDELINE_EDIT_CONFLICT',
  AuthorRequired: 'GUIDELINE_AUTHOR_REQUIRED',
  AuthorRoleRequired: 'GUIDELINE_AUTHOR_ROLE_REQUIRED',
  AuthorAlreadyAdded: 'GUIDELINE_AUTHOR_ALREADY_ADDED',
  AuthorNotFound: 'GUIDELINE_AUTHOR_NOT_FOUND',
  LastAuthor: 'GUIDELINE_LAST_AUTHOR',
  PersonRequired: 'GUIDELINE_PERSON_REQUIRED',
  CommentNotFound: 'GUIDELINE_COMMENT_NOT_FOUND',
  CommentExists: 'GUIDELINE_COMMENT_EXISTS',
  AmendmentNotFound: 'GUIDELINE_AMENDMENT_NOT_FOUND',
  AmendmentExists: 'GUIDELINE_AMENDMENT_EXISTS',
  AmendmentAlreadyDecided: 'GUIDELINE_AMENDMENT_ALREADY_DECIDED',
  AmendmentNoLongerApplies: 'GUIDELINE_AMENDMENT_NO_LONGER_APPLIES',
  CaseStudyNotPublished: 'GUIDELINE_EVIDENCE_NOT_PUBLISHED',
  EvidenceNotCited: 'GUIDELINE_EVIDENCE_NOT_CITED',
  ReviewerRoleRequired: 'GUIDELINE_REVIEWER_ROLE_REQUIRED',
  ReviewOfOwnWork: 'GUIDELINE_REVIEW_OF_OWN_WORK',
  NotApproved: 'GUIDELINE_NOT_APPROVED',
  EditedSinceApproval: 'GUIDELINE_EDITED_SINCE_APPROVAL',
  NothingToPublish: 'GUIDELINE_NOTHING_TO_PUBLISH',
  // Raised by the API around the decider: what it looks up for a command, and the texts it reads.
  CitedCaseStudyNotFound: 'GUIDELINE_CITED_CASE_STUDY_NOT_FOUND',
  SuccessorNotFound: 'GUIDELINE_SUCCESSOR_NOT_FOUND',
  VersionNotFound: 'GUIDELINE_VERSION_NOT_FOUND',
  RevisionNotFound: 'GUIDELINE_REVISION_NOT_FOUND',
  InvalidTextReference: 'GUIDELINE_TEXT_REFERENCE_INVALID',
} as const;
export type GuidelineErrorCode = (typeof GuidelineErrorCode)[keyof typeof GuidelineErrorCode];

/** Every failure of the guidelines context: a stable code, a message for people, named details for programs. */
export class GuidelineError extends ContextError<GuidelineErrorCode> {}

export const guidelineNotFound = (guidelineId: string) => new GuidelineError(GuidelineErrorCode.NotFound, `Guideline ${guidelineId} does not exist`, { guidelineId });
export const guidelineAlreadyDrafted = (guidelineId: string) => new GuidelineError(GuidelineErrorCode.AlreadyDrafted, `Guideline ${guidelineId} exists already`, { guidelineId });
export const invalidGuidelineContent = (guidelineId: string, field: string, reason: string) =>
  new GuidelineError(GuidelineErrorCode.InvalidContent, `Guideline ${field} ${reason}`, { guidelineId, field });
export const sectionNotFound = (guidelineId: string, sectionId: string, field: string) =>
  new GuidelineError(GuidelineErrorCode.SectionNotFound, `Guideline ${guidelineId} has no section ${sectionId}`, { guidelineId, sectionId, field });
export const wrongGuidelineStatus = (guidelineId: string, status: string, action: string) =>
  new GuidelineError(GuidelineErrorCode.WrongStatus, `A guideline in status ${status} cannot be ${action}`, { guidelineId, status });
export const guidelineEditConflict = (guidelineId: string, expectedRevision: number, revision: number) =>
  new GuidelineError(GuidelineErrorCode.EditConflict, `Guideline ${guidelineId} is at text revision ${revision}, the edit was made on ${expectedRevision}: reload and edit again`, {
    guidelineId,
    expectedRevision,
    revision,
  });
export const guidelineAuthorRequired = (guidelineId: string, action: string) =>
  new GuidelineError(GuidelineErrorCode.AuthorRequired, `Only an author of guideline ${guidelineId} may ${action}`, { guidelineId });
export const guidelineAuthorRoleRequired = (guidelineId: string, accountId: string) =>
  new GuidelineError(GuidelineErrorCode.AuthorRoleRequired, `Account ${accountId} is not a POLICY_AUTHOR and cannot be an author`, { guidelineId, accountId });
export const guidelineAuthorAlreadyAdded = (guidelineId: string, accountId: string) =>
  new GuidelineError(GuidelineErrorCode.AuthorAlreadyAdded, `Account ${accountId} is an author already`, { guidelineId, accountId });
export const guidelineAuthorNotFound = (guidelineId: string, accountId: string) =>
  new GuidelineError(GuidelineErrorCode.AuthorNotFound, `Account ${accountId} is not an author of guideline ${guidelineId}`, { guidelineId, accountId });
export const lastGuidelineAuthor = (guidelineId: string, accountId: string) =>
  new GuidelineError(GuidelineErrorCode.LastAuthor, `Account ${accountId} is the last author: add another one first`, { guidelineId, accountId });
export const guidelinePersonRequired = (guidelineId: string) =>
  new GuidelineError(GuidelineErrorCode.PersonRequired, 'This needs a person signed in with a bearer token, not an API key or an anonymous caller', { guidelineId });
export const guidelineCommentNotFound = (guidelineId: string, commentId: string) =>
  new GuidelineError(GuidelineErrorCode.CommentNotFound, `Guideline ${guidelineId} has no comment ${commentId}`, { guidelineId, commentId });
export const guidelineCommentExists = (guidelineId: string, id: string, field: string) =>
  new GuidelineError(GuidelineErrorCode.CommentExists, `Guideline ${guidelineId} already has a comment or reply ${id}`, { guidelineId, id, field });
export const amendmentNotFound = (guidelineId: string, amendmentId: string) =>
  new GuidelineError(GuidelineErrorCode.AmendmentNotFound, `Guideline ${guidelineId} has no amendment ${amendmentId}`, { guidelineId, amendmentId });
export const amendmentExists = (guidelineId: string, amendmentId: string) =>
  new GuidelineError(GuidelineErrorCode.AmendmentExists, `Guideline ${guidelineId} already has an amendment ${amendmentId}`, { guidelineId, amendmentId });
export const amendmentAlreadyDecided = (guidelineId: string, amendmentId: string, status: string) =>
  new GuidelineError(GuidelineErrorCode.AmendmentAlreadyDecided, `Amendment ${amendmentId} was ${status.toLowerCase()} already`, { guidelineId, amendmentId, status });
export const amendmentNoLongerApplies = (guidelineId: string, amendmentId: string, field: string, reason: string) =>
  new GuidelineError(GuidelineErrorCode.AmendmentNoLongerApplies, `Amendment ${amendmentId} no longer applies to the text: ${field} ${reason}`, { guidelineId, amendmentId, field });
export const caseStudyNotPublished = (guidelineId: string, caseStudyId: string, status: string) =>
  new GuidelineError(GuidelineErrorCode.CaseStudyNotPublished, `Case study ${caseStudyId} is ${status}: only a published case study can be cited`, { guidelineId, caseStudyId, status });
export const evidenceNotCited = (guidelineId: string, sectionId: string, caseStudyId: string) =>
  new GuidelineError(GuidelineErrorCode.EvidenceNotCited, `Case study ${caseStudyId} is not cited for section ${sectionId}`, { guidelineId, sectionId, caseStudyId });
export const guidelineReviewerRoleRequired = (guidelineId: string) =>
  new GuidelineError(GuidelineErrorCode.ReviewerRoleRequired, 'Only a REVIEWER may review a guideline', { guidelineId });
export const guidelineReviewOfOwnWork = (guidelineId: string) =>
  new GuidelineError(GuidelineErrorCode.ReviewOfOwnWork, 'You are an author of this guideline or wrote part of its text: another reviewer must review it', { guidelineId });
export const guidelineNotApproved = (guidelineId: string, revision: number) =>
  new GuidelineError(GuidelineErrorCode.NotApproved, `Text revision ${revision} of guideline ${guidelineId} is not approved: request a review first`, { guidelineId, revision });
export const guidelineEditedSinceApproval = (guidelineId: string, approved: number, revision: number) =>
  new GuidelineError(GuidelineErrorCode.EditedSinceApproval, `Guideline ${guidelineId} was edited since revision ${approved} was approved (it is at ${revision}): request a new review`, {
    guidelineId,
    approvedRevision: approved,
    revision,
  });
export const nothingToPublish = (guidelineId: string, revision: number) =>
  new GuidelineError(GuidelineErrorCode.NothingToPublish, `Text revision ${revision} of guideline ${guidelineId} is published already`, { guidelineId, revision });
export const citedCaseStudyNotFound = (guidelineId: string, caseStudyId: string) =>
  new GuidelineError(GuidelineErrorCode.CitedCaseStudyNotFound, `Case study ${caseStudyId} does not exist`, { guidelineId, caseStudyId });
export const successorNotFound = (guidelineId: string, successorId: string) =>
  new GuidelineError(GuidelineErrorCode.SuccessorNotFound, `Guideline ${successorId} does not exist`, { guidelineId, successorId });
export const guidelineVersionNotFound = (guidelineId: string, version: string) =>
  new GuidelineError(GuidelineErrorCode.VersionNotFound, `Guideline ${guidelineId} has no published version ${version}`, { guidelineId, version });
export const guidelineRevisionNotFound = (guidelineId: string, revision: number) =>
  new GuidelineError(GuidelineErrorCode.RevisionNotFound, `Guideline ${guidelineId} has no text revision ${revision} you may read`, { guidelineId, revision });
export const invalidTextReference = (guidelineId: string, field: string) =>
  new GuidelineError(GuidelineErrorCode.InvalidTextReference, `${field} must name exactly one of version or revision`, { guidelineId, field });
