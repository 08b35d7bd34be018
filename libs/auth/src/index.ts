import { CreateAccountsAndPeople1764320300000 } from './migrations/1764320300000-create-accounts-and-people';
import { PersonRow } from './people/person.entity';
import { ApiKeyRow } from './people/api-key.entity';
import { CreateApiKeys1764320500000 } from './migrations/1764320500000-create-api-keys';
import { AccountRow, accountRolesProjection } from './read-models/account-roles';
import { accountUpcasters } from './domain/account.events';
import { AuthErrorCode } from './domain/auth.errors';

export * from './domain/platform-role';
export * from './domain/account.events';
export * from './domain/account.decide';
export * from './domain/auth.errors';
export * from './accounts.service';
export * from './tokens';
export * from './api-keys.service';
export { AuthModule } from './auth.module';
export { accountExists } from './read-models/account-roles';

/** What this context adds to the read-model database: the account roles projection and the people store. */
export const authContext = {
  name: 'auth',
  entities: [AccountRow, PersonRow, ApiKeyRow],
  migrations: [CreateAccountsAndPeople1764320300000, CreateApiKeys1764320500000],
  projections: [accountRolesProjection],
  upcasters: accountUpcasters,
  errorCodes: AuthErrorCode,
};
