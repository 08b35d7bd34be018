import { ArgsType, Field, GraphQLISODateTime, ID, InputType, ObjectType, registerEnumType } from '@nestjs/graphql';
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

@ObjectType()
export class AuthPayload {
  @Field({ description: 'Send it as "Authorization: Bearer <token>"' })
  token: string;

  @Field(() => GraphQLISODateTime)
  expiresAt: Date;

  @Field(() => AccountObject)
  account: AccountObject;
}

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
export class CreatedApiKey {
  @Field(() => ApiKeyObject)
  apiKey: ApiKeyObject;

  @Field({ description: 'Shown once, now: send it as "Authorization: ApiKey <key>". Only a hash is kept' })
  key: string;
}

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
