/**
 * TOTP (RFC 6238) over HOTP (RFC 4226) with node:crypto: HMAC-SHA-1, 30-second steps, 6 digits, the
 * parameters every authenticator app uses by default. Pure functions of the key, the code and the time.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
export const TOTP_ALGORITHM = 'SHA1';
/** Steps either side of the current one still accepted (clock drift, the seconds it takes to type). */
export const TOTP_WINDOW = 1;

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32, upper case, without padding (what otpauth:// URIs carry). */
export function base32Encode(bytes: Buffer): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}

/** Decodes base32 (case, spaces and padding ignored); throws on any other character. */
export function base32Decode(text: string): Buffer {
  const clean = text.replace(/[\s=]/g, '').toUpperCase();
  const out: number[] = [];
  let bits = 0;
  let value = 0;
  for (const ch of clean) {
    const i = BASE32.indexOf(ch);
    if (i < 0) throw new Error(`Not a base32 character: ${JSON.stringify(ch)}`);
    value = ((value << 5) | i) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** HOTP (RFC 4226): the `digits`-digit code of `counter`, with HMAC-SHA-1 unless said otherwise. */
export function hotp(key: Buffer, counter: number, digits = TOTP_DIGITS, algorithm: 'sha1' | 'sha256' | 'sha512' = 'sha1'): string {
  if (!Number.isSafeInteger(counter) || counter < 0) throw new RangeError(`HOTP counter must be a non-negative integer (got ${counter})`);
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac(algorithm, key).update(msg).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const binary = (mac.readUInt32BE(offset) & 0x7fffffff) % 10 ** digits;
  return String(binary).padStart(digits, '0');
}

/** The TOTP time step of an instant (milliseconds since the epoch). */
export const totpStep = (nowMs: number, periodSeconds = TOTP_PERIOD_SECONDS): number => Math.floor(nowMs / 1000 / periodSeconds);

/** The code an authenticator shows at `nowMs`. */
export const totpCode = (key: Buffer, nowMs: number, digits = TOTP_DIGITS): string => hotp(key, totpStep(nowMs), digits);

/**
 * The step whose code `code` is, among the current step and `window` steps either side (the latest
 * if several match), or null when none does. Every candidate is computed and compared in constant
 * time, matched or not; a code that is not exactly `digits` digits never matches. The caller refuses
 * a step not later than the last one it accepted (a replay).
 */
export function matchTotp(key: Buffer, code: string, nowMs: number, window = TOTP_WINDOW, digits = TOTP_DIGITS): number | null {
  if (code.length !== digits || !/^\d+$/.test(code)) return null;
  const now = totpStep(nowMs);
  const given = Buffer.from(code);
  let found: number | null = null;
  for (let step = now - window; step <= now + window; step++) {
    if (step >= 0 && timingSafeEqual(Buffer.from(hotp(key, step, digits)), given)) found = step;
  }
  return found;
}

/** The otpauth:// URI an authenticator app reads (usually from a QR code). */
export function otpauthUri(p: { issuer: string; account: string; secret: string }): string {
  const label = `${encodeURIComponent(p.issuer)}:${encodeURIComponent(p.account)}`;
  const q = new URLSearchParams({
    secret: p.secret,
    issuer: p.issuer,
    algorithm: TOTP_ALGORITHM,
    digits: String(TOTP_DIGITS),
    period: String(TOTP_PERIOD_SECONDS),
  });
  return `otpauth://totp/${label}?${q.toString()}`;
}
