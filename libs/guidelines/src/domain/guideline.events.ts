import type { Event } from '@sce/event-sourcing';
import type { GuidelineContent, SectionChange } from './guideline-content';

type Ids = { guidelineId: string };

/**
 * A passage a comment is about: the quoted text, some words before and after it, and where it began (a
 * character offset in the section body). Kept so the comment can follow the text through later edits.
 */
export interface QuotedPassage {
  text: string;
  before: string;
  after: string;
  offset: number;
}

/** Where a comment points: a section, the text revision it was read on, and optionally a passage of it. */
export interface CommentAnchor {
  sectionId: string;
  revision: number;
  quote: QuotedPassage | null;
}

/** An edit made by accepting an amendment: whose text it is (blame credits the proposer) and who accepted it. */
export interface AmendmentCredit {
  amendmentId: string;
  proposedBy: string;
}

export type VersionKind = 'MAJOR' | 'MINOR';
export type ReviewDecision = 'APPROVE' | 'REQUEST_CHANGES';

// Events carry account ids (who drafted, edited, reviewed: the four-eyes rule and blame need them), never names.
// A guideline's "revision" is its text revision: 1 when drafted, one more with every GuidelineEdited.
export type GuidelineDrafted = Event<'GuidelineDrafted', Ids & { draftedBy: string; content: GuidelineContent }>;
/** The section changes that really changed something, in order; `amendment` when an accepted amendment made them. */
export type GuidelineEdited = Event<'GuidelineEdited', Ids & { editedBy: string; revision: number; changes: SectionChange[]; changeNote: string; amendment: AmendmentCredit | null }>;
export type GuidelineAuthorAdded = Event<'GuidelineAuthorAdded', Ids & { accountId: string; addedBy: string }>;
export type GuidelineAuthorRemoved = Event<'GuidelineAuthorRemoved', Ids & { accountId: string; removedBy: string }>;
export type GuidelineCommented = Event<'GuidelineCommented', Ids & { commentId: string; commentedBy: string; anchor: CommentAnchor; text: string }>;
export type GuidelineCommentReplied = Event<'GuidelineCommentReplied', Ids & { commentId: string; replyId: string; repliedBy: string; text: string }>;
export type GuidelineCommentResolved = Event<'GuidelineCommentResolved', Ids & { commentId: string; resolvedBy: string }>;
export type GuidelineAmendmentProposed = Event<'GuidelineAmendmentProposed', Ids & { amendmentId: string; proposedBy: string; revision: number; changes: SectionChange[]; rationale: string }>;
/** Always followed, in the same append, by the GuidelineEdited that applies the amendment. */
export type GuidelineAmendmentAccepted = Event<'GuidelineAmendmentAccepted', Ids & { amendmentId: string; acceptedBy: string }>;
export type GuidelineAmendmentRejected = Event<'GuidelineAmendmentRejected', Ids & { amendmentId: string; rejectedBy: string; reason: string }>;
/** A published case study supporting a section, pinned to the case study's stream revision when cited. */
export type GuidelineEvidenceCited = Event<'GuidelineEvidenceCited', Ids & { sectionId: string; caseStudyId: string; caseStudyRevision: number; citedBy: string; note: string | null }>;
export type GuidelineEvidenceWithdrawn = Event<'GuidelineEvidenceWithdrawn', Ids & { sectionId: string; caseStudyId: string; withdrawnBy: string }>;
export type GuidelineReviewRequested = Event<'GuidelineReviewRequested', Ids & { requestedBy: string; revision: number }>;
export type GuidelineReviewed = Event<'GuidelineReviewed', Ids & { reviewedBy: string; revision: number; decision: ReviewDecision; comment: string | null }>;
/** A version is the approved text revision `revision`; the text itself is the draft as it stood at that revision. */
export type GuidelineVersionPublished = Event<
  'GuidelineVersionPublished',
  Ids & { major: number; minor: number; kind: VersionKind; revision: number; changeSummary: string; approvedBy: string; publishedBy: string }
>;
export type GuidelineWithdrawn = Event<'GuidelineWithdrawn', Ids & { withdrawnBy: string; reason: string }>;
export type GuidelineSuperseded = Event<'GuidelineSuperseded', Ids & { successorId: string; supersededBy: string }>;

export type GuidelineEvent =
  | GuidelineDrafted
  | GuidelineEdited
  | GuidelineAuthorAdded
  | GuidelineAuthorRemoved
  | GuidelineCommented
  | GuidelineCommentReplied
  | GuidelineCommentResolved
  | GuidelineAmendmentProposed
  | GuidelineAmendmentAccepted
  | GuidelineAmendmentRejected
  | GuidelineEvidenceCited
  | GuidelineEvidenceWithdrawn
  | GuidelineReviewRequested
  | GuidelineReviewed
  | GuidelineVersionPublished
  | GuidelineWithdrawn
  | GuidelineSuperseded;

export const GUIDELINE_EVENT_TYPES = [
  'GuidelineDrafted',
  'GuidelineEdited',
  'GuidelineAuthorAdded',
  'GuidelineAuthorRemoved',
  'GuidelineCommented',
  'GuidelineCommentReplied',
  'GuidelineCommentResolved',
  'GuidelineAmendmentProposed',
  'GuidelineAmendmentAccepted',
  'GuidelineAmendmentRejected',
  'GuidelineEvidenceCited',
  'GuidelineEvidenceWithdrawn',
  'GuidelineReviewRequested',
  'GuidelineReviewed',
  'GuidelineVersionPublished',
  'GuidelineWithdrawn',
  'GuidelineSuperseded',
] as const satisfies readonly GuidelineEvent['type'][];

export const guidelineStreamId = (guidelineId: string) => `guideline-${guidelineId}`;

/** A version's number as people write it: 1.0, 1.1, 2.0. */
export const versionLabel = (version: { major: number; minor: number }) => `${version.major}.${version.minor}`;
