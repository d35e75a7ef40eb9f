/**
 * Deterministic agencies and assets for the benchmark database, built from the real unit names.
 * Everything is drawn from seeded PRNGs: the same scale gives the same rows (ids included) every run.
 */
const { join } = require('node:path');
const { dist, prng } = require('./common');
// The app's own COPY text writer (the import stages its rows with it), from the build.
const { copyLine } = require(join(dist, 'src', 'database', 'copy-text.js'));

const KIND_WORDS = ['Thành phố', 'Thị xã', 'Thị trấn', 'Đặc khu', 'Huyện', 'Quận', 'Phường', 'Xã', 'Tỉnh'];
/** "Huyện Vị Xuyên" → "huyện Vị Xuyên" (as in "Trụ sở UBND huyện Vị Xuyên"). */
const lf = (name) => name.charAt(0).toLowerCase() + name.slice(1);
/** "Huyện Vị Xuyên" → "Vị Xuyên". */
const bare = (name) => {
  const k = KIND_WORDS.find((w) => name.startsWith(`${w} `));
  return k ? name.slice(k.length + 1) : name;
};

/** Rough centres of the 34 new provinces (lat, lon); points are scattered around them. */
const CENTRES = {
  '01': [21.03, 105.85],
  '04': [22.67, 106.26],
  '08': [22.3, 105.1],
  11: [21.6, 103.1],
  12: [22.3, 103.3],
  14: [21.2, 104.0],
  15: [22.0, 104.3],
  19: [21.9, 105.8],
  20: [21.85, 106.6],
  22: [21.1, 107.3],
  24: [21.25, 106.3],
  25: [21.1, 105.3],
  31: [20.9, 106.5],
  33: [20.6, 106.2],
  37: [20.3, 106.0],
  38: [20.0, 105.5],
  40: [19.2, 104.9],
  42: [18.35, 105.8],
  44: [17.2, 106.6],
  46: [16.4, 107.5],
  48: [15.7, 108.0],
  51: [14.8, 108.2],
  52: [14.0, 108.5],
  56: [12.0, 109.0],
  66: [12.9, 108.5],
  68: [11.6, 108.0],
  75: [11.3, 107.0],
  79: [10.8, 106.7],
  80: [10.9, 106.1],
  82: [10.45, 105.9],
  86: [10.0, 106.2],
  91: [10.2, 105.0],
  92: [9.7, 105.8],
  96: [9.2, 105.2],
};
function centreOf(code) {
  if (CENTRES[code]) return CENTRES[code];
  const t = Math.min(1, (Number(code) - 1) / 95); // province codes run roughly north to south
  const lat = 22.5 - t * 13.3;
  return [lat, lat > 20 ? 105 : lat > 16 ? 106.5 : lat > 11 ? 108.4 : 106];
}
const clamp = (v, lo, hi) => Math.min(hi, Math.max(lo, v));

const STREETS = [
  'Trần Phú',
  'Lê Lợi',
  'Nguyễn Huệ',
  'Hùng Vương',
  'Quang Trung',
  'Lý Thường Kiệt',
  'Hai Bà Trưng',
  'Nguyễn Trãi',
  'Lê Duẩn',
  'Điện Biên Phủ',
  'Võ Nguyên Giáp',
  'Phan Đình Phùng',
  'Trần Hưng Đạo',
  'Nguyễn Văn Cừ',
  'Lê Hồng Phong',
  'Bà Triệu',
];
const HAMLETS = ['Thôn', 'Bản', 'Ấp', 'Tổ dân phố', 'Khu phố', 'Xóm'];
const VEHICLES = ['Toyota Innova', 'Toyota Fortuner', 'Ford Ranger', 'Mitsubishi Pajero Sport', 'Hyundai Solati', 'Kia Carnival', 'Ford Transit'];

/** Name templates per category: [template, land-use category]; `u` is the unit the asset is named after. */
const NAMES = {
  headquarters: [
    ['Trụ sở UBND {lf}', 'TSC'],
    ['Trụ sở HĐND và UBND {lf}', 'TSC'],
    ['Trụ sở Đảng ủy {lf}', 'TSC'],
    ['Trụ sở Công an {lf}', 'CAN'],
    ['Trụ sở Ủy ban MTTQ Việt Nam {lf}', 'TSC'],
    ['Trụ sở Phòng Tài chính – Kế hoạch {lf}', 'TSC'],
    ['Trụ sở Trung tâm Y tế {lf}', 'DTS'],
  ],
  public_service_facility: [
    ['Nhà văn hóa {lf}', 'DVH'],
    ['Trạm y tế {lf}', 'DYT'],
    ['Trường mầm non {bare}', 'DGD'],
    ['Trường tiểu học {bare}', 'DGD'],
    ['Trường THCS {bare}', 'DGD'],
    ['Trung tâm Văn hóa – Thể thao {lf}', 'DTT'],
    ['Thư viện {lf}', 'DVH'],
    ['Sân vận động {lf}', 'DTT'],
    ['Bưu điện văn hóa {lf}', 'DXH'],
  ],
  housing: [
    ['Nhà công vụ {lf}', 'ODT'],
    ['Khu tập thể cán bộ {lf}', 'ODT'],
    ['Nhà khách {lf}', 'TMD'],
  ],
  land_only: [
    ['Khu đất trụ sở {lf}', 'TSC'],
    ['Lô đất quy hoạch {lf}', 'BCS'],
    ['Khu đất chợ {bare}', 'TMD'],
    ['Khu đất sinh hoạt cộng đồng {lf}', 'DSH'],
  ],
  vehicle: [['Xe ô tô {vehicle} của {lf}', null]],
  equipment: [
    ['Hệ thống máy chủ {lf}', null],
    ['Máy phát điện {lf}', null],
    ['Hệ thống hội nghị trực tuyến {lf}', null],
    ['Máy photocopy {lf}', null],
  ],
  other: [
    ['Chợ {bare}', 'TMD'],
    ['Nhà bia tưởng niệm {lf}', 'DSH'],
    ['Công viên {bare}', 'DKV'],
    ['Bãi đỗ xe {lf}', 'TMD'],
  ],
};
const MIX_IN_USE = [
  ['headquarters', 30],
  ['public_service_facility', 32],
  ['housing', 8],
  ['land_only', 8],
  ['vehicle', 10],
  ['equipment', 8],
  ['other', 4],
];
const MIX_SURPLUS = [
  ['headquarters', 50],
  ['public_service_facility', 20],
  ['housing', 8],
  ['land_only', 12],
  ['vehicle', 7],
  ['other', 3],
];
/** [min land m², max land m², min VND, max VND] per category (log-uniform). */
const SIZES = {
  headquarters: [500, 15000, 2e9, 60e9],
  public_service_facility: [300, 20000, 5e8, 30e9],
  housing: [150, 3000, 3e8, 8e9],
  land_only: [200, 50000, 1e9, 200e9],
  vehicle: [0, 0, 6e8, 1.6e9],
  equipment: [0, 0, 5e7, 3e9],
  other: [300, 30000, 2e8, 20e9],
};
const BUILDINGS = new Set(['headquarters', 'public_service_facility', 'housing', 'other']);

/**
 * One agency (people's committee) per old district, old commune and new commune. Old-era ones
 * were dissolved on 2025-07-01, each succeeded by the committee of the new commune that took
 * (most of) its territory; the new-commune ones are active and are the assets' custodians.
 */
function buildAgencies(model) {
  const r = prng(1001);
  const agencies = [];
  const byUnit = new Map();
  const add = (a) => {
    const row = { kind: 'peoples_committee', ...a };
    agencies.push(row);
    byUnit.set(row.unit_id, row);
    return row;
  };
  for (const p of [...model.provinces.values()]) {
    for (const c of p.communes)
      add({
        id: r.uuid(),
        code: `${p.code}.UBND.${c.code}`,
        name: `Ủy ban nhân dân ${lf(c.name)}`,
        unit_id: c.id,
        province_code: p.code,
        status: 'active',
        dissolved_on: null,
        successor_id: null,
      });
  }
  const successorOf = (oldCommuneIds) => {
    const votes = new Map();
    for (const id of oldCommuneIds) for (const n of model.successors.get(id) ?? []) votes.set(n.id, (votes.get(n.id) ?? 0) + 1);
    const best = [...votes.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0];
    return best ? byUnit.get(best[0]) : null;
  };
  const communesOfDistrict = new Map();
  for (const p of model.provinces.values())
    for (const oc of p.oldCommunes) {
      if (!communesOfDistrict.has(oc.parent_id)) communesOfDistrict.set(oc.parent_id, []);
      communesOfDistrict.get(oc.parent_id).push(oc.id);
    }
  for (const p of model.provinces.values()) {
    for (const d of p.oldDistricts) {
      add({
        id: r.uuid(),
        code: `${p.code}.UBND.CU.${d.code}`,
        name: `Ủy ban nhân dân ${lf(d.name)}`,
        unit_id: d.id,
        province_code: p.code,
        status: 'dissolved',
        dissolved_on: '2025-07-01',
        successor_id: successorOf(communesOfDistrict.get(d.id) ?? [])?.id ?? null,
      });
    }
    for (const oc of p.oldCommunes) {
      add({
        id: r.uuid(),
        code: `${p.code}.UBND.CU.${oc.code}`,
        name: `Ủy ban nhân dân ${lf(oc.name)}`,
        unit_id: oc.id,
        province_code: p.code,
        status: 'dissolved',
        dissolved_on: '2025-07-01',
        successor_id: successorOf([oc.id])?.id ?? null,
      });
    }
  }
  return { agencies, byUnit };
}

/** How many assets each new province gets: proportional to its commune count, summing exactly to `total`. */
function shares(provinces, total) {
  const list = [...provinces.values()].sort((a, b) => a.code.localeCompare(b.code));
  const communes = list.reduce((t, p) => t + p.communes.length, 0);
  let given = 0;
  return list.map((p, i) => {
    const n = i === list.length - 1 ? total - given : Math.round((total * p.communes.length) / communes);
    given += n;
    return { province: p, count: n };
  });
}

/**
 * The assets, as objects with the asset table's column names, in code order. `surplus` of them,
 * spread evenly, are surplus since 2025-07-01 (mostly old district and commune headquarters).
 * They are loaded as 'surplus'; bench/lib/actions.js then gives about two thirds of them actions
 * and the statuses those imply (action_pending, transferred, sold…).
 */
function* generateAssets(model, agencies, landUseCodes, scale) {
  const r = prng(scale.assets);
  const landUse = new Set(landUseCodes);
  let index = 0;
  for (const { province: p, count } of shares(model.provinces, scale.assets)) {
    const [clat, clon] = centreOf(p.code);
    const active = p.communes.map((c) => agencies.byUnit.get(c.id));
    for (let k = 1; k <= count; k++, index++) {
      const surplus = Math.floor(((index + 1) * scale.surplus) / scale.assets) > Math.floor((index * scale.surplus) / scale.assets);
      const c = r.pick(p.communes);
      const preds = model.predecessors.get(c.id) ?? [];
      const pred = preds.length ? r.pick(preds) : { old: r.pick(p.oldCommunes), link: null };
      const district = model.byId.get(pred.old.parent_id);
      const category = r.weighted(surplus ? MIX_SURPLUS : MIX_IN_USE);
      // Surplus assets are the old units' own (mostly the abolished districts'); in-use ones are named after the new commune or an old unit.
      const fromDistrict = surplus ? r.next() < 0.6 : r.next() < 0.2;
      const origin = fromDistrict && district ? district : pred.old;
      const namedAfter = surplus || r.next() < 0.35 ? origin : c;
      const [template, luc] = r.pick(NAMES[category]);
      const name =
        template.replace('{lf}', lf(namedAfter.name)).replace('{bare}', bare(namedAfter.name)).replace('{vehicle}', r.pick(VEHICLES)) +
        (namedAfter === c ? '' : ' (cũ)');
      const urban = c.kind === 'ward';
      const address = urban ? `Số ${r.int(1, 450)} đường ${r.pick(STREETS)}, ${c.name}, ${p.name}` : `${r.pick(HAMLETS)} ${r.int(1, 15)}, ${c.name}, ${p.name}`;
      const [minLand, maxLand, minVnd, maxVnd] = SIZES[category];
      const logu = (a, b) => Math.exp(Math.log(a) + r.next() * (Math.log(b) - Math.log(a)));
      const land = minLand ? Math.round(logu(minLand, maxLand) * 100) / 100 : null;
      const floor = BUILDINGS.has(category) && land ? Math.round(land * (0.2 + r.next() * 1.3) * 100) / 100 : null;
      const year =
        category === 'land_only' ? null : category === 'vehicle' ? r.int(2005, 2024) : category === 'equipment' ? r.int(2010, 2024) : r.int(1965, 2024);
      const cost = Math.round(logu(minVnd, maxVnd) / 1000) * 1000;
      const age = year ? 2025 - year : 10;
      const remaining = Math.round((cost * Math.max(0.05, 1 - age * (category === 'vehicle' || category === 'equipment' ? 0.1 : 0.025))) / 1000) * 1000;
      const located = category !== 'vehicle' && category !== 'equipment' && r.next() < 0.97;
      const lucCode = luc === 'ODT' && !urban ? 'ONT' : luc;
      yield {
        id: r.uuid(),
        code: `${p.code}.TSC.${String(k).padStart(7, '0')}`,
        name,
        category,
        current_unit_id: c.id,
        province_code: p.code,
        origin_unit_id: origin.id,
        custodian_id: (r.next() < 0.85 ? agencies.byUnit.get(c.id) : r.pick(active)).id,
        address: located || category === 'vehicle' ? address : null,
        latitude: located ? clamp(clat + (r.next() - 0.5) * 0.7, 8.5, 23.3).toFixed(6) : null,
        longitude: located ? clamp(clon + (r.next() - 0.5) * 0.7, 102.2, 109.4).toFixed(6) : null,
        land_area: land === null ? null : land.toFixed(2),
        floor_area: floor === null ? null : floor.toFixed(2),
        year_built: year,
        original_cost: cost,
        remaining_value: remaining,
        land_certificate_no: land && r.next() < 0.75 ? `${r.pick(['BĐ', 'BK', 'CĐ', 'CS', 'DA'])} ${r.int(100000, 999999)}` : null,
        land_use_category: lucCode && landUse.has(lucCode) ? lucCode : null,
        condition: r.weighted(
          surplus
            ? [
                ['good', 10],
                ['fair', 35],
                ['poor', 35],
                ['dilapidated', 20],
              ]
            : [
                ['good', 40],
                ['fair', 35],
                ['poor', 18],
                ['dilapidated', 7],
              ],
        ),
        status: surplus ? 'surplus' : 'in_use',
        surplus_since: surplus ? '2025-07-01' : null,
        surplus_reason: !surplus
          ? null
          : origin.level === 'district'
            ? `Dôi dư do kết thúc hoạt động của chính quyền cấp huyện (${lf(origin.name)}) từ ngày 01/07/2025`
            : `Dôi dư sau khi sắp xếp ${lf(origin.name)} vào ${lf(c.name)}`,
        surplus_basis: !surplus
          ? null
          : origin.level === 'district' || !pred.link?.legal_basis
            ? '203/2025/QH15'
            : `${pred.link.legal_basis}${pred.link.clause ? ` khoản ${pred.link.clause}` : ''}`,
        notes:
          r.next() < 0.1
            ? r.pick(['Đã kiểm kê ngày 15/08/2025', 'Chờ phương án sắp xếp của tỉnh', 'Đang sử dụng làm điểm tiếp dân', 'Hồ sơ pháp lý đầy đủ'])
            : null,
      };
    }
  }
}

const ASSET_COLUMNS = [
  'id',
  'code',
  'name',
  'category',
  'current_unit_id',
  'province_code',
  'origin_unit_id',
  'custodian_id',
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
  'status',
  'surplus_since',
  'surplus_reason',
  'surplus_basis',
  'notes',
];
const AGENCY_COLUMNS = ['id', 'code', 'name', 'kind', 'unit_id', 'province_code', 'status', 'dissolved_on', 'successor_id'];

/** Groups rows into COPY text chunks (src/database/copy-text.ts) of about `size` lines (fewer, larger writes). */
function* copyChunks(rows, columns, size = 1000) {
  let buf = [];
  for (const row of rows) {
    buf.push(copyLine(columns.map((c) => row[c])));
    if (buf.length >= size) {
      yield buf.join('');
      buf = [];
    }
  }
  if (buf.length) yield buf.join('');
}

module.exports = { buildAgencies, generateAssets, copyChunks, ASSET_COLUMNS, AGENCY_COLUMNS, lf };
