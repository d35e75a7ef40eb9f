/**
 * The API against a PostgreSQL that goes away and comes back, and against races on unique keys.
 * These tests start a PostgreSQL server of their own (the embedded one, on a free port, in a
 * temporary directory) and stop and restart only that one: never the suite's server, never a shared one.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { Client } from 'pg';
import { type EmbeddedPostgresHandle, startEmbeddedPostgres } from '../../src/database/embedded-postgres';
import { runMigrations } from '../../src/database/migrate';
import { bearer, createTestApp, type TestApp } from '../support/app';
import { assetBody, createAgency } from '../support/factories';
import { freePort, sleep, waitFor } from '../support/net';

const PROBLEM = 'urn:vn-public-assets:problem:';

/** The JSON log, read back from the stream the app writes to. */
class LogCapture extends Writable {
  lines: Record<string, unknown>[] = [];
  override _write(chunk: Buffer, _enc: string, done: () => void): void {
    for (const line of chunk.toString().split('\n').filter(Boolean)) this.lines.push(JSON.parse(line));
    done();
  }
}

describe('database faults', () => {
  let parent: string;
  let dataDir: string;
  let port: number;
  let pg: EmbeddedPostgresHandle;
  let t: TestApp;
  const log = new LogCapture();

  beforeAll(async () => {
    parent = mkdtempSync(join(tmpdir(), 'vpa-db-faults-'));
    chmodSync(parent, 0o755); // the unprivileged postgres user must traverse it when tests run as root
    dataDir = join(parent, 'pg');
    port = await freePort();
    pg = await startEmbeddedPostgres({ dataDir, port });
    await runMigrations(pg.url);
    // 20 connections, as in production, so that concurrent requests really run at once; a short
    // acquisition timeout so that the outage is answered quickly.
    t = await createTestApp({
      databaseUrl: pg.url,
      logStream: log,
      env: { DB_POOL_MAX: '20', DB_CONNECT_TIMEOUT_MS: '2000', DB_STATEMENT_TIMEOUT_MS: '3000', DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: '7000', LOG_LEVEL: 'info' },
    });
  }, 120_000);

  afterAll(async () => {
    await t?.close();
    await pg?.stop();
    if (parent) rmSync(parent, { recursive: true, force: true });
  }, 60_000);

  describe("unique keys under a race: exactly one create wins, the others get 409 with the resource's code", () => {
    async function race(send: () => Promise<{ status: number; body: { type?: string } }>) {
      const answers = await Promise.all(Array.from({ length: 20 }, send));
      const statuses = answers.map((a) => a.status).sort();
      return { statuses, types: answers.filter((a) => a.status !== 201).map((a) => a.body.type) };
    }

    it('assets', async () => {
      const agency = await createAgency(t, t.adminToken);
      const body = assetBody(agency.id, { code: '08.RACE.ASSET' });
      const { statuses, types } = await race(() => t.http.post('/api/v1/assets').set(bearer(t.adminToken)).send(body));
      expect(statuses).toEqual([201, ...Array<number>(19).fill(409)]);
      expect(new Set(types)).toEqual(new Set([`${PROBLEM}asset-code-taken`]));
      expect(await t.sql(`SELECT count(*)::int AS n FROM asset WHERE code = '08.RACE.ASSET'`)).toEqual([{ n: 1 }]);
    });

    it('agencies', async () => {
      const body = { code: '08.RACE.AGENCY', name: 'UBND phường Hà Giang 2', kind: 'peoples_committee', unit: { era: 'new', level: 'commune', code: '00691' } };
      const { statuses, types } = await race(() => t.http.post('/api/v1/agencies').set(bearer(t.adminToken)).send(body));
      expect(statuses).toEqual([201, ...Array<number>(19).fill(409)]);
      expect(new Set(types)).toEqual(new Set([`${PROBLEM}agency-code-taken`]));
      expect(await t.sql(`SELECT count(*)::int AS n FROM agency WHERE code = '08.RACE.AGENCY'`)).toEqual([{ n: 1 }]);
    });

    it('users', async () => {
      const body = { username: 'race.user', displayName: 'Race', password: 'a-good-long-password', role: 'officer', provinceCode: '08' };
      const { statuses, types } = await race(() => t.http.post('/api/v1/users').set(bearer(t.adminToken)).send(body));
      expect(statuses).toEqual([201, ...Array<number>(19).fill(409)]);
      expect(new Set(types)).toEqual(new Set([`${PROBLEM}username-taken`]));
      expect(await t.sql(`SELECT count(*)::int AS n FROM app_user WHERE username = 'race.user'`)).toEqual([{ n: 1 }]);
    }, 60_000);
  });

  it('every pooled connection has its statement and idle-in-transaction timeouts; a statement past its timeout is 503 database-timeout', async () => {
    expect(await t.sql(`SELECT current_setting('statement_timeout') AS st, current_setting('idle_in_transaction_session_timeout') AS it`)).toEqual([
      { st: '3s', it: '7s' },
    ]);
    const agency = await createAgency(t, t.adminToken);
    // Another session holds the asset table: the create waits on the lock until statement_timeout cancels it.
    const blocker = new Client({ connectionString: pg.url });
    await blocker.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query('LOCK TABLE asset IN ACCESS EXCLUSIVE MODE');
      const started = Date.now();
      const res = await t.http
        .post('/api/v1/assets')
        .set(bearer(t.adminToken))
        .send(assetBody(agency.id, { code: '08.SLOW.0001' }));
      expect([res.status, res.body.type, res.headers['retry-after']]).toEqual([503, `${PROBLEM}database-timeout`, '5']);
      expect(Date.now() - started).toBeGreaterThanOrEqual(2_900);
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      await blocker.query('ROLLBACK');
      await blocker.end();
    }
    await t.http
      .post('/api/v1/assets')
      .set(bearer(t.adminToken))
      .send(assetBody(agency.id, { code: '08.SLOW.0001' }))
      .expect(201);
    expect(log.lines.filter((l) => l.msg === 'Unhandled error')).toEqual([]);
  }, 30_000);

  it('during an outage every request gets 503 database-unavailable with Retry-After at once, the app recovers by itself, and no acknowledged write is lost', async () => {
    const agency = await createAgency(t, t.adminToken);
    type Answer = { phase: 'up' | 'down' | 'back'; status: number; type?: string; contentType?: string; retryAfter?: string; ms: number; code: string };
    const answers: Answer[] = [];
    let phase: Answer['phase'] = 'up';
    let stop = false;
    const writer = async (w: number) => {
      for (let i = 0; !stop; i++) {
        const code = `08.OUTAGE.${w}.${i}`;
        const started = Date.now();
        const res = await t.http.post('/api/v1/assets').set(bearer(t.adminToken)).send(assetBody(agency.id, { code }));
        answers.push({
          phase,
          status: res.status,
          type: res.body?.type,
          contentType: res.headers['content-type'],
          retryAfter: res.headers['retry-after'],
          ms: Date.now() - started,
          code,
        });
        if (res.status !== 201) await sleep(20);
      }
    };
    const count = (p: Answer['phase'], status: number) => answers.filter((a) => a.phase === p && a.status === status).length;
    const errorsBefore = log.lines.filter((l) => (l.level as number) >= 50).length;

    const writers = Array.from({ length: 4 }, (_, w) => writer(w));
    try {
      await waitFor('writes to succeed', () => count('up', 201) >= 20, 30_000);

      // The database goes away under a steady stream of writes.
      phase = 'down';
      await pg.stop();
      const downAt = Date.now();
      await waitFor('503s during three seconds of outage', () => count('down', 503) >= 40 && Date.now() - downAt > 3_000, 15_000);
      const ready = await t.http.get('/health/ready');
      expect([ready.status, ready.headers['retry-after'], ready.headers['content-type']]).toEqual([503, '5', 'application/problem+json; charset=utf-8']);

      // It comes back on the same port: the same app serves again, without a restart.
      pg = await startEmbeddedPostgres({ dataDir, port });
      phase = 'back';
      await waitFor('writes to succeed again', () => count('back', 201) >= 20, 30_000);
    } finally {
      stop = true;
      await Promise.all(writers);
    }
    await t.http.get('/health/ready').expect(200);

    // Never a 500, never anything but a created asset or a 503 problem, and never a hang.
    expect([...new Set(answers.map((a) => a.status))].sort()).toEqual([201, 503]);
    for (const a of answers.filter((x) => x.status === 503)) {
      expect({ type: a.type, contentType: a.contentType, retryAfter: a.retryAfter }).toEqual({
        type: `${PROBLEM}database-unavailable`,
        contentType: 'application/problem+json; charset=utf-8',
        retryAfter: '5',
      });
    }
    expect(Math.max(...answers.filter((a) => a.phase === 'down').map((a) => a.ms))).toBeLessThan(5_000);
    expect(count('down', 503)).toBeGreaterThanOrEqual(40);

    // Every acknowledged write is in the database.
    const acknowledged = answers.filter((a) => a.status === 201).map((a) => a.code);
    const stored = await t.sql<{ code: string }>(`SELECT code FROM asset WHERE code = ANY($1::text[])`, [acknowledged]);
    expect(stored.map((r) => r.code).sort()).toEqual([...acknowledged].sort());
    // The event log was written with them (chained, in the same transactions).
    const events = await t.sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM event e JOIN asset a ON a.id::text = e.entity_id WHERE e.entity_type = 'asset' AND a.code = ANY($1::text[])`,
      [acknowledged],
    );
    expect(events[0].n).toBe(acknowledged.length);

    // The outage was logged once (not once per request), and so was its end; nothing as an unexpected error.
    const newLines = log.lines
      .slice(0)
      .filter((l) => (l.level as number) >= 50)
      .slice(errorsBefore);
    expect(newLines.map((l) => l.msg)).toEqual([expect.stringMatching(/^Database unavailable \(/)]);
    expect(log.lines.filter((l) => String(l.msg).startsWith('Database available again'))).toHaveLength(1);
    expect(log.lines.filter((l) => l.msg === 'Unhandled error')).toEqual([]);
  }, 120_000);
});
