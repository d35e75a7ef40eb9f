import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Seals TOTP secrets for storage: AES-256-GCM under a key derived (HKDF-SHA-256) from TOTP_SECRET_KEY,
 * or from JWT_SECRET when that is not set, bound to the user's id (a sealed secret copied onto another
 * user's row does not open). A copy of the database alone (a backup, a dump) does not give the codes.
 * Stored as `v1.<base64url of iv | tag | ciphertext>`.
 */
export class TotpSecretBox {
  private readonly key: Buffer;

  constructor(material: string) {
    this.key = Buffer.from(hkdfSync('sha256', Buffer.from(material, 'utf8'), Buffer.from('vn-public-assets'), Buffer.from('totp-secret/v1'), 32));
  }

  seal(secret: Buffer, userId: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv).setAAD(Buffer.from(userId, 'utf8'));
    const body = Buffer.concat([cipher.update(secret), cipher.final()]);
    return `${VERSION}.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
  }

  /** The secret; throws when the text was not sealed by this key for this user (or was altered). */
  open(sealed: string, userId: string): Buffer {
    const [version, data, ...rest] = sealed.split('.');
    const raw = Buffer.from(data ?? '', 'base64url');
    if (version !== VERSION || rest.length || raw.length <= IV_BYTES + TAG_BYTES) throw new Error('Not a sealed TOTP secret');
    const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, IV_BYTES)).setAAD(Buffer.from(userId, 'utf8'));
    decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    try {
      return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
    } catch {
      throw new Error('A stored TOTP secret cannot be opened: TOTP_SECRET_KEY (or JWT_SECRET, when it is unset) is not the key it was sealed with');
    }
  }
}
