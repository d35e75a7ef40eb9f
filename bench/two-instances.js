#!/usr/bin/env node
/**
 * The API is stateless: two instances behind a round-robin balancer serve one client as one
 * (run by hand: `npm run bench:two-instances [-- --scale small --seconds 10]`).
 *
 * Clones a benchmark database (vpa_bench_<scale>, built by `npm run bench:data`) into a scratch
 * database, starts two production builds on it, and puts a tiny round-robin TCP balancer in front
 * (node:net, below: each new client connection goes to the next instance). Then:
 * 1. load through the balancer with autocannon: every connection alternates a read
 *    (GET /assets/{id}) and a write (POST /assets with a fresh code); any non-2xx answer fails;
 * 2. cross-instance checks, each instance addressed directly: a token signed in on A is accepted by
 *    B; an asset created on A is read on B; B updates it with the ETag A gave (If-Match), and A sees
 *    the new version; an Idempotency-Key used on A and retried on B answers the same asset, once;
 *    a stale If-Match on A after B's update gets 412; wrong sign-ins sent in turn to A and B are
 *    refused from the 11th on (one login limit, not one per instance).
 * Prints per-instance connections and CPU, the figures, the checks; writes
 * bench/results/two-instances-<date>.json; drops the scratch database.
 *
 * Options: --scale small|national|stress (default: small if built, else national), --seconds N
 * (default 10), --connections N (default 10), --database-url URL, --pg-dir DIR, --pg-port PORT.
 */
const { writeFileSync } = require('node:fs');
const net = require('node:net');
const autocannon = require('autocannon');
const { Client } = require('pg');
const { freePort, machine, openServer, parseArgs, resultFile, withDatabase } = require('./lib/common');
const { ADMIN_PASSWORD, cpuSeconds, startApi, stopApi } = require('./lib/api');
const { importReferences } = require('./lib/import-csv');
const { percentiles, round } = require('./lib/load');

const log = (m) => process.stdout.write(`${m}\n`);

/** A round-robin TCP balancer on 127.0.0.1: each accepted connection is piped to the next backend port. */
function balancer(ports) {
  let next = 0;
  const connections = ports.map(() => 0);
  const server = net.createServer((client) => {
    const k = next++ % ports.length;
    connections[k]++;
    const upstream = net.connect(ports[k], '127.0.0.1');
    const close = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', close).on('close', close);
    upstream.on('error', close).on('close', close);
    client.pipe(upstream).pipe(client);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        port: server.address().port,
        connections,
        close: () =>
          new Promise((r) => {
            server.close(() => r());
          }),
      }),
    ),
  );
}

async function main() {
  const args = parseArgs(process.argv.slice(2), {
    scale: 'value',
    seconds: 'value',
    connections: 'value',
    'database-url': 'value',
    'pg-dir': 'value',
    'pg-port': 'value',
  });
  const seconds = Number(args.seconds ?? 10);
  const connections = Number(args.connections ?? 10);
  const server = await openServer(args, log);
  const admin = new Client({ connectionString: server.url });
  await admin.connect();
  const scratch = `vpa_bench_two_${Date.now().toString(36)}`;
  const apis = [];
  let lb;
  let db;
  const results = { date: new Date().toISOString(), machine: machine(), seconds, connections, checks: {} };
  try {
    const present = new Set((await admin.query(`SELECT datname FROM pg_database WHERE datname LIKE 'vpa_bench_%'`)).rows.map((r) => r.datname));
    const scale = args.scale ?? (present.has('vpa_bench_small') ? 'small' : 'national');
    if (!present.has(`vpa_bench_${scale}`)) throw new Error(`no database vpa_bench_${scale}: run \`npm run bench:data -- --scale ${scale}\` first`);
    results.scale = scale;
    const t = Date.now();
    await admin.query(`CREATE DATABASE ${scratch} TEMPLATE vpa_bench_${scale}`);
    log(`Cloned vpa_bench_${scale} into ${scratch} (${Date.now() - t} ms)`);
    const dbUrl = withDatabase(server.url, scratch);
    db = new Client({ connectionString: dbUrl, application_name: 'vpa-bench-two' });
    await db.connect();
    const province = (await db.query(`SELECT province_code FROM asset GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1`)).rows[0].province_code;
    const refs = await importReferences(db, [province]);
    const custodians = new Map(
      (await db.query(`SELECT code, id FROM agency WHERE province_code = $1 AND status = 'active'`, [province])).rows.map((r) => [r.code, r.id]),
    );
    const ids = (await db.query(`SELECT id FROM asset ORDER BY md5(id::text) LIMIT 2000`)).rows.map((r) => r.id);

    for (let k = 0; k < 2; k++) apis.push(await startApi({ databaseUrl: dbUrl, port: await freePort() }));
    // Each start with ADMIN_PASSWORD resets the admin (tokensValidAfter = now): sign in again once both are up.
    const login = await fetch(`${apis[0].base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
    });
    if (login.status !== 200) throw new Error(`sign-in on A failed: ${login.status}`);
    const token = (await login.json()).accessToken;
    lb = await balancer(apis.map((a) => Number(new URL(a.base).port)));
    const base = `http://127.0.0.1:${lb.port}`;
    log(`Two API instances (pids ${apis.map((a) => a.pid).join(', ')}) behind the balancer on ${base}`);

    const tag = `TWO${Date.now().toString(36).toUpperCase()}`;
    let n = 0;
    const body = () => {
      const ref = refs[n % refs.length];
      n++;
      return JSON.stringify({
        code: `${province}.${tag}.${String(n).padStart(6, '0')}`,
        name: `Nhà văn hóa thôn ${n} (kiểm thử hai phiên bản)`,
        category: 'public_service_facility',
        currentUnit: { era: 'new', level: 'commune', code: ref.commune },
        originUnit: { era: 'old', level: 'commune', code: ref.old_communes[0] },
        custodianId: custodians.get(ref.custodian),
        landArea: 500,
        floorArea: 200,
        yearBuilt: 2001,
        originalCost: 1_500_000_000,
        remainingValue: 600_000_000,
        condition: 'fair',
      });
    };

    // 1. Load through the balancer: reads and writes alternate on every connection.
    let r = 0;
    const latencies = [];
    const statuses = {};
    const cpu0 = apis.map((a) => cpuSeconds(a.pid));
    const load = await new Promise((resolve, reject) => {
      const instance = autocannon(
        {
          url: base,
          connections,
          duration: seconds,
          timeout: 30,
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          requests: [
            { method: 'GET', setupRequest: (req) => ({ ...req, path: `/api/v1/assets/${ids[r++ % ids.length]}` }) },
            { method: 'POST', setupRequest: (req) => ({ ...req, path: '/api/v1/assets', body: body() }) },
          ],
        },
        (err, res) => (err ? reject(err) : resolve(res)),
      );
      instance.on('response', (client, statusCode, bytes, ms) => {
        latencies.push(ms);
        statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
      });
    });
    const cpu = apis.map((a, k) => round(cpuSeconds(a.pid) - cpu0[k], 2));
    const created = (await db.query(`SELECT count(*)::int AS n FROM asset WHERE code LIKE $1`, [`%.${tag}.%`])).rows[0].n;
    results.load = {
      requests: load.requests.total,
      requestsPerSecond: round(load.requests.total / seconds),
      latencyMs: percentiles(latencies),
      statuses,
      non2xx: load.non2xx,
      errors: load.errors,
      timeouts: load.timeouts,
      created,
      connectionsPerInstance: lb.connections,
      apiCpuSeconds: cpu,
    };
    log(
      `Load: ${results.load.requests} requests (${results.load.requestsPerSecond}/s, half of them writes), statuses ${JSON.stringify(statuses)}, ${load.errors} errors, ${load.timeouts} timeouts; ` +
        `${created} assets created; connections per instance ${lb.connections.join(' / ')}, CPU per instance ${cpu.join(' s / ')} s`,
    );

    // 2. Cross-instance checks, each instance addressed directly.
    const [A, B] = apis;
    const call = async (api, method, path, { json, headers = {} } = {}) => {
      const res = await fetch(api.base + path, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(json ? { 'content-type': 'application/json' } : {}), ...headers },
        body: json ? JSON.stringify(json) : undefined,
      });
      return { status: res.status, etag: res.headers.get('etag'), body: await res.json().catch(() => null) };
    };
    const check = (name, ok, detail) => {
      results.checks[name] = { ok: !!ok, detail };
      log(`  ${ok ? 'ok  ' : 'FAIL'} ${name}: ${detail}`);
    };
    const tokenOnB = await call(B, 'GET', `/api/v1/assets/${ids[0]}`);
    check('token signed in on A accepted by B', tokenOnB.status === 200, `GET on B with A's token → ${tokenOnB.status}`);
    const made = await call(A, 'POST', '/api/v1/assets', { json: JSON.parse(body()) });
    const readB = await call(B, 'GET', `/api/v1/assets/${made.body?.id}`);
    check(
      'created on A, read on B',
      made.status === 201 && readB.status === 200 && readB.body?.code === made.body?.code,
      `POST on A → ${made.status}, GET on B → ${readB.status} (${readB.body?.code})`,
    );
    const etagA = readB.etag ?? made.etag ?? `"${made.body?.version}"`;
    const patchB = await call(B, 'PATCH', `/api/v1/assets/${made.body?.id}`, { json: { notes: 'Sửa trên phiên bản B' }, headers: { 'if-match': etagA } });
    const readA = await call(A, 'GET', `/api/v1/assets/${made.body?.id}`);
    check(
      "updated on B with A's ETag, seen on A",
      patchB.status === 200 && readA.body?.notes === 'Sửa trên phiên bản B' && readA.body?.version === patchB.body?.version,
      `PATCH on B → ${patchB.status}, GET on A → version ${readA.body?.version}, notes "${readA.body?.notes}"`,
    );
    const stale = await call(A, 'PATCH', `/api/v1/assets/${made.body?.id}`, { json: { notes: 'ghi đè' }, headers: { 'if-match': etagA } });
    check("stale If-Match on A after B's update → 412", stale.status === 412, `PATCH on A with the old ETag → ${stale.status}`);
    const key = `two-instances-${tag}`;
    const once = JSON.parse(body());
    const first = await call(A, 'POST', '/api/v1/assets', { json: once, headers: { 'idempotency-key': key } });
    const retry = await call(B, 'POST', '/api/v1/assets', { json: once, headers: { 'idempotency-key': key } });
    const copies = (await db.query(`SELECT count(*)::int AS n FROM asset WHERE code = $1`, [once.code])).rows[0].n;
    check(
      'Idempotency-Key used on A, retried on B: one asset',
      first.status === 201 && retry.body?.id === first.body?.id && copies === 1,
      `A → ${first.status} ${first.body?.id}, B → ${retry.status} ${retry.body?.id}; ${copies} row(s)`,
    );
    // The login limit (LOGIN_RATE_LIMIT, default 10 a minute per address and username) is one limit, not one per instance.
    const wrong = (api) =>
      fetch(`${api.base}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: `nobody.${tag}`, password: 'wrong-password' }),
      }).then((r) => r.status);
    const attempts = [];
    for (let k = 0; k < 12; k++) attempts.push(await wrong(k % 2 === 0 ? A : B));
    check(
      'wrong sign-ins split over A and B share one limit',
      attempts.slice(0, 10).every((s) => s === 401) && attempts.slice(10).every((s) => s === 429),
      `statuses in turn on A, B, A, …: ${attempts.join(' ')}`,
    );

    const failedChecks = Object.entries(results.checks)
      .filter(([, c]) => !c.ok)
      .map(([k]) => k);
    results.ok = load.non2xx === 0 && load.errors === 0 && failedChecks.length === 0 && lb.connections.every((c) => c > 0);
    const file = resultFile(`two-instances-${results.date.slice(0, 10)}`);
    writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
    log(
      `\n${results.ok ? 'Stateless: both instances served the load with no error, and every cross-instance check held.' : `NOT proven: ${load.non2xx} non-2xx, ${load.errors} errors, failed checks: ${failedChecks.join(', ') || 'none'}`}\nWrote ${file}`,
    );
    if (!results.ok) process.exitCode = 1;
  } finally {
    await lb?.close();
    for (const a of apis) await stopApi(a);
    await db?.end().catch(() => undefined);
    await admin.query(`DROP DATABASE IF EXISTS ${scratch} WITH (FORCE)`).catch(() => undefined);
    await admin.end();
    await server.stop();
  }
}

main().catch((err) => {
  process.stderr.write(`${err.stack ?? err}\n`);
  process.exit(1);
});
