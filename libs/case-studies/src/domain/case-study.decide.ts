import type { Decider } from '@sce/event-sourcing';
import { CONTENT_FIELDS, isViolation, normaliseContent, sameValue, type CaseStudyContent, type CaseStudyField } from './case-study-content';
import type { ArchiveCaseStudy, CaseStudyCommand, DraftCaseStudy, ImportPublishedCaseStudy, LinkCaseStudyToPartnership, ReviewCaseStudy, ReviseCaseStudy, SubmitCaseStudy } from './case-study.commands';
import {
  caseStudyAlreadyDrafted,
  caseStudyNotFound,
  invalidCaseStudyContent,
  invalidReview,
  reviewerMustBePerson,
  reviewerRoleRequired,
  reviewOfOwnOrganisation,
  reviewOfOwnWork,
  wrongCaseStudyStatus,
} from './case-study.errors';
import type { CaseStudyEvent, ReviewComment } from './case-study.events';
import { evolveCaseStudy, initialCaseStudy, statusOf, type CaseStudy, type ExistingCaseStudy } from './case-study';

export const REVIEWER_ROLE = 'REVIEWER';

function existing(state: CaseStudy, caseStudyId: string): ExistingCaseStudy {
  if (state.status === 'NONE') throw caseStudyNotFound(caseStudyId);
  return state;
}

function checked(caseStudyId: string, content: CaseStudyContent): CaseStudyContent {
  const result = normaliseContent(content);
  if (isViolation(result)) throw invalidCaseStudyContent(caseStudyId, result.field, result.reason);
  return result;
}

const actorOf = (command: CaseStudyCommand) => command.metadata.actorId ?? 'anonymous';

function draft(command: DraftCaseStudy, state: CaseStudy): CaseStudyEvent[] {
  const { caseStudyId, organisationId, content } = command.data;
  if (state.status !== 'NONE') throw caseStudyAlreadyDrafted(caseStudyId);
  return [{ type: 'CaseStudyDrafted', data: { caseStudyId, organisationId, draftedBy: actorOf(command), content: checked(caseStudyId, content) } }];
}

/** The account id recorded as author and reviewer of imported case studies (no person: an operator's import). */
export const IMPORT_ACTOR = 'system:import';

function importPublished(command: ImportPublishedCaseStudy, state: CaseStudy): CaseStudyEvent[] {
  const { caseStudyId, organisationId, content } = command.data;
  if (state.status !== 'NONE') throw caseStudyAlreadyDrafted(caseStudyId);
  // Only the operator imports: a person or an API key must go through draft, submit and four-eyes review.
  if (command.metadata.actorId !== null || command.metadata.apiKeyId) throw reviewerRoleRequired(caseStudyId);
  return [
    { type: 'CaseStudyDrafted', data: { caseStudyId, organisationId, draftedBy: IMPORT_ACTOR, content: checked(caseStudyId, content) } },
    { type: 'CaseStudyApproved', data: { caseStudyId, reviewedBy: IMPORT_ACTOR, comments: [] } },
  ];
}

function revise(command: ReviseCaseStudy, state: CaseStudy): CaseStudyEvent[] {
  const { caseStudyId, changes, changeNote } = command.data;
  const caseStudy = existing(state, caseStudyId);
  if (caseStudy.status === 'ARCHIVED' || caseStudy.working?.stage === 'SUBMITTED') throw wrongCaseStudyStatus(caseStudyId, statusOf(caseStudy), 'revised (it is archived or under review)');
  if (changeNote.trim() === '') throw invalidCaseStudyContent(caseStudyId, 'changeNote', 'must not be blank');
  // A published case study without a working draft is revised from its published text.
  const base = caseStudy.working?.content ?? caseStudy.published!;
  const given = Object.fromEntries(Object.entries(changes).filter(([field, value]) => value !== undefined && CONTENT_FIELDS.includes(field as CaseStudyField)));
  const revised = checked(caseStudyId, { ...base, ...given });
  const changed = Object.fromEntries(CONTENT_FIELDS.filter((field) => !sameValue(revised[field], base[field])).map((field) => [field, revised[field]])) as Partial<CaseStudyContent>;
  if (Object.keys(changed).length === 0) return [];
  return [{ type: 'CaseStudyRevised', data: { caseStudyId, revisedBy: actorOf(command), changes: changed, changeNote: changeNote.trim() } }];
}

function submit(command: SubmitCaseStudy, state: CaseStudy): CaseStudyEvent[] {
  const caseStudy = existing(state, command.data.caseStudyId);
  // After a request for changes, the authors revise first (which makes it a DRAFT again).
  if (caseStudy.working?.stage !== 'DRAFT') throw wrongCaseStudyStatus(caseStudy.caseStudyId, statusOf(caseStudy), 'submitted (only a working draft can be)');
  return [{ type: 'CaseStudySubmitted', data: { caseStudyId: caseStudy.caseStudyId } }];
}

// A comment may point at a field of the content: 'title', 'narrative.process', 'outcomes[2].indicator'.
const FIELD_PATH = /^([a-zA-Z]+)((\.[a-zA-Z]+)|(\[\d{1,3}\]))*$/;

function review(command: ReviewCaseStudy, state: CaseStudy): CaseStudyEvent[] {
  const { caseStudyId, decision, reviewer } = command.data;
  const caseStudy = existing(state, caseStudyId);
  if (caseStudy.working?.stage !== 'SUBMITTED') throw wrongCaseStudyStatus(caseStudyId, statusOf(caseStudy), 'reviewed (only a submitted one can be)');
  // Four eyes: a REVIEWER, in person, from none of the case study's organisations, who did not write it.
  const reviewedBy = command.metadata.actorId;
  if (!reviewedBy || !reviewer.roles.includes(REVIEWER_ROLE)) throw reviewerRoleRequired(caseStudyId);
  if (command.metadata.apiKeyId) throw reviewerMustBePerson(caseStudyId);
  const organisations = [caseStudy.organisationId, ...caseStudy.working.content.organisationIds];
  const ownOrganisation = organisations.find((organisationId) => reviewer.memberOf.includes(organisationId));
  if (ownOrganisation) throw reviewOfOwnOrganisation(caseStudyId, ownOrganisation);
  if (caseStudy.contributors.includes(reviewedBy)) throw reviewOfOwnWork(caseStudyId);
  const comments: ReviewComment[] = [];
  for (const [index, { field, comment }] of command.data.comments.entries()) {
    if (comment.trim() === '') throw invalidReview(caseStudyId, `comments[${index}].comment`, 'comments must not be blank');
    const top = field === null ? null : FIELD_PATH.exec(field.trim())?.[1];
    if (field !== null && (!top || !CONTENT_FIELDS.includes(top as CaseStudyField))) {
      throw invalidReview(caseStudyId, `comments[${index}].field`, `comment field ${JSON.stringify(field)} is not a field of the case study (e.g. title, narrative.process, outcomes[0])`);
    }
    comments.push({ field: field === null ? null : field.trim(), comment: comment.trim() });
  }
  if (decision === 'REQUEST_CHANGES') {
    if (comments.length === 0) throw invalidReview(caseStudyId, 'comments', 'requesting changes needs at least one comment saying which');
    return [{ type: 'CaseStudyChangesRequested', data: { caseStudyId, reviewedBy, comments } }];
  }
  return [{ type: 'CaseStudyApproved', data: { caseStudyId, reviewedBy, comments } }];
}

function archive(command: ArchiveCaseStudy, state: CaseStudy): CaseStudyEvent[] {
  const caseStudy = existing(state, command.data.caseStudyId);
  if (caseStudy.status !== 'PUBLISHED') throw wrongCaseStudyStatus(caseStudy.caseStudyId, statusOf(caseStudy), 'archived (only a published one can be)');
  if (command.data.reason.trim() === '') throw invalidCaseStudyContent(caseStudy.caseStudyId, 'reason', 'must not be blank');
  return [{ type: 'CaseStudyArchived', data: { caseStudyId: caseStudy.caseStudyId, reason: command.data.reason.trim() } }];
}

function link(command: LinkCaseStudyToPartnership, state: CaseStudy): CaseStudyEvent[] {
  const caseStudy = existing(state, command.data.caseStudyId);
  if (caseStudy.status === 'ARCHIVED') throw wrongCaseStudyStatus(caseStudy.caseStudyId, 'ARCHIVED', 'linked');
  if (caseStudy.partnershipId === command.data.partnershipId) return [];
  return [{ type: 'CaseStudyLinkedToPartnership', data: { caseStudyId: caseStudy.caseStudyId, partnershipId: command.data.partnershipId } }];
}

export function decideCaseStudy(command: CaseStudyCommand, state: CaseStudy): CaseStudyEvent[] {
  switch (command.type) {
    case 'DraftCaseStudy':
      return draft(command, state);
    case 'ImportPublishedCaseStudy':
      return importPublished(command, state);
    case 'ReviseCaseStudy':
      return revise(command, state);
    case 'SubmitCaseStudy':
      return submit(command, state);
    case 'ReviewCaseStudy':
      return review(command, state);
    case 'ArchiveCaseStudy':
      return archive(command, state);
    case 'LinkCaseStudyToPartnership':
      return link(command, state);
    default: {
      const unknownCommand: never = command;
      throw new Error(`Unknown command ${JSON.stringify(unknownCommand)}`);
    }
  }
}

export const caseStudyDecider: Decider<CaseStudy, CaseStudyCommand, CaseStudyEvent> = {
  initialState: initialCaseStudy,
  decide: decideCaseStudy,
  evolve: evolveCaseStudy,
  schemaVersions: {
    CaseStudyDrafted: 1,
    CaseStudyRevised: 1,
    CaseStudySubmitted: 1,
    CaseStudyChangesRequested: 1,
    CaseStudyApproved: 1,
    CaseStudyArchived: 1,
    CaseStudyLinkedToPartnership: 1,
  },
};
