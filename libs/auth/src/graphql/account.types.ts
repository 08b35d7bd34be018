import { ArgsType, Field, GraphQLISODateTime, ID, InputType, ObjectType, registerEnumType } from '@nestjs/graphql';
import { MutationPayload, POSITION_DESCRIPTION } from '@sce/platform';
import { IsEmail, IsEnum, IsString, IsUUID, Length, MaxLength } from 'class-validator';
import { PlatformRole } from '../domain/platform-role';

registerEnumType(PlatformRole, { name: 'PlatformRole', description: 'Roles on the platform as a whole, granted by an admin' });

@ObjectType('Account')
export class AccountObject {
  @Field(() => ID)
  id: string;

  @Field(() => String, { nullable: true, description: 'Shown to the account itself and to admins; null once the person is forgotten' })
  name: string | null;

  @Field(() => String, { nullable: true, description: 'Shown to the account itself and to admins' })
  email: string | null;

  @Field(() => [PlatformRole])
  roles: PlatformRole[];

  @Field(() => GraphQLISODateTime)
  registeredAt: Date;
}

@ObjectType({ isAbstract: true })
abstract class SessionPayload {
  @Field({ description: 'Send it as "Authorization: Bearer <token>"' })
  token: string;

  @Field(() => GraphQLISODateTime)
  expiresAt: Date;

  @Field(() => AccountObject)
  account: AccountObject;

  @Field({ description: POSITION_DESCRIPTION })
  position: string;
}

@ObjectType()
export class SignUpPayload extends SessionPayload {}

@ObjectType({ description: 'Signing in changes nothing in the log: its position is the start of the log' })
export class SignInPayload extends SessionPayload {}

export type AuthPayload = SignUpPayload | SignInPayload;

const accountPayload = (mutation: string) => MutationPayload<'account', AccountObject>(`${mutation}Payload`, 'account', () => AccountObject);
export const GrantRolePayload = accountPayload('GrantRole');
export const RevokeRolePayload = accountPayload('RevokeRole');
export interface AccountPayload {
  account: AccountObject;
  position: string;
}

// The forgotten account is gone from every read model: the answer names it by id.
const forgottenPayload = (mutation: string) =>
  MutationPayload<'accountId', string>(`${mutation}Payload`, 'accountId', () => ID, { description: 'The account whose person was forgotten' });
export const ForgetMePayload = forgottenPayload('ForgetMe');
export const ForgetAccountPayload = forgottenPayload('ForgetAccount');

@InputType()
export class SignUpInput {
  @Field()
  @IsString()
  @Length(2, 100)
  name: string;

  @Field()
  @IsEmail()
  @MaxLength(254)
  email: string;

  @Field({ description: 'At least 10 characters' })
  @IsString()
  @Length(10, 200)
  password: string;
}

@InputType()
export class SignInInput {
  @Field()
  @IsString()
  @MaxLength(254)
  email: string;

  @Field()
  @IsString()
  @MaxLength(200)
  password: string;
}

@ArgsType()
export class RoleChangeArgs {
  @Field(() => ID)
  @IsUUID()
  accountId: string;

  @Field(() => PlatformRole)
  @IsEnum(PlatformRole)
  role: PlatformRole;
}

@ObjectType('ApiKey', { description: 'A key for a partner integration; it acts as the account that created it' })
export class ApiKeyObject {
  @Field(() => ID)
  id: string;

  @Field()
  name: string;

  @Field(() => GraphQLISODateTime)
  createdAt: Date;

  @Field(() => GraphQLISODateTime, { nullable: true })
  revokedAt: Date | null;
}

@ObjectType()
export class CreateApiKeyPayload {
  @Field(() => ApiKeyObject)
  apiKey: ApiKeyObject;

  @Field({ description: 'Shown once, now: send it as "Authorization: ApiKey <key>". Only a hash is kept' })
  key: string;

  @Field({ description: POSITION_DESCRIPTION })
  position: string;
}

export const RevokeApiKeyPayload = MutationPayload<'apiKey', ApiKeyObject>('RevokeApiKeyPayload', 'apiKey', () => ApiKeyObject);

@ArgsType()
export class CreateApiKeyArgs {
  @Field({ description: 'What the key is for, e.g. "open data portal sync"' })
  @IsString()
  @Length(2, 100)
  name: string;
}

@ArgsType()
export class ApiKeyIdArgs {
  @Field(() => ID)
  @IsUUID()
  id: string;
}

@ArgsType()
export class AccountIdArgs {
  @Field(() => ID)
  @IsUUID()
  accountId: string;
}
