/**
 * The two floors the API's figures are compared with (issue #7, point 3):
 * - capture(): the API started once with bench/floor/capture.js preloaded; each named request is
 *   made twice (the first warms caches and one-time statements) and the statements the second one
 *   sent are kept, with the request's own value (the asset id) remembered for substitution;
 * - startFloor(): bench/floor/server.js (bare node:http + pg) serving those statements;
 * - sqlFloor(): the same statements straight through pg, no HTTP, `connections` at a time for
 *   `seconds` (read-only statements: the SQL floor of a list page or of a report).
 */
const { spawn } = require('node:child_process');
const { rmSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { Pool } = require('pg');
const { root } = require('../lib/common');
const { startApi, stopApi } = require('../lib/api');
const { percentiles, round } = require('../lib/load');
const { readCapture, readOnly, runStatements } = require('./replay');

/**
 * `requests`: [{ name, path, sample? }]. Returns { [name]: { path, status, sample, statements } };
 * a request that does not answer 200 is kept with its status and no statements.
 */
async function capture({ databaseUrl, port, requests, file }) {
  rmSync(file, { force: true });
  const api = await startApi({ databaseUrl, port, nodeArgs: ['--require', join(__dirname, 'capture.js')], extraEnv: { BENCH_SQL_CAPTURE: file } });
  const out = {};
  try {
    for (const r of requests) {
      let status = 0;
      let from = 0;
      for (let k = 0; k < 2; k++) {
        from = readCapture(file).count;
        const res = await fetch(api.base + r.path, { headers: { authorization: `Bearer ${api.token}` } });
        status = res.status;
        await res.arrayBuffer();
      }
      const statements =
        status === 200
          ? readCapture(file, from)
              .lines.filter((l) => l.url === r.path)
              .map((l) => ({ text: l.text, params: l.params }))
          : [];
      out[r.name] = { path: r.path, status, sample: r.sample, statements };
    }
  } finally {
    await stopApi(api);
  }
  return out;
}

/** Starts the floor server on a free port with the captured statements; resolves to { base, pid, stop }. */
async function startFloor({ databaseUrl, captured, file = join(root, '.data', 'bench-floor-statements.json') }) {
  writeFileSync(file, JSON.stringify(captured));
  const child = spawn(process.execPath, [join(__dirname, 'server.js'), '--database-url', databaseUrl, '--statements', file, '--port', '0'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise((resolve, reject) => {
    let buf = '';
    child.stdout.on('data', (d) => {
      buf += d;
      const m = /listening (\d+)/.exec(buf);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`the floor server exited (${code})`)));
  });
  return {
    base: `http://127.0.0.1:${port}`,
    pid: child.pid,
    stop: () =>
      new Promise((r) => {
        if (child.exitCode !== null) return r();
        child.once('exit', r);
        child.kill('SIGTERM');
      }),
  };
}

/** Runs `statements` (read-only ones) `connections` at a time for `seconds`; throughput and latency of one whole set. */
async function sqlFloor({ databaseUrl, statements, seconds = 10, connections = 1, warmupSeconds = 1, minRuns = 3 }) {
  const reads = readOnly(statements);
  if (reads.length === 0) throw new Error('no read-only statement was captured');
  const pool = new Pool({ connectionString: databaseUrl, max: connections, application_name: 'vpa-bench-sql-floor' });
  try {
    const loop = async (until, latencies) => {
      const client = await pool.connect();
      try {
        while (Date.now() < until || (latencies && latencies.length < minRuns)) {
          const t = process.hrtime.bigint();
          await runStatements(client, reads);
          latencies?.push(Number(process.hrtime.bigint() - t) / 1e6);
        }
      } finally {
        client.release();
      }
    };
    const warm = Date.now() + warmupSeconds * 1000;
    await Promise.all(Array.from({ length: connections }, () => loop(warm)));
    const latencies = [];
    const t0 = Date.now();
    await Promise.all(Array.from({ length: connections }, () => loop(t0 + seconds * 1000, latencies)));
    const elapsed = (Date.now() - t0) / 1000;
    return { statements: reads.length, connections, runs: latencies.length, perSecond: round(latencies.length / elapsed), latencyMs: percentiles(latencies) };
  } finally {
    await pool.end();
  }
}

module.exports = { capture, startFloor, sqlFloor };
