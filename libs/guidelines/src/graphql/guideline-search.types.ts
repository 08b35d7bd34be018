import { ArgsType, Field, Float, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { PageArgs, PageInfo } from '@sce/platform';
import { Sector } from '@sce/vocabulary';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsEnum, IsIn, IsOptional, IsString, Length, MaxLength, ValidateNested } from 'class-validator';
import { GuidelineObject, GuidelineStatus } from './guideline.object-type';

export const GuidelineSearchSort = { RELEVANCE: 'RELEVANCE', NEWEST: 'NEWEST' } as const;
export type GuidelineSearchSort = (typeof GuidelineSearchSort)[keyof typeof GuidelineSearchSort];
export const GuidelineFacet = { SECTOR: 'SECTOR', STATUS: 'STATUS', LANGUAGE: 'LANGUAGE' } as const;
export type GuidelineFacet = (typeof GuidelineFacet)[keyof typeof GuidelineFacet];
export const GuidelineSearchVariant = { PUBLISHED: 'PUBLISHED', WORKING: 'WORKING' } as const;
export type GuidelineSearchVariant = (typeof GuidelineSearchVariant)[keyof typeof GuidelineSearchVariant];
export const GuidelineSearchField = { title: 'title', summary: 'summary', headings: 'headings', sections: 'sections' } as const;

registerEnumType(GuidelineSearchSort, { name: 'GuidelineSearchSort', description: 'RELEVANCE (default; title words weigh most, then summary, headings, sections), NEWEST (published, or last edited for a working text)' });
registerEnumType(GuidelineFacet, { name: 'GuidelineFacet' });
registerEnumType(GuidelineSearchVariant, {
  name: 'GuidelineSearchVariant',
  description: 'PUBLISHED: the latest published version; WORKING: the working text, searched in its place by its authors, reviewers and admins',
});
registerEnumType(GuidelineSearchField, { name: 'GuidelineSearchField' });

export const MAX_GUIDELINE_QUERY_LENGTH = 500;
const MAX_FILTER_VALUES = 50;
/** How deep `after` may page into one answer (an offset), like case-study search. */
export const MAX_GUIDELINE_SEARCH_DEPTH = 10_000;

/** Each list means "any of"; different fields combine with AND. */
@InputType()
export class GuidelineSearchFilterInput {
  @Field(() => [Sector], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(MAX_FILTER_VALUES)
  @IsEnum(Sector, { each: true })
  sectors?: Sector[] | null;

  @Field(() => [GuidelineStatus], { nullable: true, description: 'A withdrawn or superseded guideline stays findable (its last published text) with its status: leave them out with statuses: [PUBLISHED]' })
  @IsOptional()
  @ArrayMaxSize(MAX_FILTER_VALUES)
  @IsIn(Object.values(GuidelineStatus), { each: true })
  statuses?: GuidelineStatus[] | null;

  @Field(() => [String], { nullable: true, description: 'BCP 47: en, fr, ru, ...' })
  @IsOptional()
  @ArrayMaxSize(MAX_FILTER_VALUES)
  @IsString({ each: true })
  @Length(2, 35, { each: true })
  languages?: string[] | null;
}

@ArgsType()
export class SearchGuidelinesArgs extends PageArgs {
  @Field(() => String, { nullable: true, description: `Free text over title, summary, section headings and section text, at most ${MAX_GUIDELINE_QUERY_LENGTH} characters; typos, inflections and a prefix of the last word are found. Empty: everything the filter lets through` })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_GUIDELINE_QUERY_LENGTH)
  query?: string | null;

  @Field(() => GuidelineSearchFilterInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => GuidelineSearchFilterInput)
  filter?: GuidelineSearchFilterInput | null;

  @Field(() => [GuidelineFacet], { nullable: true, description: 'Facets to count over every match you may see (not only the page)' })
  @IsOptional()
  @ArrayMaxSize(Object.keys(GuidelineFacet).length)
  @IsEnum(GuidelineFacet, { each: true })
  facets?: GuidelineFacet[] | null;

  @Field(() => GuidelineSearchSort, { defaultValue: GuidelineSearchSort.RELEVANCE })
  @IsEnum(GuidelineSearchSort)
  sort: GuidelineSearchSort = GuidelineSearchSort.RELEVANCE;
}

@ObjectType()
export class GuidelineSearchHighlightObject {
  @Field(() => GuidelineSearchField)
  field: string;

  @Field({ description: 'A passage of the text, each matched word in <mark>…</mark>, other markup escaped' })
  snippet: string;
}

@ObjectType('GuidelineSearchEdge')
export class GuidelineSearchEdge {
  @Field()
  cursor: string;

  @Field(() => GuidelineObject)
  node: GuidelineObject;

  @Field(() => GuidelineSearchVariant, { description: 'Which text matched' })
  variant: GuidelineSearchVariant;

  @Field(() => Int, { description: 'The text revision that matched (a published version is the revision it was approved at)' })
  revision: number;

  @Field(() => [GuidelineSearchHighlightObject])
  highlights: GuidelineSearchHighlightObject[];

  @Field(() => Float, { description: 'Higher is better; comparable within one answer only' })
  score: number;
}

@ObjectType()
export class GuidelineFacetValue {
  @Field()
  value: string;

  @Field(() => Int)
  count: number;
}

@ObjectType()
export class GuidelineFacetCount {
  @Field(() => GuidelineFacet)
  facet: GuidelineFacet;

  @Field(() => [GuidelineFacetValue], { description: 'Highest count first' })
  values: GuidelineFacetValue[];
}

@ObjectType()
export class GuidelineSearchConnection {
  @Field(() => [GuidelineSearchEdge])
  edges: GuidelineSearchEdge[];

  @Field(() => PageInfo)
  pageInfo: PageInfo;

  @Field(() => Int, { description: 'Matches you may see (each guideline once)' })
  totalCount: number;

  @Field(() => [GuidelineFacetCount])
  facets: GuidelineFacetCount[];
}
