/**
 * A default start and the CLI beside it, as a newcomer runs them (README: `npm start`, then
 * `npm run cli -- units:import …`): the server listens on loopback only; the CLI finds the running
 * API's embedded PostgreSQL where that server recorded it (its postmaster.pid), works on the same
 * database instead of waiting on its lock and starting a second, empty one; and its exit status says
 * what happened (0 done, 1 failed, 2 usage).
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { UNIT_FILES } from '../../src/units/units-import';
import { smallUnitFiles } from '../support/units-fixture';

const ROOT = join(__dirname, '..', '..');
const REGISTER = join(ROOT, 'test', 'support', 'ts-register.js');
const PASSWORD = 'cli-test-admin-password';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });

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

describe('a default start, and the CLI beside it', () => {
  const parent = mkdtempSync(join(tmpdir(), 'vpa-cli-'));
  chmodSync(parent, 0o755); // the unprivileged postgres user must traverse it when tests run as root
  const unitsDir = join(parent, 'units');
  let api: ChildProcess;
  let exited: Promise<number | null>;
  let port: number;
  let env: Record<string, string>;
  let output = '';

  const cli = (args: string[], extra: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string; ms: number }> => {
    const started = Date.now();
    return new Promise((resolve) => {
      execFile(process.execPath, ['-r', REGISTER, join(ROOT, 'src', 'cli.ts'), ...args], { cwd: ROOT, env: { ...env, ...extra }, timeout: 120_000, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) =>
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr, ms: Date.now() - started }),
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
    api = spawn(process.execPath, ['-r', REGISTER, join(ROOT, 'src', 'main.ts')], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    api.stdout!.on('data', (b: Buffer) => (output += b.toString()));
    api.stderr!.on('data', (b: Buffer) => (output += b.toString()));
    exited = new Promise((resolve) => api.once('exit', (code) => resolve(code)));
    for (let i = 0; ; i++) {
      if (/API listening/.test(output)) break;
      if (api.exitCode !== null || i > 1200) throw new Error(`the API did not start:\n${output}`);
      await sleep(100);
    }
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
    rmSync(parent, { recursive: true, force: true });
  }, 40_000);

  it('listens on loopback only when HOST is not set', () => {
    expect(output).toContain(`http://127.0.0.1:${port}`);
    // IPv4 127.0.0.1 as /proc/net/tcp writes it; nothing on 0.0.0.0 or ::.
    expect(listeningAddresses(port)).toEqual(['0100007F']);
  });

  it('imports into the running API\'s database, found where its server recorded it, without waiting for its lock', async () => {
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
});
