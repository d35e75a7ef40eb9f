import { tokenClaimsOf, VerifiedTokens } from '../../src/auth/verified-tokens';

describe('VerifiedTokens (signatures already checked)', () => {
  const claims = (exp: number) => ({ sub: 'u1', tv: 0, iat: exp - 3600, exp });
  const at = (seconds: number) => seconds * 1000;

  it('returns the claims of a remembered token until the second it expires', () => {
    const cache = new VerifiedTokens();
    cache.remember('t1', claims(1_000));
    expect(cache.get('t1', at(999) + 999)).toEqual(claims(1_000));
    expect(cache.get('t1', at(1_000))).toBeUndefined();
    expect(cache.size).toBe(0); // the expired entry is dropped
  });

  it('knows nothing of a token it was not given', () => {
    const cache = new VerifiedTokens();
    cache.remember('t1', claims(1_000));
    expect(cache.get('t2', at(10))).toBeUndefined();
  });

  it.each([
    ['no expiry', { sub: 'u1', tv: 0, iat: 1 }],
    ['a text expiry', { sub: 'u1', tv: 0, iat: 1, exp: '1000' }],
    ['no subject', { tv: 0, iat: 1, exp: 1000 }],
    ['no issue time', { sub: 'u1', tv: 0, exp: 1000 }],
    ['no token version', { sub: 'u1', iat: 1, exp: 1000 }],
  ])('does not keep a token with %s', (_, c) => {
    const cache = new VerifiedTokens();
    cache.remember('t1', c);
    expect(cache.get('t1', at(10))).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('keeps only its own copy of the claims (no other fields, no later mutation)', () => {
    const cache = new VerifiedTokens();
    const payload = { ...claims(1_000), role: 'admin', tv: 0 };
    cache.remember('t1', payload);
    payload.sub = 'someone-else';
    expect(cache.get('t1', at(10))).toEqual(claims(1_000));
  });

  it('holds at most `max` tokens, the oldest leaving first', () => {
    const cache = new VerifiedTokens(3);
    for (const t of ['a', 'b', 'c', 'd']) cache.remember(t, claims(1_000));
    expect(cache.size).toBe(3);
    expect(cache.get('a', at(10))).toBeUndefined();
    expect(['b', 'c', 'd'].map((t) => cache.get(t, at(10)) !== undefined)).toEqual([true, true, true]);
  });

  it('does not refresh or duplicate a token remembered twice', () => {
    const cache = new VerifiedTokens(2);
    cache.remember('a', claims(1_000));
    cache.remember('b', claims(1_000));
    cache.remember('a', claims(2_000));
    expect(cache.get('a', at(1_500))).toBeUndefined(); // the first claims stand
    cache.remember('c', claims(1_000));
    expect(cache.size).toBe(2);
  });
});

describe('tokenClaimsOf (the claims every token must carry)', () => {
  const good = { sub: 'u1', tv: 3, iat: 100, exp: 200 };

  it('keeps subject, token version, issue time, expiry and the second-factor mark, nothing else', () => {
    expect(tokenClaimsOf(good)).toEqual(good);
    expect(tokenClaimsOf({ ...good, mfa: true, role: 'admin', scope: 'all' })).toEqual({ ...good, mfa: true });
  });

  it.each([
    ['no expiry', { ...good, exp: undefined }],
    ['no issue time', { ...good, iat: undefined }],
    ['a text expiry', { ...good, exp: '200' }],
    ['an infinite expiry', { ...good, exp: Infinity }],
    ['no token version', { ...good, tv: undefined }],
    ['a text token version', { ...good, tv: '3' }],
    ['a negative token version', { ...good, tv: -1 }],
    ['a fractional token version', { ...good, tv: 1.5 }],
    ['a numeric subject', { ...good, sub: 5 }],
    ['a second-factor mark that is not true', { ...good, mfa: 'yes' }],
    ['a false second-factor mark', { ...good, mfa: false }],
  ])('refuses %s', (_, payload) => {
    expect(tokenClaimsOf(payload)).toBeUndefined();
  });

  it.each([null, undefined, 'a.b.c', 42])('refuses a payload that is not an object (%j)', (payload) => {
    expect(tokenClaimsOf(payload)).toBeUndefined();
  });
});
