import { Field, Float, GraphQLISODateTime, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { MutationPayload } from '@sce/platform';
import { Sector } from '@sce/vocabulary';
import { CitySize, IncomeLevel } from '../domain/case-study-content';
import type { CaseStudySnapshot } from '../domain/case-study';

export const CaseStudyStatus = { DRAFT: 'DRAFT', SUBMITTED: 'SUBMITTED', CHANGES_REQUESTED: 'CHANGES_REQUESTED', PUBLISHED: 'PUBLISHED', ARCHIVED: 'ARCHIVED' } as const;
export type CaseStudyStatus = (typeof CaseStudyStatus)[keyof typeof CaseStudyStatus];
export const WorkingStage = { DRAFT: 'DRAFT', SUBMITTED: 'SUBMITTED', CHANGES_REQUESTED: 'CHANGES_REQUESTED' } as const;
export const ReviewDecision = { APPROVE: 'APPROVE', REQUEST_CHANGES: 'REQUEST_CHANGES' } as const;
export const FieldChangeKind = { ADDED: 'ADDED', REMOVED: 'REMOVED', CHANGED: 'CHANGED' } as const;
export const DiffPartKind = { ADDED: 'ADDED', REMOVED: 'REMOVED', UNCHANGED: 'UNCHANGED' } as const;

registerEnumType(CaseStudyStatus, { name: 'CaseStudyStatus', description: 'DRAFT -> SUBMITTED -> PUBLISHED (approved) | CHANGES_REQUESTED -> revised (DRAFT) -> ...; PUBLISHED -> ARCHIVED' });
registerEnumType(WorkingStage, { name: 'CaseStudyWorkingStage', description: 'Where a working draft (a first draft, or a revision of a published case study) is' });
registerEnumType(ReviewDecision, { name: 'CaseStudyReviewDecision' });
registerEnumType(CitySize, { name: 'CitySize', description: 'SMALL < 100,000 inhabitants; MEDIUM < 500,000; LARGE < 1 million; METROPOLITAN < 5 million; MEGACITY above' });
registerEnumType(IncomeLevel, { name: 'IncomeLevel', description: "The World Bank's income groups" });
registerEnumType(FieldChangeKind, { name: 'CaseStudyFieldChangeKind' });
registerEnumType(DiffPartKind, { name: 'CaseStudyDiffPartKind' });

@ObjectType('CaseStudyCoordinates')
export class CoordinatesObject {
  @Field(() => Float)
  latitude: number;

  @Field(() => Float)
  longitude: number;
}

@ObjectType('CaseStudyPeriod')
export class PeriodObject {
  @Field(() => Int)
  fromYear: number;

  @Field(() => Int, { nullable: true })
  toYear: number | null;
}

@ObjectType('CaseStudyNarrative', { description: "UN-Habitat's reporting format" })
export class NarrativeObject {
  @Field(() => String, { nullable: true })
  situationBefore: string | null;

  @Field(() => String, { nullable: true })
  objectives: string | null;

  @Field(() => String, { nullable: true })
  process: string | null;

  @Field(() => String, { nullable: true })
  resources: string | null;

  @Field(() => String, { nullable: true })
  results: string | null;

  @Field(() => String, { nullable: true })
  sustainability: string | null;
}

@ObjectType('BuildingBlockFacet', { description: 'A coded value usable as a search facet' })
export class BuildingBlockFacetObject {
  @Field()
  facet: string;

  @Field()
  value: string;
}

@ObjectType('BuildingBlock', { description: 'A reusable part of the solution (PANORAMA, weADAPT)' })
export class BuildingBlockObject {
  @Field()
  title: string;

  @Field(() => String, { nullable: true })
  description: string | null;

  @Field(() => [String])
  enablingFactors: string[];

  @Field(() => [String])
  barriers: string[];

  @Field(() => [String])
  lessons: string[];

  @Field(() => [BuildingBlockFacetObject])
  facets: BuildingBlockFacetObject[];
}

@ObjectType('CaseStudyIndicator')
export class IndicatorObject {
  @Field(() => String, { nullable: true, description: 'U4SSC KPI code, e.g. "EN: EN: AQ: 1C"' })
  kpiCode: string | null;

  @Field(() => String, { nullable: true, description: 'A free name, when there is no KPI code' })
  name: string | null;

  @Field(() => String, { nullable: true })
  unit: string | null;

  @Field(() => Float, { nullable: true })
  baseline: number | null;

  @Field(() => Float, { nullable: true })
  achieved: number | null;

  @Field(() => Int, { nullable: true })
  year: number | null;
}

@ObjectType('CaseStudyOutcome')
export class OutcomeObject {
  @Field()
  description: string;

  @Field(() => IndicatorObject, { nullable: true })
  indicator: IndicatorObject | null;
}

@ObjectType('CaseStudyCost')
export class CostObject {
  @Field(() => Float, { description: "In the currency's minor units (cents), a whole number" })
  amount: number;

  @Field({ description: 'ISO 4217' })
  currency: string;
}

@ObjectType('CaseStudyTransferability')
export class TransferabilityObject {
  @Field(() => CitySize, { nullable: true })
  citySize: CitySize | null;

  @Field(() => IncomeLevel, { nullable: true })
  incomeLevel: IncomeLevel | null;

  @Field(() => [String])
  preconditions: string[];
}

@ObjectType('CaseStudyContent', { description: 'The text of a case study: as published, or as a working draft' })
export class CaseStudyContentObject {
  @Field()
  title: string;

  @Field()
  summary: string;

  @Field({ description: 'Markdown' })
  body: string;

  @Field()
  city: string;

  @Field({ description: 'ISO 3166-1 alpha-2' })
  country: string;

  @Field(() => CoordinatesObject, { nullable: true })
  coordinates: CoordinatesObject | null;

  @Field(() => [Sector])
  sectors: Sector[];

  @Field(() => [String], { description: 'SDG goals, targets or indicators: 11, 11.1, 11.a, 11.6.2' })
  sdgTargets: string[];

  @Field(() => PeriodObject)
  period: PeriodObject;

  @Field(() => [ID], { description: 'Other organisations involved' })
  organisationIds: string[];

  @Field(() => NarrativeObject)
  narrative: NarrativeObject;

  @Field(() => [BuildingBlockObject])
  buildingBlocks: BuildingBlockObject[];

  @Field(() => [OutcomeObject])
  outcomes: OutcomeObject[];

  @Field(() => CostObject, { nullable: true })
  cost: CostObject | null;

  @Field(() => [String])
  fundingSources: string[];

  @Field(() => [String])
  lessonsLearned: string[];

  @Field(() => TransferabilityObject)
  transferability: TransferabilityObject;

  @Field({ description: 'BCP 47: en, fr, ru, ...' })
  language: string;
}

@ObjectType('CaseStudyReviewComment')
export class ReviewCommentObject {
  @Field(() => String, { nullable: true, description: "The field it is about: 'title', 'narrative.process', 'outcomes[0]'" })
  field: string | null;

  @Field()
  comment: string;
}

@ObjectType('CaseStudyWorkingDraft', { description: 'The text being worked on: seen by the organisation\'s members, reviewers and admins only' })
export class WorkingDraftObject {
  @Field(() => WorkingStage)
  stage: keyof typeof WorkingStage;

  @Field(() => CaseStudyContentObject)
  content: CaseStudyContentObject;

  @Field(() => [ReviewCommentObject], { description: 'The last request for changes' })
  comments: ReviewCommentObject[];

  @Field(() => GraphQLISODateTime, { nullable: true })
  submittedAt: Date | null;
}

@ObjectType('CaseStudy', { description: 'What worked for a city: published after review by a reviewer from outside the organisation' })
export class CaseStudyObject {
  @Field(() => ID)
  id: string;

  @Field(() => ID, { description: 'The organisation it is published on behalf of' })
  organisationId: string;

  @Field(() => ID, { nullable: true })
  partnershipId: string | null;

  @Field(() => CaseStudyStatus)
  status: CaseStudyStatus;

  @Field(() => Int, { description: 'Send it back as expectedRevision to change this case study' })
  revision: number;

  @Field(() => CaseStudyContentObject, { nullable: true, description: 'What the public sees; null until first approved' })
  published: CaseStudyContentObject | null;

  @Field(() => Int, { nullable: true, description: 'The revision at which the published text was approved' })
  publishedRevision: number | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  publishedAt: Date | null;

  @Field(() => GraphQLISODateTime)
  draftedAt: Date;

  @Field(() => GraphQLISODateTime)
  updatedAt: Date;

  /** Not in the schema: read by the workingDraft field resolver, behind its own visibility rule. */
  snapshot: CaseStudySnapshot;
}

@ObjectType('CaseStudyRevision', { description: 'A text the case study had: its first draft or a revision' })
export class CaseStudyRevisionObject {
  @Field(() => Int, { description: 'The revision (of the case study) that produced this text' })
  revision: number;

  @Field({ description: 'CaseStudyDrafted or CaseStudyRevised' })
  type: string;

  @Field(() => [String], { description: 'The fields this revision changed' })
  changedFields: string[];

  @Field(() => String, { nullable: true })
  changeNote: string | null;

  @Field(() => String, { nullable: true })
  actorId: string | null;

  @Field(() => GraphQLISODateTime)
  occurredAt: Date;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When this text was approved and published; null if it never was' })
  publishedAt: Date | null;

  @Field(() => CaseStudyContentObject)
  content: CaseStudyContentObject;
}

@ObjectType('CaseStudyTextPart')
export class TextPartObject {
  @Field(() => DiffPartKind)
  kind: keyof typeof DiffPartKind;

  @Field()
  text: string;
}

@ObjectType('CaseStudyListItemChange')
export class ItemChangeObject {
  @Field(() => DiffPartKind)
  kind: keyof typeof DiffPartKind;

  @Field({ description: 'The item: a string as it is, anything else as JSON' })
  value: string;
}

@ObjectType('CaseStudyFieldChange')
export class FieldChangeObject {
  @Field({ description: "'title', 'narrative.process', 'outcomes', ..." })
  field: string;

  @Field(() => FieldChangeKind)
  kind: keyof typeof FieldChangeKind;

  @Field(() => String, { nullable: true, description: 'The value before: a text as it is, anything else as JSON' })
  before: string | null;

  @Field(() => String, { nullable: true })
  after: string | null;

  @Field(() => [ItemChangeObject], { nullable: true, description: 'For a list: its items kept, added and removed, in order' })
  items: ItemChangeObject[] | null;

  @Field(() => [TextPartObject], { nullable: true, description: 'For a text: its words kept, added and removed, in order' })
  words: TextPartObject[] | null;
}

@ObjectType('CaseStudyDiff')
export class CaseStudyDiffObject {
  @Field(() => Int)
  fromRevision: number;

  @Field(() => Int)
  toRevision: number;

  @Field(() => [FieldChangeObject])
  changes: FieldChangeObject[];
}

// Each mutation answers with its own payload: the case study as it is now, and the position token.
const caseStudyPayload = (mutation: string) => MutationPayload<'caseStudy', CaseStudyObject>(`${mutation}Payload`, 'caseStudy', () => CaseStudyObject);
export const DraftCaseStudyPayload = caseStudyPayload('DraftCaseStudy');
export const ReviseCaseStudyPayload = caseStudyPayload('ReviseCaseStudy');
export const SubmitCaseStudyPayload = caseStudyPayload('SubmitCaseStudy');
export const ReviewCaseStudyPayload = caseStudyPayload('ReviewCaseStudy');
export const ArchiveCaseStudyPayload = caseStudyPayload('ArchiveCaseStudy');
export const LinkCaseStudyToPartnershipPayload = caseStudyPayload('LinkCaseStudyToPartnership');
export interface CaseStudyPayload {
  caseStudy: CaseStudyObject;
  position: string;
}
