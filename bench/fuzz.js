#!/usr/bin/env node
/**
 * The larger fuzz run (issue #9; the CI one is test/e2e/fuzz.e2e-spec.ts, with the same generator,
 * test/support/fuzz.ts): mutated requests for every operation of openapi.json and every role, until
 * `--requests` have been sent or `--minutes` have passed, `--concurrency` at a time.
 *
 *   npm run bench:fuzz                                   # its own API and embedded PostgreSQL, then both stopped
 *   npm run bench:fuzz -- --requests 200000 --minutes 30 --seed 42
 *   npm run bench:fuzz -- --url http://127.0.0.1:3000 --admin-password '…'   # a running, disposable installation
 *
 * Without --url it starts the production build (dist/src/main.js) on 127.0.0.1 with a fresh embedded
 * PostgreSQL in a temporary folder (deleted afterwards) and loads the built-in small unit set. With
 * --url it fuzzes that server, which must listen on the loopback interface and have province 08's
 * units (`npm run cli -- demo:seed`); it creates users and records there, so never point it at real data.
 *
 * Every answer must be below 500 and every 4xx a problem (application/problem+json with type, title and
 * status); the server must still answer /health/live and /health/ready at the end. Prints the seed;
 * writes bench/results/fuzz-<date>.json; exit status 1 when anything failed.
 */
const { spawn } = require('node:child_process');
const { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const os = require('node:os');
const { join } = require('node:path');
const { dist, freePort, machine, parseArgs, resultFile, root, sleep } = require('./lib/common');

require(join(root, 'test', 'support', 'ts-register.js'));
const { checkResponse, describeRequest, multipartBody, requestStream, setupFixtures, urlOf } = require(join(root, 'test', 'support', 'fuzz.ts'));

const ADMIN_PASSWORD = 'bench-fuzz-admin-password';
const ROLES = ['admin', 'officer', 'inspector', 'viewer', 'anonymous'];
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

async function startOwnApi(log) {
  const dir = mkdtempSync(join(os.tmpdir(), 'vpa-fuzz-'));
  chmodSync(dir, 0o755);
  const port = await freePort();
  const env = { ...process.env };
  for (const k of ['DATABASE_URL', 'ADMIN_USERNAME', 'CORS_ORIGINS']) delete env[k];
  Object.assign(env, {
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(port),
    EMBEDDED_PG_DIR: join(dir, 'pg'),
    EMBEDDED_PG_PORT: String(await freePort()),
    DOCUMENTS_DIR: join(dir, 'documents'),
    SPOOL_DIR: join(dir, 'spool'),
    ADMIN_PASSWORD,
    JWT_SECRET: 'bench-fuzz-secret-bench-fuzz-secret-0123',
    LOG_LEVEL: 'error',
  });
  const child = spawn(process.execPath, ['--max-old-space-size=256', join(dist, 'src', 'main.js')], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let errors = 0;
  let tail = '';
  const keep = (d) => {
    const text = String(d);
    errors += (text.match(/"level":50/g) ?? []).length;
    tail = (tail + text).slice(-20_000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the API exited (${child.exitCode}):\n${tail}`);
    try {
      if ((await fetch(`${base}/health/ready`)).status === 200) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the API was not ready after 120 s:\n${tail}`);
    }
    await sleep(100);
  }
  log(`API started on ${base} (embedded PostgreSQL in ${dir})`);
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      if (!(await Promise.race([exited.then(() => true), sleep(20_000).then(() => false)]))) {
        child.kill('SIGKILL');
        await exited;
      }
    }
    rmSync(dir, { recursive: true, force: true });
  };
  return { base, stop, alive: () => child.exitCode === null, loggedErrors: () => errors, logTail: () => tail };
}

/** One request over fetch; the body is read to its end, so a connection dropped mid-stream is an error. */
async function send(base, r, token) {
  const headers = { ...r.headers };
  if (token && !('Authorization' in headers)) headers.Authorization = `Bearer ${token}`;
  let body;
  if (r.body?.kind === 'json') {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(r.body.value);
  } else if (r.body?.kind === 'raw') {
    if (r.body.contentType !== undefined) headers['Content-Type'] = r.body.contentType;
    body = r.body.data;
  }
  try {
    const res = await fetch(base + urlOf(r), { method: r.method, headers, body, redirect: 'manual', signal: AbortSignal.timeout(60_000) });
    const buf = Buffer.from(await res.arrayBuffer());
    return { status: res.status, headers: Object.fromEntries(res.headers), text: res.status >= 400 ? buf.toString('utf8') : '' };
  } catch (err) {
    return { status: 0, headers: {}, text: '', error: `${err.name}: ${err.message}${err.cause ? ` (${err.cause.code ?? err.cause.message})` : ''}` };
  }
}

async function main() {
  const args = parseArgs(process.argv.slice(2), {
    url: 'value',
    'admin-user': 'value',
    'admin-password': 'value',
    requests: 'value',
    minutes: 'value',
    seed: 'value',
    concurrency: 'value',
  });
  const maxRequests = Number(args.requests ?? 30_000);
  const maxMs = Number(args.minutes ?? 10) * 60_000;
  const concurrency = Number(args.concurrency ?? 4);
  const seed = Number(args.seed ?? Math.floor(Math.random() * 2 ** 31));
  for (const [k, v] of [
    ['requests', maxRequests],
    ['minutes', maxMs],
    ['concurrency', concurrency],
    ['seed', seed],
  ]) {
    if (!Number.isSafeInteger(v) || v < 0 || (k !== 'seed' && v === 0)) throw new Error(`--${k} must be a positive whole number`);
  }
  if (maxRequests > 2_000_000 || maxMs > 6 * 3_600_000 || concurrency > 64)
    throw new Error('bounded run: at most --requests 2000000, --minutes 360, --concurrency 64');
  const log = (m) => process.stdout.write(`${m}\n`);
  log(`bench:fuzz seed ${seed} (run again with --seed ${seed}); at most ${maxRequests} requests or ${maxMs / 60_000} min, ${concurrency} at a time`);

  let api;
  let adminToken;
  if (args.url) {
    const u = new URL(args.url);
    if (!LOOPBACK.has(u.hostname))
      throw new Error(`--url must be a loopback address (127.0.0.1, localhost, ::1), not ${u.hostname}: the fuzzer writes junk records`);
    const password = args['admin-password'] ?? process.env.FUZZ_ADMIN_PASSWORD;
    if (!password) throw new Error('--admin-password (or FUZZ_ADMIN_PASSWORD) is needed with --url');
    const base = u.origin;
    const res = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: args['admin-user'] ?? 'admin', password }),
    });
    if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
    adminToken = (await res.json()).accessToken;
    api = { base, stop: async () => undefined, alive: () => true, loggedErrors: () => null, logTail: () => '' };
  } else {
    api = await startOwnApi(log);
    const login = await fetch(`${api.base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
    });
    adminToken = (await login.json()).accessToken;
    const { builtInUnitFiles } = require(join(dist, 'src', 'demo', 'demo-units.js'));
    const files = builtInUnitFiles();
    const boundary = '----fuzzunits';
    const form = multipartBody(
      ['units', 'lineage', 'clauses'].map((name) => ({ name, filename: `${name}.csv`, contentType: 'text/csv', data: files[`${name}.csv`] })),
      boundary,
    );
    const imported = await fetch(`${api.base}/api/v1/units/import`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': `multipart/form-data; boundary=${boundary}` },
      body: form,
    });
    if (imported.status !== 200) throw new Error(`unit import failed: ${imported.status} ${await imported.text()}`);
  }

  const results = {
    date: new Date().toISOString(),
    machine: machine(),
    seed,
    target: args.url ? 'given server' : 'own server',
    requests: 0,
    seconds: 0,
    statuses: {},
    perOperation: {},
    failures: [],
    failureCount: 0,
    alive: null,
  };
  try {
    // The fixtures are made through the API itself (users of each role, an asset, an action, …).
    const callWithBody = async (c) => {
      const headers = {};
      if (c.token) headers.authorization = `Bearer ${c.token}`;
      let body;
      if (c.raw) {
        headers['content-type'] = c.raw.contentType;
        body = c.raw.data;
      } else if (c.json !== undefined) {
        headers['content-type'] = 'application/json';
        body = JSON.stringify(c.json);
      }
      const res = await fetch(api.base + c.path, { method: c.method, headers, body });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : null };
    };
    const { tokens, fixtures } = await setupFixtures(callWithBody, adminToken, `B${seed.toString(36)}${Date.now().toString(36)}`);
    const doc = JSON.parse(readFileSync(join(root, 'openapi.json'), 'utf8'));
    const perOperation = Math.ceil(
      maxRequests /
        Object.values(doc.paths).reduce((n, item) => n + Object.keys(item).filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m)).length, 0),
    );
    const stream = requestStream(doc, { seed, perOperation, roles: ROLES, fixtures });
    const started = Date.now();
    let stopReason = 'all requests sent';
    let lastReport = started;
    const worker = async () => {
      for (;;) {
        if (results.requests >= maxRequests) return;
        if (Date.now() - started > maxMs) {
          stopReason = 'time limit';
          return;
        }
        if (!api.alive()) {
          stopReason = 'the API process died';
          return;
        }
        const next = stream.next();
        if (next.done) return;
        const r = next.value;
        results.requests++;
        const res = await send(api.base, r, 'Authorization' in r.headers ? null : tokens[r.role]);
        const cls = res.status ? `${String(res.status)[0]}xx` : 'no answer';
        results.statuses[cls] = (results.statuses[cls] ?? 0) + 1;
        const op = (results.perOperation[r.op] ??= { requests: 0, '2xx': 0, '4xx': 0, failures: 0 });
        op.requests++;
        if (res.status >= 200 && res.status < 300) op['2xx']++;
        if (res.status >= 400 && res.status < 500) op['4xx']++;
        const fault = checkResponse(res);
        if (fault) {
          op.failures++;
          results.failureCount++;
          if (results.failures.length < 500) results.failures.push({ fault, request: describeRequest(r), answer: res.text.slice(0, 500) });
          log(`FAIL ${fault}: ${describeRequest(r)}`);
        }
        if (Date.now() - lastReport > 10_000) {
          lastReport = Date.now();
          log(
            `  ${results.requests} requests, ${Math.round((Date.now() - started) / 1000)} s, ${JSON.stringify(results.statuses)}, ${results.failureCount} failure(s)`,
          );
        }
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    results.seconds = Math.round((Date.now() - started) / 100) / 10;
    results.stopReason = stopReason;
    const live = await fetch(`${api.base}/health/live`).then(
      (r) => r.status,
      () => 0,
    );
    const ready = await fetch(`${api.base}/health/ready`).then(
      (r) => r.status,
      () => 0,
    );
    results.alive = live === 200 && ready === 200;
    results.loggedErrors = api.loggedErrors();
    if (!results.alive) results.failureCount++;
  } finally {
    if (!api.alive()) results.logTail = api.logTail();
    await api.stop();
  }
  const file = resultFile(`fuzz-${results.date.slice(0, 10)}`);
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  log(
    `bench:fuzz seed ${seed}: ${results.requests} requests in ${results.seconds} s (${results.stopReason}), answers ${JSON.stringify(results.statuses)}, ` +
      `${results.failureCount} failure(s), server ${results.alive ? 'alive and ready' : 'NOT answering'}${results.loggedErrors ? `, ${results.loggedErrors} error(s) in its log` : ''}; ${file}`,
  );
  process.exitCode = results.failureCount > 0 ? 1 : 0;
}

main().catch((err) => {
  process.stderr.write(`${err.stack ?? err}\n`);
  process.exitCode = 1;
});
