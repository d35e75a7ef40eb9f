/**
 * A random secret kept in a file of its own (mode 0600), made on first use: how a development start
 * without JWT_SECRET gets a signing secret that nobody else knows and that survives restarts.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, linkSync, mkdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** Fewer characters than this in the file is refused (JWT_SECRET's own minimum). */
export const SECRET_MIN_LENGTH = 32;
/** Random bytes in a new secret (written as 64 base64url characters). */
export const SECRET_BYTES = 48;

export type SecretFileResult = { secret: string; created: boolean } | { problem: string };

const errText = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * The secret in `path`, or a new one written there when the file does not exist (its folders are
 * made, mode 0700). A file that group or others may read or write is refused, not repaired: whoever
 * could read it may have, so the fix is a new secret (delete the file) or `chmod 600` by someone who
 * knows it was not. Two processes starting together agree on one secret: it is written to a
 * temporary file and hard-linked into place, which fails for the second, which then reads the first's.
 * `name` is the variable the messages name.
 */
export function readOrCreateSecretFile(path: string, name: string): SecretFileResult {
  const existing = readSecretFile(path, name);
  if (existing !== undefined) return existing;
  const tmp = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    writeFileSync(tmp, `${randomBytes(SECRET_BYTES).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
    chmodSync(tmp, 0o600); // whatever the umask
    try {
      linkSync(tmp, path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      return readSecretFile(path, name) ?? { problem: `${name} ${path} appeared and vanished while it was being made` };
    }
    const made = readSecretFile(path, name);
    return made && 'secret' in made ? { secret: made.secret, created: true } : (made ?? { problem: `${name} ${path} could not be read back` });
  } catch (err) {
    return { problem: `${name} ${path} does not exist and could not be made (${errText(err)}): set JWT_SECRET, or ${name} to a writable path` };
  } finally {
    try {
      unlinkSync(tmp);
    } catch {
      // never made, or already gone
    }
  }
}

/** The secret in an existing file (undefined when there is none), or why it cannot be used. */
function readSecretFile(path: string, name: string): SecretFileResult | undefined {
  let mode: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) return { problem: `${name} ${path} is not a file` };
    mode = st.mode & 0o777;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    return { problem: `${name} ${path} cannot be read (${errText(err)})` };
  }
  // Windows has no such mode bits (every file reads as 0666): nothing to check there.
  if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
    return {
      problem: `${name} ${path} can be read or written by other users (mode 0${mode.toString(8)}): delete it to have a new secret made, or run "chmod 600 ${path}" if nobody else can have read it`,
    };
  }
  let secret: string;
  try {
    secret = readFileSync(path, 'utf8').trim();
  } catch (err) {
    return { problem: `${name} ${path} cannot be read (${errText(err)})` };
  }
  if (secret.length < SECRET_MIN_LENGTH)
    return { problem: `${name} ${path} holds fewer than ${SECRET_MIN_LENGTH} characters: delete it to have a new secret made` };
  return { secret, created: false };
}
