/**
 * Administrative units for the benchmark database: the real dataset (../shared/data/vn-admin-2025,
 * parsed by the app's own compiled parser) or, when it is absent, a synthetic set with the same
 * counts (63/696/10,047 old, 34/3,321 new, with lineage). Inserted with multi-row INSERTs, the
 * same statements as the app's import, without NestJS.
 */
const { existsSync, readFileSync } = require('node:fs');
const { join } = require('node:path');
const { dist, prng } = require('./common');

const REAL_DIR = join(__dirname, '..', '..', '..', 'shared', 'data', 'vn-admin-2025');

function loadUnits({ synthetic = false } = {}) {
  if (!synthetic && existsSync(join(REAL_DIR, 'units.csv'))) {
    const { parseUnitDataset } = require(join(dist, 'src', 'units', 'units-import.js'));
    const files = {};
    for (const f of ['units.csv', 'lineage.csv', 'clauses.csv']) files[f] = readFileSync(join(REAL_DIR, f));
    return { source: `real dataset (${REAL_DIR})`, ...parseUnitDataset(files) };
  }
  return { source: 'synthetic (same counts as the real dataset)', ...syntheticUnits() };
}

const SYLLABLES = [
  'An',
  'Bình',
  'Cẩm',
  'Đông',
  'Gia',
  'Hòa',
  'Hưng',
  'Khánh',
  'Long',
  'Minh',
  'Nam',
  'Phú',
  'Phước',
  'Quang',
  'Sơn',
  'Tân',
  'Thạnh',
  'Thuận',
  'Trung',
  'Vĩnh',
  'Xuân',
  'Yên',
  'Hải',
  'Lộc',
  'Mỹ',
  'Nghĩa',
  'Thanh',
  'Tiến',
  'Hợp',
  'Đức',
];

/** 63 → 34 provinces, 696 districts, 10,047 → 3,321 communes; every old commune goes whole to one new commune. */
function syntheticUnits() {
  const r = prng(20250701);
  const name = () => `${r.pick(SYLLABLES)} ${r.pick(SYLLABLES)}`;
  const units = [];
  const successions = [];
  const clauses = [];
  const oldProv = Array.from({ length: 63 }, (_, i) => String(i + 1).padStart(2, '0'));
  const groupOf = (i) => Math.floor((i * 34) / 63);
  const newProvOf = (i) => oldProv[oldProv.findIndex((_, j) => groupOf(j) === groupOf(i))];
  const unit = (era, level, code, nm, kind, parentCode, provinceCode) =>
    units.push({
      era,
      level,
      code,
      name: nm,
      kind,
      parentLevel: level === 'province' ? null : era === 'old' && level === 'commune' ? 'district' : 'province',
      parentCode,
      provinceCode,
      validFrom: era === 'new' ? '2025-07-01' : null,
      validTo: era === 'old' ? '2025-06-30' : null,
    });
  let district = 0;
  let commune = 0;
  const oldCommunesByNewProv = new Map();
  oldProv.forEach((p, i) => {
    unit('old', 'province', p, `Tỉnh ${name()} ${p}`, 'province', null, p);
    const np = newProvOf(i);
    if (!oldCommunesByNewProv.has(np)) oldCommunesByNewProv.set(np, []);
    const nDistricts = 11 + (i < 696 - 63 * 11 ? 1 : 0);
    for (let d = 0; d < nDistricts; d++) {
      const dc = String(++district).padStart(3, '0');
      unit('old', 'district', dc, `Huyện ${name()}`, 'rural_district', p, p);
      const nCommunes = 14 + (district <= 10_047 - 696 * 14 ? 1 : 0);
      for (let c = 0; c < nCommunes; c++) {
        const cc = String(++commune * 3).padStart(5, '0');
        unit('old', 'commune', cc, `Xã ${name()}`, 'commune', dc, p);
        oldCommunesByNewProv.get(np).push(cc);
      }
    }
    successions.push({ level: 'province', oldCode: p, newCode: np, share: 'full', legalBasis: '202/2025/QH15', clause: null });
  });
  let newCommunes = 0;
  const provs = [...oldCommunesByNewProv.keys()];
  provs.forEach((np, k) => {
    unit('new', 'province', np, `Tỉnh ${name()} mới ${np}`, 'province', null, np);
    const olds = oldCommunesByNewProv.get(np);
    const target = k === provs.length - 1 ? 3321 - newCommunes : Math.round((olds.length * 3321) / 10_047);
    for (let j = 0; j < target; j++) {
      const code = olds[Math.floor((j * olds.length) / target)];
      unit('new', 'commune', code, `Xã ${name()}`, 'commune', np, np);
      const doc = `${1654 + (k % 34)}/NQ-UBTVQH15`;
      const clause = String(j + 1);
      clauses.push({ document: doc, clause, text: `Sắp xếp các xã thành xã mới (khoản ${clause}).` });
      for (let o = Math.floor((j * olds.length) / target); o < Math.floor(((j + 1) * olds.length) / target); o++) {
        successions.push({ level: 'commune', oldCode: olds[o], newCode: code, share: 'full', legalBasis: doc, clause });
      }
    }
    newCommunes += target;
  });
  return { units, successions, clauses };
}

/** Inserts the units, their parents, the clauses and the lineage (an empty, freshly migrated database). */
async function insertUnits(client, ds) {
  const col = (list, k) => list.map((x) => x[k]);
  const u = ds.units;
  await client.query(
    `INSERT INTO admin_unit (era, level, code, name, kind, province_code, valid_from, valid_to)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::date[], $8::date[])`,
    [col(u, 'era'), col(u, 'level'), col(u, 'code'), col(u, 'name'), col(u, 'kind'), col(u, 'provinceCode'), col(u, 'validFrom'), col(u, 'validTo')],
  );
  await client.query(
    `UPDATE admin_unit a SET parent_id = p.id
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) AS i(era, level, code, parent_level, parent_code)
     JOIN admin_unit p ON p.era = i.era AND p.level = i.parent_level AND p.code = i.parent_code
     WHERE a.era = i.era AND a.level = i.level AND a.code = i.code`,
    [col(u, 'era'), col(u, 'level'), col(u, 'code'), col(u, 'parentLevel'), col(u, 'parentCode')],
  );
  await client.query(`INSERT INTO succession_clause (document, clause, text) SELECT * FROM unnest($1::text[], $2::text[], $3::text[])`, [
    col(ds.clauses, 'document'),
    col(ds.clauses, 'clause'),
    col(ds.clauses, 'text'),
  ]);
  const s = ds.successions;
  await client.query(
    `INSERT INTO unit_succession (old_unit_id, new_unit_id, share, legal_basis, clause)
     SELECT o.id, n.id, i.share, i.legal_basis, i.clause
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) AS i(level, old_code, new_code, share, legal_basis, clause)
     JOIN admin_unit o ON o.era = 'old' AND o.level = i.level AND o.code = i.old_code
     JOIN admin_unit n ON n.era = 'new' AND n.level = i.level AND n.code = i.new_code`,
    [col(s, 'level'), col(s, 'oldCode'), col(s, 'newCode'), col(s, 'share'), col(s, 'legalBasis'), col(s, 'clause')],
  );
  return { units: u.length, successions: s.length, clauses: ds.clauses.length };
}

/**
 * Reads the units back with their ids and builds what the generator needs: new provinces with
 * their communes, the new province of each old unit, and the old communes behind each new commune.
 */
async function unitModel(client) {
  const { rows } = await client.query(`SELECT id, era, level, code, name, kind, province_code, parent_id FROM admin_unit ORDER BY era, level, code`);
  const byId = new Map(rows.map((u) => [u.id, u]));
  const { rows: links } = await client.query(
    `SELECT s.old_unit_id, s.new_unit_id, s.share, s.legal_basis, s.clause FROM unit_succession s ORDER BY s.old_unit_id, s.new_unit_id`,
  );
  const newProvinceOfOld = new Map();
  const predecessors = new Map(); // new commune id → [{ old, link }]
  const successors = new Map(); // old commune id → [new commune]
  for (const l of links) {
    const o = byId.get(l.old_unit_id);
    const n = byId.get(l.new_unit_id);
    if (o.level === 'province') {
      if (!newProvinceOfOld.has(o.code) || l.share === 'full') newProvinceOfOld.set(o.code, n.code);
      continue;
    }
    if (!predecessors.has(n.id)) predecessors.set(n.id, []);
    predecessors.get(n.id).push({ old: o, link: l });
    if (!successors.has(o.id)) successors.set(o.id, []);
    successors.get(o.id).push(n);
  }
  const provinces = new Map();
  for (const u of rows) if (u.era === 'new' && u.level === 'province') provinces.set(u.code, { ...u, communes: [], oldCommunes: [], oldDistricts: [] });
  for (const u of rows) {
    if (u.era === 'new' && u.level === 'commune') provinces.get(u.province_code)?.communes.push(u);
    if (u.era === 'old' && u.level !== 'province') {
      const p = provinces.get(newProvinceOfOld.get(u.province_code));
      if (p) (u.level === 'commune' ? p.oldCommunes : p.oldDistricts).push(u);
    }
  }
  return { units: rows, byId, provinces, newProvinceOfOld, predecessors, successors };
}

module.exports = { loadUnits, insertUnits, unitModel };
