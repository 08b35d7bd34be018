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

  it('checks the clock again each time it sees a token it verified before: expired, not yet valid, issued in the future', () => {
    const issuedAt = Date.parse('2099-01-01T00:00:00Z');
    const { token } = tokens.issue('acc-7', new Date(issuedAt));
    expect(tokens.verify(token, issuedAt + 60_000)).toBe('acc-7');
    expect(tokens.verify(token, issuedAt + 120_000)).toBe('acc-7');
    expect(() => tokens.verify(token, issuedAt + 3600_000 + 31_000)).toThrow(AuthError);
    expect(() => tokens.verify(token, issuedAt - 31_000)).toThrow(AuthError);
    const early = jwt.sign({ sub: 'acc-8', iat: issuedAt / 1000, exp: issuedAt / 1000 + 600, nbf: issuedAt / 1000 + 300 }, SECRET, { algorithm: 'HS256', issuer: 'smart-cities-exchange' });
    expect(tokens.verify(early, issuedAt + 300_000)).toBe('acc-8');
    expect(() => tokens.verify(early, issuedAt)).toThrow(AuthError);
  });

  it('never takes a token with a changed signature, payload or secret for one it verified', () => {
    const { token } = tokens.issue('acc-9');
    expect(tokens.verify(token)).toBe('acc-9');
    const [header, body, signature] = token.split('.');
    const flipped = `${signature.slice(0, -2)}${signature.endsWith('AA') ? 'AB' : 'AA'}`;
    expect(() => tokens.verify(`${header}.${body}.${flipped}`)).toThrow(AuthError);
    expect(() => new TokenService('another-secret-of-enough-length-987654321', 3600).verify(token)).toThrow(AuthError);
  });
});
