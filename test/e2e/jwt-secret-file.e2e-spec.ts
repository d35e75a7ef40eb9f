import { sign } from 'jsonwebtoken';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { bearer, createTestApp } from '../support/app';

/**
 * Issue #9: a start without JWT_SECRET outside production signs with a random secret of its own,
 * kept in JWT_SECRET_FILE, and says so. (A file of its own: the JSON log goes to the first app's
 * stream of the test process.)
 */
class LogCapture extends Writable {
  raw = '';
  override _write(chunk: Buffer, _enc: string, done: () => void): void {
    this.raw += chunk.toString();
    done();
  }
}

describe('the signing secret of a development start', () => {
  it('is generated once into JWT_SECRET_FILE (mode 0600), named in a warning at start, and nothing else signs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vpa-jwt-'));
    const file = join(dir, 'keys', 'jwt-secret');
    const log = new LogCapture();
    const d = await createTestApp({
      units: 'none',
      logStream: log,
      env: { NODE_ENV: 'development', JWT_SECRET_FILE: file, LOG_LEVEL: 'warn', REPORT_WORKER_ENABLED: 'false' },
    });
    try {
      expect(statSync(file).mode & 0o777).toBe(0o600);
      const secret = readFileSync(file, 'utf8').trim();
      expect(Buffer.from(secret, 'base64url').length).toBeGreaterThanOrEqual(48);
      const warning = log.raw
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as { level: number; msg: string })
        .find((l) => l.msg.includes(file));
      expect(warning).toMatchObject({ level: 40, msg: expect.stringContaining('JWT_SECRET is not set') });
      const me = await d.http.get('/api/v1/auth/me').set(bearer(d.adminToken)).expect(200);
      // The secret that used to be in the source signs nothing; the one in the file does.
      await d.http
        .get('/api/v1/auth/me')
        .set(bearer(sign({ sub: me.body.id, tv: 0 }, 'dev-only-insecure-secret-change-me-0123456789', { algorithm: 'HS256', expiresIn: 600 })))
        .expect(401);
      await d.http
        .get('/api/v1/auth/me')
        .set(bearer(sign({ sub: me.body.id, tv: 0 }, secret, { algorithm: 'HS256', expiresIn: 600 })))
        .expect(200);
    } finally {
      await d.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
