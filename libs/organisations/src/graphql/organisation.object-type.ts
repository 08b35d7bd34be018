import { Field, GraphQLISODateTime, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { MutationPayload } from '@sce/platform';
import { OrganisationType } from '../domain/organisation-type';
import { MemberRole } from '../domain/organisation.events';

export const OrganisationStatus = { REGISTERED: 'REGISTERED', VERIFIED: 'VERIFIED', SUSPENDED: 'SUSPENDED' } as const;
export type OrganisationStatus = (typeof OrganisationStatus)[keyof typeof OrganisationStatus];

registerEnumType(OrganisationType, { name: 'OrganisationType', description: 'Kind of stakeholder' });
registerEnumType(OrganisationStatus, { name: 'OrganisationStatus', description: 'REGISTERED, then VERIFIED by an admin; SUSPENDED by an admin' });
registerEnumType(MemberRole, { name: 'OrganisationMemberRole', description: 'OWNER manages members; EDITOR edits for the organisation; MEMBER belongs to it' });

@ObjectType('Organisation', { description: 'A stakeholder: city, authority, company, university, NGO...' })
export class OrganisationObject {
  @Field(() => ID)
  id: string;

  @Field()
  name: string;

  @Field(() => OrganisationType)
  type: OrganisationType;

  @Field({ description: 'ISO 3166-1 alpha-2 country code' })
  country: string;

  @Field(() => String, { nullable: true })
  city: string | null;

  @Field(() => String, { nullable: true })
  website: string | null;

  @Field(() => String, { nullable: true })
  description: string | null;

  @Field(() => OrganisationStatus)
  status: OrganisationStatus;

  @Field(() => Int, { description: 'Send it back as expectedRevision to change this organisation' })
  revision: number;

  @Field(() => GraphQLISODateTime)
  registeredAt: Date;

  @Field(() => GraphQLISODateTime)
  updatedAt: Date;
}

@ObjectType('OrganisationCountryCount', { description: 'How many organisations a country has' })
export class OrganisationCountryCountObject {
  @Field({ description: 'ISO 3166-1 alpha-2' })
  country: string;

  @Field(() => Int)
  organisations: number;
}

@ObjectType('OrganisationMember')
export class OrganisationMemberObject {
  @Field(() => ID)
  accountId: string;

  @Field(() => MemberRole)
  role: MemberRole;

  @Field(() => GraphQLISODateTime)
  since: Date;
}

// Each mutation answers with its own payload: the organisation as it is now, and the position token.
const organisationPayload = (mutation: string) => MutationPayload<'organisation', OrganisationObject>(`${mutation}Payload`, 'organisation', () => OrganisationObject);
export const RegisterOrganisationPayload = organisationPayload('RegisterOrganisation');
export const UpdateOrganisationProfilePayload = organisationPayload('UpdateOrganisationProfile');
export const AddOrganisationMemberPayload = organisationPayload('AddOrganisationMember');
export const ChangeMemberRolePayload = organisationPayload('ChangeMemberRole');
export const RemoveOrganisationMemberPayload = organisationPayload('RemoveOrganisationMember');
export const LeaveOrganisationPayload = organisationPayload('LeaveOrganisation');
export const VerifyOrganisationPayload = organisationPayload('VerifyOrganisation');
export const SuspendOrganisationPayload = organisationPayload('SuspendOrganisation');
export interface OrganisationPayload {
  organisation: OrganisationObject;
  position: string;
}
