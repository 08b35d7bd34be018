import { ArgsType, Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { OrganisationType } from '@sce/organisations';
import { PageInfo, PageArgs, MAX_PAGE_SIZE } from '@sce/platform';
import { Sector, UneceRegion } from '@sce/vocabulary';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsBoolean, IsEnum, IsIn, IsInt, IsNumber, IsOptional, IsString, IsUUID, Length, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { CitySize, IncomeLevel } from '../domain/case-study-content';
import { CaseStudyObject } from './case-study.object-type';

export const CaseStudySearchSort = { RELEVANCE: 'RELEVANCE', NEWEST: 'NEWEST', COST_ASC: 'COST_ASC', COST_DESC: 'COST_DESC' } as const;
export type CaseStudySearchSort = (typeof CaseStudySearchSort)[keyof typeof CaseStudySearchSort];
export const CaseStudyFacet = {
  SECTOR: 'SECTOR',
  COUNTRY: 'COUNTRY',
  REGION: 'REGION',
  LANGUAGE: 'LANGUAGE',
  SDG_TARGET: 'SDG_TARGET',
  ORGANISATION_TYPE: 'ORGANISATION_TYPE',
  CITY_SIZE: 'CITY_SIZE',
  INCOME_LEVEL: 'INCOME_LEVEL',
} as const;
export type CaseStudyFacet = (typeof CaseStudyFacet)[keyof typeof CaseStudyFacet];
export const CaseStudySearchVariant = { PUBLISHED: 'PUBLISHED', IN_REVIEW: 'IN_REVIEW' } as const;
export type CaseStudySearchVariant = (typeof CaseStudySearchVariant)[keyof typeof CaseStudySearchVariant];
export const SimilarityReasonKind = { SAME_SECTOR: 'SAME_SECTOR', SAME_CITY_SIZE: 'SAME_CITY_SIZE', SAME_INCOME_LEVEL: 'SAME_INCOME_LEVEL', SAME_REGION: 'SAME_REGION', SIMILAR_TEXT: 'SIMILAR_TEXT' } as const;
export type SimilarityReasonKind = (typeof SimilarityReasonKind)[keyof typeof SimilarityReasonKind];
export const HighlightField = { title: 'title', summary: 'summary', city: 'city', narrative: 'narrative', body: 'body' } as const;

registerEnumType(CaseStudySearchSort, { name: 'CaseStudySearchSort', description: 'RELEVANCE (default; title words weigh most), NEWEST (published or submitted), COST_ASC / COST_DESC (converted to EUR by a static table)' });
registerEnumType(CaseStudyFacet, { name: 'CaseStudyFacet' });
registerEnumType(CaseStudySearchVariant, { name: 'CaseStudySearchVariant', description: 'PUBLISHED: the text the public sees; IN_REVIEW: a submitted draft or revision (reviewers and admins with includeSubmissions)' });
registerEnumType(SimilarityReasonKind, { name: 'SimilarityReasonKind' });
registerEnumType(HighlightField, { name: 'CaseStudySearchField' });
registerEnumType(UneceRegion, { name: 'UneceRegion', description: 'UNECE sub-region of a country (a fixed table)' });

// Bounds of one search: enough for any real filter, small enough that no request makes the engine work hard for nothing.
export const MAX_QUERY_LENGTH = 500;
const MAX_FILTER_VALUES = 50;
/** How deep `after` may page into one answer (offset), like Meilisearch's pagination limit. */
export const MAX_SEARCH_DEPTH = 10_000;

@InputType()
export class YearRangeInput {
  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1900)
  @Max(2200)
  from?: number | null;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1900)
  @Max(2200)
  to?: number | null;
}

@InputType()
export class CostRangeInput {
  @Field(() => Float, { nullable: true, description: 'In whole units of the currency (not minor units)' })
  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(1e15)
  min?: number | null;

  @Field(() => Float, { nullable: true })
  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(1e15)
  max?: number | null;

  @Field({ description: 'ISO 4217: case studies in other currencies are compared after conversion by the static table (currency-rates)' })
  @IsString()
  @Length(3, 3)
  currency: string;
}

/** Each list means "any of"; different fields combine with AND. */
@InputType()
export class CaseStudySearchFilterInput {
  @Field(() => [Sector], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(MAX_FILTER_VALUES)
  @IsEnum(Sector, { each: true })
  sectors?: Sector[] | null;

  @Field(() => [String], { nullable: true, description: 'ISO 3166-1 alpha-2' })
  @IsOptional()
  @ArrayMaxSize(MAX_FILTER_VALUES)
  @IsString({ each: true })
  @Length(2, 2, { each: true })
  countries?: string[] | null;

  @Field(() => [UneceRegion], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(MAX_FILTER_VALUES)
  @IsIn(Object.values(UneceRegion), { each: true })
  regions?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'SDG goals, targets or indicators: 11, 11.1, 11.6.2' })
  @IsOptional()
  @ArrayMaxSize(MAX_FILTER_VALUES)
  @IsString({ each: true })
  @Length(1, 10, { each: true })
  sdgTargets?: string[] | null;

  @Field(() => [ID], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(MAX_FILTER_VALUES)
  @IsUUID('all', { each: true })
  organisationIds?: string[] | null;

  @Field(() => [OrganisationType], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(MAX_FILTER_VALUES)
  @IsIn(Object.values(OrganisationType), { each: true })
  organisationTypes?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'BCP 47: en, fr, ru, ...' })
  @IsOptional()
  @ArrayMaxSize(MAX_FILTER_VALUES)
  @IsString({ each: true })
  @Length(2, 35, { each: true })
  languages?: string[] | null;

  @Field(() => [CitySize], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(MAX_FILTER_VALUES)
  @IsIn(Object.values(CitySize), { each: true })
  citySizes?: string[] | null;

  @Field(() => [IncomeLevel], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(MAX_FILTER_VALUES)
  @IsIn(Object.values(IncomeLevel), { each: true })
  incomeLevels?: string[] | null;

  @Field(() => [ID], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(MAX_FILTER_VALUES)
  @IsUUID('all', { each: true })
  partnershipIds?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'U4SSC KPI codes of outcome indicators' })
  @IsOptional()
  @ArrayMaxSize(MAX_FILTER_VALUES)
  @IsString({ each: true })
  @Length(1, 30, { each: true })
  kpiCodes?: string[] | null;

  @Field(() => YearRangeInput, { nullable: true, description: "The case study's period overlaps these years" })
  @IsOptional()
  @ValidateNested()
  @Type(() => YearRangeInput)
  years?: YearRangeInput | null;

  @Field(() => CostRangeInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => CostRangeInput)
  cost?: CostRangeInput | null;
}

@ArgsType()
export class SearchCaseStudiesArgs extends PageArgs {
  @Field(() => String, { nullable: true, description: `Free text, at most ${MAX_QUERY_LENGTH} characters; typos, inflections and a prefix of the last word are found. Empty: everything the filter lets through` })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_QUERY_LENGTH)
  query?: string | null;

  @Field(() => CaseStudySearchFilterInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => CaseStudySearchFilterInput)
  filter?: CaseStudySearchFilterInput | null;

  @Field(() => [CaseStudyFacet], { nullable: true, description: 'Facets to count over every match (not only the page)' })
  @IsOptional()
  @ArrayMaxSize(Object.keys(CaseStudyFacet).length)
  @IsEnum(CaseStudyFacet, { each: true })
  facets?: CaseStudyFacet[] | null;

  @Field(() => CaseStudySearchSort, { defaultValue: CaseStudySearchSort.RELEVANCE })
  @IsEnum(CaseStudySearchSort)
  sort: CaseStudySearchSort = CaseStudySearchSort.RELEVANCE;

  @Field({ defaultValue: false, description: 'REVIEWER or ADMIN: submitted drafts and revisions too (IN_REVIEW); anyone else asking gets FORBIDDEN' })
  @IsBoolean()
  includeSubmissions: boolean = false;
}

@ArgsType()
export class SimilarCaseStudiesArgs {
  @Field(() => ID)
  @IsUUID()
  id: string;

  @Field(() => Int, { defaultValue: 10, description: `At most ${MAX_PAGE_SIZE}` })
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  first: number = 10;
}

@ObjectType()
export class CaseStudySearchHighlightObject {
  @Field(() => HighlightField)
  field: string;

  @Field({ description: 'A passage of the text, each matched word in <mark>…</mark>, other markup escaped' })
  snippet: string;
}

@ObjectType('CaseStudySearchEdge')
export class CaseStudySearchEdge {
  @Field()
  cursor: string;

  @Field(() => CaseStudyObject)
  node: CaseStudyObject;

  @Field(() => [CaseStudySearchHighlightObject])
  highlights: CaseStudySearchHighlightObject[];

  @Field(() => Float, { description: 'Higher is better; comparable within one answer only' })
  score: number;

  @Field(() => CaseStudySearchVariant, { description: 'Which text matched: the published one or the one in review' })
  variant: CaseStudySearchVariant;
}

@ObjectType()
export class CaseStudyFacetValue {
  @Field()
  value: string;

  @Field(() => Int)
  count: number;
}

@ObjectType()
export class CaseStudyFacetCount {
  @Field(() => CaseStudyFacet)
  facet: CaseStudyFacet;

  @Field(() => [CaseStudyFacetValue], { description: 'Highest count first' })
  values: CaseStudyFacetValue[];
}

@ObjectType()
export class CaseStudySearchConnection {
  @Field(() => [CaseStudySearchEdge])
  edges: CaseStudySearchEdge[];

  @Field(() => PageInfo)
  pageInfo: PageInfo;

  @Field(() => Int)
  totalCount: number;

  @Field(() => [CaseStudyFacetCount])
  facets: CaseStudyFacetCount[];

  @Field({
    description:
      'True when every result holds every query word. When no case study holds them all, the last words are dropped one by one until some case study holds those left (Meilisearch\'s default "last" matching strategy), and this is false',
  })
  matchedAllWords: boolean;
}

@ObjectType()
export class SimilarityReason {
  @Field(() => SimilarityReasonKind)
  kind: SimilarityReasonKind;

  @Field({ description: 'What is shared: the sector, the band, the region, or the words' })
  detail: string;
}

@ObjectType()
export class SimilarCaseStudy {
  @Field(() => CaseStudyObject)
  caseStudy: CaseStudyObject;

  @Field(() => Float, { description: 'Higher is more alike; comparable within one answer only' })
  score: number;

  @Field(() => [SimilarityReason], { description: 'Why it was chosen, strongest first' })
  reasons: SimilarityReason[];
}
