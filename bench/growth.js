#!/usr/bin/env node
/**
 * How the list and report costs grow with the data (run by hand: `npm run bench:growth`, after
 * `npm run bench:data -- --scale small|national|stress` for the scales to compare).
 * For each scale database that exists (vpa_bench_small = 50,000 assets, _national = 200,000,
 * _stress = 1,000,000), starts the production build against it and measures: the province list
 * (page 1) and the national list (page 1 and the deepest page up to 1,000, in alternating rounds),
 * the national status report as JSON as of today and as of 2025-10-01, and the report's own SQL run
 * straight through pg (captured from the API, see bench/floor/). Prints one Markdown table (p50 of
 * each, and its growth against the smallest scale measured) and writes bench/results/growth-<date>.json.
 *
 * Options: --scales small,national,stress, --seconds N (default 5), --connections N (default 10),
 * --database-url URL, --pg-dir DIR, --pg-port PORT.
 */
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { Client } = require('pg');
const { root, freePort, resultFile, machine, openServer, parseArgs, withDatabase, SCALES } = require('./lib/common');
const { startApi, stopApi, rssSampler } = require('./lib/api');
const { download, pair, percentiles, repeat, round, scenario } = require('./lib/load');
const { reportScenarios } = require('./lib/reports');
const { capture, sqlFloor } = require('./floor/floors');

const log = (m) => process.stdout.write(`${m}\n`);
const PAGE = 50;
const cursorOf = (code) => Buffer.from(JSON.stringify([code]), 'utf8').toString('base64url');

async function deepCursor(db, where, params, page) {
  const { rows } = await db.query(`SELECT code FROM asset a WHERE ${where} ORDER BY code OFFSET $${params.length + 1} LIMIT 1`, [
    ...params,
    (page - 1) * PAGE - 1,
  ]);
  return rows[0]?.code;
}

async function measureScale(server, scale, load) {
  const dbUrl = withDatabase(server.url, `vpa_bench_${scale}`);
  const db = new Client({ connectionString: dbUrl, application_name: 'vpa-bench-growth' });
  await db.connect();
  let api;
  let sampler;
  try {
    const {
      rows: [c],
    } = await db.query(`SELECT (SELECT count(*)::int FROM asset) AS assets, (SELECT count(*)::int FROM asset WHERE status = 'in_use') AS in_use,
      (SELECT count(*)::int FROM action) AS actions, (SELECT count(*)::int FROM event) AS events, pg_size_pretty(pg_database_size(current_database())) AS size`);
    const province = (await db.query(`SELECT province_code FROM asset WHERE status = 'in_use' GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1`)).rows[0]
      .province_code;
    const natPage = Math.min(1000, Math.floor(c.in_use / PAGE));
    const natCursor = await deepCursor(db, 'status = $1', ['in_use'], natPage);
    const reports = reportScenarios().filter((r) => r.sqlFloor);
    const paths = {
      listProvincePage1: `/api/v1/assets?province=${province}&status=in_use&limit=${PAGE}`,
      listNationalPage1: `/api/v1/assets?status=in_use&limit=${PAGE}`,
      listNationalDeep: `/api/v1/assets?status=in_use&limit=${PAGE}&cursor=${cursorOf(natCursor)}`,
    };
    const port = await freePort();
    const captured = await capture({
      databaseUrl: dbUrl,
      port,
      file: join(root, '.data', `bench-sql-capture-${scale}.jsonl`),
      requests: reports.map((r) => ({ name: r.name, path: r.path })),
    });
    api = await startApi({ databaseUrl: dbUrl, port });
    sampler = rssSampler(api.pid);
    const fixed = (path) => ({ base: api.base, token: api.token, nextPath: () => path });
    const out = { scale, counts: c, province, natPage, figures: {} };
    const f = out.figures;
    f.listProvincePage1 = await scenario(fixed(paths.listProvincePage1), load);
    [f.listNationalPage1, f.listNationalDeep] = await pair(fixed(paths.listNationalPage1), fixed(paths.listNationalDeep), load);
    for (const r of reports) {
      const first = await fetch(api.base + r.path, { headers: { authorization: `Bearer ${api.token}` } });
      await first.arrayBuffer();
      if (first.status !== 200) {
        f[r.name] = { error: `HTTP ${first.status}` };
        continue;
      }
      const runs = await repeat(() => download(api.base + r.path, api.token), { seconds: load.seconds, min: 3, max: 30 });
      f[r.name] = { runs: runs.length, latencyMs: percentiles(runs.map((x) => x.ms)), bytes: runs[0].bytes };
      if (captured[r.name]?.statements.length)
        f[`${r.name}Sql`] = await sqlFloor({ databaseUrl: dbUrl, statements: captured[r.name].statements, seconds: load.seconds, connections: 1 });
    }
    out.peakRssMb = sampler.peak();
    log(
      `  ${scale}: ${c.assets.toLocaleString('en')} assets, ${c.actions.toLocaleString('en')} actions, ${c.events.toLocaleString('en')} events (${c.size}); ` +
        Object.entries(f)
          .map(([k, v]) => `${k} p50 ${v.latencyMs?.p50 ?? v.error} ms`)
          .join(', '),
    );
    return out;
  } finally {
    sampler?.stop();
    await stopApi(api);
    await db.end();
  }
}

const COLUMNS = [
  ['listProvincePage1', 'province list, page 1'],
  ['listNationalPage1', 'national list, page 1'],
  ['listNationalDeep', 'national list, deep page'],
  ['reportNational', 'national report JSON, today'],
  ['reportNationalSql', 'its SQL (pg, no HTTP)'],
  ['reportAsOf', 'report as of 2025-10-01'],
  ['reportAsOfSql', 'its SQL (pg, no HTTP)'],
];

function table(list) {
  const base = list[0];
  const head = `| figure (p50 ms; × the ${base.scale} scale) | ${list.map((x) => `${x.scale} (${x.counts.assets.toLocaleString('en')} assets)`).join(' | ')} |`;
  const rows = COLUMNS.map(([k, label]) => {
    const cells = list.map((x) => {
      const v = x.figures[k]?.latencyMs?.p50;
      if (v === undefined || v === null) return x.figures[k]?.error ?? 'n/a';
      const b = base.figures[k]?.latencyMs?.p50;
      return x === base || !b ? `${v}` : `${v} (${round(v / b, 2)} ×)`;
    });
    return `| ${label} | ${cells.join(' | ')} |`;
  });
  const extra = [
    `| national list page | ${list.map((x) => x.natPage.toLocaleString('en')).join(' | ')} |`,
    `| API peak RSS (MB) | ${list.map((x) => x.peakRssMb).join(' | ')} |`,
  ];
  return [head, `|---|${list.map(() => '---|').join('')}`, ...rows, ...extra].join('\n');
}

async function main() {
  const args = parseArgs(process.argv.slice(2), {
    scales: 'value',
    seconds: 'value',
    connections: 'value',
    'database-url': 'value',
    'pg-dir': 'value',
    'pg-port': 'value',
  });
  const scales = (args.scales ?? 'small,national,stress').split(',').filter(Boolean);
  for (const s of scales) if (!SCALES[s]) throw new Error(`unknown scale ${s} (known: ${Object.keys(SCALES).join(', ')})`);
  const load = { seconds: Number(args.seconds ?? 5), connections: Number(args.connections ?? 10), warmupSeconds: 2 };
  const server = await openServer(args, log);
  const results = { date: new Date().toISOString(), machine: machine(), load, scales: [] };
  try {
    const admin = new Client({ connectionString: server.url });
    await admin.connect();
    const present = new Set((await admin.query(`SELECT datname FROM pg_database WHERE datname LIKE 'vpa_bench_%'`)).rows.map((r) => r.datname));
    await admin.end();
    for (const scale of scales) {
      if (!present.has(`vpa_bench_${scale}`)) {
        log(`  ${scale}: no database vpa_bench_${scale} (run \`npm run bench:data -- --scale ${scale}\`); left out`);
        continue;
      }
      results.scales.push(await measureScale(server, scale, load));
    }
  } finally {
    await server.stop();
  }
  if (results.scales.length === 0) throw new Error('no benchmark database found: run `npm run bench:data -- --scale small` (and national, stress) first');
  const file = resultFile(`growth-${results.date.slice(0, 10)}`);
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  log(`\n${table(results.scales)}\n\nWrote ${file}`);
}

main().catch((err) => {
  process.stderr.write(`${err.stack ?? err}\n`);
  process.exit(1);
});
