import jwt from 'jsonwebtoken';
import { AuthError } from './domain/auth.errors';
import { TokenService } from './tokens';

describe('TokenService', () => {
  const SECRET = 'a-test-secret-of-enough-length-0123456789';
  const tokens = new TokenService(SECRET, 3600);

  it('issues a token that verifies to its account', () => {
    const { token, expiresAt } = tokens.issue('acc-1', new Date('2099-01-01T00:00:00Z'));
    expect(tokens.verify(token, Date.parse('2099-01-01T00:10:00Z'))).toBe('acc-1');
    expect(expiresAt.toISOString()).toBe('2099-01-01T01:00:00.000Z');
  });

  it.each([
    ['expired', () => tokens.issue('acc-1', new Date(Date.now() - 2 * 3600 * 1000)).token],
    ['tampered', () => tokens.issue('acc-1').token.replace(/\.([^.]+)\./, (_, body: string) => `.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(body, 'base64url').toString()), sub: 'acc-2' })).toString('base64url')}.`)],
    ['signed with another secret', () => new TokenService('another-secret-of-enough-length-987654321', 3600).issue('acc-1').token],
    ['unsigned (alg none)', () => jwt.sign({ sub: 'acc-1', iss: 'smart-cities-exchange' }, '', { algorithm: 'none' })],
    ['signed with another algorithm', () => jwt.sign({ sub: 'acc-1', iss: 'smart-cities-exchange' }, 'a-test-secret-of-enough-length-0123456789', { algorithm: 'HS512' })],
    ['not a token', () => 'not.a.token'],
    ['without an expiry', () => jwt.sign({ sub: 'acc-1' }, SECRET, { algorithm: 'HS256', issuer: 'smart-cities-exchange' })],
    ['without an issue time', () => jwt.sign({ sub: 'acc-1', exp: Math.floor(Date.now() / 1000) + 60 }, SECRET, { algorithm: 'HS256', issuer: 'smart-cities-exchange', noTimestamp: true })],
    ['valid for 100 years', () => jwt.sign({ sub: 'acc-1' }, SECRET, { algorithm: 'HS256', issuer: 'smart-cities-exchange', expiresIn: '36500d' })],
    ['issued in the future', () => tokens.issue('acc-1', new Date(Date.now() + 600 * 1000)).token],
  ])('refuses a token that is %s', (_, make) => {
    expect(() => tokens.verify(make())).toThrow(AuthError);
  });
});
