/**
 * The shutdown's HTTP drain in process, then SIGTERM to the real server process (built from the sources into a temporary folder, run as
 * `node dist/src/main.js` would be, with its own embedded PostgreSQL on free ports): requests in flight
 * finish, new connections are refused, the pool closes after them, the embedded server stops, exit 0.
 *
 * The requests are held in flight without any test-only route: another session holds a lock on the
 * asset table, so GET /api/v1/assets waits inside its query until the test lets it go.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, get as httpGet, type Server as HttpServer } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { shutdownGracefully } from '../../src/graceful-shutdown';
import { DatabaseWatch, HttpDrain } from '../../src/health/lifecycle';
import { createTestApp } from '../support/app';
import { freePort, sleep, waitFor } from '../support/net';

const ROOT = join(__dirname, '..', '..');
const PASSWORD = 'shutdown-test-admin-password';
/** Resolves to 'timeout' after `ms`, on a timer that does not keep Jest alive once the race is won. */
const timeout = (ms: number) => new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), ms).unref());

/** Whether a TCP connection to the port is accepted (true) or refused (false). */
const accepts = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

interface Server {
  child: ChildProcess;
  port: number;
  pgPort: number;
  pgDir: string;
  lines: Record<string, unknown>[];
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

describe('graceful shutdown, in process', () => {
  it('while draining, a request on an open connection gets a 503 problem with Connection: close, liveness stays 200; then the app closes', async () => {
    const t = await createTestApp({ units: 'none' });
    const server = t.app.getHttpServer() as HttpServer;
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const { port } = server.address() as AddressInfo;
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const get = (path: string) =>
      new Promise<{ status: number; headers: Record<string, unknown>; body: Record<string, unknown>; reused: boolean }>((resolve, reject) => {
        const req = httpGet({ host: '127.0.0.1', port, path, agent }, (res) => {
          let text = '';
          res
            .on('data', (c: Buffer) => (text += c.toString()))
            .on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: JSON.parse(text), reused: req.reusedSocket }));
        });
        req.on('error', reject);
      });
    try {
      const before = await get('/health/ready');
      expect(before.status).toBe(200);
      t.app.get(HttpDrain).startDraining();
      const refused = await get('/health/ready');
      expect(refused.reused).toBe(true); // on the connection kept alive from the request before
      expect([refused.status, refused.headers.connection, refused.headers['retry-after'], refused.headers['content-type'], refused.body.type]).toEqual([
        503,
        'close',
        '1',
        'application/problem+json; charset=utf-8',
        'urn:vn-public-assets:problem:service-unavailable',
      ]);
      expect((await get('/health/live')).status).toBe(200);
      const logged: string[] = [];
      // When the database is stopped, none of the app's connections is left on the server: pg's
      // Pool.end() calls back before the sockets close, and the shutdown waits for them.
      const database = new URL(t.dbUrl).pathname.slice(1);
      const watch = t.app.get(DatabaseWatch);
      expect(watch.openConnections).toBeGreaterThan(0);
      let backendsAtStop: number | undefined;
      let socketsAtStop: number | undefined;
      const stopDatabase = async () => {
        socketsAtStop = watch.openConnections;
        const c = new Client({ connectionString: t.dbUrl });
        await c.connect();
        try {
          const q = `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`;
          backendsAtStop = (await c.query<{ n: number }>(q, [database])).rows[0].n;
        } finally {
          await c.end();
        }
      };
      expect(await shutdownGracefully(t.app, { graceMs: 2000, log: (m) => logged.push(m), stopDatabase })).toMatchObject({ drained: true, cut: 0 });
      expect(server.listening).toBe(false);
      expect(logged).toEqual([]);
      expect([socketsAtStop, backendsAtStop]).toEqual([0, 0]);
    } finally {
      agent.destroy();
      await t.close().catch(() => undefined);
    }
  });
});

describe('graceful shutdown of the server process', () => {
  let parent: string;
  let build: string;
  const started: Server[] = [];

  beforeAll(async () => {
    parent = mkdtempSync(join(tmpdir(), 'vpa-shutdown-'));
    chmodSync(parent, 0o755); // the unprivileged postgres user must traverse it when tests run as root
    // The build goes inside the repository, so that the compiled files resolve node_modules from here.
    mkdirSync(join(ROOT, '.data'), { recursive: true });
    build = mkdtempSync(join(ROOT, '.data', 'test-build-'));
    await new Promise<void>((resolve) => {
      // Type errors elsewhere in a working tree do not stop tsc from emitting; the test needs the emit.
      execFile(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(ROOT, 'tsconfig.build.json'), '--outDir', build], { cwd: ROOT }, () =>
        resolve(),
      );
    });
    if (!existsSync(join(build, 'src', 'main.js'))) throw new Error('the build produced no src/main.js');
  }, 180_000);

  afterAll(async () => {
    // A server a failed test left running is stopped as a user would (SIGTERM), else killed with its PostgreSQL.
    for (const s of started) {
      if (s.child.exitCode !== null || s.child.signalCode !== null) continue;
      s.child.kill('SIGTERM');
      if ((await Promise.race([s.exited, timeout(30_000)])) !== 'timeout') continue;
      s.child.kill('SIGKILL');
      const pidFile = join(s.pgDir, 'postmaster.pid');
      if (existsSync(pidFile)) process.kill(Number(readFileSync(pidFile, 'utf8').split('\n')[0]), 'SIGINT');
    }
    if (build) rmSync(build, { recursive: true, force: true });
    if (parent) rmSync(parent, { recursive: true, force: true });
  }, 120_000);

  async function startServer(name: string, env: Record<string, string> = {}): Promise<Server> {
    const [port, pgPort] = [await freePort(), await freePort()];
    const dir = join(parent, name);
    const pgDir = join(dir, 'pg');
    const childEnv: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'development',
      HOST: '127.0.0.1',
      PORT: String(port),
      EMBEDDED_PG_DIR: pgDir,
      EMBEDDED_PG_PORT: String(pgPort),
      DOCUMENTS_DIR: join(dir, 'documents'),
      ADMIN_USERNAME: 'admin',
      ADMIN_PASSWORD: PASSWORD,
      // A value for this test only, so that the server reads or writes no secret file of the working tree.
      JWT_SECRET: 'graceful-shutdown-test-only-signing-key-0123456789',
      LOG_LEVEL: 'info',
      // The worker polls the database all along: it must stop before the pool closes, without an error.
      REPORT_WORKER_ENABLED: 'true',
      REPORT_WORKER_INTERVAL_MS: '200',
      ...env,
    };
    const child = spawn(process.execPath, ['--max-old-space-size=256', join(build, 'src', 'main.js')], {
      cwd: ROOT,
      env: childEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines: Record<string, unknown>[] = [];
    let rest = '';
    let stderr = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      rest += chunk.toString();
      const parts = rest.split('\n');
      rest = parts.pop()!;
      for (const p of parts.filter(Boolean)) {
        try {
          lines.push(JSON.parse(p));
        } catch {
          lines.push({ msg: p });
        }
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.once('exit', (code, signal) => resolve({ code, signal })),
    );
    const server: Server = { child, port, pgPort, pgDir, lines, stderr: () => stderr, exited };
    started.push(server);
    await Promise.race([
      waitFor('the API to listen', () => lines.some((l) => String(l.msg).startsWith('API listening')), 90_000),
      exited.then(({ code }) => Promise.reject(new Error(`the server exited with ${code} before listening:\n${stderr}`))),
    ]);
    return server;
  }

  const login = async (s: Server): Promise<string> => {
    const res = await fetch(`http://127.0.0.1:${s.port}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: PASSWORD }),
    });
    expect(res.status).toBe(200);
    return ((await res.json()) as { accessToken: string }).accessToken;
  };

  /** Another session that holds the asset table, so that asset reads wait inside their query. */
  async function holdAssets(s: Server): Promise<{ waiting: () => Promise<number>; release: () => Promise<void> }> {
    const c = new Client({ connectionString: `postgres://postgres:postgres@127.0.0.1:${s.pgPort}/postgres` });
    c.on('error', () => undefined); // the embedded server may end this session when it stops
    await c.connect();
    await c.query('BEGIN');
    await c.query('LOCK TABLE asset IN ACCESS EXCLUSIVE MODE');
    return {
      waiting: async () => {
        await c.query('SELECT pg_stat_clear_snapshot()'); // within a transaction, pg_stat_activity is read once otherwise
        return (
          await c.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND application_name = 'vn-public-assets'`,
          )
        ).rows[0].n;
      },
      release: async () => {
        await c.query('COMMIT').catch(() => undefined);
        await c.end().catch(() => undefined);
      },
    };
  }

  const listAssets = (s: Server, token: string) =>
    fetch(`http://127.0.0.1:${s.port}/api/v1/assets`, { headers: { authorization: `Bearer ${token}` } }).then(
      async (res) => ({ status: res.status, body: (await res.json()) as { items?: unknown[] } }),
      (err: unknown) => ({ status: 0, body: { error: String((err as Error).cause ?? err) } }),
    );

  it('SIGTERM: requests in flight finish with 200, new connections are refused, then the pool and the embedded server close, exit 0', async () => {
    const s = await startServer('drain', { SHUTDOWN_GRACE_MS: '20000' });
    const token = await login(s);
    const lock = await holdAssets(s);
    let inFlight: Promise<{ status: number; body: unknown }[]>;
    try {
      inFlight = Promise.all([listAssets(s, token), listAssets(s, token), listAssets(s, token)]);
      await waitFor('three requests waiting in the database', async () => (await lock.waiting()) === 3, 10_000);

      s.child.kill('SIGTERM');
      await waitFor('new connections to be refused', async () => !(await accepts(s.port)), 5_000);
      await sleep(500);
      expect(s.child.exitCode).toBeNull(); // still draining: the requests are still running
    } finally {
      await lock.release();
    }
    const answers = await inFlight;
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(answers.map((a) => (a.body as { items?: unknown[] }).items)).toEqual([[], [], []]);

    expect(await Promise.race([s.exited, timeout(20_000)])).toEqual({ code: 0, signal: null });
    // The embedded server was stopped (cleanly: it removes its pid file), not left running or killed.
    expect(await accepts(s.pgPort)).toBe(false);
    expect(existsSync(join(s.pgDir, 'postmaster.pid'))).toBe(false);
    const msgs = s.lines.map((l) => String(l.msg));
    expect(msgs).toEqual(
      expect.arrayContaining([expect.stringMatching(/^SIGTERM received: finishing the requests in flight/), expect.stringMatching(/^Closed in \d+ ms$/)]),
    );
    expect(s.lines.filter((l) => (l.level as number) >= 50)).toEqual([]);
    expect(s.stderr()).toBe('');
  }, 180_000);

  it('a request still running at the end of SHUTDOWN_GRACE_MS is cut, and the process still closes everything and exits 0', async () => {
    const s = await startServer('deadline', { SHUTDOWN_GRACE_MS: '1000' });
    const token = await login(s);
    const lock = await holdAssets(s);
    try {
      const stuck = listAssets(s, token);
      await waitFor('the request to wait in the database', async () => (await lock.waiting()) === 1, 10_000);
      const signalled = Date.now();
      s.child.kill('SIGTERM');
      expect(await Promise.race([s.exited, timeout(20_000)])).toEqual({ code: 0, signal: null });
      expect(Date.now() - signalled).toBeLessThan(15_000);
      expect((await stuck).status).not.toBe(200);
    } finally {
      await lock.release();
    }
    expect(await accepts(s.pgPort)).toBe(false);
    expect(s.lines.map((l) => String(l.msg))).toEqual(
      expect.arrayContaining([expect.stringMatching(/^Shutdown: 1 request\(s\) still running after 1000 ms; closing their connections$/)]),
    );
  }, 180_000);
});
