import type { RecordedEvent } from '@sce/event-sourcing';
import type { CaseStudyContent } from './case-study-content';
import type { CaseStudyEvent, ReviewComment } from './case-study.events';

/** Where the working text is: being written, under review, or sent back with comments. */
export type WorkingStage = 'DRAFT' | 'SUBMITTED' | 'CHANGES_REQUESTED';

/** The text being worked on: the first draft, or a revision of a published case study. */
export interface WorkingDraft {
  stage: WorkingStage;
  content: CaseStudyContent;
  /** The comments of the last request for changes (kept until approval, so the authors can answer them). */
  comments: ReviewComment[];
}

interface Existing {
  caseStudyId: string;
  organisationId: string;
  partnershipId: string | null;
  /** Every account that drafted or revised it: none of them may review it (four eyes). */
  contributors: readonly string[];
}

/**
 * UNPUBLISHED: only a working draft. PUBLISHED: the published text, and perhaps a working revision beside it
 * (the public keeps seeing the published text until the revision is approved). ARCHIVED: withdrawn.
 */
export type CaseStudy =
  | { status: 'NONE' }
  | (Existing & { status: 'UNPUBLISHED'; working: WorkingDraft; published: null })
  | (Existing & { status: 'PUBLISHED'; working: WorkingDraft | null; published: CaseStudyContent })
  | (Existing & { status: 'ARCHIVED'; working: null; published: CaseStudyContent; archiveReason: string });

export type ExistingCaseStudy = Exclude<CaseStudy, { status: 'NONE' }>;

/** What the API shows as a case study's status: its working stage until first published. */
export type CaseStudyStatus = WorkingStage | 'PUBLISHED' | 'ARCHIVED';
export const statusOf = (state: ExistingCaseStudy): CaseStudyStatus => (state.status === 'UNPUBLISHED' ? state.working.stage : state.status);

/** Every organisation a case study names: its own and those involved (published text and working draft). */
export const organisationsNamedBy = (state: ExistingCaseStudy): string[] => [
  ...new Set([state.organisationId, ...(state.published?.organisationIds ?? []), ...(state.working?.content.organisationIds ?? [])]),
];

export const initialCaseStudy = (): CaseStudy => ({ status: 'NONE' });

const withContributor = (contributors: readonly string[], accountId: string) => (contributors.includes(accountId) ? contributors : [...contributors, accountId]);

export function evolveCaseStudy(state: CaseStudy, event: CaseStudyEvent): CaseStudy {
  if (event.type === 'CaseStudyDrafted') {
    const { caseStudyId, organisationId, draftedBy, content } = event.data;
    return { status: 'UNPUBLISHED', caseStudyId, organisationId, partnershipId: null, contributors: [draftedBy], working: { stage: 'DRAFT', content, comments: [] }, published: null };
  }
  if (state.status === 'NONE') return state;
  switch (event.type) {
    case 'CaseStudyRevised': {
      if (state.status === 'ARCHIVED') return state;
      const base = state.working ?? { stage: 'DRAFT' as const, content: state.published!, comments: [] };
      const working: WorkingDraft = { ...base, stage: 'DRAFT', content: { ...base.content, ...event.data.changes } };
      return { ...state, working, contributors: withContributor(state.contributors, event.data.revisedBy) } as CaseStudy;
    }
    case 'CaseStudySubmitted':
      return state.working ? ({ ...state, working: { ...state.working, stage: 'SUBMITTED' } } as CaseStudy) : state;
    case 'CaseStudyChangesRequested':
      return state.working ? ({ ...state, working: { ...state.working, stage: 'CHANGES_REQUESTED', comments: event.data.comments } } as CaseStudy) : state;
    case 'CaseStudyApproved':
      return state.working ? { ...state, status: 'PUBLISHED', published: state.working.content, working: null } : state;
    case 'CaseStudyArchived':
      return state.status === 'PUBLISHED' ? { ...state, status: 'ARCHIVED', working: null, archiveReason: event.data.reason } : state;
    case 'CaseStudyLinkedToPartnership':
      return { ...state, partnershipId: event.data.partnershipId };
    default: {
      const unknownEvent: never = event;
      return unknownEvent;
    }
  }
}

/**
 * The state with what only the log's metadata knows (when), folded from recorded events: what the read model
 * stores and the search feed indexes.
 */
export interface CaseStudySnapshot {
  state: ExistingCaseStudy;
  /** Stream revision of the last event. */
  revision: number;
  draftedAt: string;
  updatedAt: string;
  /** When the published text was approved; null before. */
  publishedAt: string | null;
  /** The stream revision of the approval that published the current published text. */
  publishedRevision: number | null;
  /** When the working text was last submitted; null when none is under review. */
  submittedAt: string | null;
}

export function evolveSnapshot(snapshot: CaseStudySnapshot | null, recorded: RecordedEvent): CaseStudySnapshot | null {
  const event = recorded as unknown as RecordedEvent<CaseStudyEvent>;
  const at = recorded.metadata.occurredAt;
  const state = evolveCaseStudy(snapshot?.state ?? initialCaseStudy(), event as unknown as CaseStudyEvent);
  if (state.status === 'NONE') return null;
  const previous = snapshot ?? { draftedAt: at, publishedAt: null, publishedRevision: null, submittedAt: null };
  const approved = event.type === 'CaseStudyApproved';
  return {
    state,
    revision: recorded.streamRevision,
    draftedAt: previous.draftedAt,
    updatedAt: at,
    publishedAt: approved ? at : previous.publishedAt,
    publishedRevision: approved ? recorded.streamRevision : previous.publishedRevision,
    submittedAt: event.type === 'CaseStudySubmitted' ? at : state.working?.stage === 'SUBMITTED' ? previous.submittedAt : null,
  };
}
