import { scryptSync } from 'node:crypto';
import { checkPassword, hashPassword, verifyPassword } from './passwords';

describe('passwords', () => {
  it('verifies the password it hashed, and nothing else', async () => {
    const stored = await hashPassword('correct horse battery staple');
    expect(stored).not.toContain('correct horse');
    await expect(verifyPassword('correct horse battery staple', stored)).resolves.toBe(true);
    await expect(verifyPassword('correct horse battery stapler', stored)).resolves.toBe(false);
  });

  // OWASP Password Storage Cheat Sheet: N=2^17, r=8, p=1, or one of its equivalents with less memory.
  const OWASP_FLOORS = [
    [2 ** 17, 8, 1],
    [2 ** 16, 8, 2],
    [2 ** 15, 8, 3],
    [2 ** 14, 8, 5],
    [2 ** 13, 8, 10],
  ];

  it("hashes at one of OWASP's floors or above", async () => {
    const [, n, r, p] = (await hashPassword('x')).split('$').map(Number);
    expect(OWASP_FLOORS.some(([fn, fr, fp]) => n >= fn && r >= fr && p >= fp)).toBe(true);
  });

  it('asks for a rehash of a matching password hashed with older parameters, and only then', async () => {
    const salt = Buffer.alloc(16, 7);
    const old = ['scrypt', 32768, 8, 1, salt.toString('base64url'), scryptSync('old password', salt, 32, { N: 32768, r: 8, p: 1, maxmem: 64 * 1024 * 1024 }).toString('base64url')].join('$');
    await expect(checkPassword('old password', old)).resolves.toEqual({ matches: true, needsRehash: true });
    await expect(checkPassword('wrong password', old)).resolves.toEqual({ matches: false, needsRehash: false });
    await expect(checkPassword('old password', await hashPassword('old password'))).resolves.toEqual({ matches: true, needsRehash: false });
  });

  it('salts every hash', async () => {
    expect(await hashPassword('same password')).not.toBe(await hashPassword('same password'));
  });
});
