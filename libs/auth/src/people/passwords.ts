import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

// scrypt is memory-hard and ships with Node. OWASP's floor is N=2^17, r=8, p=1, or an equivalent with less
// memory and more passes; N=2^15, r=8, p=3 is one of its listed equivalents: 32 MiB per hash instead of 128,
// which matters when several sign-ins run at once on a small server.
export const PASSWORD_PARAMETERS = { N: 2 ** 15, r: 8, p: 3 } as const;
const KEY_LENGTH = 32;

const derive = (password: string, salt: Buffer, options: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) =>
    scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, { ...options, maxmem: 128 * options.N! * options.r! * 2 }, (error, key) => (error ? reject(error) : resolve(key))),
  );

/** "scrypt$N$r$p$salt$hash": the parameters travel with the hash, so they can be raised later. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, PASSWORD_PARAMETERS);
  return ['scrypt', PASSWORD_PARAMETERS.N, PASSWORD_PARAMETERS.r, PASSWORD_PARAMETERS.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export interface PasswordCheck {
  matches: boolean;
  /** The hash was made with other parameters than today's: hash the password again while we have it. */
  needsRehash: boolean;
}

export async function checkPassword(password: string, stored: string): Promise<PasswordCheck> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !hash) return { matches: false, needsRehash: false };
  const expected = Buffer.from(hash, 'base64url');
  const actual = await derive(password, Buffer.from(salt, 'base64url'), { N: Number(n), r: Number(r), p: Number(p) });
  const matches = actual.length === expected.length && timingSafeEqual(actual, expected);
  const current = Number(n) === PASSWORD_PARAMETERS.N && Number(r) === PASSWORD_PARAMETERS.r && Number(p) === PASSWORD_PARAMETERS.p;
  return { matches, needsRehash: matches && !current };
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  return (await checkPassword(password, stored)).matches;
}
