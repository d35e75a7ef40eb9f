/** The claims the API reads from its own access tokens. */
export interface TokenClaims {
  sub: string;
  iat: number;
  exp: number;
}

/**
 * Access tokens whose signature has already been checked, with their claims, each kept until it
 * expires; at most `max` of them, the oldest leaving first. Verifying a signature is a pure function of
 * the token and the secret, so the answer can be reused; what can change (the user disabled, the
 * password changed) is checked against the database on every request all the same.
 */
export class VerifiedTokens {
  private readonly entries = new Map<string, TokenClaims>();

  constructor(private readonly max = 10_000) {}

  /** The claims of a token verified before and not expired at `nowMs` (expired the second `exp` begins, as jsonwebtoken has it). */
  get(token: string, nowMs: number): TokenClaims | undefined {
    const claims = this.entries.get(token);
    if (claims === undefined) return undefined;
    if (Math.floor(nowMs / 1000) >= claims.exp) {
      this.entries.delete(token);
      return undefined;
    }
    return claims;
  }

  /** Remembers a verified token; one without a numeric expiry is not kept. */
  remember(token: string, claims: { sub?: unknown; iat?: unknown; exp?: unknown }): void {
    if (typeof claims.sub !== 'string' || typeof claims.iat !== 'number' || typeof claims.exp !== 'number') return;
    if (this.entries.has(token)) return;
    if (this.entries.size >= this.max) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(token, { sub: claims.sub, iat: claims.iat, exp: claims.exp });
  }

  get size(): number {
    return this.entries.size;
  }
}
