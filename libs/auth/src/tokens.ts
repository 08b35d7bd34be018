import jwt from 'jsonwebtoken';
import { InvalidTokenError } from './domain/auth.errors';

const ALGORITHM = 'HS256';
const ISSUER = 'smart-cities-exchange';

export interface IssuedToken {
  token: string;
  expiresAt: Date;
}

/** Signed, expiring bearer tokens. Only HS256 with our secret is accepted: no "none", no other algorithm. */
export class TokenService {
  constructor(
    private readonly secret: string,
    private readonly ttlSeconds: number,
  ) {}

  issue(accountId: string, now = new Date()): IssuedToken {
    const issuedAt = Math.floor(now.getTime() / 1000);
    const token = jwt.sign({ sub: accountId, iat: issuedAt, exp: issuedAt + this.ttlSeconds }, this.secret, { algorithm: ALGORITHM, issuer: ISSUER });
    return { token, expiresAt: new Date((issuedAt + this.ttlSeconds) * 1000) };
  }

  /** The account id the token was issued to; InvalidTokenError otherwise. */
  verify(token: string): string {
    try {
      const payload = jwt.verify(token, this.secret, { algorithms: [ALGORITHM], issuer: ISSUER });
      if (typeof payload !== 'object' || typeof payload.sub !== 'string') throw new InvalidTokenError('no subject');
      return payload.sub;
    } catch (error) {
      if (error instanceof InvalidTokenError) throw error;
      throw new InvalidTokenError(error instanceof jwt.TokenExpiredError ? 'expired' : (error as Error).message);
    }
  }
}
