import jwt from 'jsonwebtoken';
import { createSecretKey, type KeyObject } from 'node:crypto';
import { invalidToken } from './domain/auth.errors';

const ALGORITHM = 'HS256';
const ISSUER = 'smart-cities-exchange';
// Clocks of the issuing and the verifying instance may differ a little.
const CLOCK_TOLERANCE_SECONDS = 30;

export interface IssuedToken {
  token: string;
  expiresAt: Date;
}

/**
 * Signed, expiring bearer tokens. Only HS256 with our secret is accepted: no "none", no other algorithm;
 * a token must carry `iat` and `exp`, and live no longer than the configured lifetime, whatever it claims.
 */
export class TokenService {
  // A key object made once: given a string, jsonwebtoken tries to parse it as a PEM key on every call first.
  private readonly key: KeyObject;

  constructor(
    secret: string,
    private readonly ttlSeconds: number,
  ) {
    this.key = createSecretKey(Buffer.from(secret, 'utf8'));
  }

  issue(accountId: string, now = new Date()): IssuedToken {
    const issuedAt = Math.floor(now.getTime() / 1000);
    const token = jwt.sign({ sub: accountId, iat: issuedAt, exp: issuedAt + this.ttlSeconds }, this.key, { algorithm: ALGORITHM, issuer: ISSUER });
    return { token, expiresAt: new Date((issuedAt + this.ttlSeconds) * 1000) };
  }

  /** The account id the token was issued to; invalidToken otherwise. */
  verify(token: string, now = Date.now()): string {
    let payload: string | jwt.JwtPayload;
    try {
      payload = jwt.verify(token, this.key, { algorithms: [ALGORITHM], issuer: ISSUER, clockTimestamp: Math.floor(now / 1000), clockTolerance: CLOCK_TOLERANCE_SECONDS });
    } catch (error) {
      throw invalidToken(error instanceof jwt.TokenExpiredError ? 'expired' : (error as Error).message);
    }
    if (typeof payload !== 'object' || typeof payload.sub !== 'string') throw invalidToken('no subject');
    if (typeof payload.exp !== 'number' || typeof payload.iat !== 'number') throw invalidToken('a token must say when it was issued and when it expires');
    if (payload.iat > now / 1000 + CLOCK_TOLERANCE_SECONDS) throw invalidToken('issued in the future');
    if (payload.exp - payload.iat > this.ttlSeconds) throw invalidToken(`it claims a lifetime longer than ${this.ttlSeconds} s`);
    return payload.sub;
  }
}
