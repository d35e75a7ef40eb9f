import { enrolmentOnly } from '../../src/auth/sign-in.rules';
import { TotpSecretBox } from '../../src/auth/totp-secrets';

describe('enrolmentOnly (TOTP required for admins)', () => {
  it.each([
    [true, 'admin', false, true],
    [true, 'admin', true, false],
    [false, 'admin', false, false],
    [true, 'officer', false, false],
    [true, 'inspector', false, false],
    [true, 'viewer', false, false],
  ] as const)('required %s, role %s, signed in with TOTP %s: enrolment only %s', (required, role, mfa, expected) => {
    expect(enrolmentOnly(required, role, mfa)).toBe(expected);
  });
});

describe('TotpSecretBox (TOTP secrets at rest)', () => {
  const secret = Buffer.from('12345678901234567890');
  const box = new TotpSecretBox('a'.repeat(40));

  it('seals to text that does not show the secret, differently each time, and opens it again', () => {
    const a = box.seal(secret, 'user-1');
    const b = box.seal(secret, 'user-1');
    expect(a).toMatch(/^v1\.[A-Za-z0-9_-]+$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain(secret.toString('base64url'));
    expect(box.open(a, 'user-1')).toEqual(secret);
  });

  it('does not open for another user, under another key, or when altered', () => {
    const sealed = box.seal(secret, 'user-1');
    expect(() => box.open(sealed, 'user-2')).toThrow(/cannot be opened/);
    expect(() => new TotpSecretBox('b'.repeat(40)).open(sealed, 'user-1')).toThrow(/cannot be opened/);
    const raw = Buffer.from(sealed.slice(3), 'base64url');
    raw[raw.length - 1] ^= 1;
    expect(() => box.open(`v1.${raw.toString('base64url')}`, 'user-1')).toThrow(/cannot be opened/);
    expect(() => box.open('v2.abc', 'user-1')).toThrow(/Not a sealed/);
    expect(() => box.open('plain-secret', 'user-1')).toThrow(/Not a sealed/);
  });
});
