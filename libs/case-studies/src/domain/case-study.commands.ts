import type { Command } from '@sce/event-sourcing';
import type { CaseStudyContent } from './case-study-content';
import type { ReviewComment } from './case-study.events';

type Ids = { caseStudyId: string };

/** What the four-eyes rule needs to know of the reviewer, looked up by the caller of the decider. */
export interface Reviewer {
  roles: readonly string[];
  /** The organisations of the case study (its own and those involved) that the reviewer belongs to. */
  memberOf: readonly string[];
}

export type ReviewDecision = 'APPROVE' | 'REQUEST_CHANGES';

export type DraftCaseStudy = Command<'DraftCaseStudy', Ids & { organisationId: string; content: CaseStudyContent }>;
/**
 * A bulk import by the operator (the CLI, actorId null): the content was reviewed where it came from, so it is
 * published at once, recorded as drafted and approved by IMPORT_ACTOR. No GraphQL mutation issues it.
 */
export type ImportPublishedCaseStudy = Command<'ImportPublishedCaseStudy', Ids & { organisationId: string; content: CaseStudyContent }>;
export type ReviseCaseStudy = Command<'ReviseCaseStudy', Ids & { changes: Partial<CaseStudyContent>; changeNote: string }>;
export type SubmitCaseStudy = Command<'SubmitCaseStudy', Ids>;
export type ReviewCaseStudy = Command<'ReviewCaseStudy', Ids & { decision: ReviewDecision; comments: ReviewComment[]; reviewer: Reviewer }>;
export type ArchiveCaseStudy = Command<'ArchiveCaseStudy', Ids & { reason: string }>;
export type LinkCaseStudyToPartnership = Command<'LinkCaseStudyToPartnership', Ids & { partnershipId: string }>;

export type CaseStudyCommand = DraftCaseStudy | ImportPublishedCaseStudy | ReviseCaseStudy | SubmitCaseStudy | ReviewCaseStudy | ArchiveCaseStudy | LinkCaseStudyToPartnership;
