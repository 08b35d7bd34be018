import type { Command } from '@sce/event-sourcing';
import type { GuidelineContent, SectionChange } from './guideline-content';
import type { CommentAnchor, ReviewDecision, VersionKind } from './guideline.events';

type Ids = { guidelineId: string };

/** What the four-eyes rule needs to know of the reviewer, looked up by the caller of the decider. */
export interface GuidelineReviewer {
  roles: readonly string[];
}

/**
 * What the decider needs to know of a cited case study, looked up by the caller (the decider reads no other
 * stream): its status and the stream revision the citation is pinned to.
 */
export interface CitedCaseStudy {
  caseStudyId: string;
  status: string;
  revision: number;
}

export type DraftGuideline = Command<'DraftGuideline', Ids & { content: GuidelineContent }>;
/** `expectedRevision` is the text revision the author edited: a stale one is a conflict, not a silent merge. */
export type EditGuideline = Command<'EditGuideline', Ids & { changes: SectionChange[]; expectedRevision: number; changeNote: string }>;
/** `roles` are the added account's platform roles: only a POLICY_AUTHOR may become an author. */
export type AddGuidelineAuthor = Command<'AddGuidelineAuthor', Ids & { accountId: string; roles: readonly string[] }>;
export type RemoveGuidelineAuthor = Command<'RemoveGuidelineAuthor', Ids & { accountId: string }>;
export type CommentOnGuideline = Command<'CommentOnGuideline', Ids & { commentId: string; anchor: CommentAnchor; text: string }>;
export type ReplyToGuidelineComment = Command<'ReplyToGuidelineComment', Ids & { commentId: string; replyId: string; text: string }>;
export type ResolveGuidelineComment = Command<'ResolveGuidelineComment', Ids & { commentId: string }>;
export type ProposeGuidelineAmendment = Command<'ProposeGuidelineAmendment', Ids & { amendmentId: string; changes: SectionChange[]; rationale: string }>;
export type AcceptGuidelineAmendment = Command<'AcceptGuidelineAmendment', Ids & { amendmentId: string }>;
export type RejectGuidelineAmendment = Command<'RejectGuidelineAmendment', Ids & { amendmentId: string; reason: string }>;
export type CiteEvidence = Command<'CiteEvidence', Ids & { sectionId: string; caseStudy: CitedCaseStudy; note: string | null }>;
export type WithdrawEvidence = Command<'WithdrawEvidence', Ids & { sectionId: string; caseStudyId: string }>;
export type RequestGuidelineReview = Command<'RequestGuidelineReview', Ids>;
export type ReviewGuideline = Command<'ReviewGuideline', Ids & { decision: ReviewDecision; comment: string | null; reviewer: GuidelineReviewer }>;
export type PublishGuidelineVersion = Command<'PublishGuidelineVersion', Ids & { kind: VersionKind; changeSummary: string }>;
export type WithdrawGuideline = Command<'WithdrawGuideline', Ids & { reason: string }>;
export type SupersedeGuideline = Command<'SupersedeGuideline', Ids & { successorId: string }>;

export type GuidelineCommand =
  | DraftGuideline
  | EditGuideline
  | AddGuidelineAuthor
  | RemoveGuidelineAuthor
  | CommentOnGuideline
  | ReplyToGuidelineComment
  | ResolveGuidelineComment
  | ProposeGuidelineAmendment
  | AcceptGuidelineAmendment
  | RejectGuidelineAmendment
  | CiteEvidence
  | WithdrawEvidence
  | RequestGuidelineReview
  | ReviewGuideline
  | PublishGuidelineVersion
  | WithdrawGuideline
  | SupersedeGuideline;
