import { applyDecorators } from '@nestjs/common';
import { ArgsType, Field, Float, ID, InputType, Int } from '@nestjs/graphql';
import { IsCountryCode, LongText, PageArgs } from '@sce/platform';
import { Sector } from '@sce/vocabulary';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsEnum,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { CitySize, IncomeLevel } from '../domain/case-study-content';
import { CaseStudyStatus, ReviewDecision } from './case-study.object-type';

/** An optional list of short texts: at most maxItems, each 1 to maxLength characters. */
const OptionalTextList = (maxItems: number, maxLength: number, description?: string) =>
  applyDecorators(
    Field(() => [String], { nullable: true, ...(description ? { description } : {}) }),
    IsOptional(),
    ArrayMaxSize(maxItems),
    IsString({ each: true }),
    Length(1, maxLength, { each: true }),
  );

// Limits on every text and list: generous for real case studies, small enough that one request stays small.
const LIST = 20;
const given = (field: string) => ValidateIf((input) => input[field] !== undefined && input[field] !== null);

@InputType('CaseStudyCoordinatesInput')
export class CoordinatesInput {
  @Field(() => Float)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-90)
  @Max(90)
  latitude: number;

  @Field(() => Float)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-180)
  @Max(180)
  longitude: number;
}

@InputType('CaseStudyPeriodInput', { description: 'Years' })
export class PeriodInput {
  @Field(() => Int)
  @IsInt()
  @Min(1900)
  @Max(2100)
  fromYear: number;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1900)
  @Max(2100)
  toYear?: number | null;
}

@InputType('CaseStudyNarrativeInput', { description: "UN-Habitat's reporting format; parts left out are empty" })
export class NarrativeInput {
  @LongText()
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 10000)
  situationBefore?: string | null;

  @LongText()
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 10000)
  objectives?: string | null;

  @LongText()
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 10000)
  process?: string | null;

  @LongText()
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 10000)
  resources?: string | null;

  @LongText()
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 10000)
  results?: string | null;

  @LongText()
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 10000)
  sustainability?: string | null;
}

@InputType('BuildingBlockFacetInput')
export class FacetInput {
  @Field({ description: 'A lower-case code: instrument, governance-model, ...' })
  @IsString()
  @Length(1, 40)
  facet: string;

  @Field({ description: 'A lower-case code: green-bond, public-private-partnership, ...' })
  @IsString()
  @Length(1, 60)
  value: string;
}

@InputType('BuildingBlockInput')
export class BuildingBlockInput {
  @Field()
  @IsString()
  @Length(1, 200)
  title: string;

  @LongText()
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 5000)
  description?: string | null;

  @LongText()
  @OptionalTextList(LIST, 1000)
  enablingFactors?: string[] | null;

  @LongText()
  @OptionalTextList(LIST, 1000)
  barriers?: string[] | null;

  @LongText()
  @OptionalTextList(LIST, 1000)
  lessons?: string[] | null;

  @Field(() => [FacetInput], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(LIST)
  @ValidateNested({ each: true })
  @Type(() => FacetInput)
  facets?: FacetInput[] | null;
}

@InputType('CaseStudyIndicatorInput', { description: 'A U4SSC KPI code or a free name: exactly one' })
export class IndicatorInput {
  @Field(() => String, { nullable: true, description: 'U4SSC KPI code as published: "EN: EN: AQ: 1C"' })
  @IsOptional()
  @IsString()
  @Length(1, 30)
  kpiCode?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  name?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 40)
  unit?: string | null;

  @Field(() => Float, { nullable: true })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  baseline?: number | null;

  @Field(() => Float, { nullable: true })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  achieved?: number | null;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1900)
  @Max(2100)
  year?: number | null;
}

@InputType('CaseStudyOutcomeInput')
export class OutcomeInput {
  @LongText()
  @Field()
  @IsString()
  @Length(1, 2000)
  description: string;

  @Field(() => IndicatorInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => IndicatorInput)
  indicator?: IndicatorInput | null;
}

@InputType('CaseStudyCostInput')
export class CostInput {
  @Field(() => Float, { description: "In the currency's minor units (cents): a whole number" })
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  amount: number;

  @Field({ description: 'ISO 4217: EUR, USD, KZT, ...' })
  @IsString()
  @Length(3, 3)
  currency: string;
}

@InputType('CaseStudyTransferabilityInput')
export class TransferabilityInput {
  @Field(() => CitySize, { nullable: true })
  @IsOptional()
  @IsEnum(CitySize)
  citySize?: CitySize | null;

  @Field(() => IncomeLevel, { nullable: true })
  @IsOptional()
  @IsEnum(IncomeLevel)
  incomeLevel?: IncomeLevel | null;

  @LongText()
  @OptionalTextList(LIST, 500)
  preconditions?: string[] | null;
}

/** The fields that may be left out of a draft: shared by drafting and revising (where null clears them). */
@InputType({ isAbstract: true })
abstract class CaseStudyOptionalFieldsInput {
  @Field(() => CoordinatesInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => CoordinatesInput)
  coordinates?: CoordinatesInput | null;

  @OptionalTextList(30, 10, 'SDG goals, targets or indicators: 11, 11.1, 11.a, 11.6.2')
  sdgTargets?: string[] | null;

  @Field(() => [ID], { nullable: true, description: 'Other organisations involved' })
  @IsOptional()
  @ArrayMaxSize(LIST)
  @IsUUID('all', { each: true })
  organisationIds?: string[] | null;

  @Field(() => NarrativeInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => NarrativeInput)
  narrative?: NarrativeInput | null;

  @Field(() => [BuildingBlockInput], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(LIST)
  @ValidateNested({ each: true })
  @Type(() => BuildingBlockInput)
  buildingBlocks?: BuildingBlockInput[] | null;

  @Field(() => [OutcomeInput], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => OutcomeInput)
  outcomes?: OutcomeInput[] | null;

  @Field(() => CostInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => CostInput)
  cost?: CostInput | null;

  @OptionalTextList(LIST, 200)
  fundingSources?: string[] | null;

  @LongText()
  @OptionalTextList(30, 2000)
  lessonsLearned?: string[] | null;

  @Field(() => TransferabilityInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => TransferabilityInput)
  transferability?: TransferabilityInput | null;
}

@InputType()
export class DraftCaseStudyInput extends CaseStudyOptionalFieldsInput {
  @Field(() => ID, { description: 'The organisation it is written for (you are its OWNER or EDITOR)' })
  @IsUUID()
  organisationId: string;

  @Field()
  @IsString()
  @Length(3, 200)
  title: string;

  @LongText()
  @Field()
  @IsString()
  @Length(10, 2000)
  summary: string;

  @LongText()
  @Field({ description: 'Markdown' })
  @IsString()
  @Length(1, 200000)
  body: string;

  @Field()
  @IsString()
  @Length(1, 120)
  city: string;

  @Field({ description: 'ISO 3166-1 alpha-2' })
  @IsCountryCode()
  country: string;

  @Field(() => [Sector])
  @ArrayMinSize(1)
  @ArrayMaxSize(14)
  @IsEnum(Sector, { each: true })
  sectors: Sector[];

  @Field(() => PeriodInput)
  @ValidateNested()
  @Type(() => PeriodInput)
  period: PeriodInput;

  @Field({ description: 'BCP 47: en, fr, ru, pt-BR, ...' })
  @IsString()
  @Length(2, 35)
  language: string;
}

@InputType({ description: 'Fields left out stay as they are; null clears an optional field; a nested object given replaces it whole' })
export class ReviseCaseStudyInput extends CaseStudyOptionalFieldsInput {
  @Field(() => ID)
  @IsUUID()
  id: string;

  @Field(() => Int, { description: 'The revision you last read; a stale one is a CONFLICT' })
  @IsInt()
  @Min(0)
  expectedRevision: number;

  @LongText()
  @Field({ description: 'What changed and why: kept in the history' })
  @IsString()
  @Length(3, 500)
  changeNote: string;

  @Field(() => String, { nullable: true })
  @given('title')
  @IsString()
  @Length(3, 200)
  title?: string;

  @LongText()
  @Field(() => String, { nullable: true })
  @given('summary')
  @IsString()
  @Length(10, 2000)
  summary?: string;

  @LongText()
  @Field(() => String, { nullable: true })
  @given('body')
  @IsString()
  @Length(1, 200000)
  body?: string;

  @Field(() => String, { nullable: true })
  @given('city')
  @IsString()
  @Length(1, 120)
  city?: string;

  @Field(() => String, { nullable: true })
  @given('country')
  @IsCountryCode()
  country?: string;

  @Field(() => [Sector], { nullable: true })
  @given('sectors')
  @ArrayMinSize(1)
  @ArrayMaxSize(14)
  @IsEnum(Sector, { each: true })
  sectors?: Sector[];

  @Field(() => PeriodInput, { nullable: true })
  @given('period')
  @ValidateNested()
  @Type(() => PeriodInput)
  period?: PeriodInput;

  @Field(() => String, { nullable: true })
  @given('language')
  @IsString()
  @Length(2, 35)
  language?: string;
}

@InputType('CaseStudyReviewCommentInput')
export class ReviewCommentInput {
  @Field(() => String, { nullable: true, description: "The field it is about: 'title', 'narrative.process', 'outcomes[0]'" })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  field?: string | null;

  @LongText()
  @Field()
  @IsString()
  @Length(1, 2000)
  comment: string;
}

@InputType()
export class ReviewCaseStudyInput {
  @Field(() => ID)
  @IsUUID()
  caseStudyId: string;

  @Field(() => ReviewDecision)
  @IsEnum(ReviewDecision)
  decision: keyof typeof ReviewDecision;

  @Field(() => [ReviewCommentInput], { nullable: true, description: 'At least one to request changes' })
  @IsOptional()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => ReviewCommentInput)
  comments?: ReviewCommentInput[] | null;

  @Field(() => Int, { nullable: true, description: 'The revision you reviewed; a stale one is a CONFLICT' })
  @IsOptional()
  @IsInt()
  @Min(0)
  expectedRevision?: number | null;
}

@ArgsType()
export class CaseStudyIdArgs {
  @Field(() => ID)
  @IsUUID()
  caseStudyId: string;
}

@ArgsType()
export class SubmitCaseStudyArgs extends CaseStudyIdArgs {
  @Field(() => Int, { nullable: true, description: 'The revision you submit; a stale one is a CONFLICT' })
  @IsOptional()
  @IsInt()
  @Min(0)
  expectedRevision?: number | null;
}

@ArgsType()
export class ArchiveCaseStudyArgs extends CaseStudyIdArgs {
  @LongText()
  @Field({ description: 'Why: kept in the history' })
  @IsString()
  @Length(3, 500)
  reason: string;
}

@ArgsType()
export class LinkCaseStudyArgs extends CaseStudyIdArgs {
  @Field(() => ID, { description: 'A partnership the case study\'s organisation is a member of' })
  @IsUUID()
  partnershipId: string;
}

@ArgsType()
export class CaseStudyArgs {
  @Field(() => ID)
  @IsUUID()
  id: string;
}

@InputType()
export class CaseStudyFilter {
  @Field(() => ID, { nullable: true, description: 'Its own organisation or one involved' })
  @IsOptional()
  @IsUUID()
  organisationId?: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  partnershipId?: string;

  @Field(() => CaseStudyStatus, { nullable: true })
  @IsOptional()
  @IsEnum(CaseStudyStatus)
  status?: CaseStudyStatus;

  @Field(() => String, { nullable: true, description: 'ISO 3166-1 alpha-2' })
  @IsOptional()
  @IsCountryCode()
  country?: string;

  @Field(() => Sector, { nullable: true })
  @IsOptional()
  @IsEnum(Sector)
  sector?: Sector;

  @Field(() => String, { nullable: true, description: 'BCP 47' })
  @IsOptional()
  @IsString()
  @MaxLength(35)
  language?: string;
}

@ArgsType()
export class CaseStudiesArgs extends PageArgs {
  @Field(() => CaseStudyFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => CaseStudyFilter)
  filter?: CaseStudyFilter;
}

@ArgsType()
export class CaseStudyDiffArgs {
  @Field(() => Int)
  @IsInt()
  @Min(0)
  fromRevision: number;

  @Field(() => Int)
  @IsInt()
  @Min(0)
  toRevision: number;
}
