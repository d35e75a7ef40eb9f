#!/usr/bin/env node
/**
 * Builds the inventory benchmark database (run by hand: `npm run bench:data -- --scale national`).
 * - PostgreSQL: --database-url, else DATABASE_URL, else an embedded one in .data/bench-postgres
 *   (its data directory is kept; bench/run.js starts it again from .data/bench.json);
 * - a fresh database vpa_bench_<scale>, migrated by the app's own compiled migrations;
 * - the real administrative units (../shared/data/vn-admin-2025, parsed by the app's compiled
 *   parser) or a synthetic set with the same counts;
 * - deterministic agencies (one per old district, old commune and new commune) and assets
 *   (national: 200,000, 30,000 of them surplus; stress: 1,000,000), loaded with one COPY stream;
 * - the event log (national: 300,000 rows) through its hash-chaining trigger; then VACUUM ANALYZE.
 * Prints the time of each step; writes bench/results/data-<scale>-<date>.json.
 *
 * Options: --scale national|stress, --database-url URL, --pg-dir DIR, --pg-port PORT,
 * --synthetic-units (ignore the real dataset), --events N (event rows; default 1.5 × assets).
 */
const { mkdirSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { Readable } = require('node:stream');
const { pipeline } = require('node:stream/promises');
const { Client } = require('pg');
const { from: copyFrom } = require('pg-copy-streams');
const { root, dist, machine, openServer, parseArgs, readState, scaleOf, stepper, withDatabase, writeState } = require('./lib/common');
const { buildAgencies, generateAssets, copyChunks, ASSET_COLUMNS, AGENCY_COLUMNS } = require('./lib/generate');
const { insertUnits, loadUnits, unitModel } = require('./lib/units');

const log = (m) => process.stdout.write(`${m}\n`);

async function copyInto(client, table, columns, chunks) {
  const stream = client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
  await pipeline(Readable.from(chunks), stream);
  return stream.rowCount;
}

/** The event log: one 'created' per asset, 'surplus-declared' per surplus asset, 'updated' for the rest of the count. */
async function insertEvents(client, total, requestId) {
  const audit = `jsonb_build_object('code', a.code, 'name', a.name, 'category', a.category, 'status', 'in_use',
    'currentUnit', 'new/' || cu.level || '/' || cu.code, 'originUnit', CASE WHEN ou.id IS NULL THEN NULL ELSE 'old/' || ou.level || '/' || ou.code END,
    'custodian', g.code, 'address', a.address, 'latitude', a.latitude::float8, 'longitude', a.longitude::float8, 'landArea', a.land_area::float8,
    'floorArea', a.floor_area::float8, 'yearBuilt', a.year_built, 'originalCost', a.original_cost::text, 'remainingValue', a.remaining_value::text,
    'landCertificateNo', a.land_certificate_no, 'landUseCategory', a.land_use_category, 'condition', a.condition,
    'surplusSince', NULL, 'surplusReason', NULL, 'surplusBasis', NULL, 'notes', a.notes)`;
  const insert = `INSERT INTO event (actor_id, request_id, entity_type, entity_id, action, before, after)`;
  const counts = {};
  // 'created': every asset, in code order, up to the total.
  counts.created = (await client.query(
    `${insert} SELECT NULL, $1, 'asset', a.id::text, 'created', NULL, ${audit}
     FROM (SELECT * FROM asset ORDER BY code LIMIT $2) a JOIN admin_unit cu ON cu.id = a.current_unit_id JOIN agency g ON g.id = a.custodian_id
     LEFT JOIN admin_unit ou ON ou.id = a.origin_unit_id ORDER BY a.code`,
    [requestId, total],
  )).rowCount;
  // 'updated': in-use assets spread over the code order (generate_series picks every k-th), the remaining value corrected.
  const { rows: [{ n: inUse }] } = await client.query(`SELECT count(*)::int AS n FROM asset WHERE status = 'in_use'`);
  const { rows: [{ n: surplus }] } = await client.query(`SELECT count(*)::int AS n FROM asset WHERE status = 'surplus'`);
  const updates = Math.max(0, Math.min(inUse, total - counts.created - surplus));
  counts.updated = updates === 0 ? 0 : (await client.query(
    `${insert} SELECT NULL, $1, 'asset', a.id::text, 'updated',
       jsonb_build_object('remainingValue', (a.remaining_value + 1000000)::text), jsonb_build_object('remainingValue', a.remaining_value::text)
     FROM generate_series(0, $2::int - 1) AS s(n)
     JOIN (SELECT id, remaining_value, row_number() OVER (ORDER BY code) - 1 AS rn FROM asset WHERE status = 'in_use') a ON a.rn = s.n::bigint * $3::bigint / $2::bigint
     ORDER BY s.n`,
    [requestId, updates, inUse],
  )).rowCount;
  // 'surplus-declared': every surplus asset, while the total allows.
  counts.surplusDeclared = (await client.query(
    `${insert} SELECT NULL, $1, 'asset', a.id::text, 'surplus-declared',
       jsonb_build_object('status', 'in_use', 'surplusSince', NULL, 'surplusReason', NULL, 'surplusBasis', NULL),
       jsonb_build_object('status', 'surplus', 'surplusSince', to_char(a.surplus_since, 'YYYY-MM-DD'), 'surplusReason', a.surplus_reason, 'surplusBasis', a.surplus_basis)
     FROM asset a WHERE a.status = 'surplus' ORDER BY a.code LIMIT $2`,
    [requestId, Math.max(0, total - counts.created - counts.updated)],
  )).rowCount;
  return counts;
}

async function main() {
  const args = parseArgs(process.argv.slice(2), { scale: 'value', 'database-url': 'value', 'pg-dir': 'value', 'pg-port': 'value', 'synthetic-units': 'flag', events: 'value' });
  const scale = scaleOf(args.scale);
  if (args.events !== undefined) scale.events = Number(args.events);
  const dbName = `vpa_bench_${scale.name}`;
  const started = process.hrtime.bigint();
  log(`Benchmark data, scale ${scale.name}: ${scale.assets.toLocaleString('en')} assets (${scale.surplus.toLocaleString('en')} surplus), ${scale.events.toLocaleString('en')} events → database ${dbName}`);
  const steps = stepper(log);
  const server = await steps.run('start PostgreSQL', () => openServer(args, log));
  const summary = {};
  try {
    const dbUrl = withDatabase(server.url, dbName);
    await steps.run(`create database ${dbName}`, async () => {
      const admin = new Client({ connectionString: server.url });
      await admin.connect();
      try {
        await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
        await admin.query(`CREATE DATABASE ${dbName}`);
      } finally {
        await admin.end();
      }
    });
    const { runMigrations } = require(join(dist, 'src', 'database', 'migrate.js'));
    await steps.run('migrate (the app\'s compiled migrations)', () => runMigrations(dbUrl));

    const client = new Client({ connectionString: dbUrl, application_name: 'vpa-bench-data' });
    await client.connect();
    try {
      // Bulk-load settings for this session only; the server's configuration is untouched.
      await client.query(`SET synchronous_commit = off`);
      await client.query(`SET maintenance_work_mem = '512MB'`);
      const dataset = await steps.run('read and parse the units', () => loadUnits({ synthetic: args['synthetic-units'] }));
      summary.unitsSource = dataset.source;
      summary.units = await steps.run(`insert ${dataset.units.length.toLocaleString('en')} units, ${dataset.successions.length.toLocaleString('en')} lineage rows`, () => insertUnits(client, dataset));
      const model = await unitModel(client);
      const agencies = buildAgencies(model);
      summary.agencies = await steps.run(`COPY ${agencies.agencies.length.toLocaleString('en')} agencies`, () => copyInto(client, 'agency', AGENCY_COLUMNS, copyChunks(agencies.agencies, AGENCY_COLUMNS)));
      const landUse = (await client.query(`SELECT code FROM land_use_category ORDER BY code`)).rows.map((r) => r.code);
      summary.assets = await steps.run(`COPY ${scale.assets.toLocaleString('en')} assets (one stream)`, () => copyInto(client, 'asset', ASSET_COLUMNS, copyChunks(generateAssets(model, agencies, landUse, scale), ASSET_COLUMNS)));
      summary.events = await steps.run(`INSERT … SELECT ${scale.events.toLocaleString('en')} events (hash-chain trigger)`, () => insertEvents(client, scale.events, `bench-seed-${scale.name}`));
      await steps.run('VACUUM (ANALYZE)', () => client.query('VACUUM (ANALYZE)'));
      const { rows: [counts] } = await client.query(`SELECT
        (SELECT count(*)::int FROM admin_unit) AS units, (SELECT count(*)::int FROM agency) AS agencies,
        (SELECT count(*)::int FROM agency WHERE status = 'active') AS active_agencies, (SELECT count(*)::int FROM asset) AS assets,
        (SELECT count(*)::int FROM asset WHERE status = 'surplus') AS surplus, (SELECT count(*)::int FROM event) AS events,
        pg_size_pretty(pg_database_size(current_database())) AS database_size`);
      summary.counts = counts;
      const { rows: top } = await client.query(`SELECT province_code, count(*)::int AS n FROM asset GROUP BY 1 ORDER BY 2 DESC LIMIT 3`);
      summary.largestProvinces = top;
    } finally {
      await client.end();
    }
    const totalMs = Math.round(Number(process.hrtime.bigint() - started) / 1e6);
    const built = { name: dbName, scale: scale.name, builtAt: new Date().toISOString(), totalMs, steps: steps.steps, ...summary };
    const state = readState();
    state.server = server.embedded ? { embedded: server.embedded, url: server.url } : { url: server.url };
    state.databases = { ...state.databases, [scale.name]: built };
    writeState(state);
    mkdirSync(join(root, 'bench', 'results'), { recursive: true });
    const file = join(root, 'bench', 'results', `data-${scale.name}-${built.builtAt.slice(0, 10)}.json`);
    writeFileSync(file, `${JSON.stringify({ date: built.builtAt, machine: machine(), ...built }, null, 2)}\n`);
    log(`\n${JSON.stringify(summary.counts)}\nLargest provinces: ${summary.largestProvinces.map((p) => `${p.province_code} (${p.n})`).join(', ')}`);
    log('Surplus assets all have status \'surplus\' for now: about two thirds of them will carry action statuses once issue #4 adds actions.');
    log(`bench:data (${scale.name}) took ${(totalMs / 1000).toFixed(1)} s. Wrote ${file} and .data/bench.json`);
  } finally {
    await server.stop();
  }
}

main().catch((err) => { process.stderr.write(`${err.stack ?? err}\n`); process.exit(1); });
