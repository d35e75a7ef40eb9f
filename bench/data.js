#!/usr/bin/env node
/**
 * Builds the inventory benchmark database (run by hand: `npm run bench:data -- --scale national`).
 * - PostgreSQL: --database-url, else DATABASE_URL, else an embedded one in .data/bench-postgres
 *   (its data directory is kept; bench/run.js starts it again from .data/bench.json);
 * - a fresh database vpa_bench_<scale>, migrated by the app's own compiled migrations;
 * - the real administrative units (../shared/data/vn-admin-2025, parsed by the app's compiled
 *   parser) or a synthetic set with the same counts;
 * - deterministic agencies (one per old district, old commune and new commune) and assets
 *   (small: 50,000; national: 200,000, 30,000 of them surplus; stress: 1,000,000), loaded with one COPY stream;
 * - the surplus assets' handling (bench/lib/actions.js): actions citing the seeded clauses (about two
 *   thirds completed, the rest open, draft or nothing yet), land-use plans and plan updates for the
 *   repurposings, document metadata rows (the files themselves are not written: downloading one
 *   answers that the stored file is missing), and the asset statuses the actions imply; all by COPY;
 * - the event log (national: 300,000 rows) through its hash-chaining trigger; then VACUUM ANALYZE.
 * Prints the time of each step; writes bench/results/data-<scale>-<date>.json.
 *
 * Options: --scale small|national|stress, --database-url URL, --pg-dir DIR, --pg-port PORT,
 * --synthetic-units (ignore the real dataset), --events N (event rows; default 1.5 × assets).
 */
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { Readable } = require('node:stream');
const { pipeline } = require('node:stream/promises');
const { Client } = require('pg');
const { from: copyFrom } = require('pg-copy-streams');
const { dist, resultFile, machine, openServer, parseArgs, readState, scaleOf, stepper, withDatabase, writeState } = require('./lib/common');
const { buildAgencies, generateAssets, copyChunks, ASSET_COLUMNS, AGENCY_COLUMNS } = require('./lib/generate');
const { insertUnits, loadUnits, unitModel } = require('./lib/units');
const {
  buildHandling,
  ACTION_COLUMNS,
  ACTION_CLAUSE_COLUMNS,
  PLAN_COLUMNS,
  PLAN_UPDATE_COLUMNS,
  DOCUMENT_COLUMNS,
  ASSET_CHANGE_COLUMNS,
} = require('./lib/actions');

const log = (m) => process.stdout.write(`${m}\n`);

async function copyInto(client, table, columns, chunks) {
  const stream = client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
  await pipeline(Readable.from(chunks), stream);
  return stream.rowCount;
}

/**
 * The event log, `total` rows through the hash-chain trigger, in this order while the total allows:
 * 'created' per asset (code order); 'surplus-declared' per asset declared surplus; the actions'
 * history in time order ('created', then one event per transition of each action, and the asset's
 * 'action-<step>' event where a step changed it); 'updated' events on in-use assets for the rest.
 */
async function insertEvents(client, total, requestId) {
  const audit = `jsonb_build_object('code', a.code, 'name', a.name, 'category', a.category, 'status', 'in_use',
    'currentUnit', 'new/' || cu.level || '/' || cu.code, 'originUnit', CASE WHEN ou.id IS NULL THEN NULL ELSE 'old/' || ou.level || '/' || ou.code END,
    'custodian', g.code, 'address', a.address, 'latitude', a.latitude::float8, 'longitude', a.longitude::float8, 'landArea', a.land_area::float8,
    'floorArea', a.floor_area::float8, 'yearBuilt', a.year_built, 'originalCost', a.original_cost::text, 'remainingValue', a.remaining_value::text,
    'landCertificateNo', a.land_certificate_no, 'landUseCategory', a.land_use_category, 'condition', a.condition,
    'surplusSince', NULL, 'surplusReason', NULL, 'surplusBasis', NULL, 'notes', a.notes)`;
  const insert = `INSERT INTO event (actor_id, request_id, entity_type, entity_id, action, before, after)`;
  const counts = {};
  let left = total;
  // 'created': every asset, in code order, up to the total.
  counts.created = (
    await client.query(
      `${insert} SELECT NULL, $1, 'asset', a.id::text, 'created', NULL, ${audit}
     FROM (SELECT * FROM asset ORDER BY code LIMIT $2) a JOIN admin_unit cu ON cu.id = a.current_unit_id JOIN agency g ON g.id = a.custodian_id
     LEFT JOIN admin_unit ou ON ou.id = a.origin_unit_id ORDER BY a.code`,
      [requestId, left],
    )
  ).rowCount;
  left -= counts.created;
  // 'surplus-declared': every asset declared surplus (still surplus, or handled since), while the total allows.
  counts.surplusDeclared = (
    await client.query(
      `${insert} SELECT NULL, $1, 'asset', a.id::text, 'surplus-declared',
       jsonb_build_object('status', 'in_use', 'surplusSince', NULL, 'surplusReason', NULL, 'surplusBasis', NULL),
       jsonb_build_object('status', 'surplus', 'surplusSince', '2025-07-01', 'surplusReason', a.surplus_reason, 'surplusBasis', a.surplus_basis)
     FROM asset a WHERE a.status <> 'in_use' OR a.id IN (SELECT asset_id FROM action) ORDER BY a.code LIMIT $2`,
      [requestId, left],
    )
  ).rowCount;
  left -= counts.surplusDeclared;
  // The actions' history, in the order it happened.
  counts.actionHistory = (
    await client.query(
      `${insert} SELECT x.actor, $1, x.entity_type, x.entity_id, x.action, x.before, x.after FROM (
       SELECT t.at, c.id AS action_id, t.ord, e.action_first, t.actor, e.entity_type, e.entity_id, e.action, e.before, e.after
       FROM action c
       CROSS JOIN LATERAL (VALUES (c.created_at, 0, c.created_by, NULL::text, 'draft'), (c.submitted_at, 1, c.submitted_by, 'draft', 'submitted'),
         (c.approved_at, 2, c.approved_by, 'submitted', 'approved'), (c.rejected_at, 3, c.rejected_by, 'submitted', 'rejected'),
         (c.started_at, 4, c.submitted_by, 'approved', 'in_progress'), (c.completed_at, 5, c.completed_by, CASE WHEN c.started_at IS NULL THEN 'approved' ELSE 'in_progress' END, 'completed'),
         (c.cancelled_at, 6, c.cancelled_by, CASE WHEN c.started_at IS NOT NULL THEN 'in_progress' WHEN c.approved_at IS NOT NULL THEN 'approved' WHEN c.submitted_at IS NOT NULL THEN 'submitted' ELSE 'draft' END, 'cancelled')
       ) AS t(at, ord, actor, from_status, to_status)
       CROSS JOIN LATERAL (VALUES
         ('action', c.id::text, CASE WHEN t.ord = 0 THEN 'created' ELSE t.to_status END,
          CASE WHEN t.ord = 0 THEN NULL ELSE jsonb_build_object('status', t.from_status) END,
          CASE WHEN t.ord = 0 THEN jsonb_build_object('status', 'draft', 'type', c.type, 'method', c.method, 'assetId', c.asset_id) ELSE jsonb_build_object('status', t.to_status) END, 1),
         ('asset', c.asset_id::text, 'action-' || CASE t.ord WHEN 1 THEN 'submit' WHEN 2 THEN 'approve' WHEN 3 THEN 'reject' WHEN 4 THEN 'start' WHEN 5 THEN 'complete' ELSE 'cancel' END,
          jsonb_build_object('actionId', c.id), jsonb_build_object('actionId', c.id), 0)
       ) AS e(entity_type, entity_id, action, before, after, action_first)
       WHERE t.at IS NOT NULL AND (e.action_first = 1 OR t.ord IN (1, 3, 5) OR (t.ord = 6 AND c.submitted_at IS NOT NULL) OR (t.ord = 4 AND c.type = 'renovation'))
       ORDER BY t.at, c.id, t.ord, e.action_first
       LIMIT $2) x ORDER BY x.at, x.action_id, x.ord, x.action_first`,
      [requestId, left],
    )
  ).rowCount;
  left -= counts.actionHistory;
  // 'updated': in-use assets spread over the code order (generate_series picks every k-th), the remaining value corrected.
  const {
    rows: [{ n: inUse }],
  } = await client.query(`SELECT count(*)::int AS n FROM asset WHERE status = 'in_use'`);
  const updates = Math.max(0, Math.min(inUse, left));
  counts.updated =
    updates === 0
      ? 0
      : (
          await client.query(
            `${insert} SELECT NULL, $1, 'asset', a.id::text, 'updated',
       jsonb_build_object('remainingValue', (a.remaining_value + 1000000)::text), jsonb_build_object('remainingValue', a.remaining_value::text)
     FROM generate_series(0, $2::int - 1) AS s(n)
     JOIN (SELECT id, remaining_value, row_number() OVER (ORDER BY code) - 1 AS rn FROM asset WHERE status = 'in_use') a ON a.rn = s.n::bigint * $3::bigint / $2::bigint
     ORDER BY s.n`,
            [requestId, updates, inUse],
          )
        ).rowCount;
  return counts;
}

/**
 * The surplus assets' handling (bench/lib/actions.js): actions and their clauses, land-use plans and
 * plan updates, document metadata (no files: see below), then the asset statuses their actions imply.
 */
async function loadHandling(client, steps) {
  const q = async (sql, params) => (await client.query(sql, params)).rows;
  // The seeded clauses authorise only what their texts do (reallocation and repurposing: 202-KL/TW,
  // planning); the benchmark's retentions, disposals and renovations cite a synthetic decision of its
  // own, plainly named as such (a real installation cites its statutory basis, which users record).
  await client.query(`WITH d AS (INSERT INTO directive (number, kind, issuer, issued_on, title) VALUES ('BENCH-1/QĐ', 'decision', 'Dữ liệu thử tải', '2025-07-01', 'Quyết định giả lập cho dữ liệu thử tải (không phải văn bản thật)') RETURNING id)
    INSERT INTO directive_clause (directive_id, ref, summary, authorised_action_types) SELECT id, '1', 'Căn cứ giả lập của dữ liệu thử tải', ARRAY['retention', 'disposal', 'renovation']::varchar(20)[] FROM d`);
  const input = {
    assets: await q(
      `SELECT id, code, province_code, category, land_use_category, custodian_id, remaining_value, land_area::text AS land_area FROM asset WHERE status = 'surplus' ORDER BY code`,
    ),
    agencies: await q(`SELECT id, unit_id, province_code FROM agency WHERE status = 'active' ORDER BY code`),
    clauses:
      await q(`SELECT c.id, c.authorised_action_types AS types, to_char(d.issued_on, 'YYYY-MM-DD') AS issued_on FROM directive_clause c JOIN directive d ON d.id = c.directive_id
      WHERE cardinality(c.authorised_action_types) > 0 ORDER BY d.issued_on, c.ref`),
    provinces: await q(`SELECT id, code, name FROM admin_unit WHERE era = 'new' AND level = 'province' ORDER BY code`),
    landUse: (await q(`SELECT code FROM land_use_category ORDER BY code`)).map((x) => x.code),
  };
  if (input.clauses.length === 0) throw new Error('no directive clause authorises any action type (migration SeedDirectives missing?)');
  const h = buildHandling(input);
  const out = {};
  out.actions = await steps.run(
    `COPY ${h.actions.length.toLocaleString('en')} actions, ${h.actionClauses.length.toLocaleString('en')} cited clauses`,
    async () => {
      const n = await copyInto(client, 'action', ACTION_COLUMNS, copyChunks(h.actions, ACTION_COLUMNS));
      await copyInto(client, 'action_clause', ACTION_CLAUSE_COLUMNS, copyChunks(h.actionClauses, ACTION_CLAUSE_COLUMNS));
      return n;
    },
  );
  // The new use each approved handling records (src/rules/new-use.ts): derived for disposals and repurposings, and for
  // retentions and reallocations one of the seven chosen categories, spread by a hash of the action (the prng above is untouched).
  if ((await q(`SELECT count(*)::int AS n FROM information_schema.columns WHERE table_name = 'action' AND column_name = 'new_use'`))[0].n) {
    out.newUses = await steps.run(
      'UPDATE the new use of the approved handlings',
      async () =>
        (
          await client.query(
            `UPDATE action x SET new_use = CASE WHEN x.type = 'disposal' AND x.method = 'land_fund' THEN 'land_fund_or_housing_business'
          WHEN x.type = 'disposal' THEN 'other_use_under_plan'
          WHEN x.type = 'repurposing' THEN (SELECT p.new_use FROM repurpose_purpose p WHERE p.code = x.purpose_code)
          ELSE (ARRAY['working_office', 'public_service_facility', 'official_housing', 'education_training', 'health', 'culture_sports', 'other_public_use'])[1 + abs(hashtext(x.id::text)) % 7] END
       WHERE x.type <> 'renovation' AND x.status IN ('approved', 'in_progress', 'completed')`,
          )
        ).rowCount,
    );
  }
  out.plans = await steps.run(`COPY ${h.plans.length} land-use plans, ${h.planUpdates.length.toLocaleString('en')} plan updates`, async () => {
    await copyInto(client, 'land_use_plan', PLAN_COLUMNS, copyChunks(h.plans, PLAN_COLUMNS));
    return { plans: h.plans.length, planUpdates: await copyInto(client, 'plan_update', PLAN_UPDATE_COLUMNS, copyChunks(h.planUpdates, PLAN_UPDATE_COLUMNS)) };
  });
  out.documents = await steps.run(`COPY ${h.documents.length.toLocaleString('en')} document rows (metadata only)`, () =>
    copyInto(client, 'document', DOCUMENT_COLUMNS, copyChunks(h.documents, DOCUMENT_COLUMNS)),
  );
  // The reports read surplus declarations from their projection (migration Reports): one per declared asset, recorded in July 2025.
  if ((await q(`SELECT to_regclass('surplus_declaration') IS NOT NULL AS present`))[0].present) {
    out.surplusDeclarations = await steps.run(
      'INSERT … SELECT the surplus declarations (report projection)',
      async () =>
        (
          await client.query(
            `INSERT INTO surplus_declaration (asset_id, province_code, since, reason, declared_recorded_at)
       SELECT id, province_code, surplus_since, surplus_reason,
              timestamptz '2025-07-01 08:00+07' + (rn % 14) * interval '1 day' + (rn % 480) * interval '1 minute'
       FROM (SELECT id, province_code, surplus_since, surplus_reason, row_number() OVER (ORDER BY code) AS rn FROM asset WHERE surplus_since IS NOT NULL) s`,
          )
        ).rowCount,
    );
  }
  out.assetChanges = await steps.run(`UPDATE ${h.assetChanges.length.toLocaleString('en')} assets to the status their action gives`, async () => {
    await client.query(`CREATE TEMP TABLE bench_asset_change (id uuid PRIMARY KEY, status text NOT NULL, custodian_id uuid, current_unit_id integer, land_use_category text,
      clear_surplus boolean NOT NULL, updated_at timestamptz NOT NULL, steps integer NOT NULL)`);
    await copyInto(client, 'bench_asset_change', ASSET_CHANGE_COLUMNS, copyChunks(h.assetChanges, ASSET_CHANGE_COLUMNS));
    const n = (
      await client.query(`UPDATE asset a SET status = c.status, custodian_id = coalesce(c.custodian_id, a.custodian_id), current_unit_id = coalesce(c.current_unit_id, a.current_unit_id),
        land_use_category = coalesce(c.land_use_category, a.land_use_category),
        surplus_since = CASE WHEN c.clear_surplus THEN NULL ELSE a.surplus_since END, surplus_reason = CASE WHEN c.clear_surplus THEN NULL ELSE a.surplus_reason END,
        surplus_basis = CASE WHEN c.clear_surplus THEN NULL ELSE a.surplus_basis END, version = a.version + c.steps, updated_at = c.updated_at
      FROM bench_asset_change c WHERE a.id = c.id`)
    ).rowCount;
    await client.query('DROP TABLE bench_asset_change');
    return n;
  });
  const { rows } = await client.query(`SELECT status, count(*)::int AS n FROM action GROUP BY 1 ORDER BY 1`);
  out.actionStatuses = Object.fromEntries(rows.map((x) => [x.status, x.n]));
  const { rows: assetRows } = await client.query(
    `SELECT status, count(*)::int AS n FROM asset WHERE status <> 'in_use' OR id IN (SELECT asset_id FROM action) GROUP BY 1 ORDER BY 1`,
  );
  out.surplusAssetStatuses = Object.fromEntries(assetRows.map((x) => [x.status, x.n]));
  return out;
}

async function main() {
  const args = parseArgs(process.argv.slice(2), {
    scale: 'value',
    'database-url': 'value',
    'pg-dir': 'value',
    'pg-port': 'value',
    'synthetic-units': 'flag',
    events: 'value',
  });
  const scale = scaleOf(args.scale);
  if (args.events !== undefined) scale.events = Number(args.events);
  const dbName = `vpa_bench_${scale.name}`;
  const started = process.hrtime.bigint();
  log(
    `Benchmark data, scale ${scale.name}: ${scale.assets.toLocaleString('en')} assets (${scale.surplus.toLocaleString('en')} surplus), ${scale.events.toLocaleString('en')} events → database ${dbName}`,
  );
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
    await steps.run("migrate (the app's compiled migrations)", () => runMigrations(dbUrl));

    const client = new Client({ connectionString: dbUrl, application_name: 'vpa-bench-data' });
    await client.connect();
    try {
      // Bulk-load settings for this session only; the server's configuration is untouched.
      await client.query(`SET synchronous_commit = off`);
      await client.query(`SET maintenance_work_mem = '512MB'`);
      const dataset = await steps.run('read and parse the units', () => loadUnits({ synthetic: args['synthetic-units'] }));
      summary.unitsSource = dataset.source;
      summary.units = await steps.run(
        `insert ${dataset.units.length.toLocaleString('en')} units, ${dataset.successions.length.toLocaleString('en')} lineage rows`,
        () => insertUnits(client, dataset),
      );
      const model = await unitModel(client);
      const agencies = buildAgencies(model);
      summary.agencies = await steps.run(`COPY ${agencies.agencies.length.toLocaleString('en')} agencies`, () =>
        copyInto(client, 'agency', AGENCY_COLUMNS, copyChunks(agencies.agencies, AGENCY_COLUMNS)),
      );
      const landUse = (await client.query(`SELECT code FROM land_use_category ORDER BY code`)).rows.map((r) => r.code);
      summary.assets = await steps.run(`COPY ${scale.assets.toLocaleString('en')} assets (one stream)`, () =>
        copyInto(client, 'asset', ASSET_COLUMNS, copyChunks(generateAssets(model, agencies, landUse, scale), ASSET_COLUMNS)),
      );
      summary.handling = await loadHandling(client, steps);
      summary.events = await steps.run(`INSERT … SELECT ${scale.events.toLocaleString('en')} events (hash-chain trigger)`, () =>
        insertEvents(client, scale.events, `bench-seed-${scale.name}`),
      );
      await steps.run('VACUUM (ANALYZE)', () => client.query('VACUUM (ANALYZE)'));
      const {
        rows: [counts],
      } = await client.query(`SELECT
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
    const file = resultFile(`data-${scale.name}-${built.builtAt.slice(0, 10)}`);
    writeFileSync(file, `${JSON.stringify({ date: built.builtAt, machine: machine(), ...built }, null, 2)}\n`);
    log(`\n${JSON.stringify(summary.counts)}\nLargest provinces: ${summary.largestProvinces.map((p) => `${p.province_code} (${p.n})`).join(', ')}`);
    log(
      `Actions by status: ${JSON.stringify(summary.handling.actionStatuses)}\nSurplus assets by status now: ${JSON.stringify(summary.handling.surplusAssetStatuses)}`,
    );
    log(`bench:data (${scale.name}) took ${(totalMs / 1000).toFixed(1)} s. Wrote ${file} and .data/bench.json`);
  } finally {
    await server.stop();
  }
}

main().catch((err) => {
  process.stderr.write(`${err.stack ?? err}\n`);
  process.exit(1);
});
