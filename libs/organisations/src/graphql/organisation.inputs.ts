import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsEnum, IsInt, IsOptional, IsString, IsUUID, IsUrl, Length, MaxLength, Min, ValidateIf, ValidateNested } from 'class-validator';
import { IsCountryCode, LongText, PageArgs } from '@sce/platform';
import { OrganisationType } from '../domain/organisation-type';
import { MemberRole } from '../domain/organisation.events';

const URL_OPTIONS = { protocols: ['http', 'https'], require_protocol: true };

/** The optional profile fields, shared by registration and update: null clears them on update. */
@InputType({ isAbstract: true })
abstract class OrganisationDetailsInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(120)
  city?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsUrl(URL_OPTIONS)
  @MaxLength(300)
  website?: string | null;

  @LongText()
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  description?: string | null;
}

@InputType()
export class RegisterOrganisationInput extends OrganisationDetailsInput {
  @Field()
  @IsString()
  @Length(2, 200)
  name: string;

  @Field(() => OrganisationType)
  @IsEnum(OrganisationType)
  type: OrganisationType;

  @Field({ description: 'ISO 3166-1 alpha-2, e.g. KZ, GE, FR' })
  @IsCountryCode()
  country: string;
}

@InputType({ description: 'Fields left out stay as they are; null clears an optional field' })
export class UpdateOrganisationProfileInput extends OrganisationDetailsInput {
  @Field(() => ID)
  @IsUUID()
  id: string;

  @Field(() => Int, { description: 'The revision you last read; a stale one is a CONFLICT' })
  @IsInt()
  @Min(0)
  expectedRevision: number;

  @Field(() => String, { nullable: true })
  @ValidateIf((input) => input.name !== undefined)
  @IsString()
  @Length(2, 200)
  name?: string;

  @Field(() => OrganisationType, { nullable: true })
  @ValidateIf((input) => input.type !== undefined)
  @IsEnum(OrganisationType)
  type?: OrganisationType;

  @Field(() => String, { nullable: true })
  @ValidateIf((input) => input.country !== undefined)
  @IsCountryCode()
  country?: string;
}

@ArgsType()
export class OrganisationArgs {
  @Field(() => ID)
  @IsUUID()
  id: string;
}

@InputType()
export class OrganisationFilter {
  @Field(() => OrganisationType, { nullable: true })
  @IsOptional()
  @IsEnum(OrganisationType)
  type?: OrganisationType;

  @Field(() => String, { nullable: true, description: 'ISO 3166-1 alpha-2' })
  @IsOptional()
  @IsCountryCode()
  country?: string;
}

@ArgsType()
export class OrganisationsArgs extends PageArgs {
  @Field(() => OrganisationFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => OrganisationFilter)
  filter?: OrganisationFilter;
}

@InputType()
export class OrganisationMemberInput {
  @Field(() => ID)
  @IsUUID()
  organisationId: string;

  @Field(() => ID)
  @IsUUID()
  accountId: string;

  @Field(() => MemberRole)
  @IsEnum(MemberRole)
  role: MemberRole;
}

@ArgsType()
export class OrganisationMemberArgs {
  @Field(() => ID)
  @IsUUID()
  organisationId: string;

  @Field(() => ID)
  @IsUUID()
  accountId: string;
}

@ArgsType()
export class OrganisationIdArgs {
  @Field(() => ID)
  @IsUUID()
  organisationId: string;
}

@ArgsType()
export class SuspendOrganisationArgs extends OrganisationIdArgs {
  @LongText()
  @Field({ description: 'Why: kept in the history' })
  @IsString()
  @Length(3, 500)
  reason: string;
}
