import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { tooManyAttempts } from './domain/auth.errors';

export interface PasswordAttemptLimits {
  /** Password hashes (sign-ins and sign-ups) one client address may cause per minute. */
  perAddressPerMinute: number;
  /** Failed sign-ins for one e-mail address per 15 minutes, whoever sends them. */
  failuresPerAccount: number;
}

const ACCOUNT_WINDOW_SECONDS = 15 * 60;

/**
 * Throttles whatever makes the server hash a password. Each call counts, so 500 aliased signIn fields in
 * one request count as 500 attempts. Failures are counted per e-mail address whether or not it is
 * registered, so the answer never tells which addresses exist. Counters live in this process's memory.
 */
export class PasswordAttempts {
  private readonly perAddress: RateLimiterMemory;
  private readonly failuresPerAccount: RateLimiterMemory;

  constructor(limits: PasswordAttemptLimits) {
    this.perAddress = new RateLimiterMemory({ keyPrefix: 'address', points: limits.perAddressPerMinute, duration: 60 });
    this.failuresPerAccount = new RateLimiterMemory({ keyPrefix: 'account', points: limits.failuresPerAccount, duration: ACCOUNT_WINDOW_SECONDS });
  }

  /** Counts one attempt from the address (and checks the account's failures); tooManyAttempts past a limit. */
  async begin(address: string, emailKey?: string): Promise<void> {
    if (emailKey !== undefined) {
      const failures = await this.failuresPerAccount.get(emailKey);
      if (failures && failures.remainingPoints <= 0) throw tooMany(failures);
    }
    try {
      await this.perAddress.consume(address);
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) throw tooMany(rejection);
      throw rejection;
    }
  }

  async failed(emailKey: string): Promise<void> {
    await this.failuresPerAccount.consume(emailKey).catch((rejection) => {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
    });
  }

  async succeeded(emailKey: string): Promise<void> {
    await this.failuresPerAccount.delete(emailKey);
  }
}

const tooMany = (result: RateLimiterRes) => tooManyAttempts(Math.max(1, Math.ceil(result.msBeforeNext / 1000)));
