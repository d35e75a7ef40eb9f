#!/usr/bin/env node
/**
 * Start-up and unit-import benchmark (run by hand: `npm run bench:startup`).
 * - time from `npm start` to GET /health/ready answering 200, on a fresh and on an existing
 *   embedded data directory;
 * - time to import the full real unit dataset (../shared/data/vn-admin-2025) over HTTP, first
 *   import and idempotent re-import.
 * Writes bench/results/startup-<date>.json and prints a table.
 */
const { spawn, execFileSync } = require('node:child_process');
const { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const os = require('node:os');
const { join } = require('node:path');

const root = join(__dirname, '..');
const { freePort, resultFile, sleep } = require('./lib/common');
const dataset = join(root, '..', 'shared', 'data', 'vn-admin-2025');
const ADMIN_PASSWORD = 'bench-admin-password';

async function startAndWait(env) {
  const started = process.hrtime.bigint();
  const child = spawn('npm', ['start', '--silent'], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the API exited (${child.exitCode}): ${stderr}`);
    try {
      const res = await fetch(`http://127.0.0.1:${env.PORT}/health/ready`);
      if (res.status === 200) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) throw new Error('not ready after 60 s');
    await sleep(20);
  }
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  return { ms, child };
}

async function stop(child) {
  const exited = new Promise((r) => child.once('exit', r));
  process.kill(-child.pid, 'SIGTERM');
  await Promise.race([exited, sleep(15_000)]);
}

async function importUnits(port) {
  const login = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
  });
  const { accessToken } = await login.json();
  const form = new FormData();
  for (const name of ['units', 'lineage', 'clauses']) form.append(name, new Blob([readFileSync(join(dataset, `${name}.csv`))]), `${name}.csv`);
  const started = process.hrtime.bigint();
  const res = await fetch(`http://127.0.0.1:${port}/api/v1/units/import`, { method: 'POST', headers: { authorization: `Bearer ${accessToken}` }, body: form });
  const body = await res.json();
  if (res.status !== 200) throw new Error(`import failed: ${res.status} ${JSON.stringify(body).slice(0, 500)}`);
  return { ms: Number(process.hrtime.bigint() - started) / 1e6, body };
}

async function main() {
  execFileSync(process.execPath, [join(root, 'scripts', 'build-if-needed.js')], { stdio: 'inherit' });
  const parent = mkdtempSync(join(os.tmpdir(), 'vpa-bench-'));
  chmodSync(parent, 0o755);
  const env = {
    EMBEDDED_PG_DIR: join(parent, 'pg'),
    EMBEDDED_PG_PORT: String(await freePort()),
    PORT: String(await freePort()),
    ADMIN_PASSWORD,
    LOG_LEVEL: 'warn',
    NODE_ENV: 'production',
    JWT_SECRET: 'bench-secret-bench-secret-bench-secret-0123',
  };
  delete process.env.DATABASE_URL;
  const results = {
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version },
    runs: {},
  };
  try {
    const fresh = await startAndWait(env);
    results.runs.startFreshDataDirMs = Math.round(fresh.ms);
    if (existsSync(join(dataset, 'units.csv'))) {
      const first = await importUnits(env.PORT);
      const again = await importUnits(env.PORT);
      results.runs.importRealUnitsMs = Math.round(first.ms);
      results.runs.importRealUnitsCounts = first.body.units;
      results.runs.reimportUnchangedMs = Math.round(again.ms);
      results.runs.reimportChanged = again.body.changed;
    } else {
      results.runs.importRealUnitsMs = null;
      results.runs.note = 'real dataset not found beside the repository';
    }
    await stop(fresh.child);
    const existing = await startAndWait(env);
    results.runs.startExistingDataDirMs = Math.round(existing.ms);
    await stop(existing.child);
  } finally {
    rmSync(parent, { recursive: true, force: true });
  }
  const file = resultFile(`startup-${results.date.slice(0, 10)}`);
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  const r = results.runs;
  process.stdout.write(
    `\n| measurement | result | target |\n|---|---|---|\n` +
      `| npm start → /health/ready, fresh data directory | ${r.startFreshDataDirMs} ms | < 10 s |\n` +
      `| npm start → /health/ready, existing data directory | ${r.startExistingDataDirMs} ms | < 10 s |\n` +
      `| import of the real unit dataset (14,161 units, 10,662 lineage rows) | ${r.importRealUnitsMs} ms | < 20 s |\n` +
      `| re-import, nothing changed | ${r.reimportUnchangedMs} ms | |\n\nWrote ${file}\n`,
  );
}

main().catch((err) => {
  process.stderr.write(`${err.stack ?? err}\n`);
  process.exit(1);
});
