import type { Event } from '@sce/event-sourcing';
import type { CaseStudyContent } from './case-study-content';

type Ids = { caseStudyId: string };

/** A reviewer's remark, optionally anchored to a field of the content ('title', 'narrative.process', 'outcomes[2]'). */
export interface ReviewComment {
  field: string | null;
  comment: string;
}

/** Events carry account ids (who drafted, revised, reviewed: the four-eyes rule needs them), never names. */
export type CaseStudyDrafted = Event<'CaseStudyDrafted', Ids & { organisationId: string; draftedBy: string; content: CaseStudyContent }>;
/** Only the fields that changed; a revision of a published case study opens a working draft beside it. */
export type CaseStudyRevised = Event<'CaseStudyRevised', Ids & { revisedBy: string; changes: Partial<CaseStudyContent>; changeNote: string }>;
export type CaseStudySubmitted = Event<'CaseStudySubmitted', Ids>;
export type CaseStudyChangesRequested = Event<'CaseStudyChangesRequested', Ids & { reviewedBy: string; comments: ReviewComment[] }>;
/** Approval publishes the working draft: it replaces what the public sees. */
export type CaseStudyApproved = Event<'CaseStudyApproved', Ids & { reviewedBy: string; comments: ReviewComment[] }>;
export type CaseStudyArchived = Event<'CaseStudyArchived', Ids & { reason: string }>;
export type CaseStudyLinkedToPartnership = Event<'CaseStudyLinkedToPartnership', Ids & { partnershipId: string }>;

export type CaseStudyEvent =
  | CaseStudyDrafted
  | CaseStudyRevised
  | CaseStudySubmitted
  | CaseStudyChangesRequested
  | CaseStudyApproved
  | CaseStudyArchived
  | CaseStudyLinkedToPartnership;

export const CASE_STUDY_EVENT_TYPES = [
  'CaseStudyDrafted',
  'CaseStudyRevised',
  'CaseStudySubmitted',
  'CaseStudyChangesRequested',
  'CaseStudyApproved',
  'CaseStudyArchived',
  'CaseStudyLinkedToPartnership',
] as const satisfies readonly CaseStudyEvent['type'][];

export const caseStudyStreamId = (caseStudyId: string) => `case-study-${caseStudyId}`;
