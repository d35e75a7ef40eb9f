#!/usr/bin/env node
/**
 * Workflow benchmark (run by hand: `npm run bench:transitions [-- --clients 32 --assets-per-client 20]`).
 * Starts the production build on a fresh database (an embedded PostgreSQL in a temporary folder, or
 * --database-url), prepares distinct surplus assets, then drives 32 clients, each taking its own
 * assets through create → submit → approve (another officer: four eyes) → start → complete.
 * Reports transitions per second and p50/p95/p99 of each step, and the API's peak RSS.
 * Writes bench/results/transitions-<date>.json. Bounded: a fixed number of assets and a time cap.
 */
const { spawn, execFileSync } = require('node:child_process');
const { createHash } = require('node:crypto');
const { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const os = require('node:os');
const { join } = require('node:path');

const root = join(__dirname, '..');
const { freePort, parseArgs, resultFile, sleep } = require('./lib/common');
const args = parseArgs(process.argv.slice(2), { clients: 'value', 'assets-per-client': 'value', 'database-url': 'value' });
const CLIENTS = Number(args.clients ?? 32);
const PER_CLIENT = Number(args['assets-per-client'] ?? 20);
const TIME_CAP_MS = 120_000;
const ADMIN_PASSWORD = 'bench-admin-password';
const PASSWORD = 'bench-officer-password';

const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const rssOf = (pid) => {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) * 1024;
  } catch {
    return 0;
  }
};

async function main() {
  execFileSync(process.execPath, [join(root, 'scripts', 'build-if-needed.js')], { stdio: 'inherit' });
  const { Client, Pool } = require('pg');
  const parent = mkdtempSync(join(os.tmpdir(), 'vpa-bench-tx-'));
  chmodSync(parent, 0o755);
  let pg;
  let serverUrl = args['database-url'];
  if (!serverUrl) {
    const { startEmbeddedPostgres } = require(join(root, 'dist', 'src', 'database', 'embedded-postgres.js'));
    pg = await startEmbeddedPostgres({ dataDir: join(parent, 'pg'), port: await freePort() });
    serverUrl = pg.url;
  }
  const dbName = `vpa_bench_tx_${Date.now().toString(36)}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${dbName}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${dbName}`;
  const port = await freePort();
  const api = spawn(process.execPath, ['--max-old-space-size=256', join(root, 'dist', 'src', 'main.js')], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: url.toString(),
      PORT: String(port),
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      JWT_SECRET: 'bench-secret-bench-secret-bench-secret-0123',
      ADMIN_PASSWORD,
      LOGIN_RATE_LIMIT: '1000',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}/api/v1`;
  const call = async (method, path, token, body) => {
    const res = await fetch(base + path, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await res.json().catch(() => null);
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  try {
    for (let i = 0; ; i++) {
      try {
        if ((await fetch(`http://127.0.0.1:${port}/health/ready`)).ok) break;
      } catch {
        /* starting */
      }
      if (i > 600) throw new Error('the API did not become ready');
      await sleep(50);
    }
    // Reference data and assets straight into the database (the workflow is what is measured).
    const db = new Client({ connectionString: url.toString() });
    await db.connect();
    const pool = new Pool({ connectionString: url.toString(), max: 8 });
    await db.query(
      `INSERT INTO admin_unit (era, level, code, name, kind, province_code, valid_from) VALUES ('new', 'province', '08', 'Tỉnh Tuyên Quang', 'province', '08', '2025-07-01')`,
    );
    await db.query(
      `INSERT INTO admin_unit (era, level, code, name, kind, parent_id, province_code, valid_from) SELECT 'new', 'commune', '00691', 'Phường Hà Giang 2', 'ward', id, '08', '2025-07-01' FROM admin_unit WHERE code = '08'`,
    );
    const [{ id: agencyId }] = (
      await db.query(
        `INSERT INTO agency (code, name, kind, unit_id, province_code) SELECT 'B.08.UBND', 'UBND', 'peoples_committee', id, '08' FROM admin_unit WHERE code = '00691' RETURNING id`,
      )
    ).rows;
    const [{ id: clauseId }] = (
      await db.query(`WITH d AS (INSERT INTO directive (number, kind, issuer, issued_on, title, valid_from) VALUES ('BENCH/QĐ', 'decision', 'Bench', '2025-07-01', 'Bench', '2025-07-01') RETURNING id)
      INSERT INTO directive_clause (directive_id, ref, summary, authorised_action_types) SELECT id, '1', 'Bench clause', '{retention,reallocation,disposal,renovation,repurposing}' FROM d RETURNING id`)
    ).rows;
    const total = CLIENTS * PER_CLIENT;
    const assetIds = (
      await db.query(
        `INSERT INTO asset (code, name, category, current_unit_id, province_code, custodian_id, status, surplus_since, surplus_reason)
      SELECT 'B.' || lpad(g::text, 6, '0'), 'Trụ sở ' || g, 'headquarters', u.id, '08', $1, 'surplus', '2025-07-01', 'bench' FROM generate_series(1, $2) g, admin_unit u WHERE u.code = '00691' RETURNING id`,
        [agencyId, total],
      )
    ).rows.map((r) => r.id);
    const adminToken = (await call('POST', '/auth/login', null, { username: 'admin', password: ADMIN_PASSWORD })).accessToken;
    for (const u of ['bench.a', 'bench.b'])
      await call('POST', '/users', adminToken, { username: u, displayName: u, password: PASSWORD, role: 'officer', provinceCode: '08' });
    const tokenA = (await call('POST', '/auth/login', null, { username: 'bench.a', password: PASSWORD })).accessToken;
    const tokenB = (await call('POST', '/auth/login', null, { username: 'bench.b', password: PASSWORD })).accessToken;

    const lat = { create: [], submit: [], approve: [], start: [], complete: [] };
    const timed = async (name, fn) => {
      const t0 = process.hrtime.bigint();
      const r = await fn();
      lat[name].push(Number(process.hrtime.bigint() - t0) / 1e6);
      return r;
    };
    const idleRss = rssOf(api.pid);
    let peakRss = idleRss;
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, rssOf(api.pid));
    }, 100);
    const deadline = Date.now() + TIME_CAP_MS;
    let errors = 0;
    const started = process.hrtime.bigint();
    await Promise.all(
      Array.from({ length: CLIENTS }, async (_, c) => {
        for (let i = 0; i < PER_CLIENT && Date.now() < deadline; i++) {
          const assetId = assetIds[c * PER_CLIENT + i];
          try {
            const action = await timed('create', () =>
              call('POST', '/actions', tokenA, { assetId, type: 'renovation', method: 'repair', clauseIds: [clauseId], plannedCost: 500_000_000 }),
            );
            await timed('submit', () => call('POST', `/actions/${action.id}/submit`, tokenA, {}));
            await timed('approve', () =>
              call('POST', `/actions/${action.id}/approve`, tokenB, { decisionNo: `${i}/QĐ`, decisionDate: '2025-11-10', decisionAuthority: 'UBND tỉnh' }),
            );
            await timed('start', () => call('POST', `/actions/${action.id}/start`, tokenA, {}));
            await pool.query(
              `INSERT INTO document (kind, province_code, action_id, file_name, media_type, size_bytes, sha256) VALUES ('acceptance_minutes', '08', $1, 'bb.pdf', 'application/pdf', 1, $2)`,
              [action.id, createHash('sha256').update(action.id).digest('hex')],
            );
            await timed('complete', () => call('POST', `/actions/${action.id}/complete`, tokenA, { actualCost: 520_000_000, actualEnd: '2025-11-20' }));
          } catch (err) {
            errors++;
            if (errors < 5) process.stderr.write(`${err.message}\n`);
          }
        }
      }),
    );
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    clearInterval(sampler);
    const transitions = lat.submit.length + lat.approve.length + lat.start.length + lat.complete.length;
    const summary = Object.fromEntries(
      Object.entries(lat).map(([k, v]) => {
        const s = [...v].sort((a, b) => a - b);
        return [k, { n: s.length, p50: Math.round(pct(s, 50)), p95: Math.round(pct(s, 95)), p99: Math.round(pct(s, 99)) }];
      }),
    );
    const [{ n: completed }] = (await db.query(`SELECT count(*)::int AS n FROM asset WHERE status = 'in_use'`)).rows;
    await db.end();
    await pool.end();
    const result = {
      date: new Date().toISOString(),
      machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version },
      clients: CLIENTS,
      assets: total,
      seconds: Math.round(seconds * 10) / 10,
      errors,
      completedAssets: completed,
      transitionsPerSecond: Math.round(transitions / seconds),
      latencyMs: summary,
      rssMiB: { idle: Math.round(idleRss / 2 ** 20), peak: Math.round(peakRss / 2 ** 20) },
    };
    const file = resultFile(`transitions-${result.date.slice(0, 10)}`);
    writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
    process.stdout.write(
      `\n${CLIENTS} clients, ${total} distinct assets, ${result.seconds} s, ${errors} errors, ${completed} assets completed\n` +
        `transitions (submit, approve, start, complete) per second: ${result.transitionsPerSecond}\n\n| step | n | p50 ms | p95 ms | p99 ms |\n|---|---|---|---|---|\n` +
        Object.entries(summary)
          .map(([k, v]) => `| ${k} | ${v.n} | ${v.p50} | ${v.p95} | ${v.p99} |`)
          .join('\n') +
        `\n\nAPI RSS: idle ${result.rssMiB.idle} MiB, peak ${result.rssMiB.peak} MiB\nWrote ${file}\n`,
    );
  } finally {
    api.kill('SIGTERM');
    await new Promise((r) => api.once('exit', r));
    await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`).catch(() => undefined);
    await admin.end();
    if (pg) await pg.stop();
    rmSync(parent, { recursive: true, force: true });
  }
}

main().catch((err) => {
  process.stderr.write(`${err.stack ?? err}\n`);
  process.exit(1);
});
