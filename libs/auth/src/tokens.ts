import jwt from 'jsonwebtoken';
import { createSecretKey, type KeyObject } from 'node:crypto';
import { invalidToken } from './domain/auth.errors';

const ALGORITHM = 'HS256';
const ISSUER = 'smart-cities-exchange';
// Clocks of the issuing and the verifying instance may differ a little.
const CLOCK_TOLERANCE_SECONDS = 30;
// Tokens whose signature and claims were checked, kept for their next requests (a client sends one token many times).
const VERIFIED_TOKENS_KEPT = 10_000;

interface VerifiedClaims {
  sub: string;
  iat: number;
  exp: number;
  nbf?: number;
}

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

  // Checking the signature (HMAC and JSON decoding) was a tenth of a signed-in request's CPU. Whether a token
  // is well signed and well formed never changes for a given secret, so that outcome is kept per token; what
  // depends on the clock (exp, nbf, iat) is checked again on every call. Nothing about the account is kept:
  // the guard still reads the account (forgotten, roles) on every request.
  private readonly verified = new Map<string, VerifiedClaims>();

  /** The account id the token was issued to; invalidToken otherwise. */
  verify(token: string, now = Date.now()): string {
    const known = this.verified.get(token);
    if (known) return this.checkTime(known, now);
    const claims = this.verifySignatureAndClaims(token, now);
    if (this.verified.size >= VERIFIED_TOKENS_KEPT) this.verified.delete(this.verified.keys().next().value!);
    this.verified.set(token, claims);
    return claims.sub;
  }

  // The time checks jsonwebtoken and verifySignatureAndClaims make, for a token verified before.
  private checkTime(claims: VerifiedClaims, now: number): string {
    const clock = Math.floor(now / 1000);
    if (clock >= claims.exp + CLOCK_TOLERANCE_SECONDS) throw invalidToken('expired');
    if (claims.nbf !== undefined && claims.nbf > clock + CLOCK_TOLERANCE_SECONDS) throw invalidToken('jwt not active');
    if (claims.iat > now / 1000 + CLOCK_TOLERANCE_SECONDS) throw invalidToken('issued in the future');
    return claims.sub;
  }

  private verifySignatureAndClaims(token: string, now: number): VerifiedClaims {
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
    return { sub: payload.sub, iat: payload.iat, exp: payload.exp, ...(typeof payload.nbf === 'number' ? { nbf: payload.nbf } : {}) };
  }
}
