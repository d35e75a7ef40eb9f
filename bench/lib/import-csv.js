/**
 * A CSV of NEW assets for the import scenario: fresh codes, and references (new communes, their
 * active people's committees, the old units they took over) read from the benchmark database.
 */
const { existsSync } = require('node:fs');
const { join } = require('node:path');
const { dist, prng } = require('./common');
const { lf } = require('./generate');

const FALLBACK_KEYS = [
  'code',
  'name',
  'category',
  'current_unit',
  'origin_unit',
  'custodian_code',
  'address',
  'latitude',
  'longitude',
  'land_area',
  'floor_area',
  'year_built',
  'original_cost',
  'remaining_value',
  'land_certificate_no',
  'land_use_category',
  'condition',
  'notes',
  'surplus_since',
  'surplus_reason',
];

/** The import's own column keys when the compiled module is there (so the file follows the app). */
function importKeys() {
  const compiled = join(dist, 'src', 'assets', 'import', 'asset-columns.js');
  return existsSync(compiled) ? [...require(compiled).IMPORT_COLUMN_KEYS] : FALLBACK_KEYS;
}

async function importReferences(client, provinces) {
  const { rows } = await client.query(
    `SELECT c.province_code AS province, c.code AS commune, c.name AS commune_name, g.code AS custodian,
            array_agg(DISTINCT o.code) AS old_communes, array_agg(DISTINCT d.code) AS old_districts, min(o.name) AS old_name
     FROM admin_unit c
     JOIN agency g ON g.unit_id = c.id AND g.status = 'active'
     JOIN unit_succession s ON s.new_unit_id = c.id JOIN admin_unit o ON o.id = s.old_unit_id LEFT JOIN admin_unit d ON d.id = o.parent_id
     WHERE c.era = 'new' AND c.level = 'commune' AND c.province_code = ANY($1::text[])
     GROUP BY 1, 2, 3, 4 ORDER BY 1, 2`,
    [provinces],
  );
  return rows;
}

const csvField = (v) => {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

const TEMPLATES = [
  ['headquarters', 'Trụ sở UBND {lf} – cơ sở {n}', 'TSC'],
  ['public_service_facility', 'Nhà văn hóa thôn {n} {lf}', 'DVH'],
  ['public_service_facility', 'Điểm trường mầm non số {n} {lf}', 'DGD'],
  ['housing', 'Nhà công vụ số {n} {lf}', 'ODT'],
  ['land_only', 'Khu đất số {n} {lf}', 'BCS'],
  ['other', 'Nhà bia tưởng niệm số {n} {lf}', 'DSH'],
];

/** `count` rows of new assets with codes `<province>.<tag>.<n>`; one in ten declares a surplus. */
function importCsv(refs, count, tag) {
  const r = prng(count + 7);
  const keys = importKeys();
  const lines = [keys.join(',')];
  for (let i = 1; i <= count; i++) {
    const ref = refs[(i * 7919) % refs.length];
    const [category, template, luc] = r.pick(TEMPLATES);
    const land = Math.round(Math.exp(Math.log(200) + r.next() * Math.log(100)) * 100) / 100;
    const cost = Math.round(Math.exp(Math.log(5e8) + r.next() * Math.log(60)) / 1000) * 1000;
    const surplus = i % 10 === 0;
    const row = {
      code: `${ref.province}.${tag}.${String(i).padStart(6, '0')}`,
      name: template.replace('{lf}', lf(ref.commune_name)).replace('{n}', String(r.int(1, 30))),
      category,
      current_unit: ref.commune,
      origin_unit: r.next() < 0.3 && ref.old_districts[0] ? ref.old_districts[0] : r.pick(ref.old_communes),
      custodian_code: ref.custodian,
      address: `Thôn ${r.int(1, 20)}, ${ref.commune_name}`,
      latitude: (8.6 + r.next() * 14.5).toFixed(6),
      longitude: (102.3 + r.next() * 7).toFixed(6),
      land_area: land.toFixed(2),
      floor_area: category === 'land_only' ? '' : (land * 0.6).toFixed(2),
      year_built: category === 'land_only' ? '' : r.int(1970, 2024),
      original_cost: cost,
      remaining_value: Math.round((cost * 0.4) / 1000) * 1000,
      land_certificate_no: r.next() < 0.7 ? `CS ${r.int(100000, 999999)}` : '',
      land_use_category: luc,
      condition: r.pick(['good', 'fair', 'poor']),
      notes: '',
      surplus_since: surplus ? '2025-07-01' : '',
      surplus_reason: surplus ? `Dôi dư sau khi sắp xếp ${lf(ref.old_name)}` : '',
    };
    lines.push(keys.map((k) => csvField(row[k])).join(','));
  }
  return Buffer.from(`${lines.join('\n')}\n`, 'utf8');
}

/**
 * How long after the import answered the API's merge of the asset search index's pending list ran
 * (the import leaves its rows' trigram entries there; searches are slower until it ends). Watches
 * pg_stat_activity: waits up to 1 s for the merge to show, then until it is gone.
 */
async function searchIndexMerge(client) {
  const t0 = Date.now();
  let seen = false;
  for (;;) {
    const {
      rows: [{ n }],
    } = await client.query(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE state = 'active' AND query LIKE '%gin_clean_pending_list(%' AND pid <> pg_backend_pid()`,
    );
    if (n > 0) seen = true;
    else if (seen || Date.now() - t0 > 1000) return { seen, afterAnswerMs: seen ? Date.now() - t0 : 0 };
    await new Promise((r) => setTimeout(r, 25));
  }
}

module.exports = { importReferences, importCsv, searchIndexMerge };
