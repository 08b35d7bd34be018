import { ArgsType, Field, GraphQLISODateTime, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { IsCountryCode, LongText, MutationPayload, PageArgs } from '@sce/platform';
import { Sector } from '@sce/vocabulary';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsBoolean,
  IsEnum,
  IsISO8601,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { PartnerRole } from '../domain/partnership.events';

export const PartnershipStatus = { PROPOSED: 'PROPOSED', ACTIVE: 'ACTIVE', COMPLETED: 'COMPLETED', DISSOLVED: 'DISSOLVED' } as const;
export const PartnerStatus = { INVITED: 'INVITED', MEMBER: 'MEMBER', DECLINED: 'DECLINED', LEFT: 'LEFT' } as const;

registerEnumType(Sector, { name: 'Sector', description: 'Urban sectors, a shared vocabulary' });
registerEnumType(PartnerRole, { name: 'PartnerRole' });
registerEnumType(PartnershipStatus, { name: 'PartnershipStatus', description: 'PROPOSED -> ACTIVE -> COMPLETED | DISSOLVED' });
registerEnumType(PartnerStatus, { name: 'PartnerStatus' });

@ObjectType('PartnershipMember')
export class PartnershipMemberObject {
  @Field(() => ID)
  organisationId: string;

  @Field(() => PartnerRole)
  role: PartnerRole;

  @Field(() => PartnerStatus)
  status: keyof typeof PartnerStatus;

  @Field(() => GraphQLISODateTime, { description: 'When it reached its current status' })
  since: Date;
}

@ObjectType('Partnership')
export class PartnershipObject {
  @Field(() => ID)
  id: string;

  @Field()
  title: string;

  @Field()
  objectives: string;

  @Field(() => PartnershipStatus)
  status: keyof typeof PartnershipStatus;

  @Field(() => ID)
  leadOrganisationId: string;

  @Field(() => [Sector])
  sectors: Sector[];

  @Field(() => [String], { description: 'ISO 3166-1 alpha-2' })
  countries: string[];

  @Field({ description: 'YYYY-MM-DD' })
  startsOn: string;

  @Field(() => String, { nullable: true })
  endsOn: string | null;

  @Field(() => Int)
  revision: number;

  @Field(() => GraphQLISODateTime)
  proposedAt: Date;
}

@ObjectType('ConnectedOrganisation', { description: 'An organisation reached through shared partnerships' })
export class ConnectedOrganisationObject {
  @Field(() => ID)
  organisationId: string;

  @Field(() => String, { nullable: true })
  name: string | null;

  @Field(() => Int, { description: '1: a partner; 2: a partner of a partner' })
  depth: number;

  @Field(() => [ID])
  partnershipIds: string[];
}

@InputType()
export class ProposePartnershipInput {
  @Field(() => ID)
  @IsUUID()
  leadOrganisationId: string;

  @Field()
  @IsString()
  @Length(3, 200)
  title: string;

  @LongText()
  @Field()
  @IsString()
  @Length(10, 10000)
  objectives: string;

  @Field(() => [Sector])
  @IsEnum(Sector, { each: true })
  @ArrayMinSize(1)
  @ArrayMaxSize(14)
  sectors: Sector[];

  @Field(() => [String], { description: 'ISO 3166-1 alpha-2' })
  @IsCountryCode({ each: true })
  @ArrayMinSize(1)
  @ArrayMaxSize(60)
  countries: string[];

  @Field({ description: 'YYYY-MM-DD' })
  @IsISO8601({ strict: true })
  @Length(10, 10)
  startsOn: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsISO8601({ strict: true })
  @Length(10, 10)
  endsOn?: string | null;
}

@InputType()
export class InvitePartnerInput {
  @Field(() => ID)
  @IsUUID()
  partnershipId: string;

  @Field(() => ID)
  @IsUUID()
  organisationId: string;

  @Field(() => PartnerRole)
  @IsEnum(PartnerRole)
  role: PartnerRole;
}

@InputType()
export class RespondToInvitationInput {
  @Field(() => ID)
  @IsUUID()
  partnershipId: string;

  @Field(() => ID, { description: 'The invited organisation you act for' })
  @IsUUID()
  organisationId: string;

  @Field()
  @IsBoolean()
  accept: boolean;
}

@ArgsType()
export class PartnershipIdArgs {
  @Field(() => ID)
  @IsUUID()
  partnershipId: string;
}

@ArgsType()
export class DissolvePartnershipArgs extends PartnershipIdArgs {
  @LongText()
  @Field()
  @IsString()
  @Length(3, 500)
  reason: string;
}

@ArgsType()
export class LeavePartnershipArgs extends PartnershipIdArgs {
  @Field(() => ID, { description: 'The organisation you act for' })
  @IsUUID()
  organisationId: string;
}

@InputType()
export class PartnershipFilterInput {
  @Field(() => ID, { nullable: true, description: 'Partnerships this organisation is a member of' })
  @IsOptional()
  @IsUUID()
  organisationId?: string;

  @Field(() => Sector, { nullable: true })
  @IsOptional()
  @IsEnum(Sector)
  sector?: Sector;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsCountryCode()
  country?: string;

  @Field(() => PartnershipStatus, { nullable: true })
  @IsOptional()
  @IsEnum(PartnershipStatus)
  status?: keyof typeof PartnershipStatus;
}

@ArgsType()
export class PartnershipsArgs extends PageArgs {
  @Field(() => PartnershipFilterInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => PartnershipFilterInput)
  filter?: PartnershipFilterInput;
}

export const MAX_GRAPH_ORGANISATIONS = 200;

@ArgsType()
export class PartnershipGraphArgs {
  @Field(() => ID)
  @IsUUID()
  organisationId: string;

  @Field(() => Int, { defaultValue: 2, description: 'At most 2' })
  @IsInt()
  @Min(1)
  @Max(2)
  depth: number = 2;

  @Field(() => Int, { defaultValue: 100, description: `At most this many organisations, nearest first (at most ${MAX_GRAPH_ORGANISATIONS})` })
  @IsInt()
  @Min(1)
  @Max(MAX_GRAPH_ORGANISATIONS)
  first: number = 100;
}

// Each mutation answers with its own payload: the partnership as it is now, and the position token.
const partnershipPayload = (mutation: string) => MutationPayload<'partnership', PartnershipObject>(`${mutation}Payload`, 'partnership', () => PartnershipObject);
export const ProposePartnershipPayload = partnershipPayload('ProposePartnership');
export const InvitePartnerPayload = partnershipPayload('InvitePartner');
export const RespondToPartnershipInvitationPayload = partnershipPayload('RespondToPartnershipInvitation');
export const ActivatePartnershipPayload = partnershipPayload('ActivatePartnership');
export const CompletePartnershipPayload = partnershipPayload('CompletePartnership');
export const DissolvePartnershipPayload = partnershipPayload('DissolvePartnership');
export const LeavePartnershipPayload = partnershipPayload('LeavePartnership');
export interface PartnershipPayload {
  partnership: PartnershipObject;
  position: string;
}
