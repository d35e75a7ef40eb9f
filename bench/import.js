#!/usr/bin/env node
/**
 * The import scenario alone (run by hand: `npm run bench:import [-- --rows N --runs K]`, after
 * `npm run bench:data -- --scale national`): starts the production build against the benchmark
 * database, imports N new rows as CSV K times (each run's rows removed afterwards) and prints rows/s,
 * the API's and PostgreSQL's CPU, and the API's peak RSS. Options: --scale, --rows (default 100000),
 * --runs (default 1), --cpu-prof DIR (write a V8 CPU profile of the API), --database-url URL.
 */
const { Client } = require('pg');
const { freePort, openServer, parseArgs, scaleOf, withDatabase } = require('./lib/common');
const { cpuSeconds, rssSampler, startApi, stopApi } = require('./lib/api');
const { importCsv, importReferences, searchIndexMerge } = require('./lib/import-csv');

const log = (m) => process.stdout.write(`${m}\n`);

/** CPU seconds of every PostgreSQL process of the server (backends included). */
function postgresCpu() {
  const { readdirSync, readFileSync } = require('node:fs');
  let total = 0;
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!/postgres/.test(cmd)) continue;
      total += cpuSeconds(pid) ?? 0;
    } catch {
      /* gone */
    }
  }
  return total;
}

async function main() {
  const args = parseArgs(process.argv.slice(2), {
    scale: 'value',
    rows: 'value',
    runs: 'value',
    'cpu-prof': 'value',
    'database-url': 'value',
    'pg-dir': 'value',
    'pg-port': 'value',
  });
  const scale = scaleOf(args.scale);
  const rows = Number(args.rows ?? 100_000);
  const runs = Number(args.runs ?? 1);
  const server = await openServer(args, log);
  const dbUrl = withDatabase(server.url, `vpa_bench_${scale.name}`);
  const db = new Client({ connectionString: dbUrl });
  let api;
  try {
    await db.connect();
    const provinces = (await db.query(`SELECT province_code FROM asset GROUP BY 1 ORDER BY count(*) DESC LIMIT 3`)).rows.map((r) => r.province_code);
    const refs = await importReferences(db, provinces);
    api = await startApi({
      databaseUrl: dbUrl,
      port: await freePort(),
      nodeArgs: args['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${args['cpu-prof']}`] : [],
    });
    const rss = rssSampler(api.pid);
    for (let run = 1; run <= runs; run++) {
      const tag = `IMP${Date.now().toString(36).toUpperCase()}`;
      const csv = importCsv(refs, rows, tag);
      await db.query('VACUUM (ANALYZE) asset, event');
      rss.reset();
      const api0 = cpuSeconds(api.pid);
      const pg0 = postgresCpu();
      const t0 = Date.now();
      const form = new FormData();
      form.append('file', new Blob([csv], { type: 'text/csv' }), 'assets.csv');
      const res = await fetch(`${api.base}/api/v1/assets/import`, { method: 'POST', headers: { authorization: `Bearer ${api.token}` }, body: form });
      const body = await res.json();
      const seconds = (Date.now() - t0) / 1000;
      if (res.status !== 200) throw new Error(`import answered ${res.status}: ${JSON.stringify(body).slice(0, 800)}`);
      const [apiCpu, pgCpu] = [cpuSeconds(api.pid) - api0, postgresCpu() - pg0];
      const merge = await searchIndexMerge(db);
      log(
        `run ${run}: ${body.created.toLocaleString('en')} rows in ${seconds.toFixed(1)} s = ${Math.round(rows / seconds).toLocaleString('en')} rows/s; CPU API ${apiCpu.toFixed(1)} s, PostgreSQL ${pgCpu.toFixed(1)} s; API peak RSS ${rss.peak()} MB; ` +
          (merge.seen ? `search index merged ${(merge.afterAnswerMs / 1000).toFixed(1)} s after the answer` : 'no search-index merge seen after the answer'),
      );
      await db.query(`DELETE FROM surplus_declaration WHERE asset_id IN (SELECT id FROM asset WHERE code LIKE $1)`, [`%.${tag}.%`]);
      await db.query(`DELETE FROM asset WHERE code LIKE $1`, [`%.${tag}.%`]);
    }
    rss.stop();
  } finally {
    await stopApi(api);
    await db.end().catch(() => undefined);
    await server.stop();
  }
}

main().catch((err) => {
  process.stderr.write(`${err.stack ?? err}\n`);
  process.exit(1);
});
