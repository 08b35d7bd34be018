import { Field, GraphQLISODateTime, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import type { Type } from '@nestjs/common';
import { MutationPayload } from '@sce/platform';
import { Sector } from '@sce/vocabulary';
import type { Section } from '../domain/guideline-content';
import type { SectionDiff } from '../domain/guideline-diff';

export const GuidelineStatus = { DRAFT: 'DRAFT', PUBLISHED: 'PUBLISHED', WITHDRAWN: 'WITHDRAWN', SUPERSEDED: 'SUPERSEDED' } as const;
export type GuidelineStatus = (typeof GuidelineStatus)[keyof typeof GuidelineStatus];
export const GuidelineStage = {
  DRAFT: 'DRAFT',
  IN_REVIEW: 'IN_REVIEW',
  APPROVED: 'APPROVED',
  CHANGES_REQUESTED: 'CHANGES_REQUESTED',
  PUBLISHED: 'PUBLISHED',
  WITHDRAWN: 'WITHDRAWN',
  SUPERSEDED: 'SUPERSEDED',
} as const;
export const GuidelineVersionKind = { MAJOR: 'MAJOR', MINOR: 'MINOR' } as const;
export const GuidelineReviewDecision = { APPROVE: 'APPROVE', REQUEST_CHANGES: 'REQUEST_CHANGES' } as const;
export const GuidelineSectionChangeKind = { ADD: 'ADD', EDIT: 'EDIT', RETITLE: 'RETITLE', MOVE: 'MOVE', REMOVE: 'REMOVE' } as const;
export const GuidelineSectionDiffKind = { ADDED: 'ADDED', REMOVED: 'REMOVED', CHANGED: 'CHANGED' } as const;
export const GuidelineDiffPartKind = { ADDED: 'ADDED', REMOVED: 'REMOVED', UNCHANGED: 'UNCHANGED' } as const;
export const GuidelineAnchorStatus = { ATTACHED: 'ATTACHED', ORPHAN: 'ORPHAN' } as const;
export const GuidelineAnchorMatch = { SAME_TEXT: 'SAME_TEXT', EXACT: 'EXACT', FUZZY: 'FUZZY' } as const;
export const GuidelineAmendmentStatus = { PROPOSED: 'PROPOSED', ACCEPTED: 'ACCEPTED', REJECTED: 'REJECTED' } as const;

registerEnumType(GuidelineStatus, { name: 'GuidelineStatus', description: 'DRAFT (never published) -> PUBLISHED (at least one version out); WITHDRAWN and SUPERSEDED are final' });
registerEnumType(GuidelineStage, { name: 'GuidelineStage', description: 'Where the working text is: DRAFT -> IN_REVIEW -> APPROVED | CHANGES_REQUESTED -> ... -> PUBLISHED (it is the latest version)' });
registerEnumType(GuidelineVersionKind, { name: 'GuidelineVersionKind', description: 'MAJOR: 1.3 -> 2.0; MINOR: 1.3 -> 1.4' });
registerEnumType(GuidelineReviewDecision, { name: 'GuidelineReviewDecision' });
registerEnumType(GuidelineSectionChangeKind, { name: 'GuidelineSectionChangeKind' });
registerEnumType(GuidelineSectionDiffKind, { name: 'GuidelineSectionDiffKind' });
registerEnumType(GuidelineDiffPartKind, { name: 'GuidelineDiffPartKind' });
registerEnumType(GuidelineAnchorStatus, { name: 'GuidelineAnchorStatus', description: 'ATTACHED to the current text, or ORPHAN: its passage is gone (the last quoted text is kept)' });
registerEnumType(GuidelineAmendmentStatus, { name: 'GuidelineAmendmentStatus' });
registerEnumType(GuidelineAnchorMatch, { name: 'GuidelineAnchorMatch', description: 'SAME_TEXT: where it was; EXACT: the same words found elsewhere; FUZZY: the passage reworded' });

@ObjectType('GuidelineSection')
export class GuidelineSectionObject {
  @Field(() => ID, { description: 'Stable through edits and moves' })
  sectionId: string;

  @Field()
  heading: string;

  @Field({ description: 'Markdown' })
  body: string;

  @Field(() => Int, { description: 'From 0' })
  position: number;
}

@ObjectType('GuidelineText', { description: 'The text of a guideline at one text revision' })
export class GuidelineTextObject {
  @Field(() => Int, { description: 'The text revision: 1 when drafted, one more with every edit' })
  revision: number;

  @Field()
  title: string;

  @Field()
  summary: string;

  @Field(() => [Sector])
  sectors: Sector[];

  @Field()
  language: string;

  @Field(() => [GuidelineSectionObject])
  sections: GuidelineSectionObject[];
}

@ObjectType('GuidelineVersion')
export class GuidelineVersionObject {
  @Field({ description: 'As people write it: 1.0, 1.1, 2.0' })
  number: string;

  @Field(() => Int)
  major: number;

  @Field(() => Int)
  minor: number;

  @Field(() => GuidelineVersionKind)
  kind: string;

  @Field(() => Int, { description: 'The text revision published' })
  revision: number;

  @Field()
  changeSummary: string;

  @Field(() => ID, { description: 'The reviewer who approved this text' })
  approvedBy: string;

  @Field(() => ID)
  publishedBy: string;

  @Field(() => GraphQLISODateTime)
  publishedAt: Date;
}

@ObjectType('GuidelineVersionText', { description: 'A published version and its full text' })
export class GuidelineVersionTextObject {
  @Field(() => GuidelineVersionObject)
  version: GuidelineVersionObject;

  @Field(() => GuidelineTextObject)
  text: GuidelineTextObject;
}

@ObjectType('GuidelineTextPart', { description: 'A run of words kept, added or removed' })
export class GuidelineTextPartObject {
  @Field(() => GuidelineDiffPartKind)
  kind: string;

  @Field()
  text: string;
}

@ObjectType('GuidelineSectionDiff', { description: 'One section that differs, matched by its id: moved and edited is one CHANGED entry, never a removal plus an addition' })
export class GuidelineSectionDiffObject {
  @Field(() => ID)
  sectionId: string;

  @Field(() => GuidelineSectionDiffKind)
  kind: string;

  @Field()
  moved: boolean;

  @Field()
  retitled: boolean;

  @Field()
  edited: boolean;

  @Field({ description: "For people: 'added', 'removed', 'edited', 'moved (+ edited)', ..." })
  label: string;

  @Field(() => Int, { nullable: true })
  fromPosition: number | null;

  @Field(() => Int, { nullable: true })
  toPosition: number | null;

  @Field(() => String, { nullable: true })
  headingBefore: string | null;

  @Field(() => String, { nullable: true })
  headingAfter: string | null;

  @Field(() => [GuidelineTextPartObject], { nullable: true, description: 'The body word by word; null when the body is the same' })
  words: GuidelineTextPartObject[] | null;

  @Field({ description: 'Pass as `after` to GuidelineDiff.sections (or unified) for the sections that follow this one' })
  cursor: string;
}

@ObjectType('GuidelineDiff')
export class GuidelineDiffObject {
  @Field({ description: "What was compared from: 'version 1.0' or 'revision 4'" })
  from: string;

  @Field()
  to: string;

  @Field(() => Int)
  fromRevision: number;

  @Field(() => Int)
  toRevision: number;

  @Field(() => Int, { description: 'How many sections differ: the length of `sections` unpaged' })
  sectionCount: number;

  /** Not a field: the diff the `sections` and `unified` field resolvers page (shared with the diff cache). */
  computed: ComputedGuidelineDiff;
}

/** A diff's sections with the two texts they came from, so the unified text is written only when asked for. */
export interface ComputedGuidelineDiff {
  sections: SectionDiff[];
  before: Section[];
  after: Section[];
  labels: { from: string; to: string };
  /** The whole unified text, once someone asked for it unpaged. */
  unified?: Promise<string>;
  /** Each section's lines of the unified text, once written (see unifiedInSteps). */
  unifiedLines: Map<string, readonly string[]>;
}

@ObjectType('GuidelineQuotedPassage')
export class GuidelineQuotedPassageObject {
  @Field()
  text: string;

  @Field()
  before: string;

  @Field()
  after: string;

  @Field(() => Int, { description: 'Where the passage begins in the section body (characters from 0)' })
  offset: number;
}

@ObjectType('GuidelineCommentAnchor', { description: 'What the comment was made on' })
export class GuidelineCommentAnchorObject {
  @Field(() => ID)
  sectionId: string;

  @Field(() => Int)
  revision: number;

  @Field(() => GuidelineQuotedPassageObject, { nullable: true })
  quote: GuidelineQuotedPassageObject | null;
}

@ObjectType('GuidelineCurrentAnchor', { description: 'Where the comment points in the current text' })
export class GuidelineCurrentAnchorObject {
  @Field(() => GuidelineAnchorStatus)
  status: string;

  @Field(() => ID)
  sectionId: string;

  @Field(() => GuidelineQuotedPassageObject, { nullable: true })
  quote: GuidelineQuotedPassageObject | null;

  @Field(() => GuidelineAnchorMatch, { nullable: true })
  match: string | null;

  @Field(() => String, { nullable: true, description: 'For an orphan: the text it last quoted' })
  lastQuote: string | null;
}

@ObjectType('GuidelineCommentReply')
export class GuidelineCommentReplyObject {
  @Field(() => ID)
  replyId: string;

  @Field(() => ID)
  repliedBy: string;

  @Field()
  text: string;

  @Field(() => GraphQLISODateTime)
  repliedAt: Date;
}

@ObjectType('GuidelineComment')
export class GuidelineCommentObject {
  @Field(() => ID)
  commentId: string;

  @Field(() => ID)
  commentedBy: string;

  @Field()
  text: string;

  @Field(() => GraphQLISODateTime)
  commentedAt: Date;

  @Field(() => GuidelineCommentAnchorObject)
  anchor: GuidelineCommentAnchorObject;

  @Field(() => GuidelineCurrentAnchorObject, { nullable: true, description: 'In the working text: for those who may see it' })
  currentAnchor: GuidelineCurrentAnchorObject | null;

  @Field(() => [GuidelineCommentReplyObject])
  replies: GuidelineCommentReplyObject[];

  @Field(() => ID, { nullable: true })
  resolvedBy: string | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  resolvedAt: Date | null;
}

@ObjectType('GuidelineEvidence', { description: 'A published case study cited for a section' })
export class GuidelineEvidenceObject {
  @Field(() => ID)
  sectionId: string;

  @Field(() => ID)
  caseStudyId: string;

  @Field(() => Int, { description: "The case study's revision when cited" })
  caseStudyRevision: number;

  @Field(() => ID)
  citedBy: string;

  @Field(() => String, { nullable: true })
  note: string | null;

  @Field(() => GraphQLISODateTime, { description: 'Since when it supports the section' })
  citedAt: Date;

  @Field(() => GuidelineEvidenceChangeObject, { nullable: true, description: 'Set when the case study was published anew or archived after it was cited' })
  evidenceChangedSince?: GuidelineEvidenceChangeObject | null;
}

@ObjectType('GuidelineEvidenceChange', { description: 'The cited case study changed after it was cited: ask CaseStudy.diff(fromRevision: citedTextRevision, toRevision: currentTextRevision)' })
export class GuidelineEvidenceChangeObject {
  @Field(() => GraphQLISODateTime, { description: 'When it was published anew or archived' })
  since: Date;

  @Field()
  archived: boolean;

  @Field(() => Int, { nullable: true, description: 'The published text revision of the case study when cited' })
  citedTextRevision: number | null;

  @Field(() => Int, { nullable: true, description: 'Its published text revision now' })
  currentTextRevision: number | null;
}

@ObjectType('GuidelineSectionChange', { description: 'One change of an edit or amendment, as applied (fields that do not apply to its kind are null)' })
export class GuidelineSectionChangeObject {
  @Field(() => GuidelineSectionChangeKind)
  kind: string;

  @Field(() => ID)
  sectionId: string;

  @Field(() => String, { nullable: true })
  heading: string | null;

  @Field(() => String, { nullable: true })
  body: string | null;

  @Field(() => Int, { nullable: true })
  position: number | null;
}

@ObjectType('GuidelineAmendment')
export class GuidelineAmendmentObject {
  @Field(() => ID)
  amendmentId: string;

  @Field(() => ID)
  proposedBy: string;

  @Field(() => Int, { description: 'The text revision it was proposed on' })
  revision: number;

  @Field()
  rationale: string;

  @Field(() => [GuidelineSectionChangeObject])
  changes: GuidelineSectionChangeObject[];

  @Field(() => GuidelineAmendmentStatus)
  status: string;

  @Field(() => ID, { nullable: true, description: 'The author who accepted or rejected it' })
  decidedBy: string | null;

  @Field(() => String, { nullable: true, description: 'Why it was rejected' })
  reason: string | null;

  @Field(() => GraphQLISODateTime)
  proposedAt: Date;

  @Field(() => GraphQLISODateTime, { nullable: true })
  decidedAt: Date | null;
}

@ObjectType('GuidelineAsOf', { description: 'A guideline as it stood at an instant' })
export class GuidelineAsOfObject {
  @Field(() => GraphQLISODateTime)
  at: Date;

  @Field(() => GuidelineTextObject, { nullable: true, description: 'The working text then: its authors, reviewers and admins only; null before it was drafted' })
  draft: GuidelineTextObject | null;

  @Field(() => GuidelineVersionTextObject, { nullable: true, description: 'The latest version published by then' })
  published: GuidelineVersionTextObject | null;

  @Field(() => [GuidelineEvidenceObject], { description: 'The citations standing then (to the public: for the sections of the version published then); evidenceChangedSince is for `evidence`, now, and is null here' })
  evidence: GuidelineEvidenceObject[];

  @Field(() => [GuidelineCommentObject], { description: 'The comments made by then, with the replies made and the resolution given by then (to the public: those made on published versions); currentAnchor is null here: it is where a comment points now' })
  comments: GuidelineCommentObject[];
}

@ObjectType('GuidelineBlameCredit', { description: 'Who last changed a piece of text, when, at which revision and why' })
export class GuidelineBlameCreditObject {
  @Field(() => ID, { description: 'Who wrote it: for an accepted amendment, the person who proposed it' })
  accountId: string;

  @Field(() => GraphQLISODateTime)
  at: Date;

  @Field(() => Int)
  revision: number;

  @Field()
  changeNote: string;

  @Field(() => ID, { nullable: true })
  amendmentId: string | null;

  @Field(() => ID, { nullable: true, description: 'For an accepted amendment: the author who accepted it' })
  acceptedBy: string | null;
}

@ObjectType('GuidelineWordBlame')
export class GuidelineWordBlameObject {
  @Field()
  word: string;

  @Field(() => Int, { description: 'Where the word begins in the body (characters from 0)' })
  offset: number;

  @Field(() => GuidelineBlameCreditObject)
  credit: GuidelineBlameCreditObject;
}

@ObjectType('GuidelineSectionBlame')
export class GuidelineSectionBlameObject {
  @Field(() => ID)
  sectionId: string;

  @Field(() => Int)
  position: number;

  @Field()
  heading: string;

  @Field(() => GuidelineBlameCreditObject, { description: 'The last change of any kind (added, edited, retitled, moved)' })
  lastChange: GuidelineBlameCreditObject;

  @Field(() => GuidelineBlameCreditObject, { description: 'Who last set the heading' })
  headingChange: GuidelineBlameCreditObject;

  @Field(() => [GuidelineWordBlameObject], { description: 'The body word by word' })
  words: GuidelineWordBlameObject[];
}

@ObjectType('GuidelineBlame')
export class GuidelineBlameObject {
  @Field({ description: "'version 1.0' or 'revision 4'" })
  of: string;

  @Field(() => Int)
  revision: number;

  @Field(() => [GuidelineSectionBlameObject])
  sections: GuidelineSectionBlameObject[];
}

export const GuidelineSectionComparisonKind = { SAME: 'SAME', DIFFERENT: 'DIFFERENT', ONLY_LEFT: 'ONLY_LEFT', ONLY_RIGHT: 'ONLY_RIGHT' } as const;
registerEnumType(GuidelineSectionComparisonKind, { name: 'GuidelineSectionComparisonKind', description: 'SAME and DIFFERENT: both have the heading; ONLY_LEFT / ONLY_RIGHT: one of them' });

@ObjectType('GuidelineComparedSection', { description: 'One side of a matched section' })
export class GuidelineComparedSectionObject {
  @Field(() => ID)
  sectionId: string;

  @Field()
  heading: string;

  @Field({ description: 'Markdown' })
  body: string;

  @Field(() => Int)
  position: number;
}

@ObjectType('GuidelineSectionComparison')
export class GuidelineSectionComparisonObject {
  @Field({ description: 'The heading as matched: case, accents, punctuation and leading numbers do not count' })
  key: string;

  @Field(() => GuidelineSectionComparisonKind)
  kind: string;

  @Field(() => GuidelineComparedSectionObject, { nullable: true })
  left: GuidelineComparedSectionObject | null;

  @Field(() => GuidelineComparedSectionObject, { nullable: true })
  right: GuidelineComparedSectionObject | null;

  @Field(() => [GuidelineTextPartObject], { nullable: true, description: 'Left body to right body, word by word; null when one side lacks it or both say the same' })
  words: GuidelineTextPartObject[] | null;
}

@ObjectType('GuidelineComparisonSide')
export class GuidelineComparisonSideObject {
  @Field(() => ID)
  guidelineId: string;

  @Field()
  title: string;

  @Field(() => String, { nullable: true, description: 'The version compared; null for a working text' })
  version: string | null;

  @Field(() => Int)
  revision: number;
}

@ObjectType('GuidelineComparison', { description: 'Two different guidelines side by side, sections matched by heading, in the reading order of the left one' })
export class GuidelineComparisonObject {
  @Field(() => GuidelineComparisonSideObject)
  left: GuidelineComparisonSideObject;

  @Field(() => GuidelineComparisonSideObject)
  right: GuidelineComparisonSideObject;

  @Field(() => [GuidelineSectionComparisonObject])
  sections: GuidelineSectionComparisonObject[];
}

@ObjectType('Guideline', { description: 'A policy recommendation, drafted, reviewed and published as versions' })
export class GuidelineObject {
  @Field(() => ID)
  id: string;

  @Field(() => GuidelineStatus)
  status: GuidelineStatus;

  @Field(() => GuidelineStage, { description: 'Where the working text is (to the public: PUBLISHED, or final)' })
  stage: string;

  @Field()
  title: string;

  @Field()
  summary: string;

  @Field(() => [Sector])
  sectors: Sector[];

  @Field()
  language: string;

  @Field(() => [ID], { description: 'The accounts that may edit it' })
  authorIds: string[];

  @Field(() => String, { nullable: true, description: 'The latest published version: 1.0, 1.1, ...' })
  latestVersion: string | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  publishedAt: Date | null;

  @Field(() => ID, { nullable: true, description: 'The guideline that supersedes this one' })
  successorId: string | null;

  @Field(() => String, { nullable: true })
  withdrawReason: string | null;

  @Field(() => GraphQLISODateTime)
  draftedAt: Date;

  @Field(() => GraphQLISODateTime)
  updatedAt: Date;

  @Field(() => Int, { description: 'The text revision of the working text: what an edit names as expectedRevision' })
  revision: number;

  /** Not in the schema: what visibility and field resolvers need. */
  authors: string;
  streamRevision: number;
  publishedRevision: number | null;
  publishedStreamRevision: number | null;
}

const guidelinePayload = (mutation: string) => MutationPayload<'guideline', GuidelineObject>(`${mutation}Payload`, 'guideline', () => GuidelineObject);
export const DraftGuidelinePayload = guidelinePayload('DraftGuideline');
export const EditGuidelinePayload = guidelinePayload('EditGuideline');
export const AddGuidelineAuthorPayload = guidelinePayload('AddGuidelineAuthor');
export const RemoveGuidelineAuthorPayload = guidelinePayload('RemoveGuidelineAuthor');
export const RequestGuidelineReviewPayload = guidelinePayload('RequestGuidelineReview');
export const ReviewGuidelinePayload = guidelinePayload('ReviewGuideline');
export const PublishGuidelineVersionPayload = guidelinePayload('PublishGuidelineVersion');
export const WithdrawGuidelinePayload = guidelinePayload('WithdrawGuideline');
export const SupersedeGuidelinePayload = guidelinePayload('SupersedeGuideline');
export const ResolveGuidelineCommentPayload = guidelinePayload('ResolveGuidelineComment');
export const AcceptAmendmentPayload = guidelinePayload('AcceptAmendment');
export const RejectAmendmentPayload = guidelinePayload('RejectAmendment');
export const CiteEvidencePayload = guidelinePayload('CiteEvidence');
export const WithdrawEvidencePayload = guidelinePayload('WithdrawEvidence');

/** The payload of a mutation that creates something inside a guideline: the guideline, and the new thing's id. */
function guidelinePayloadWithNewId<Key extends string>(mutation: string, idField: Key, description: string): Type<GuidelinePayloadShape & { [key in Key]: string }> {
  const Payload = guidelinePayload(mutation);
  Field(() => ID, { description })(Payload.prototype, idField);
  return Payload as unknown as Type<GuidelinePayloadShape & { [key in Key]: string }>;
}
type GuidelinePayloadShape = { guideline: GuidelineObject; position: string };

export const CommentOnGuidelinePayload = guidelinePayloadWithNewId('CommentOnGuideline', 'commentId', 'The new comment');
export const ReplyToGuidelineCommentPayload = guidelinePayloadWithNewId('ReplyToGuidelineComment', 'replyId', 'The new reply');
export const ProposeAmendmentPayload = guidelinePayloadWithNewId('ProposeAmendment', 'amendmentId', 'The new amendment: an author accepts or rejects it');

export interface GuidelinePayload {
  guideline: GuidelineObject;
  position: string;
}
