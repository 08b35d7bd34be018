import { IdempotencyKeyReusedError, idFor, type Command, type CommandMetadata, type CommandResult, type Decider, type Event, type Gate } from '@sce/event-sourcing';
import { isUniqueViolation } from '@sce/platform';
import { placeholders, sqlStatements } from '@sce/projections';
import type { DataSource } from 'typeorm';
import { accountDecider } from './domain/account.decide';
import { accountStreamId } from './domain/account.events';
import { emailAlreadyRegistered, invalidCredentials } from './domain/auth.errors';
import type { PlatformRole } from './domain/platform-role';
import { checkPassword, hashPassword } from './people/passwords';
import type { PasswordAttempts } from './password-attempts';
import { randomBytes } from 'node:crypto';
import { PersonRow } from './people/person.entity';
import { ApiKeyRow } from './people/api-key.entity';
import { accountRolesProjection } from './read-models/account-roles';

/** Runs a command; `readModels`: the projections the caller's answer reads, waited for (see CommandExecutor). */
export type Execute = <State, C extends Command, E extends Event>(
  decider: Decider<State, C, E>,
  streamId: string,
  command: C,
  options?: { readModels?: readonly string[] },
) => Promise<CommandResult<State> & { caughtUp?: boolean }>;

/** An account change, and the log position its outcome is at (for the mutation's position token). */
export interface AccountOutcome {
  accountId: string;
  position: number;
  /** Whether the read models the answer reads included it in time (see ExecutedCommand.caughtUp); absent: yes. */
  caughtUp?: boolean;
}

// An account's answer reads its roles, and the authorisation layer reads them on every request.
const ACCOUNT_READS = [accountRolesProjection.name];

export interface NewAccount {
  name: string;
  email: string;
  password: string;
}

const emailKeyOf = (email: string) => email.trim().toLowerCase();

/**
 * Sign-up and sign-in. The person (name, e-mail, password hash) goes to the erasable people table; the
 * log gets AccountRegistered with the id only. Used by the API and by the CLI (first admin).
 */
export class AccountsService {
  // A hash of a random password with today's parameters, so sign-in with an unknown address costs the same
  // as a wrong password (made once, when first needed).
  private unknownPersonHash?: Promise<string>;

  constructor(
    private readonly db: DataSource,
    private readonly gate: Gate,
    private readonly execute: Execute,
    private readonly attempts?: PasswordAttempts,
  ) {}

  /** `address`: the client's network address, for throttling (absent for the CLI and tests' own setup). */
  async signUp(account: NewAccount, metadata: CommandMetadata, roles: PlatformRole[] = [], address?: string): Promise<AccountOutcome> {
    const accountId = idFor(metadata, 'account');
    const emailKey = emailKeyOf(account.email);
    if (address !== undefined) await this.attempts?.begin(address);
    const people = this.db.getRepository(PersonRow);
    // The log holds no personal data, so the command's payload hash cannot tell a resend from another
    // sign-up under the same key: the person stored under the derived id can.
    if (metadata.idempotencyKey) {
      const earlier = await people.findOneBy({ accountId });
      if (earlier && (earlier.emailKey !== emailKey || earlier.name !== account.name.trim())) throw new IdempotencyKeyReusedError(metadata.idempotencyKey);
    }
    const existing = await people.findOneBy({ emailKey });
    // A resent sign-up (same idempotency key) finds its own person and finishes the registration.
    if (existing && existing.accountId !== accountId) throw emailAlreadyRegistered();
    if (!existing) {
      const person = { accountId, name: account.name.trim(), email: account.email.trim(), emailKey, passwordHash: await hashPassword(account.password), createdAt: metadata.now.toISOString() };
      try {
        await this.gate.run(() => people.insert(person));
      } catch (error) {
        // Only the unique e-mail index losing a race means "registered"; anything else is a real failure.
        if (isUniqueViolation(error)) throw emailAlreadyRegistered();
        throw error;
      }
    }
    try {
      const { position, caughtUp } = await this.execute(accountDecider, accountStreamId(accountId), { type: 'RegisterAccount', data: { accountId, roles }, metadata }, { readModels: ACCOUNT_READS });
      return { accountId, position, caughtUp };
    } catch (error) {
      if (!existing) await this.gate.run(() => people.delete({ accountId }));
      throw error;
    }
  }

  async signIn(email: string, password: string, address: string): Promise<string> {
    const emailKey = emailKeyOf(email);
    await this.attempts?.begin(address, emailKey);
    const person = await this.db.getRepository(PersonRow).findOneBy({ emailKey });
    // The same answer, and the same work, whether the address is unknown or the password wrong.
    this.unknownPersonHash ??= hashPassword(randomBytes(32).toString('base64url'));
    const { matches, needsRehash } = await checkPassword(password, person?.passwordHash ?? (await this.unknownPersonHash));
    if (!person || !matches) {
      await this.attempts?.failed(emailKey);
      throw invalidCredentials();
    }
    await this.attempts?.succeeded(emailKey);
    // Parameters raised since this hash was made: store a new hash while the password is at hand.
    if (needsRehash) {
      const passwordHash = await hashPassword(password);
      await this.gate.run(() => this.db.getRepository(PersonRow).update({ accountId: person.accountId }, { passwordHash }));
    }
    return person.accountId;
  }

  /**
   * Erases a person: name, e-mail, password hash and API keys go first, then AccountForgotten is recorded.
   * Retrying after a crash in between finishes the job; the log never held the personal data.
   */
  async forget(accountId: string, metadata: CommandMetadata): Promise<AccountOutcome> {
    await this.gate.run(() =>
      this.db.transaction(async (manager) => {
        await manager.delete(PersonRow, { accountId });
        await manager.delete(ApiKeyRow, { accountId });
      }),
    );
    const { position } = await this.execute(accountDecider, accountStreamId(accountId), { type: 'ForgetAccount', data: { accountId }, metadata }, { readModels: ACCOUNT_READS });
    await this.flushErasedPages();
    return { accountId, position };
  }

  /** Grants or revokes a platform role. */
  async changeRole(type: 'GrantPlatformRole' | 'RevokePlatformRole', accountId: string, role: PlatformRole, metadata: CommandMetadata): Promise<AccountOutcome> {
    const { position, caughtUp } = await this.execute(accountDecider, accountStreamId(accountId), { type, data: { accountId, role }, metadata }, { readModels: ACCOUNT_READS });
    return { accountId, position, caughtUp };
  }

  // On SQLite the rows' old pages can still sit in the write-ahead log: copy the erased versions into the
  // file and empty the log. A reader holding an old snapshot can delay it; a few tries, then the next
  // automatic checkpoint finishes the job.
  private async flushErasedPages(): Promise<void> {
    if (this.db.options.type !== 'better-sqlite3') return;
    for (let attempt = 0; attempt < 20; attempt++) {
      const [result] = (await this.gate.run(() => this.db.query('PRAGMA wal_checkpoint(TRUNCATE)'))) as Array<{ busy: number }>;
      if (result?.busy === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  findPerson(accountId: string): Promise<PersonRow | null> {
    return this.db.getRepository(PersonRow).findOneBy({ accountId });
  }

  /** Names of the people behind these accounts; the forgotten are simply absent. */
  async namesOf(accountIds: string[]): Promise<Map<string, string>> {
    if (accountIds.length === 0) return new Map();
    // Asked by every history page (actorName): a statement prepared once, not a TypeORM find (see sqlStatements).
    const sql = sqlStatements(this.db);
    const people = await sql.all<{ accountId: string; name: string }>(`SELECT account_id AS "accountId", name FROM ${sql.table(PersonRow)} WHERE account_id IN (${placeholders(accountIds.length)})`, accountIds);
    return new Map(people.map((person) => [person.accountId, person.name]));
  }

  findPersonByEmail(email: string): Promise<PersonRow | null> {
    return this.db.getRepository(PersonRow).findOneBy({ emailKey: emailKeyOf(email) });
  }
}
