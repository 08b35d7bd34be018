import { CreateAccountsAndPeople1764320300000 } from './migrations/1764320300000-create-accounts-and-people';
import { PersonRow } from './people/person.entity';
import { AccountRow, accountRolesProjection } from './read-models/account-roles';

export * from './domain/platform-role';
export * from './domain/account.events';
export * from './domain/account.decide';
export * from './domain/auth.errors';
export * from './accounts.service';
export * from './tokens';
export { AuthModule } from './auth.module';

/** What this context adds to the read-model database: the account roles projection and the people store. */
export const authContext = {
  name: 'auth',
  entities: [AccountRow, PersonRow],
  migrations: [CreateAccountsAndPeople1764320300000],
  projections: [accountRolesProjection],
  upcasters: [],
};
