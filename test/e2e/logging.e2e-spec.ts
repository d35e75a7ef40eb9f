import { Writable } from 'node:stream';
import { DataSource } from 'typeorm';
import { ADMIN, bearer, createTestApp, type TestApp } from '../support/app';

/** The JSON log, read back from the stream the app writes to. */
class LogCapture extends Writable {
  lines: Record<string, unknown>[] = [];
  raw = '';
  override _write(chunk: Buffer, _enc: string, done: () => void): void {
    this.raw += chunk.toString();
    for (const line of chunk.toString().split('\n').filter(Boolean)) this.lines.push(JSON.parse(line));
    done();
  }
}

describe('logging and unexpected errors', () => {
  let t: TestApp;
  const log = new LogCapture();

  beforeAll(async () => {
    t = await createTestApp({ env: { LOG_LEVEL: 'info' }, logStream: log });
  });
  afterAll(() => t.close());

  it('logs each request as JSON with request id, user id, route, status and duration, and no secrets', async () => {
    const me = await t.http.get('/api/v1/auth/me').set(bearer(t.adminToken)).set('X-Request-Id', 'log-check-0001').expect(200);
    const line = log.lines.find((l) => (l.req as { id?: string } | undefined)?.id === 'log-check-0001');
    expect(line).toMatchObject({
      level: 30,
      userId: me.body.id,
      route: '/api/v1/auth/me',
      res: { statusCode: 200 },
      responseTime: expect.any(Number),
      msg: expect.stringMatching(/^GET \/api\/v1\/auth\/me 200 \d+ms$/),
    });
    expect(line!.req).toEqual({ id: 'log-check-0001', method: 'GET', url: '/api/v1/auth/me', remoteAddress: expect.any(String) });
    expect(log.lines.filter((l) => (l.req as { id?: string } | undefined)?.id === 'log-check-0001')).toHaveLength(1);
    expect(log.raw).not.toContain(t.adminToken);
    expect(log.raw).not.toContain(ADMIN.password);
  });

  it('logs a refused request with its status and no user, and leaves the health probes out', async () => {
    await t.http.get('/api/v1/assets').set('X-Request-Id', 'log-check-0401').expect(401);
    expect(log.lines.find((l) => (l.req as { id?: string } | undefined)?.id === 'log-check-0401')).toMatchObject({
      level: 30,
      res: { statusCode: 401 },
      route: '/api/v1/assets',
    });
    expect(log.lines.find((l) => (l.req as { id?: string } | undefined)?.id === 'log-check-0401')).not.toHaveProperty('userId');
    await t.http.get('/health/live').set('X-Request-Id', 'log-check-health').expect(200);
    expect(log.raw).not.toContain('log-check-health');
  });

  it('answers an unexpected failure with a generic 500 and logs it in full under the request id', async () => {
    await t.app.get(DataSource).destroy(); // the database goes away under the app
    const res = await t.http.get('/api/v1/auth/me').set(bearer(t.adminToken)).set('X-Request-Id', 'log-check-0500').expect(500);
    expect(res.body).toEqual({
      type: 'urn:vn-public-assets:problem:internal-error',
      title: 'Internal server error',
      status: 500,
      detail: expect.stringContaining('logged'),
      instance: '/api/v1/auth/me',
      requestId: 'log-check-0500',
    });
    const error = log.lines.find((l) => l.level === 50 && l.requestId === 'log-check-0500');
    expect(error).toBeDefined();
    expect(JSON.stringify(error)).toMatch(/stack/);
    // Logged inside the request: the logging context carries the request id.
    expect(error!.req).toEqual({ id: 'log-check-0500' });
    const ready = await t.http.get('/health/ready').expect(503);
    expect(ready.body.status).toBe(503);
  });
});
