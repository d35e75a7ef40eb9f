/**
 * The real server process. A default start and the CLI beside it, as a newcomer runs them (README: `npm start`, then
 * `npm run cli -- units:import …`): the server listens on loopback only; the CLI finds the running
 * API's embedded PostgreSQL where that server recorded it (its postmaster.pid), works on the same
 * database instead of waiting on its lock and starting a second, empty one; and its exit status says
 * what happened (0 done, 1 failed, 2 usage). And the process killed (-9) in the middle of an
 * idempotent create: the next start recovers the embedded server it left behind, and the retry of
 * the create succeeds exactly once.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import request from 'supertest';
import { runningPostmaster, stopOrphan } from '../../src/database/embedded-runtime';
import { UNIT_FILES } from '../../src/units/units-import';
import { smallUnitFiles } from '../support/units-fixture';
import { freePort, sleep } from '../support/net';

const ROOT = join(__dirname, '..', '..');
const REGISTER = join(ROOT, 'test', 'support', 'ts-register.js');
const PASSWORD = 'cli-test-admin-password';

/** The local addresses (hex, as /proc/net/tcp{,6} write them) of the sockets listening on `port`. */
function listeningAddresses(port: number): string[] {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  const found: string[] = [];
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols.length < 4) continue;
      const [address, p] = cols[1].split(':');
      if (p === hexPort && cols[3] === '0A') found.push(address);
    }
  }
  return found;
}

describe('the server process: a default start, the CLI beside it, a kill -9', () => {
  const parent = mkdtempSync(join(tmpdir(), 'vpa-cli-'));
  chmodSync(parent, 0o755); // the unprivileged postgres user must traverse it when tests run as root
  const unitsDir = join(parent, 'units');
  let api: ChildProcess;
  let exited: Promise<number | null>;
  let port: number;
  let env: Record<string, string>;
  let output = '';

  /** Starts the server (`node src/main.ts`, as npm start runs the build) and waits until it listens. */
  const startApi = async () => {
    output = '';
    api = spawn(process.execPath, ['-r', REGISTER, join(ROOT, 'src', 'main.ts')], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    api.stdout!.on('data', (b: Buffer) => (output += b.toString()));
    api.stderr!.on('data', (b: Buffer) => (output += b.toString()));
    const child = api;
    exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    for (let i = 0; ; i++) {
      if (/API listening/.test(output)) break;
      if (child.exitCode !== null || i > 1200) throw new Error(`the API did not start:\n${output}`);
      await sleep(100);
    }
  };

  const cli = (args: string[], extra: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string; ms: number }> => {
    const started = Date.now();
    return new Promise((resolve) => {
      execFile(
        process.execPath,
        ['-r', REGISTER, join(ROOT, 'src', 'cli.ts'), ...args],
        { cwd: ROOT, env: { ...env, ...extra }, timeout: 120_000, maxBuffer: 16 * 1024 * 1024 },
        (err, stdout, stderr) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr, ms: Date.now() - started }),
      );
    });
  };

  beforeAll(async () => {
    port = await freePort();
    const { NODE_ENV: _n, HOST: _h, DATABASE_URL: _d, ...inherited } = process.env as Record<string, string>;
    env = {
      ...inherited,
      PORT: String(port),
      EMBEDDED_PG_DIR: join(parent, 'postgres'),
      EMBEDDED_PG_PORT: String(await freePort()),
      DOCUMENTS_DIR: join(parent, 'documents'),
      SPOOL_DIR: join(parent, 'spool'),
      JWT_SECRET: 'a-test-secret-that-is-long-enough-0123456789',
      ADMIN_USERNAME: 'admin',
      ADMIN_PASSWORD: PASSWORD,
      LOG_LEVEL: 'info',
    };
    // No NODE_ENV and no HOST: the start a newcomer makes.
    await startApi();
    mkdirSync(unitsDir);
    const files = smallUnitFiles();
    for (const f of UNIT_FILES) writeFileSync(join(unitsDir, f), files[f]);
  }, 150_000);

  afterAll(async () => {
    if (api && api.exitCode === null) {
      api.kill('SIGTERM');
      await Promise.race([exited, sleep(20_000)]);
      if (api.exitCode === null) api.kill('SIGKILL');
    }
    // A server a failed test left behind is stopped, not left running on a removed directory.
    const left = runningPostmaster(join(parent, 'postgres'));
    if (left) await stopOrphan(left, join(parent, 'postgres')).catch(() => undefined);
    rmSync(parent, { recursive: true, force: true });
  }, 40_000);

  it('listens on loopback only when HOST is not set', () => {
    expect(output).toContain(`http://127.0.0.1:${port}`);
    // IPv4 127.0.0.1 as /proc/net/tcp writes it; nothing on 0.0.0.0 or ::.
    expect(listeningAddresses(port)).toEqual(['0100007F']);
  });

  it("imports into the running API's database, found where its server recorded it, without waiting for its lock", async () => {
    // Another EMBEDDED_PG_PORT than the API's: the CLI must find the server by its postmaster.pid.
    const run = await cli(['units:import', unitsDir], { EMBEDDED_PG_PORT: String(await freePort()) });
    if (run.code !== 0) throw new Error(`exit ${run.code}: ${run.stderr}`);
    expect(run.stderr).toContain('Imported.');
    expect(run.stderr).not.toMatch(/Embedded PostgreSQL (created|started)/);
    expect(run.ms).toBeLessThan(60_000);
    // The API sees what the CLI imported: one database.
    const http = request(`http://127.0.0.1:${port}`);
    const token = (await http.post('/api/v1/auth/login').send({ username: 'admin', password: PASSWORD }).expect(200)).body.accessToken as string;
    const provinces = await http.get('/api/v1/units').query({ era: 'new', level: 'province' }).set('Authorization', `Bearer ${token}`);
    if (provinces.status !== 200) throw new Error(`${provinces.status} ${JSON.stringify(provinces.body)}\n${output.slice(-3000)}`);
    expect(provinces.body.items.length).toBeGreaterThan(0);
  }, 120_000);

  it('exits 1 when a command fails and 2 on a usage error, with a message', async () => {
    const missing = await cli(['units:import', join(parent, 'no-such-folder')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no-such-folder');
    const bogus = await cli(['bogus']);
    expect(bogus.code).toBe(2);
    expect(bogus.stderr).toContain('Usage');
  }, 120_000);
  it('survives a kill -9 in the middle of an idempotent create: the next start recovers, the retry creates once', async () => {
    let http = request(`http://127.0.0.1:${port}`);
    const token = (await http.post('/api/v1/auth/login').send({ username: 'admin', password: PASSWORD }).expect(200)).body.accessToken as string;
    const auth = { Authorization: `Bearer ${token}` };
    const agency = (
      await http
        .post('/api/v1/agencies')
        .set(auth)
        .send({
          code: '08.KILL.1',
          name: 'Ủy ban nhân dân phường Hà Giang 2',
          kind: 'peoples_committee',
          unit: { era: 'new', level: 'commune', code: '00691' },
        })
        .expect(201)
    ).body;
    const body = {
      code: '08.TSC.KILL-1',
      name: 'Trụ sở cũ',
      category: 'headquarters',
      currentUnit: { era: 'new', level: 'commune', code: '00691' },
      custodianId: agency.id,
    };
    const pgUrl = `postgres://postgres:postgres@127.0.0.1:${env.EMBEDDED_PG_PORT}/postgres`;
    const raw = new Client({ connectionString: pgUrl });
    await raw.connect();
    try {
      // Another session holds the code, so the create waits inside its transaction, its key claimed.
      await raw.query('BEGIN');
      await raw.query(
        `INSERT INTO asset (code, name, category, current_unit_id, province_code, custodian_id) SELECT $1, 'x', 'headquarters', id, province_code, $2 FROM admin_unit WHERE era = 'new' AND level = 'commune' AND code = '00691'`,
        [body.code, agency.id],
      );
      const inFlight = http
        .post('/api/v1/assets')
        .set(auth)
        .set('Idempotency-Key', 'kill-1')
        .send(body)
        .then(
          (r) => r.status,
          () => 'no answer',
        );
      for (let i = 0; ; i++) {
        const { rows } = await raw.query(`SELECT state FROM idempotency_key WHERE key = 'kill-1'`);
        if (rows.length) break;
        if (i > 200) throw new Error('the create never claimed its key');
        await sleep(25);
      }
      api.kill('SIGKILL');
      expect(await exited).toBeNull();
      expect(await inFlight).toBe('no answer');
      await raw.query('ROLLBACK');
    } finally {
      await raw.end().catch(() => undefined);
    }
    // The next start finds the embedded server the dead one left running, stops it and starts anew.
    await startApi();
    expect(output).toContain('left running');
    http = request(`http://127.0.0.1:${port}`);
    const retry = () => http.post('/api/v1/assets').set(auth).set('Idempotency-Key', 'kill-1').send(body);
    // The dead request's claim holds for its lease: the retry is told when to come back.
    const early = await retry().expect(409);
    expect(Number(early.headers['retry-after'])).toBeGreaterThan(0);
    // Once the lease has run out (60 s; moved here so the test need not wait), the retry runs, once.
    const admin = new Client({ connectionString: pgUrl });
    await admin.connect();
    await admin.query(`UPDATE idempotency_key SET lease_until = now() - interval '1 second' WHERE key = 'kill-1'`);
    await admin.end();
    const created = await retry().expect(201);
    expect((await retry().expect(201)).body.id).toBe(created.body.id);
    const found = await http.get('/api/v1/assets').query({ q: 'KILL-1' }).set(auth).expect(200);
    expect(found.body.items.map((a: { id: string }) => a.id)).toEqual([created.body.id]);
  }, 150_000);
});
