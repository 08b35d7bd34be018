import { ArgsType, Field, GraphQLISODateTime, ID, InputType, Int } from '@nestjs/graphql';
import { LongText, PageArgs } from '@sce/platform';
import { Sector } from '@sce/vocabulary';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsDate, IsEnum, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { GUIDELINE_LIMITS } from '../domain/guideline-content';
import { MAX_DIFF_SECTIONS_PAGE } from './guideline-diff-page';
import { GuidelineReviewDecision, GuidelineSectionChangeKind, GuidelineStatus, GuidelineVersionKind } from './guideline.object-type';

// The domain's limits, repeated here so a client learns of every violation at once, before any command runs.
const L = GUIDELINE_LIMITS;
const SECTION_ID = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;
const VERSION_NUMBER = /^\d{1,6}\.\d{1,6}$/;

@InputType('GuidelineSectionInput')
export class GuidelineSectionInput {
  @Field()
  @IsString()
  @Length(1, L.heading)
  heading: string;

  @LongText()
  @Field({ description: 'Markdown' })
  @IsString()
  @MaxLength(L.body)
  body: string;
}

@InputType()
export class DraftGuidelineInput {
  @Field()
  @IsString()
  @Length(1, L.title)
  title: string;

  @LongText()
  @Field()
  @IsString()
  @MaxLength(L.summary)
  summary: string;

  @Field(() => [Sector])
  @ArrayMinSize(1)
  @ArrayMaxSize(L.sectors)
  @IsEnum(Sector, { each: true })
  sectors: Sector[];

  @Field({ description: 'BCP 47: en, fr, ru, pt-BR, ...' })
  @IsString()
  @Length(2, 35)
  language: string;

  @Field(() => [GuidelineSectionInput], { description: 'In reading order; each gets a stable id' })
  @ArrayMinSize(1)
  @ArrayMaxSize(L.sections)
  @ValidateNested({ each: true })
  @Type(() => GuidelineSectionInput)
  sections: GuidelineSectionInput[];
}

@InputType('GuidelineSectionChangeInput', {
  description:
    'ADD (heading, body, position; sectionId optional), EDIT (sectionId, body), RETITLE (sectionId, heading), MOVE (sectionId, position), REMOVE (sectionId). Positions are where the section is once the change is applied, from 0',
})
export class SectionChangeInput {
  @Field(() => GuidelineSectionChangeKind)
  @IsEnum(GuidelineSectionChangeKind)
  kind: keyof typeof GuidelineSectionChangeKind;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, L.id)
  @Matches(SECTION_ID, { message: 'sectionId must be letters, digits, - or _' })
  sectionId?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, L.heading)
  heading?: string | null;

  @LongText()
  @Field(() => String, { nullable: true, description: 'Markdown' })
  @IsOptional()
  @IsString()
  @MaxLength(L.body)
  body?: string | null;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(L.sections)
  position?: number | null;
}

@InputType()
export class EditGuidelineInput {
  @Field(() => ID)
  @IsUUID()
  guidelineId: string;

  @Field(() => Int, { description: 'The text revision you edited: a stale one is a CONFLICT (reload and edit again)' })
  @IsInt()
  @Min(1)
  expectedRevision: number;

  @LongText()
  @Field({ description: 'What changed and why: kept in the history' })
  @IsString()
  @Length(1, L.changeNote)
  changeNote: string;

  @Field(() => [SectionChangeInput], { description: 'Applied in order, all or nothing' })
  @ArrayMinSize(1)
  @ArrayMaxSize(L.changes)
  @ValidateNested({ each: true })
  @Type(() => SectionChangeInput)
  changes: SectionChangeInput[];
}

@ArgsType()
export class GuidelineIdArgs {
  @Field(() => ID)
  @IsUUID()
  guidelineId: string;
}

@ArgsType()
export class GuidelineAuthorArgs extends GuidelineIdArgs {
  @Field(() => ID)
  @IsUUID()
  accountId: string;
}

@InputType()
export class ReviewGuidelineInput {
  @Field(() => ID)
  @IsUUID()
  guidelineId: string;

  @Field(() => GuidelineReviewDecision)
  @IsEnum(GuidelineReviewDecision)
  decision: keyof typeof GuidelineReviewDecision;

  @LongText()
  @Field(() => String, { nullable: true, description: 'Required to request changes' })
  @IsOptional()
  @IsString()
  @MaxLength(L.comment)
  comment?: string | null;
}

@InputType()
export class PublishGuidelineVersionInput {
  @Field(() => ID)
  @IsUUID()
  guidelineId: string;

  @Field(() => GuidelineVersionKind)
  @IsEnum(GuidelineVersionKind)
  kind: keyof typeof GuidelineVersionKind;

  @LongText()
  @Field()
  @IsString()
  @Length(1, L.changeSummary)
  changeSummary: string;
}

@ArgsType()
export class WithdrawGuidelineArgs extends GuidelineIdArgs {
  @Field()
  @IsString()
  @Length(1, L.reason)
  reason: string;
}

@ArgsType()
export class SupersedeGuidelineArgs extends GuidelineIdArgs {
  @Field(() => ID, { description: 'The guideline that replaces it' })
  @IsUUID()
  successorId: string;
}

@InputType('GuidelineQuotedPassageInput')
export class QuotedPassageInput {
  @LongText()
  @Field()
  @IsString()
  @Length(1, L.quote)
  text: string;

  @LongText()
  @Field({ defaultValue: '' })
  @IsString()
  @MaxLength(L.quoteContext)
  before: string = '';

  @LongText()
  @Field({ defaultValue: '' })
  @IsString()
  @MaxLength(L.quoteContext)
  after: string = '';

  @Field(() => Int, { description: 'Where the passage begins in the section body (characters from 0)' })
  @IsInt()
  @Min(0)
  @Max(L.body)
  offset: number;
}

@InputType()
export class CommentOnGuidelineInput {
  @Field(() => ID)
  @IsUUID()
  guidelineId: string;

  @Field(() => ID)
  @IsString()
  @Length(1, L.id)
  @Matches(SECTION_ID, { message: 'sectionId must be letters, digits, - or _' })
  sectionId: string;

  @Field(() => Int, { description: 'The text revision you read' })
  @IsInt()
  @Min(1)
  revision: number;

  @Field(() => QuotedPassageInput, { nullable: true, description: 'The passage the comment is about; none for the whole section' })
  @IsOptional()
  @ValidateNested()
  @Type(() => QuotedPassageInput)
  quote?: QuotedPassageInput | null;

  @LongText()
  @Field()
  @IsString()
  @Length(1, L.comment)
  text: string;
}

@InputType()
export class ReplyToGuidelineCommentInput {
  @Field(() => ID)
  @IsUUID()
  guidelineId: string;

  @Field(() => ID)
  @IsString()
  @Length(1, L.id)
  commentId: string;

  @LongText()
  @Field()
  @IsString()
  @Length(1, L.comment)
  text: string;
}

@ArgsType()
export class GuidelineCommentArgs extends GuidelineIdArgs {
  @Field(() => ID)
  @IsString()
  @Length(1, L.id)
  commentId: string;
}

@InputType()
export class ProposeAmendmentInput {
  @Field(() => ID)
  @IsUUID()
  guidelineId: string;

  @LongText()
  @Field({ description: 'Why: it becomes the change note when accepted' })
  @IsString()
  @Length(1, L.rationale)
  rationale: string;

  @Field(() => [SectionChangeInput])
  @ArrayMinSize(1)
  @ArrayMaxSize(L.changes)
  @ValidateNested({ each: true })
  @Type(() => SectionChangeInput)
  changes: SectionChangeInput[];
}

@ArgsType()
export class AmendmentArgs extends GuidelineIdArgs {
  @Field(() => ID)
  @IsString()
  @Length(1, L.id)
  amendmentId: string;
}

@ArgsType()
export class RejectAmendmentArgs extends AmendmentArgs {
  @Field()
  @IsString()
  @Length(1, L.reason)
  reason: string;
}

@InputType()
export class CiteEvidenceInput {
  @Field(() => ID)
  @IsUUID()
  guidelineId: string;

  @Field(() => ID)
  @IsString()
  @Length(1, L.id)
  sectionId: string;

  @Field(() => ID, { description: 'A published case study' })
  @IsUUID()
  caseStudyId: string;

  @LongText()
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(L.evidenceNote)
  note?: string | null;
}

@ArgsType()
export class WithdrawEvidenceArgs extends GuidelineIdArgs {
  @Field(() => ID)
  @IsString()
  @Length(1, L.id)
  sectionId: string;

  @Field(() => ID)
  @IsUUID()
  caseStudyId: string;
}

@ArgsType()
export class GuidelineArgs {
  @Field(() => ID)
  @IsUUID()
  id: string;
}

@InputType()
export class GuidelineFilter {
  @Field(() => GuidelineStatus, { nullable: true })
  @IsOptional()
  @IsEnum(GuidelineStatus)
  status?: GuidelineStatus | null;

  @Field(() => Sector, { nullable: true })
  @IsOptional()
  @IsEnum(Sector)
  sector?: Sector | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @Length(2, 35)
  language?: string | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  authorId?: string | null;
}

@ArgsType()
export class GuidelinesArgs extends PageArgs {
  @Field(() => GuidelineFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => GuidelineFilter)
  filter?: GuidelineFilter | null;
}

@ArgsType()
export class GuidelineVersionArgs {
  @Field({ description: 'The version number: 1.0, 1.1, ...' })
  @IsString()
  @Matches(VERSION_NUMBER, { message: 'number must be a version number such as 1.0' })
  number: string;
}

@InputType('GuidelineTextRef', { description: 'A version (1.0) or a text revision (4): exactly one' })
export class GuidelineTextRefInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @Matches(VERSION_NUMBER, { message: 'version must be a version number such as 1.0' })
  version?: string | null;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  revision?: number | null;
}

@ArgsType()
export class GuidelineDiffArgs {
  @Field(() => GuidelineTextRefInput)
  @ValidateNested()
  @Type(() => GuidelineTextRefInput)
  from: GuidelineTextRefInput;

  @Field(() => GuidelineTextRefInput)
  @ValidateNested()
  @Type(() => GuidelineTextRefInput)
  to: GuidelineTextRefInput;
}

@ArgsType()
export class GuidelineDiffPageArgs {
  @Field(() => Int, { nullable: true, description: `At most ${MAX_DIFF_SECTIONS_PAGE} sections; absent: every section after \`after\`` })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_DIFF_SECTIONS_PAGE)
  first?: number | null;

  @Field(() => String, { nullable: true, description: 'The cursor of the last section of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  after?: string | null;
}

@ArgsType()
export class GuidelineAsOfArgs {
  @Field(() => GraphQLISODateTime, { description: 'The instant: what stood then (a future instant reads as now)' })
  @IsDate()
  at: Date;
}

@ArgsType()
export class GuidelineBlameArgs {
  @Field(() => GuidelineTextRefInput, { description: 'The version or text revision to blame' })
  @ValidateNested()
  @Type(() => GuidelineTextRefInput)
  of: GuidelineTextRefInput;
}

@InputType('GuidelineSide', { description: 'One side of a comparison: a guideline, at a version (default: its latest published version; for those who see drafts, its working text until it has one)' })
export class GuidelineSideInput {
  @Field(() => ID)
  @IsUUID()
  id: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @Matches(VERSION_NUMBER, { message: 'version must be a version number such as 1.0' })
  version?: string | null;
}

@ArgsType()
export class CompareGuidelinesArgs {
  @Field(() => GuidelineSideInput)
  @ValidateNested()
  @Type(() => GuidelineSideInput)
  a: GuidelineSideInput;

  @Field(() => GuidelineSideInput)
  @ValidateNested()
  @Type(() => GuidelineSideInput)
  b: GuidelineSideInput;
}
