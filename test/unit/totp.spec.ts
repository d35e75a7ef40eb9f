import { base32Decode, base32Encode, hotp, matchTotp, otpauthUri, totpCode, totpStep } from '../../src/auth/totp';

// The test secrets of RFC 4226 appendix D and RFC 6238 appendix B (ASCII).
const SHA1_KEY = Buffer.from('12345678901234567890');
const SHA256_KEY = Buffer.from('12345678901234567890123456789012');
const SHA512_KEY = Buffer.from('1234567890123456789012345678901234567890123456789012345678901234');

describe('base32 (RFC 4648 section 10, unpadded)', () => {
  it.each([
    ['', ''],
    ['f', 'MY'],
    ['fo', 'MZXQ'],
    ['foo', 'MZXW6'],
    ['foob', 'MZXW6YQ'],
    ['fooba', 'MZXW6YTB'],
    ['foobar', 'MZXW6YTBOI'],
  ])('%j <-> %s', (text, encoded) => {
    expect(base32Encode(Buffer.from(text))).toBe(encoded);
    expect(base32Decode(encoded).toString()).toBe(text);
  });

  it('decodes lower case, spaces and padding as an authenticator app shows them', () => {
    expect(base32Decode('mzxw 6ytb oi======').toString()).toBe('foobar');
  });

  it('refuses characters outside the alphabet', () => {
    expect(() => base32Decode('MZXW1')).toThrow(/base32/);
    expect(() => base32Decode('MZXW8')).toThrow(/base32/);
  });

  it('round-trips 20 random-looking bytes as 32 characters', () => {
    const key = Buffer.from(Array.from({ length: 20 }, (_, i) => (i * 37 + 11) & 0xff));
    expect(base32Encode(key)).toMatch(/^[A-Z2-7]{32}$/);
    expect(base32Decode(base32Encode(key))).toEqual(key);
  });
});

describe('HOTP (RFC 4226 appendix D)', () => {
  it.each([
    [0, '755224'],
    [1, '287082'],
    [2, '359152'],
    [3, '969429'],
    [4, '338314'],
    [5, '254676'],
    [6, '287922'],
    [7, '162583'],
    [8, '399871'],
    [9, '520489'],
  ])('counter %d gives %s', (counter, code) => {
    expect(hotp(SHA1_KEY, counter)).toBe(code);
  });

  it('refuses a negative or fractional counter', () => {
    expect(() => hotp(SHA1_KEY, -1)).toThrow(RangeError);
    expect(() => hotp(SHA1_KEY, 1.5)).toThrow(RangeError);
  });
});

describe('TOTP (RFC 6238 appendix B, 8 digits)', () => {
  it.each([
    [59, '94287082', '46119246', '90693936'],
    [1111111109, '07081804', '68084774', '25091201'],
    [1111111111, '14050471', '67062674', '99943326'],
    [1234567890, '89005924', '91819424', '93441116'],
    [2000000000, '69279037', '90698825', '38618901'],
    [20000000000, '65353130', '77737706', '47863826'],
  ])('at %d s: SHA-1 %s, SHA-256 %s, SHA-512 %s', (seconds, sha1, sha256, sha512) => {
    const step = totpStep(seconds * 1000);
    expect(totpCode(SHA1_KEY, seconds * 1000, 8)).toBe(sha1);
    expect(hotp(SHA256_KEY, step, 8, 'sha256')).toBe(sha256);
    expect(hotp(SHA512_KEY, step, 8, 'sha512')).toBe(sha512);
  });

  it('has 30-second steps and 6 digits by default (the last six of the 8-digit vectors)', () => {
    expect(totpStep(59_000)).toBe(1);
    expect(totpStep(60_000)).toBe(2);
    expect(totpCode(SHA1_KEY, 59_000)).toBe('287082');
    expect(totpCode(SHA1_KEY, 1111111109_000)).toBe('081804');
  });
});

describe('matchTotp', () => {
  const now = 1234567890_000; // step 41152263
  const step = totpStep(now);

  it('accepts the current step and one either side, and says which', () => {
    expect(matchTotp(SHA1_KEY, hotp(SHA1_KEY, step), now)).toBe(step);
    expect(matchTotp(SHA1_KEY, hotp(SHA1_KEY, step - 1), now)).toBe(step - 1);
    expect(matchTotp(SHA1_KEY, hotp(SHA1_KEY, step + 1), now)).toBe(step + 1);
  });

  it('refuses two steps away, another key, and anything that is not six digits', () => {
    expect(matchTotp(SHA1_KEY, hotp(SHA1_KEY, step - 2), now)).toBeNull();
    expect(matchTotp(SHA1_KEY, hotp(SHA1_KEY, step + 2), now)).toBeNull();
    expect(matchTotp(SHA256_KEY, hotp(SHA1_KEY, step), now)).toBeNull();
    const c = hotp(SHA1_KEY, step);
    for (const bad of ['', c.slice(1), `${c}0`, ` ${c.slice(1)}`, '１２３４５６', '12345a', '+12345', '1e5000'])
      expect(matchTotp(SHA1_KEY, bad, now)).toBeNull();
  });

  it('with window 0 accepts the current step only', () => {
    expect(matchTotp(SHA1_KEY, hotp(SHA1_KEY, step), now, 0)).toBe(step);
    expect(matchTotp(SHA1_KEY, hotp(SHA1_KEY, step + 1), now, 0)).toBeNull();
  });

  it('uses the code at a step boundary as the authenticator does', () => {
    expect(matchTotp(SHA1_KEY, totpCode(SHA1_KEY, 60_000), 60_000 - 1)).toBe(2); // the next step, one millisecond early
    expect(matchTotp(SHA1_KEY, totpCode(SHA1_KEY, 29_999), 89_999)).toBeNull(); // step 0 at step 2
  });
});

describe('otpauthUri', () => {
  it('names the issuer and account and carries the secret and parameters', () => {
    const uri = new URL(otpauthUri({ issuer: 'VN Public Assets', account: 'sotc.tuyenquang', secret: 'MZXW6YTBOI' }));
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.host).toBe('totp');
    expect(decodeURIComponent(uri.pathname)).toBe('/VN Public Assets:sotc.tuyenquang');
    expect(Object.fromEntries(uri.searchParams)).toEqual({ secret: 'MZXW6YTBOI', issuer: 'VN Public Assets', algorithm: 'SHA1', digits: '6', period: '30' });
  });
});
