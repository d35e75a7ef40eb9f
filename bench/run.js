#!/usr/bin/env node
/**
 * Inventory benchmark (run by hand: `npm run bench [-- --scale national]`, after `npm run bench:data`).
 * Starts the production build against the benchmark database on 127.0.0.1, signs in as admin and
 * measures, each scenario bounded in time (autocannon, 10 connections, 10 s after a 2 s warm-up):
 * asset by id (in alternating rounds with its floor, after a 10 s warm-up); list by province and
 * status (page 1 and a deep page), and national by status (page 1 and page 1,000), each pair in
 * alternating rounds; accent-free search; the province GeoJSON; the
 * national CSV export on a freshly restarted API (time, rows/s, peak RSS against idle RSS); the
 * import of 100,000 new rows (removed afterwards). The API's RSS is sampled every 100 ms, and the CPU
 * other processes take meanwhile is recorded. The status report (national JSON as of today and as of
 * 2025-10-01, XLSX, PDF) is timed when the build has it. Floors, in the same run: the API is first
 * started once with bench/floor/capture.js to record the statements each read scenario and the
 * report send; bench/floor/server.js (bare node:http + pg) replays them under the same load (the
 * framework-free floor), and the read-only ones are also run straight through pg (the SQL floor).
 * Writes bench/results/<date>.json and prints a Markdown table (figure, floor, ratio, target, met?).
 *
 * Options: --scale small|national|stress, --database-url URL, --pg-dir DIR, --pg-port PORT,
 * --seconds N (default 10), --connections N (default 10), --province XX, --import-rows N (default 100000),
 * --quiet-wait S (before each scenario, wait up to S seconds for other processes to leave the CPUs under 15% busy),
 * --skip search,geojson,reports,export,import (leave those scenarios out, e.g. for a quick smoke test),
 * --table FILE (print the table of an earlier results file, measuring nothing).
 */
const { readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { Client } = require('pg');
const {
  root,
  busyPercent,
  freePort,
  machine,
  machineBusy,
  machineCpu,
  openServer,
  ownTicks,
  parentOf,
  ticksBetween,
  parseArgs,
  readState,
  resultFile,
  scaleOf,
  sleep,
  withDatabase,
} = require('./lib/common');
const { cpuSeconds, startApi, stopApi, rssSampler } = require('./lib/api');
const { download, pair, percentiles, repeat, round, scenario } = require('./lib/load');
const { importCsv, importReferences, searchIndexMerge } = require('./lib/import-csv');
const { capture, sqlFloor, startFloor } = require('./floor/floors');
const { reportScenarios } = require('./lib/reports');

const log = (m) => process.stdout.write(`${m}\n`);
const PAGE = 50;
/** Warm-up of the first scenario the freshly started API serves (the others get the usual 2 s). */
const FIRST_WARMUP_SECONDS = 10;
const SEARCH = 'tru so ubnd huyen';
const cursorOf = (code) => Buffer.from(JSON.stringify([code]), 'utf8').toString('base64url');
const lat = (r) => `p50 ${r.latencyMs.p50} / p95 ${r.latencyMs.p95} / p99 ${r.latencyMs.p99} ms`;

/** The cursor that opens page `page` of a list in code order (the code of the last row of the page before). */
async function deepCursor(db, where, params, page) {
  const { rows } = await db.query(`SELECT code FROM asset a WHERE ${where} ORDER BY code OFFSET $${params.length + 1} LIMIT 1`, [
    ...params,
    (page - 1) * PAGE - 1,
  ]);
  return rows[0]?.code;
}

async function main() {
  const args = parseArgs(process.argv.slice(2), {
    scale: 'value',
    'database-url': 'value',
    'pg-dir': 'value',
    'pg-port': 'value',
    seconds: 'value',
    connections: 'value',
    province: 'value',
    'import-rows': 'value',
    'quiet-wait': 'value',
    skip: 'value',
    table: 'value',
  });
  if (args.table) {
    log(table(JSON.parse(readFileSync(args.table, 'utf8'))));
    return;
  }
  const skip = new Set((args.skip ?? '').split(',').filter(Boolean));
  const scale = scaleOf(args.scale);
  const load = { seconds: Number(args.seconds ?? 10), connections: Number(args.connections ?? 10), warmupSeconds: 2 };
  const importRows = Number(args['import-rows'] ?? 100_000);
  const quietWait = Number(args['quiet-wait'] ?? 0);
  const state = readState();
  const results = { date: new Date().toISOString(), machine: machine(), scale: scale.name, load, data: state.databases?.[scale.name] ?? null, scenarios: {} };
  const server = await openServer(args, log);
  const dbUrl = withDatabase(server.url, `vpa_bench_${scale.name}`);
  const db = new Client({ connectionString: dbUrl, application_name: 'vpa-bench-run' });
  let api;
  let sampler;
  let floor;
  // Interrupted: stop the API child and PostgreSQL before leaving.
  for (const signal of ['SIGINT', 'SIGTERM'])
    process.once(
      signal,
      () =>
        void Promise.all([stopApi(api), floor?.stop()])
          .finally(() => server.stop())
          .finally(() => process.exit(130)),
    );
  try {
    await db.connect().catch((err) => {
      throw new Error(`cannot open vpa_bench_${scale.name} (${err.message}); run \`npm run bench:data -- --scale ${scale.name}\` first`);
    });
    const {
      rows: [counts],
    } = await db.query(
      `SELECT (SELECT count(*)::int FROM asset) AS assets, (SELECT count(*)::int FROM event) AS events, pg_size_pretty(pg_database_size(current_database())) AS size, current_setting('server_version') AS postgres, current_setting('shared_buffers') AS shared_buffers`,
    );
    results.database = counts;
    const province =
      args.province ??
      (await db.query(`SELECT province_code FROM asset WHERE status = 'in_use' GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1`)).rows[0].province_code;
    const {
      rows: [{ n: provinceInUse }],
    } = await db.query(`SELECT count(*)::int AS n FROM asset WHERE province_code = $1 AND status = 'in_use'`, [province]);
    const ids = (await db.query(`SELECT id FROM asset ORDER BY md5(id::text) LIMIT 10000`)).rows.map((r) => r.id);
    // A steady state whatever ran before (an earlier run's import leaves autovacuum work behind).
    const tv = Date.now();
    await db.query('VACUUM (ANALYZE)');
    results.vacuumAtStartMs = Date.now() - tv;

    if (quietWait > 0) {
      const until = Date.now() + quietWait * 1000;
      let busy = await machineBusy(2000);
      while (busy > 15 && Date.now() < until) {
        log(`the machine is ${busy}% busy (other processes); waiting for it to calm down…`);
        busy = await machineBusy(5000);
      }
      results.machineBusyAtStartPercent = busy;
    }
    // The statements the API sends for each read scenario and the report: captured once, replayed by the floors.
    const provList = `/api/v1/assets?province=${province}&status=in_use&limit=${PAGE}`;
    const deepPage = Math.min(1000, Math.floor(provinceInUse / PAGE));
    const provCursor = await deepCursor(db, 'province_code = $1 AND status = $2', [province, 'in_use'], deepPage);
    const {
      rows: [{ n: nationalInUse }],
    } = await db.query(`SELECT count(*)::int AS n FROM asset WHERE status = 'in_use'`);
    const natPage = Math.min(1000, Math.floor(nationalInUse / PAGE)); // 1,000 from the national scale up
    const natCursor = await deepCursor(db, 'status = $1', ['in_use'], natPage);
    const paths = {
      assetById: `/api/v1/assets/${ids[0]}`,
      listProvincePage1: provList,
      listProvinceDeep: `${provList}&cursor=${cursorOf(provCursor)}`,
      listNationalPage1: `/api/v1/assets?status=in_use&limit=${PAGE}`,
      listNationalPage1000: `/api/v1/assets?status=in_use&limit=${PAGE}&cursor=${cursorOf(natCursor)}`,
      ...Object.fromEntries(reportScenarios().map((x) => [x.name, x.path])),
    };
    const apiPort = await freePort();
    const captured = await capture({
      databaseUrl: dbUrl,
      port: apiPort,
      file: join(root, '.data', 'bench-sql-capture.jsonl'),
      requests: Object.entries(paths).map(([name, path]) => ({ name, path, sample: name === 'assetById' ? ids[0] : undefined })),
    });
    results.capturedSql = Object.fromEntries(
      Object.entries(captured).map(([k, v]) => [
        k,
        { path: v.path, status: v.status, statements: v.statements.map((x) => ({ text: x.text.replace(/\s+/g, ' ').trim(), params: x.params })) },
      ]),
    );
    log(
      `Captured the API's SQL: ${Object.entries(captured)
        .map(([k, v]) => `${k} ${v.statements.length}${v.status === 200 ? '' : ` (HTTP ${v.status})`}`)
        .join(', ')}`,
    );
    floor = await startFloor({
      databaseUrl: dbUrl,
      captured: Object.fromEntries(Object.entries(captured).filter(([k]) => k.startsWith('asset') || k.startsWith('list'))),
    });
    results.floors = { server: {}, sql: {} };
    api = await startApi({ databaseUrl: dbUrl, port: apiPort });
    results.api = { readyMs: api.readyMs, pid: api.pid };
    sampler = rssSampler(api.pid);
    await sleep(1000);
    results.api.idleRssAfterStartMb = round(sampler.now());
    log(
      `API ready in ${api.readyMs} ms (pid ${api.pid}, RSS ${results.api.idleRssAfterStartMb} MB); ${counts.assets.toLocaleString('en')} assets, province ${province} has ${provinceInUse.toLocaleString('en')} in use\n`,
    );
    const base = api.base;
    // Each scenario records the API's peak RSS and CPU use, and the CPU other processes took meanwhile
    // (the machine's busy time minus the API's, this script's and the PostgreSQL server's).
    const pgParent = parentOf((await db.query('SELECT pg_backend_pid() AS pid')).rows[0].pid);
    // Our processes: the API, this script (the load generator) and the floor server (busy in the alternating rounds).
    const own = () => ownTicks([api.pid, process.pid, floor.pid], pgParent);
    const measure = async (fn) => {
      let othersBefore = await machineBusy(1000);
      for (const until = Date.now() + quietWait * 1000; othersBefore > 15 && Date.now() < until;) othersBefore = await machineBusy(2000);
      sampler.reset();
      const [cpu0, m0, own0, t0] = [cpuSeconds(api.pid), machineCpu(), own(), Date.now()];
      let r;
      try {
        r = await fn();
      } catch (err) {
        r = { error: err.message, summary: `FAILED: ${err.message.slice(0, 300)}` };
      }
      const m1 = machineCpu();
      const meta = {
        peakRssMb: sampler.peak(),
        apiCpuPercent: round((100 * (cpuSeconds(api.pid) - cpu0)) / ((Date.now() - t0) / 1000), 0),
        machineBusyPercent: busyPercent(m0, m1),
        othersCpuPercent: 0,
      };
      const own1 = own();
      const pgOnly = (o) => ({ ...o, ticks: new Map([...o.ticks].filter(([pid]) => pid !== api.pid && pid !== process.pid && pid !== floor.pid)) });
      meta.postgresCpuPercent = round(ticksBetween(pgOnly(own0), pgOnly(own1)) / ((Date.now() - t0) / 1000), 0);
      meta.othersCpuPercent = round(Math.max(0, (100 * (m1.busy - m0.busy - ticksBetween(own0, own1))) / (m1.total - m0.total)), 0);
      return { r, meta };
    };
    const record = (name, label, r, meta) => {
      results.scenarios[name] = { label, ...r, ...meta };
      log(
        `${label.padEnd(62)} ${r.requestsPerSecond !== undefined ? `${r.requestsPerSecond} req/s, ${lat(r)}` : r.summary}; peak RSS ${meta.peakRssMb} MB; CPU: API ${meta.apiCpuPercent}%, PostgreSQL ${meta.postgresCpuPercent}% (of one core), others ${meta.othersCpuPercent}% of the machine`,
      );
    };
    const run = async (name, label, fn) => {
      const { r, meta } = await measure(fn);
      record(name, label, r, meta);
    };
    /** Two scenarios measured in alternating rounds; both get the pair's RSS and CPU figures. */
    const runPair = async ([nameA, labelA, optsA], [nameB, labelB, optsB]) => {
      const { r, meta } = await measure(() => pair(optsA, optsB, load));
      const [a, b] = Array.isArray(r) ? r : [r, r];
      record(nameA, labelA, a, meta);
      record(nameB, labelB, b, meta);
    };
    const fixed = (path) => ({ base, token: api.token, nextPath: () => path });

    /** The floor server under the same load (right after the API's figure, so both see the same machine). */
    const floorRun = async (name, fn) => {
      try {
        results.floors.server[name] = await fn();
      } catch (err) {
        results.floors.server[name] = { error: err.message };
      }
      const f = results.floors.server[name];
      log(`  floor (node:http + pg, same SQL) ${name.padEnd(28)} ${f.error ? `FAILED: ${f.error}` : `${f.requestsPerSecond} req/s, ${lat(f)}`}`);
    };
    const sqlRun = async (name, statements, connections) => {
      try {
        results.floors.sql[name] = await sqlFloor({ databaseUrl: dbUrl, statements, seconds: load.seconds, connections });
      } catch (err) {
        results.floors.sql[name] = { error: err.message };
      }
      const f = results.floors.sql[name];
      log(
        `  SQL floor (pg, no HTTP) ${name.padEnd(36)} ${f.error ? `FAILED: ${f.error}` : `${f.perSecond}/s, p50 ${f.latencyMs.p50} / p95 ${f.latencyMs.p95} / p99 ${f.latencyMs.p99} ms (${f.statements} statements, ${f.connections} at a time)`}`,
      );
    };
    const floorFixed = (name) => ({ base: floor.base, token: '-', nextPath: () => `/replay/${name}` });

    // The API and its floor in alternating rounds, so both see the same machine (as the list pairs do), after a
    // longer warm-up: this is the first load the freshly started API sees, and it runs at about two thirds of its
    // steady rate for its first ~5 s (V8 optimising its longer path), while the floor is at speed within a second.
    let i = 0;
    let j = 0;
    {
      const apiOpts = { base, token: api.token, nextPath: () => `/api/v1/assets/${ids[i++ % ids.length]}` };
      const floorOpts = { base: floor.base, token: '-', nextPath: () => `/assets/${ids[j++ % ids.length]}` };
      const { r, meta } = await measure(() => pair(apiOpts, floorOpts, { ...load, warmupSeconds: Math.max(load.warmupSeconds, FIRST_WARMUP_SECONDS) }));
      const [a, f] = Array.isArray(r) ? r : [r, r];
      // The API's CPU figure spans the floor's rounds too (the API idles through them).
      record('assetById', `GET /assets/{id} (pool of ${ids.length.toLocaleString('en')} ids)`, a, { ...meta, cpuIncludesFloorRounds: true });
      await floorRun('assetById', async () => f);
    }

    // Lists in code order: page 1 against a deep page, opened with the cursor of the page before.
    for (const [path, page, firstSql, params] of [
      [`${provList}&cursor=${cursorOf(provCursor)}`, deepPage, 'province_code = $1 AND status = $2', [province, 'in_use']],
      [`/api/v1/assets?status=in_use&limit=${PAGE}&cursor=${cursorOf(natCursor)}`, natPage, 'status = $1', ['in_use']],
    ]) {
      const body = await (await fetch(base + path, { headers: { authorization: `Bearer ${api.token}` } })).json();
      const expected = (
        await db.query(`SELECT code FROM asset WHERE ${firstSql} ORDER BY code OFFSET $${params.length + 1} LIMIT 1`, [...params, (page - 1) * PAGE])
      ).rows[0].code;
      if (body.items?.[0]?.code !== expected || body.items.length !== PAGE)
        throw new Error(`page ${page} of ${path} starts at ${body.items?.[0]?.code}, expected ${expected}`);
    }
    for (const [a, b, labelA, labelB] of [
      [
        'listProvincePage1',
        'listProvinceDeep',
        `GET /assets?province=${province}&status=in_use, page 1`,
        `GET /assets?province=${province}&status=in_use, page ${deepPage} (last full page)`,
      ],
      [
        'listNationalPage1',
        'listNationalPage1000',
        'GET /assets?status=in_use (national), page 1',
        `GET /assets?status=in_use (national), page ${natPage.toLocaleString('en')}`,
      ],
    ]) {
      await runPair([a, labelA, fixed(paths[a])], [b, labelB, fixed(paths[b])]);
      let pairResult;
      await floorRun(`${a}+${b}`, async () => {
        pairResult = await pair(floorFixed(a), floorFixed(b), load);
        return { requestsPerSecond: pairResult[0].requestsPerSecond, latencyMs: pairResult[0].latencyMs };
      });
      if (pairResult) [results.floors.server[a], results.floors.server[b]] = pairResult;
      delete results.floors.server[`${a}+${b}`];
      for (const k of [a, b]) await sqlRun(k, captured[k].statements, load.connections);
    }

    const q = encodeURIComponent(SEARCH);
    const matches = async (extra, params) =>
      (
        await db.query(
          `SELECT count(*)::int AS n FROM asset WHERE search_norm(code || ' ' || name || ' ' || coalesce(address, '')) LIKE '%' || search_norm($1) || '%'${extra}`,
          params,
        )
      ).rows[0].n;
    results.searchMatches = { province: await matches(' AND province_code = $2', [SEARCH, province]), national: await matches('', [SEARCH]) };
    if (!skip.has('search'))
      await run('searchProvince', `GET /assets?q=${SEARCH}&province=${province}`, () => scenario(fixed(`/api/v1/assets?q=${q}&province=${province}`), load));
    if (!skip.has('search')) await run('searchNational', `GET /assets?q=${SEARCH} (national)`, () => scenario(fixed(`/api/v1/assets?q=${q}`), load));

    const {
      rows: [{ n: features }],
    } = await db.query(`SELECT count(*)::int AS n FROM asset WHERE province_code = $1 AND latitude IS NOT NULL`, [province]);
    if (!skip.has('geojson'))
      await run('geojsonProvince', `GET /assets.geojson?province=${province}`, async () => {
        const runs = await repeat(() => download(`${base}/api/v1/assets.geojson?province=${province}`, api.token), { seconds: load.seconds });
        const t = percentiles(runs.map((x) => x.ms));
        if (!runs[0].head.startsWith('{"type":"FeatureCollection"')) throw new Error(`not a FeatureCollection: ${runs[0].head.slice(0, 80)}`);
        return {
          runs: runs.length,
          timeMs: t,
          bytes: runs[0].bytes,
          features,
          summary: `${runs.length} runs, p50 ${t.p50} ms (max ${t.max}), ${(runs[0].bytes / 1e6).toFixed(1)} MB, ${features.toLocaleString('en')} features`,
        };
      });

    // The status report: national JSON as of today and as of 2025-10-01, XLSX and PDF (skipped with a message when the route is missing).
    for (const rs of skip.has('reports') ? [] : reportScenarios()) {
      await run(rs.name, rs.label, async () => {
        const first = await fetch(base + rs.path, { headers: { authorization: `Bearer ${api.token}` } });
        const head = first.status === 200 ? null : (await first.text()).slice(0, 300);
        if (first.status === 200) await first.arrayBuffer();
        if (first.status === 404) return { available: false, summary: `skipped: ${rs.path} answered 404 (the route is not in this build)` };
        if (first.status !== 200) throw new Error(`${rs.path} answered ${first.status}: ${head}`);
        const runs = await repeat(() => download(base + rs.path, api.token), { seconds: load.seconds, min: 3, max: 30 });
        const t = percentiles(runs.map((x) => x.ms));
        return {
          available: true,
          runs: runs.length,
          timeMs: t,
          bytes: runs[0].bytes,
          contentType: runs[0].contentType,
          summary: `${runs.length} runs, p50 ${t.p50} / p95 ${t.p95} / p99 ${t.p99} ms, ${(runs[0].bytes / 1e3).toFixed(0)} kB`,
        };
      });
      if (rs.sqlFloor && captured[rs.name]?.statements.length) await sqlRun(rs.name, captured[rs.name].statements, 1);
    }
    await floor.stop();

    if (!skip.has('export')) {
      // The national CSV export: total time and rows/s, and the API's peak RSS against its idle RSS just before.
      // A freshly started API (warmed up by one small export) gives an idle RSS that the earlier scenarios' garbage does not inflate.
      sampler.stop();
      await stopApi(api);
      api = await startApi({ databaseUrl: dbUrl, port: apiPort });
      sampler = rssSampler(api.pid);
      const smallest = (await db.query(`SELECT province_code FROM asset GROUP BY 1 ORDER BY count(*), 1 LIMIT 1`)).rows[0].province_code;
      await download(`${base}/api/v1/assets/export?format=csv&province=${smallest}`, api.token);
      await sleep(3000);
      const idle = [];
      for (let k = 0; k < 5; k++) {
        idle.push(sampler.now());
        await sleep(100);
      }
      const idleRssMb = round(percentiles(idle).p50);
      await run('exportCsv', 'GET /assets/export?format=csv (national, admin; API restarted)', async () => {
        const d = await download(`${base}/api/v1/assets/export?format=csv`, api.token);
        const rows = d.newlines - 1;
        if (rows !== counts.assets) throw new Error(`the export had ${rows} rows, the database ${counts.assets}`);
        const r = {
          rows,
          timeMs: round(d.ms, 0),
          firstByteMs: round(d.firstByteMs, 0),
          bytes: d.bytes,
          rowsPerSecond: Math.round(rows / (d.ms / 1000)),
          idleRssMb,
        };
        r.summary = `${rows.toLocaleString('en')} rows in ${(d.ms / 1000).toFixed(1)} s (${r.rowsPerSecond.toLocaleString('en')} rows/s, ${(d.bytes / 1e6).toFixed(0)} MB); idle RSS ${idleRssMb} MB`;
        return r;
      });
      if (!results.scenarios.exportCsv.error) results.scenarios.exportCsv.peakOverIdleMb = round(results.scenarios.exportCsv.peakRssMb - idleRssMb);
    }

    if (!skip.has('import')) {
      // The import of new rows (POST /assets/import, multipart field `file`); the rows are removed afterwards.
      const provinces = (
        await db.query(`SELECT province_code FROM admin_unit WHERE era = 'new' AND level = 'commune' GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 3`)
      ).rows.map((r) => r.province_code);
      const tag = `NK${Date.now().toString(36).toUpperCase()}`;
      const csv = importCsv(await importReferences(db, provinces), importRows, tag);
      await run('importCsv', `POST /assets/import (${importRows.toLocaleString('en')} new rows, CSV)`, async () => {
        const form = new FormData();
        form.append('file', new Blob([csv], { type: 'text/csv' }), 'tai-san-bench.csv');
        const t = process.hrtime.bigint();
        const res = await fetch(`${base}/api/v1/assets/import`, { method: 'POST', headers: { authorization: `Bearer ${api.token}` }, body: form });
        const wallMs = Number(process.hrtime.bigint() - t) / 1e6;
        const text = await res.text();
        if (res.status === 404) return { available: false, summary: 'POST /api/v1/assets/import does not exist in this build' };
        let body;
        try {
          body = JSON.parse(text);
        } catch {
          body = { raw: text.slice(0, 500) };
        }
        if (res.status >= 300) throw new Error(`import answered ${res.status}: ${text.slice(0, 1500)}`);
        const rowsPerSecond = Math.round(body.created / (wallMs / 1000));
        const merge = await searchIndexMerge(db);
        return {
          available: true,
          provinces,
          fileBytes: csv.length,
          status: res.status,
          rows: body.rows,
          created: body.created,
          rejected: body.rejected,
          serverDurationMs: body.durationMs,
          wallMs: round(wallMs, 0),
          rowsPerSecond,
          searchIndexMergedAfterAnswerMs: merge.seen ? merge.afterAnswerMs : null,
          summary:
            `${body.created?.toLocaleString('en')} of ${body.rows?.toLocaleString('en')} rows created in ${(wallMs / 1000).toFixed(1)} s (server ${body.durationMs} ms): ${rowsPerSecond.toLocaleString('en')} rows/s` +
            (merge.seen ? `; search index merged ${(merge.afterAnswerMs / 1000).toFixed(1)} s later` : ''),
        };
      });
      try {
        results.scenarios.importCsv.removedAfter = (await db.query(`DELETE FROM asset WHERE code LIKE $1`, [`%.${tag}.%`])).rowCount;
        await db.query('VACUUM (ANALYZE) asset');
      } catch (err) {
        log(`Could not remove the imported rows (codes *.${tag}.*): ${err.message}`);
      }
    }
  } finally {
    sampler?.stop();
    await floor?.stop();
    await stopApi(api);
    await db.end().catch(() => undefined);
    await server.stop();
  }

  const file = resultFile(`${results.date.slice(0, 10)}${scale.name === 'national' ? '' : `-${scale.name}`}`);
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  const others = Math.max(...Object.values(results.scenarios).map((x) => x.othersCpuPercent ?? 0));
  log(
    `\n${table(results)}\n\nOther processes took up to ${others}% of the machine's CPU during a scenario${others > 10 ? ' (the figures above are disturbed by that load)' : ''}.\nWrote ${file}`,
  );
}

/** The Markdown table: figure, result, floor, ratio, the API's peak RSS, other processes' CPU share meanwhile, target, met. */
function table(r) {
  const s = r.scenarios;
  const fs = r.floors?.server ?? {};
  const fq = r.floors?.sql ?? {};
  const yes = (ok) => (ok ? 'yes' : '**no**');
  const rows = [];
  const row = (k, result, floor = '', ratio = '', target = '', met = '') => {
    if (!s[k]) return;
    const skipped = s[k].available === false;
    rows.push([
      s[k].label,
      s[k].error || skipped ? s[k].summary : result,
      skipped ? '' : floor,
      skipped ? '' : ratio,
      s[k].peakRssMb,
      `${s[k].othersCpuPercent} %`,
      target,
      s[k].error ? 'not measured' : skipped ? 'skipped' : met,
    ]);
  };
  const reqs = (k) => (s[k].error ? '' : `${s[k].requestsPerSecond.toLocaleString('en')} req/s; ${lat(s[k])}`);
  const ok = (x) => x && !x.error;
  /** API req/s against the floor server's: [floor cell, ratio, met]. */
  const vsFloor = (k) => {
    if (!ok(s[k]) || !ok(fs[k])) return ['not measured', '', false];
    // Three decimals and the unrounded comparison: 0.699 is not 0.7.
    const ratio = round(s[k].requestsPerSecond / fs[k].requestsPerSecond, 3);
    const sql = ok(fq[k]) ? `; SQL ${fq[k].perSecond.toLocaleString('en')}/s, p50 ${fq[k].latencyMs.p50} ms` : '';
    return [`node:http + pg ${fs[k].requestsPerSecond.toLocaleString('en')} req/s, p50 ${fs[k].latencyMs.p50} ms${sql}`, `${ratio} ×`, ratio >= 0.7];
  };
  {
    const [floor, ratio, met] = vsFloor('assetById');
    row('assetById', reqs('assetById'), floor, ratio, '≥ 0.7 × floor req/s', yes(met));
  }
  for (const [a, b] of [
    ['listProvincePage1', 'listProvinceDeep'],
    ['listNationalPage1', 'listNationalPage1000'],
  ]) {
    if (!s[a] || !s[b]) continue;
    const [floorA, ratioA, metA] = vsFloor(a);
    row(a, reqs(a), floorA, ratioA, '≥ 0.7 × floor req/s', yes(metA));
    const deep = ok(s[a]) && ok(s[b]) ? round(s[b].latencyMs.p50 / s[a].latencyMs.p50, 2) : null;
    const [floorB, ratioB, metB] = vsFloor(b);
    row(b, `${reqs(b)} (p50 = ${deep} × page 1)`, floorB, ratioB, '≥ 0.7 × floor req/s; p50 ≤ 1.2 × page 1', yes(metB && deep !== null && deep <= 1.2));
  }
  if (s.searchProvince) row('searchProvince', `${reqs('searchProvince')} (${r.searchMatches.province.toLocaleString('en')} matches)`);
  if (s.searchNational) row('searchNational', `${reqs('searchNational')} (${r.searchMatches.national.toLocaleString('en')} matches)`);
  if (s.geojsonProvince) row('geojsonProvince', s.geojsonProvince.summary);
  for (const [k, limitMs, withFloor] of [
    ['reportNational', 1000, true],
    ['reportAsOf', 2000, true],
    ['reportXlsx', null, false],
    ['reportPdf', null, false],
  ]) {
    if (!s[k]) continue;
    const p50 = s[k].timeMs?.p50;
    let floor = '';
    let ratio = '';
    let met = limitMs ? p50 < limitMs : true;
    let target = limitMs ? `p50 < ${limitMs / 1000} s` : '';
    if (withFloor) {
      if (ok(fq[k])) {
        const x = round(p50 / fq[k].latencyMs.p50, 2);
        floor = `SQL ${fq[k].latencyMs.p50} ms p50 (${fq[k].statements} statements)`;
        ratio = `${x} ×`;
        if (k === 'reportNational') {
          target = `${target}; ≤ 1.5 × SQL floor`;
          met = met && x <= 1.5;
        }
      } else {
        floor = 'not measured';
      }
    }
    row(k, s[k].summary, floor, ratio, target, limitMs ? yes(met) : '');
  }
  const e = s.exportCsv;
  if (e)
    row(
      'exportCsv',
      `${e.summary?.replace(/; idle.*/, '')}; peak RSS ${e.peakRssMb} MB vs idle ${e.idleRssMb} MB (+${e.peakOverIdleMb} MB)`,
      '',
      '',
      'peak RSS ≤ idle + 50 MB',
      yes(e.peakOverIdleMb <= 50),
    );
  const im = s.importCsv;
  if (im) row('importCsv', im.summary, '', '', '≥ 5,000 rows/s', im.available ? yes(im.rowsPerSecond >= 5000) : 'not measured');
  const peaks = Object.entries(s)
    .filter(([, v]) => typeof v.peakRssMb === 'number')
    .sort((x, y) => y[1].peakRssMb - x[1].peakRssMb);
  if (peaks.length)
    rows.push([
      'API peak RSS over all scenarios',
      `${peaks[0][1].peakRssMb} MB (${peaks[0][0]})`,
      '',
      '',
      '',
      '',
      '< 300 MB under load',
      yes(peaks[0][1].peakRssMb < 300),
    ]);
  if (r.api?.readyMs)
    rows.push([
      'API start → /health/ready 200 (this database, existing data directory)',
      `${(r.api.readyMs / 1000).toFixed(1)} s`,
      '',
      '',
      '',
      '',
      '< 10 s',
      yes(r.api.readyMs < 10_000),
    ]);
  if (r.data)
    rows.push([
      `npm run bench:data -- --scale ${r.data.scale} (${r.data.counts?.assets?.toLocaleString('en')} assets, ${r.data.counts?.events?.toLocaleString('en')} events)`,
      `${(r.data.totalMs / 1000).toFixed(1)} s`,
      '',
      '',
      '',
      '',
      'minutes, not hours',
      yes(r.data.totalMs < 30 * 60_000),
    ]);
  return [
    "| figure | result | floor | API ÷ floor | API peak RSS (MB) | others' CPU | target | met? |",
    '|---|---|---|---|---|---|---|---|',
    ...rows.map((x) => `| ${x.join(' | ')} |`),
  ].join('\n');
}

main().catch((err) => {
  process.stderr.write(`${err.stack ?? err}\n`);
  process.exit(1);
});
