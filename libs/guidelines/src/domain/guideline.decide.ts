import type { Decider } from '@sce/event-sourcing';
import { applySectionChanges, GUIDELINE_LIMITS, idViolation, isViolation, normaliseContent, textViolation, type ChangeViolation, type FieldViolation, type SectionChange } from './guideline-content';
import type {
  AcceptGuidelineAmendment,
  AddGuidelineAuthor,
  CiteEvidence,
  CommentOnGuideline,
  DraftGuideline,
  EditGuideline,
  GuidelineCommand,
  ProposeGuidelineAmendment,
  PublishGuidelineVersion,
  RejectGuidelineAmendment,
  RemoveGuidelineAuthor,
  ReplyToGuidelineComment,
  RequestGuidelineReview,
  ResolveGuidelineComment,
  ReviewGuideline,
  SupersedeGuideline,
  WithdrawEvidence,
  WithdrawGuideline,
} from './guideline.commands';
import {
  amendmentAlreadyDecided,
  amendmentExists,
  amendmentNoLongerApplies,
  amendmentNotFound,
  caseStudyNotPublished,
  evidenceNotCited,
  guidelineAlreadyDrafted,
  guidelineAuthorAlreadyAdded,
  guidelineAuthorNotFound,
  guidelineAuthorRequired,
  guidelineAuthorRoleRequired,
  guidelineCommentExists,
  guidelineCommentNotFound,
  guidelineEditConflict,
  guidelineEditedSinceApproval,
  guidelineNotApproved,
  guidelineNotFound,
  guidelinePersonRequired,
  guidelineReviewerRoleRequired,
  guidelineReviewOfOwnWork,
  invalidGuidelineContent,
  lastGuidelineAuthor,
  nothingToPublish,
  sectionNotFound,
  wrongGuidelineStatus,
} from './guideline.errors';
import type { GuidelineEvent, QuotedPassage } from './guideline.events';
import { approvedRevision, evolveGuideline, inReview, initialGuideline, type ExistingGuideline, type Guideline, type PendingAmendment } from './guideline';

export const POLICY_AUTHOR_ROLE = 'POLICY_AUTHOR';
export const GUIDELINE_REVIEWER_ROLE = 'REVIEWER';
export const CASE_STUDY_PUBLISHED = 'PUBLISHED';
/** How many case studies one section may cite. */
export const MAX_CITATIONS_PER_SECTION = 50;

type Open = ExistingGuideline & { status: 'DRAFT' | 'PUBLISHED' };

function existing(state: Guideline, guidelineId: string): ExistingGuideline {
  if (state.status === 'NONE') throw guidelineNotFound(guidelineId);
  return state;
}

// Withdrawn and superseded guidelines keep their history readable, and take no further change of any kind.
function open(state: Guideline, guidelineId: string, action: string): Open {
  const guideline = existing(state, guidelineId);
  if (guideline.status !== 'DRAFT' && guideline.status !== 'PUBLISHED') throw wrongGuidelineStatus(guidelineId, guideline.status, action);
  return guideline;
}

function personOf(command: GuidelineCommand): string {
  if (!command.metadata.actorId) throw guidelinePersonRequired(command.data.guidelineId);
  return command.metadata.actorId;
}

function authorOf(command: GuidelineCommand, guideline: ExistingGuideline, action: string): string {
  const actor = personOf(command);
  if (!guideline.authors.includes(actor)) throw guidelineAuthorRequired(guideline.guidelineId, action);
  return actor;
}

function check(guidelineId: string, violation: FieldViolation | null): void {
  if (violation) throw invalidGuidelineContent(guidelineId, violation.field, violation.reason);
}

/** An optional text: trimmed, null when blank, refused when too long. */
function optionalText(guidelineId: string, field: string, text: string | null, limit: number): string | null {
  if (text === null) return null;
  check(guidelineId, textViolation(field, text, limit, false));
  return text.trim() === '' ? null : text.trim();
}

function requiredText(guidelineId: string, field: string, text: string, limit: number): string {
  check(guidelineId, textViolation(field, text, limit));
  return text.trim();
}

function changed(guideline: ExistingGuideline, changes: SectionChange[]): SectionChange[] {
  const applied = applySectionChanges(guideline.content.sections, changes);
  if (isViolation(applied)) throw changeError(guideline.guidelineId, applied);
  return applied.effective;
}

const changeError = (guidelineId: string, violation: ChangeViolation) =>
  violation.missingSectionId ? sectionNotFound(guidelineId, violation.missingSectionId, violation.field) : invalidGuidelineContent(guidelineId, violation.field, violation.reason);

function draft(command: DraftGuideline, state: Guideline): GuidelineEvent[] {
  const { guidelineId, content } = command.data;
  if (state.status !== 'NONE') throw guidelineAlreadyDrafted(guidelineId);
  const draftedBy = personOf(command);
  const checked = normaliseContent(content);
  if (isViolation(checked)) throw invalidGuidelineContent(guidelineId, checked.field, checked.reason);
  return [{ type: 'GuidelineDrafted', data: { guidelineId, draftedBy, content: checked } }];
}

function edit(command: EditGuideline, state: Guideline): GuidelineEvent[] {
  const { guidelineId, changes, expectedRevision } = command.data;
  const guideline = open(state, guidelineId, 'edited');
  const editedBy = authorOf(command, guideline, 'edit it');
  const changeNote = requiredText(guidelineId, 'changeNote', command.data.changeNote, GUIDELINE_LIMITS.changeNote);
  // Edits are not merged: an author who edited an older text reloads it, so nobody overwrites unseen changes.
  if (expectedRevision !== guideline.revision) throw guidelineEditConflict(guidelineId, expectedRevision, guideline.revision);
  const effective = changed(guideline, changes);
  if (effective.length === 0) return [];
  return [{ type: 'GuidelineEdited', data: { guidelineId, editedBy, revision: guideline.revision + 1, changes: effective, changeNote, amendment: null } }];
}

function addAuthor(command: AddGuidelineAuthor, state: Guideline): GuidelineEvent[] {
  const { guidelineId, accountId, roles } = command.data;
  const guideline = open(state, guidelineId, 'given authors');
  const addedBy = authorOf(command, guideline, 'add authors');
  check(guidelineId, textViolation('accountId', accountId, GUIDELINE_LIMITS.id));
  if (guideline.authors.includes(accountId)) throw guidelineAuthorAlreadyAdded(guidelineId, accountId);
  if (!roles.includes(POLICY_AUTHOR_ROLE)) throw guidelineAuthorRoleRequired(guidelineId, accountId);
  if (guideline.authors.length >= GUIDELINE_LIMITS.authors) throw invalidGuidelineContent(guidelineId, 'accountId', `cannot be added: a guideline has at most ${GUIDELINE_LIMITS.authors} authors`);
  return [{ type: 'GuidelineAuthorAdded', data: { guidelineId, accountId, addedBy } }];
}

function removeAuthor(command: RemoveGuidelineAuthor, state: Guideline): GuidelineEvent[] {
  const { guidelineId, accountId } = command.data;
  const guideline = open(state, guidelineId, 'changed');
  const removedBy = authorOf(command, guideline, 'remove authors');
  if (!guideline.authors.includes(accountId)) throw guidelineAuthorNotFound(guidelineId, accountId);
  if (guideline.authors.length === 1) throw lastGuidelineAuthor(guidelineId, accountId);
  return [{ type: 'GuidelineAuthorRemoved', data: { guidelineId, accountId, removedBy } }];
}

const usedCommentIds = (guideline: ExistingGuideline) => new Set(Object.values(guideline.comments).flatMap((comment) => [comment.commentId, ...comment.replyIds]));

function checkedQuote(guideline: ExistingGuideline, quote: QuotedPassage, body: string, current: boolean): QuotedPassage {
  const id = guideline.guidelineId;
  check(id, textViolation('anchor.quote.text', quote.text, GUIDELINE_LIMITS.quote));
  check(id, textViolation('anchor.quote.before', quote.before, GUIDELINE_LIMITS.quoteContext, false));
  check(id, textViolation('anchor.quote.after', quote.after, GUIDELINE_LIMITS.quoteContext, false));
  if (!Number.isInteger(quote.offset) || quote.offset < 0) throw invalidGuidelineContent(id, 'anchor.quote.offset', 'must be a whole number from 0');
  // On the current text the passage can be checked; on an older revision the caller's word is taken.
  if (current && !body.includes(quote.text)) throw invalidGuidelineContent(id, 'anchor.quote.text', 'is not in the section');
  return { text: quote.text, before: quote.before, after: quote.after, offset: quote.offset };
}

function comment(command: CommentOnGuideline, state: Guideline): GuidelineEvent[] {
  const { guidelineId, commentId, anchor } = command.data;
  const guideline = open(state, guidelineId, 'commented on');
  const commentedBy = personOf(command);
  check(guidelineId, idViolation('commentId', commentId));
  if (usedCommentIds(guideline).has(commentId)) throw guidelineCommentExists(guidelineId, commentId, 'commentId');
  const section = guideline.content.sections.find((candidate) => candidate.sectionId === anchor.sectionId);
  if (!section) throw sectionNotFound(guidelineId, anchor.sectionId, 'anchor.sectionId');
  if (!Number.isInteger(anchor.revision) || anchor.revision < 1 || anchor.revision > guideline.revision) {
    throw invalidGuidelineContent(guidelineId, 'anchor.revision', `must be a text revision from 1 to ${guideline.revision}`);
  }
  const quote = anchor.quote === null ? null : checkedQuote(guideline, anchor.quote, section.body, anchor.revision === guideline.revision);
  const text = requiredText(guidelineId, 'text', command.data.text, GUIDELINE_LIMITS.comment);
  return [{ type: 'GuidelineCommented', data: { guidelineId, commentId, commentedBy, anchor: { sectionId: section.sectionId, revision: anchor.revision, quote }, text } }];
}

function reply(command: ReplyToGuidelineComment, state: Guideline): GuidelineEvent[] {
  const { guidelineId, commentId, replyId } = command.data;
  const guideline = open(state, guidelineId, 'commented on');
  const repliedBy = personOf(command);
  if (!guideline.comments[commentId]) throw guidelineCommentNotFound(guidelineId, commentId);
  check(guidelineId, idViolation('replyId', replyId));
  if (usedCommentIds(guideline).has(replyId)) throw guidelineCommentExists(guidelineId, replyId, 'replyId');
  const text = requiredText(guidelineId, 'text', command.data.text, GUIDELINE_LIMITS.comment);
  return [{ type: 'GuidelineCommentReplied', data: { guidelineId, commentId, replyId, repliedBy, text } }];
}

function resolve(command: ResolveGuidelineComment, state: Guideline): GuidelineEvent[] {
  const { guidelineId, commentId } = command.data;
  const guideline = open(state, guidelineId, 'commented on');
  const resolvedBy = personOf(command);
  const found = guideline.comments[commentId];
  if (!found) throw guidelineCommentNotFound(guidelineId, commentId);
  // The one who asked, or an author who answered it, closes a comment.
  if (resolvedBy !== found.commentedBy && !guideline.authors.includes(resolvedBy)) throw guidelineAuthorRequired(guidelineId, 'resolve the comments of others');
  if (found.resolved) return [];
  return [{ type: 'GuidelineCommentResolved', data: { guidelineId, commentId, resolvedBy } }];
}

function propose(command: ProposeGuidelineAmendment, state: Guideline): GuidelineEvent[] {
  const { guidelineId, amendmentId, changes } = command.data;
  const guideline = open(state, guidelineId, 'amended');
  const proposedBy = personOf(command);
  // Amendments are public participation: on what the public can read (published) or what is under review.
  if (guideline.status !== 'PUBLISHED' && !inReview(guideline)) throw wrongGuidelineStatus(guidelineId, 'DRAFT', 'amended (only a published guideline or one in review can be)');
  check(guidelineId, idViolation('amendmentId', amendmentId));
  if (guideline.amendments[amendmentId]) throw amendmentExists(guidelineId, amendmentId);
  const rationale = requiredText(guidelineId, 'rationale', command.data.rationale, GUIDELINE_LIMITS.rationale);
  const effective = changed(guideline, changes);
  if (effective.length === 0) throw invalidGuidelineContent(guidelineId, 'changes', 'change nothing in the current text');
  return [{ type: 'GuidelineAmendmentProposed', data: { guidelineId, amendmentId, proposedBy, revision: guideline.revision, changes: effective, rationale } }];
}

function pendingAmendment(guideline: ExistingGuideline, amendmentId: string): PendingAmendment {
  const amendment = guideline.amendments[amendmentId];
  if (!amendment) throw amendmentNotFound(guideline.guidelineId, amendmentId);
  if (amendment.status !== 'PROPOSED') throw amendmentAlreadyDecided(guideline.guidelineId, amendmentId, amendment.status);
  return amendment;
}

function accept(command: AcceptGuidelineAmendment, state: Guideline): GuidelineEvent[] {
  const { guidelineId, amendmentId } = command.data;
  const guideline = open(state, guidelineId, 'amended');
  const acceptedBy = authorOf(command, guideline, 'accept amendments');
  const amendment = pendingAmendment(guideline, amendmentId);
  // The text may have moved on since the proposal: the amendment applies to the current text or not at all.
  const applied = applySectionChanges(guideline.content.sections, amendment.changes);
  if (isViolation(applied)) throw amendmentNoLongerApplies(guidelineId, amendmentId, applied.field, applied.reason);
  const accepted: GuidelineEvent = { type: 'GuidelineAmendmentAccepted', data: { guidelineId, amendmentId, acceptedBy } };
  if (applied.effective.length === 0) return [accepted];
  return [
    accepted,
    {
      type: 'GuidelineEdited',
      data: {
        guidelineId,
        editedBy: acceptedBy,
        revision: guideline.revision + 1,
        changes: applied.effective,
        changeNote: amendment.rationale,
        amendment: { amendmentId, proposedBy: amendment.proposedBy },
      },
    },
  ];
}

function reject(command: RejectGuidelineAmendment, state: Guideline): GuidelineEvent[] {
  const { guidelineId, amendmentId } = command.data;
  const guideline = open(state, guidelineId, 'amended');
  const rejectedBy = authorOf(command, guideline, 'reject amendments');
  pendingAmendment(guideline, amendmentId);
  const reason = requiredText(guidelineId, 'reason', command.data.reason, GUIDELINE_LIMITS.reason);
  return [{ type: 'GuidelineAmendmentRejected', data: { guidelineId, amendmentId, rejectedBy, reason } }];
}

function cite(command: CiteEvidence, state: Guideline): GuidelineEvent[] {
  const { guidelineId, sectionId, caseStudy } = command.data;
  const guideline = open(state, guidelineId, 'given evidence');
  const citedBy = authorOf(command, guideline, 'cite evidence');
  if (!guideline.content.sections.some((section) => section.sectionId === sectionId)) throw sectionNotFound(guidelineId, sectionId, 'sectionId');
  check(guidelineId, textViolation('caseStudy.caseStudyId', caseStudy.caseStudyId, GUIDELINE_LIMITS.id));
  if (caseStudy.status !== CASE_STUDY_PUBLISHED) throw caseStudyNotPublished(guidelineId, caseStudy.caseStudyId, caseStudy.status);
  if (!Number.isInteger(caseStudy.revision) || caseStudy.revision < 0) throw invalidGuidelineContent(guidelineId, 'caseStudy.revision', 'must be a stream revision (a whole number from 0)');
  const note = optionalText(guidelineId, 'note', command.data.note, GUIDELINE_LIMITS.evidenceNote);
  const citations = guideline.evidence.filter((citation) => citation.sectionId === sectionId);
  const earlier = citations.find((citation) => citation.caseStudyId === caseStudy.caseStudyId);
  // Citing again re-pins the citation to the case study's current revision; the same pin again is no change.
  if (earlier?.caseStudyRevision === caseStudy.revision) return [];
  if (!earlier && citations.length >= MAX_CITATIONS_PER_SECTION) throw invalidGuidelineContent(guidelineId, 'sectionId', `cites ${MAX_CITATIONS_PER_SECTION} case studies already`);
  return [{ type: 'GuidelineEvidenceCited', data: { guidelineId, sectionId, caseStudyId: caseStudy.caseStudyId, caseStudyRevision: caseStudy.revision, citedBy, note } }];
}

function withdrawEvidence(command: WithdrawEvidence, state: Guideline): GuidelineEvent[] {
  const { guidelineId, sectionId, caseStudyId } = command.data;
  const guideline = open(state, guidelineId, 'given evidence');
  const withdrawnBy = authorOf(command, guideline, 'withdraw evidence');
  if (!guideline.evidence.some((citation) => citation.sectionId === sectionId && citation.caseStudyId === caseStudyId)) throw evidenceNotCited(guidelineId, sectionId, caseStudyId);
  return [{ type: 'GuidelineEvidenceWithdrawn', data: { guidelineId, sectionId, caseStudyId, withdrawnBy } }];
}

function requestReview(command: RequestGuidelineReview, state: Guideline): GuidelineEvent[] {
  const { guidelineId } = command.data;
  const guideline = open(state, guidelineId, 'sent to review');
  const requestedBy = authorOf(command, guideline, 'request a review');
  if (inReview(guideline)) throw wrongGuidelineStatus(guidelineId, 'IN_REVIEW', 'sent to review again');
  if (guideline.latestVersion?.revision === guideline.revision) throw nothingToPublish(guidelineId, guideline.revision);
  if (approvedRevision(guideline) === guideline.revision) throw wrongGuidelineStatus(guidelineId, 'APPROVED', 'sent to review again (this text is approved: publish it)');
  const sentBack = guideline.review?.stage === 'DONE' && guideline.review.decision === 'REQUEST_CHANGES' && guideline.review.revision === guideline.revision;
  if (sentBack) throw wrongGuidelineStatus(guidelineId, 'CHANGES_REQUESTED', 'sent to review again before it is edited as the reviewer asked');
  return [{ type: 'GuidelineReviewRequested', data: { guidelineId, requestedBy, revision: guideline.revision } }];
}

function review(command: ReviewGuideline, state: Guideline): GuidelineEvent[] {
  const { guidelineId, decision, reviewer } = command.data;
  const guideline = open(state, guidelineId, 'reviewed');
  if (!inReview(guideline)) throw wrongGuidelineStatus(guidelineId, guideline.status, 'reviewed (no review was requested)');
  // Four eyes: a REVIEWER, in person, who is not an author and wrote none of the text.
  const reviewedBy = command.metadata.actorId;
  if (!reviewedBy || !reviewer.roles.includes(GUIDELINE_REVIEWER_ROLE)) throw guidelineReviewerRoleRequired(guidelineId);
  if (command.metadata.apiKeyId) throw guidelinePersonRequired(guidelineId);
  if (guideline.authors.includes(reviewedBy) || guideline.contributors.includes(reviewedBy)) throw guidelineReviewOfOwnWork(guidelineId);
  const comment = optionalText(guidelineId, 'comment', command.data.comment, GUIDELINE_LIMITS.comment);
  if (decision === 'REQUEST_CHANGES' && comment === null) throw invalidGuidelineContent(guidelineId, 'comment', 'must say which changes are requested');
  // The review is of the text as it is now (an amendment accepted during the review is part of it).
  return [{ type: 'GuidelineReviewed', data: { guidelineId, reviewedBy, revision: guideline.revision, decision, comment } }];
}

function publish(command: PublishGuidelineVersion, state: Guideline): GuidelineEvent[] {
  const { guidelineId, kind } = command.data;
  const guideline = open(state, guidelineId, 'published');
  const publishedBy = authorOf(command, guideline, 'publish versions');
  if (guideline.latestVersion?.revision === guideline.revision) throw nothingToPublish(guidelineId, guideline.revision);
  const approval = guideline.review;
  if (approval?.stage !== 'DONE' || approval.decision !== 'APPROVE') throw guidelineNotApproved(guidelineId, guideline.revision);
  if (approval.revision !== guideline.revision) throw guidelineEditedSinceApproval(guidelineId, approval.revision, guideline.revision);
  if (kind !== 'MAJOR' && kind !== 'MINOR') throw invalidGuidelineContent(guidelineId, 'kind', 'must be MAJOR or MINOR');
  const latest = guideline.latestVersion;
  if (!latest && kind === 'MINOR') throw invalidGuidelineContent(guidelineId, 'kind', 'must be MAJOR for the first version (1.0)');
  const changeSummary = requiredText(guidelineId, 'changeSummary', command.data.changeSummary, GUIDELINE_LIMITS.changeSummary);
  const [major, minor] = kind === 'MAJOR' ? [(latest?.major ?? 0) + 1, 0] : [latest!.major, latest!.minor + 1];
  return [{ type: 'GuidelineVersionPublished', data: { guidelineId, major, minor, kind, revision: guideline.revision, changeSummary, approvedBy: approval.reviewedBy, publishedBy } }];
}

function withdraw(command: WithdrawGuideline, state: Guideline): GuidelineEvent[] {
  const { guidelineId } = command.data;
  const guideline = open(state, guidelineId, 'withdrawn');
  const withdrawnBy = authorOf(command, guideline, 'withdraw it');
  const reason = requiredText(guidelineId, 'reason', command.data.reason, GUIDELINE_LIMITS.reason);
  return [{ type: 'GuidelineWithdrawn', data: { guidelineId, withdrawnBy, reason } }];
}

function supersede(command: SupersedeGuideline, state: Guideline): GuidelineEvent[] {
  const { guidelineId, successorId } = command.data;
  const guideline = open(state, guidelineId, 'superseded');
  if (guideline.status !== 'PUBLISHED') throw wrongGuidelineStatus(guidelineId, guideline.status, 'superseded (only a published one can be: withdraw a draft)');
  const supersededBy = authorOf(command, guideline, 'supersede it');
  check(guidelineId, textViolation('successorId', successorId, GUIDELINE_LIMITS.id));
  if (successorId === guidelineId) throw invalidGuidelineContent(guidelineId, 'successorId', 'must name another guideline');
  return [{ type: 'GuidelineSuperseded', data: { guidelineId, successorId, supersededBy } }];
}

export function decideGuideline(command: GuidelineCommand, state: Guideline): GuidelineEvent[] {
  switch (command.type) {
    case 'DraftGuideline':
      return draft(command, state);
    case 'EditGuideline':
      return edit(command, state);
    case 'AddGuidelineAuthor':
      return addAuthor(command, state);
    case 'RemoveGuidelineAuthor':
      return removeAuthor(command, state);
    case 'CommentOnGuideline':
      return comment(command, state);
    case 'ReplyToGuidelineComment':
      return reply(command, state);
    case 'ResolveGuidelineComment':
      return resolve(command, state);
    case 'ProposeGuidelineAmendment':
      return propose(command, state);
    case 'AcceptGuidelineAmendment':
      return accept(command, state);
    case 'RejectGuidelineAmendment':
      return reject(command, state);
    case 'CiteEvidence':
      return cite(command, state);
    case 'WithdrawEvidence':
      return withdrawEvidence(command, state);
    case 'RequestGuidelineReview':
      return requestReview(command, state);
    case 'ReviewGuideline':
      return review(command, state);
    case 'PublishGuidelineVersion':
      return publish(command, state);
    case 'WithdrawGuideline':
      return withdraw(command, state);
    case 'SupersedeGuideline':
      return supersede(command, state);
    default: {
      const unknownCommand: never = command;
      throw new Error(`Unknown command ${JSON.stringify(unknownCommand)}`);
    }
  }
}

export const guidelineDecider: Decider<Guideline, GuidelineCommand, GuidelineEvent> = {
  initialState: initialGuideline,
  decide: decideGuideline,
  evolve: evolveGuideline,
  // A guideline edited daily for years has tens of thousands of events: commands start from a snapshot of the
  // state (plain arrays and records) taken every 100 events. Bump schemaVersion when evolve or the state changes.
  // 2: decided amendments keep only their id and status.
  snapshot: { schemaVersion: 2, every: 100 },
  schemaVersions: {
    GuidelineDrafted: 1,
    GuidelineEdited: 1,
    GuidelineAuthorAdded: 1,
    GuidelineAuthorRemoved: 1,
    GuidelineCommented: 1,
    GuidelineCommentReplied: 1,
    GuidelineCommentResolved: 1,
    GuidelineAmendmentProposed: 1,
    GuidelineAmendmentAccepted: 1,
    GuidelineAmendmentRejected: 1,
    GuidelineEvidenceCited: 1,
    GuidelineEvidenceWithdrawn: 1,
    GuidelineReviewRequested: 1,
    GuidelineReviewed: 1,
    GuidelineVersionPublished: 1,
    GuidelineWithdrawn: 1,
    GuidelineSuperseded: 1,
  },
};
