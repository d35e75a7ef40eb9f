/** The claims the API reads from its own access tokens. */
export interface TokenClaims {
  /** The user's id. */
  sub: string;
  /** The user's token version when the token was issued; the token works while the user still has it. */
  tv: number;
  iat: number;
  exp: number;
  /** Signed in with the second factor (TOTP). */
  mfa?: true;
}

/**
 * The claims of a payload whose signature checked out, or undefined when one is missing or of the
 * wrong type: every token must carry its subject, token version, issue time and expiry (a signed
 * token without `exp` would never expire), and jsonwebtoken only checks `exp` when it is there.
 */
export function tokenClaimsOf(payload: unknown): TokenClaims | undefined {
  if (typeof payload !== 'object' || payload === null) return undefined;
  const { sub, tv, iat, exp, mfa } = payload as Record<string, unknown>;
  if (typeof sub !== 'string' || !Number.isSafeInteger(tv) || (tv as number) < 0 || !Number.isFinite(iat) || !Number.isFinite(exp)) return undefined;
  if (mfa !== undefined && mfa !== true) return undefined;
  return { sub, tv: tv as number, iat: iat as number, exp: exp as number, ...(mfa === true ? { mfa } : {}) };
}

/**
 * Access tokens whose signature has already been checked, with their claims, each kept until it
 * expires; at most `max` of them, the oldest leaving first. Verifying a signature is a pure function of
 * the token and the secret, so the answer can be reused; what can change (the user disabled, the
 * token version bumped) is checked against the database on every request all the same.
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

  /** Remembers a verified token (its own copy of the claims); one whose claims tokenClaimsOf() refuses is not kept. */
  remember(token: string, payload: unknown): void {
    const claims = tokenClaimsOf(payload);
    if (claims === undefined || this.entries.has(token)) return;
    if (this.entries.size >= this.max) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(token, claims);
  }

  get size(): number {
    return this.entries.size;
  }
}
