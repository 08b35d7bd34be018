import { applyRecordedChanges, type GuidelineContent, type SectionChange } from './guideline-content';
import type { GuidelineEvent, ReviewDecision } from './guideline.events';

/** The last review asked for or given, and the text revision it is about. */
export type ReviewState = { stage: 'REQUESTED'; revision: number } | { stage: 'DONE'; revision: number; decision: ReviewDecision; reviewedBy: string };

export interface PublishedVersion {
  major: number;
  minor: number;
  revision: number;
}

export interface CommentState {
  commentId: string;
  commentedBy: string;
  sectionId: string;
  resolved: boolean;
  replyIds: readonly string[];
}

export type AmendmentStatus = 'PROPOSED' | 'ACCEPTED' | 'REJECTED';

export interface PendingAmendment {
  amendmentId: string;
  proposedBy: string;
  status: 'PROPOSED';
  changes: SectionChange[];
  rationale: string;
}

/**
 * A pending amendment keeps what accepting it needs; a decided one only its id and status (what "already
 * decided" checks), so years of amendments, each with whole section bodies, do not swell every snapshot.
 */
export type AmendmentState = PendingAmendment | { amendmentId: string; status: Exclude<AmendmentStatus, 'PROPOSED'> };

export interface Citation {
  sectionId: string;
  caseStudyId: string;
  caseStudyRevision: number;
}

// Plain arrays and records only (no Map or Set): the state must survive JSON, as a snapshot would keep it.
interface Existing {
  guidelineId: string;
  /** The working text: what authors edit, reviewers approve and versions are published from. */
  content: GuidelineContent;
  /** The text revision: 1 when drafted, one more with every edit. */
  revision: number;
  authors: readonly string[];
  /** Every account whose text is in the guideline (authors, editors, proposers of accepted amendments): none may review it. */
  contributors: readonly string[];
  review: ReviewState | null;
  latestVersion: PublishedVersion | null;
  comments: Readonly<Record<string, CommentState>>;
  amendments: Readonly<Record<string, AmendmentState>>;
  evidence: readonly Citation[];
}

/**
 * DRAFT: never published. PUBLISHED: at least one version out, the working text may have moved on beside it.
 * WITHDRAWN and SUPERSEDED are final: the history stays readable, nothing changes any more.
 */
export type Guideline =
  | { status: 'NONE' }
  | (Existing & { status: 'DRAFT' | 'PUBLISHED' })
  | (Existing & { status: 'WITHDRAWN'; withdrawReason: string })
  | (Existing & { status: 'SUPERSEDED'; successorId: string });

export type ExistingGuideline = Exclude<Guideline, { status: 'NONE' }>;
export type GuidelineStatus = ExistingGuideline['status'];

export const initialGuideline = (): Guideline => ({ status: 'NONE' });

const withAccount = (accounts: readonly string[], accountId: string) => (accounts.includes(accountId) ? accounts : [...accounts, accountId]);

/** The working text after an edit: citations of removed sections go with them. */
function edited(state: ExistingGuideline, changes: SectionChange[], revision: number): ExistingGuideline {
  const sections = applyRecordedChanges(state.content.sections, changes);
  const kept = new Set(sections.map((section) => section.sectionId));
  return { ...state, content: { ...state.content, sections }, revision, evidence: state.evidence.filter((citation) => kept.has(citation.sectionId)) };
}

export function evolveGuideline(state: Guideline, event: GuidelineEvent): Guideline {
  if (event.type === 'GuidelineDrafted') {
    const { guidelineId, draftedBy, content } = event.data;
    return {
      status: 'DRAFT',
      guidelineId,
      content,
      revision: 1,
      authors: [draftedBy],
      contributors: [draftedBy],
      review: null,
      latestVersion: null,
      comments: {},
      amendments: {},
      evidence: [],
    };
  }
  if (state.status === 'NONE') return state;
  switch (event.type) {
    case 'GuidelineEdited': {
      const { changes, revision, editedBy, amendment } = event.data;
      const next = edited(state, changes, revision);
      return { ...next, contributors: withAccount(withAccount(state.contributors, editedBy), amendment?.proposedBy ?? editedBy) };
    }
    case 'GuidelineAuthorAdded':
      return { ...state, authors: withAccount(state.authors, event.data.accountId), contributors: withAccount(state.contributors, event.data.accountId) };
    case 'GuidelineAuthorRemoved':
      return { ...state, authors: state.authors.filter((accountId) => accountId !== event.data.accountId) };
    case 'GuidelineCommented': {
      const { commentId, commentedBy, anchor } = event.data;
      return { ...state, comments: { ...state.comments, [commentId]: { commentId, commentedBy, sectionId: anchor.sectionId, resolved: false, replyIds: [] } } };
    }
    case 'GuidelineCommentReplied': {
      const comment = state.comments[event.data.commentId];
      return comment ? { ...state, comments: { ...state.comments, [comment.commentId]: { ...comment, replyIds: [...comment.replyIds, event.data.replyId] } } } : state;
    }
    case 'GuidelineCommentResolved': {
      const comment = state.comments[event.data.commentId];
      return comment ? { ...state, comments: { ...state.comments, [comment.commentId]: { ...comment, resolved: true } } } : state;
    }
    case 'GuidelineAmendmentProposed': {
      const { amendmentId, proposedBy, changes, rationale } = event.data;
      return { ...state, amendments: { ...state.amendments, [amendmentId]: { amendmentId, proposedBy, status: 'PROPOSED', changes, rationale } } };
    }
    case 'GuidelineAmendmentAccepted':
    case 'GuidelineAmendmentRejected': {
      const amendment = state.amendments[event.data.amendmentId];
      const status = event.type === 'GuidelineAmendmentAccepted' ? 'ACCEPTED' : 'REJECTED';
      return amendment ? { ...state, amendments: { ...state.amendments, [amendment.amendmentId]: { amendmentId: amendment.amendmentId, status } } } : state;
    }
    case 'GuidelineEvidenceCited': {
      const { sectionId, caseStudyId, caseStudyRevision } = event.data;
      const others = state.evidence.filter((citation) => !(citation.sectionId === sectionId && citation.caseStudyId === caseStudyId));
      return { ...state, evidence: [...others, { sectionId, caseStudyId, caseStudyRevision }] };
    }
    case 'GuidelineEvidenceWithdrawn': {
      const { sectionId, caseStudyId } = event.data;
      return { ...state, evidence: state.evidence.filter((citation) => !(citation.sectionId === sectionId && citation.caseStudyId === caseStudyId)) };
    }
    case 'GuidelineReviewRequested':
      return { ...state, review: { stage: 'REQUESTED', revision: event.data.revision } };
    case 'GuidelineReviewed': {
      const { revision, decision, reviewedBy } = event.data;
      return { ...state, review: { stage: 'DONE', revision, decision, reviewedBy } };
    }
    case 'GuidelineVersionPublished': {
      const { major, minor, revision } = event.data;
      return state.status === 'DRAFT' || state.status === 'PUBLISHED' ? { ...state, status: 'PUBLISHED', latestVersion: { major, minor, revision } } : state;
    }
    case 'GuidelineWithdrawn':
      return { ...state, status: 'WITHDRAWN', withdrawReason: event.data.reason };
    case 'GuidelineSuperseded':
      return { ...state, status: 'SUPERSEDED', successorId: event.data.successorId };
    default: {
      const unknownEvent: never = event;
      return unknownEvent;
    }
  }
}

/** Whether a review is under way for the working text: the guideline is "in review". */
export const inReview = (state: ExistingGuideline) => state.review?.stage === 'REQUESTED';

/** The revision approved by the last review, or null when the last review did not approve. */
export const approvedRevision = (state: ExistingGuideline): number | null => (state.review?.stage === 'DONE' && state.review.decision === 'APPROVE' ? state.review.revision : null);
