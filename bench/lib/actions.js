/**
 * The handling of the surplus facilities for the benchmark database: actions (with the clauses
 * they cite), the land-use plans and plan updates repurposings need, and document metadata; and
 * the asset changes their completion implies (the same mapping as src/rules/effects.ts).
 * Everything is drawn from a seeded PRNG from the loaded rows, so the same scale gives the same data.
 *
 * Spread as the published figures suggest (about 28,000 surplus facilities, on 1 December 2025
 * 65.89 % handled): ~66 % of the surplus assets have a completed action, ~21 % an open one
 * (submitted, approved, in progress), ~3 % a draft, the rest nothing yet (or only a rejected or
 * cancelled action); ~4 % had an earlier action cancelled or rejected before the current one.
 * Dates run from 2025-07-10 to 2025-11-30; every timestamp follows the workflow's order
 * (created < submitted < decision date ≤ recorded = approved < started < completed), a few
 * decisions are recorded 10–20 days after the date they bear (the "known at" case).
 */
const { createHash } = require('node:crypto');
const { prng } = require('./common');

const DAY0 = Date.UTC(2025, 6, 1); // 2025-07-01
const LAST_DAY = 152; // 2025-11-30
const date = (d) => new Date(DAY0 + d * 86_400_000).toISOString().slice(0, 10);
/** A timestamp on day `d` at `minute` minutes after 07:30 Vietnam time. */
const ts = (d, minute) => new Date(DAY0 + d * 86_400_000 + (30 + minute) * 60_000).toISOString();

const OUTCOMES = [
  ['completed', 659],
  ['in_progress', 80],
  ['approved', 70],
  ['submitted', 60],
  ['draft', 30],
  ['none', 81],
  ['rejected', 10],
  ['cancelled', 10],
];
const TYPES = [
  ['repurposing', 40],
  ['reallocation', 25],
  ['disposal', 17],
  ['renovation', 10],
  ['retention', 8],
];
const METHOD_WEIGHTS = {
  retention: [
    ['permanent', 70],
    ['temporary', 30],
  ],
  reallocation: [
    ['transfer', 50],
    ['handover_to_locality', 30],
    ['assignment', 20],
  ],
  disposal: [
    ['sale', 30],
    ['liquidation', 20],
    ['recovery', 20],
    ['land_fund', 20],
    ['payment_in_kind', 5],
    ['destruction', 5],
  ],
  renovation: [
    ['repair', 50],
    ['upgrade', 35],
    ['extension', 15],
  ],
  repurposing: [
    ['change_of_function', 75],
    ['change_of_land_use', 25],
  ],
};
const PURPOSES = [
  ['health', 15, 'DYT'],
  ['education', 25, 'DGD'],
  ['culture', 20, 'DVH'],
  ['sports', 10, 'DTT'],
  ['commune_police', 15, 'CAN'],
  ['office', 8, 'TSC'],
  ['vocational_training', 2, 'DGD'],
  ['public_space', 3, 'DKV'],
  ['other', 2, 'DSH'],
];
const PRIORITY = new Set(['health', 'education', 'culture', 'sports', 'commune_police']);
const BUYERS = [
  'Công ty TNHH Đầu tư Phú Gia',
  'Công ty Cổ phần Xây dựng Minh An',
  'Công ty TNHH Thương mại Hòa Bình',
  'Công ty Cổ phần Bất động sản Sông Hồng',
  'Hộ kinh doanh Nguyễn Văn Tâm',
];
const AUTHORITIES = ['UBND tỉnh', 'Chủ tịch UBND tỉnh', 'Sở Tài chính'];
const JUSTIFY_SALE =
  'Cơ sở nhà, đất không còn nhu cầu sử dụng cho mục đích công, đã hỏi ý kiến các cơ quan, không có đơn vị nhận; bán đấu giá để thu ngân sách.';
const JUSTIFY_PURPOSE =
  'Các đơn vị y tế, giáo dục, văn hóa, thể thao, công an xã trên địa bàn đã có cơ sở, không có nhu cầu; bố trí cho mục đích khác là phù hợp.';
const UNCHANGED = 'Mục đích sử dụng mới phù hợp với loại đất hiện tại nên không phải điều chỉnh quy hoạch sử dụng đất.';

const ACTION_COLUMNS = [
  'id',
  'asset_id',
  'province_code',
  'type',
  'method',
  'status',
  'justification',
  'notes',
  'asset_status_before',
  'decision_no',
  'decision_date',
  'decision_authority',
  'decision_recorded_at',
  'receiving_agency_id',
  'receiving_unit_id',
  'temporary_handover_date',
  'handover_date',
  'minutes_confirmed_by_sender',
  'minutes_confirmed_by_receiver',
  'sale_method',
  'valuation_amount',
  'valuation_date',
  'sale_price',
  'buyer',
  'proceeds_paid',
  'proceeds_paid_date',
  'planned_cost',
  'actual_cost',
  'planned_start',
  'planned_end',
  'actual_start',
  'actual_end',
  'purpose_code',
  'target_land_use_category',
  'category_unchanged_reason',
  'created_by',
  'submitted_by',
  'submitted_at',
  'approved_by',
  'approved_at',
  'rejected_by',
  'rejected_at',
  'rejection_reason',
  'started_at',
  'completed_by',
  'completed_at',
  'completed_on',
  'cancelled_by',
  'cancelled_at',
  'cancellation_reason',
  'version',
  'created_at',
  'updated_at',
];
const ACTION_CLAUSE_COLUMNS = ['action_id', 'clause_id'];
const PLAN_COLUMNS = [
  'id',
  'unit_id',
  'province_code',
  'kind',
  'title',
  'period_start',
  'period_end',
  'decision_no',
  'decision_date',
  'created_at',
  'updated_at',
];
const PLAN_UPDATE_COLUMNS = [
  'id',
  'plan_id',
  'province_code',
  'asset_id',
  'parcel_ref',
  'from_category',
  'to_category',
  'area',
  'status',
  'decision_no',
  'decision_date',
  'decision_recorded_at',
  'action_id',
  'version',
  'created_at',
  'updated_at',
];
const DOCUMENT_COLUMNS = [
  'id',
  'kind',
  'province_code',
  'asset_id',
  'action_id',
  'file_name',
  'media_type',
  'size_bytes',
  'sha256',
  'note',
  'uploaded_by',
  'uploaded_at',
];
const ASSET_CHANGE_COLUMNS = ['id', 'status', 'custodian_id', 'current_unit_id', 'land_use_category', 'clear_surplus', 'updated_at', 'steps'];

/** Required documents per type (src/rules/guards.ts requiredDocuments). */
const requiredDocuments = (type, method) => {
  if (type === 'reallocation') return ['decision', 'handover_minutes'];
  if (type === 'disposal' && method === 'sale') return ['decision', 'valuation_report', 'auction_result'];
  if (type === 'renovation') return ['acceptance_minutes'];
  return ['decision'];
};
/** The asset status completion leads to (src/rules/effects.ts completionEffect): a kept, reallocated or repurposed facility stays in use. */
function completionStatus(type, method) {
  if (type !== 'disposal') return 'in_use';
  if (method === 'land_fund') return 'transferred';
  if (method === 'sale' || method === 'payment_in_kind') return 'sold';
  if (method === 'liquidation' || method === 'destruction') return 'liquidated';
  return 'recovered';
}

/**
 * Builds every row from the loaded data: `assets` (surplus ones in code order: id, code,
 * province_code, category, land_use_category, custodian_id, remaining_value, land_area),
 * `agencies` (active: id, unit_id, province_code), `clauses` (id, types, issued_on),
 * `provinces` (new province units: id, code, name), `landUse` (existing category codes).
 */
function buildHandling({ assets, agencies, clauses, provinces, landUse }) {
  const r = prng(assets.length * 31 + 7);
  const uuid = r.uuid;
  const landUseSet = new Set(landUse);
  const out = { actions: [], actionClauses: [], plans: [], planUpdates: [], documents: [], assetChanges: [] };
  const officers = new Map(); // province → [creator/submitter, approver, completer]
  const officersOf = (p) => {
    if (!officers.has(p)) {
      const q = prng(Number(p) * 977);
      officers.set(p, [q.uuid(), q.uuid(), q.uuid()]);
    }
    return officers.get(p);
  };
  const agenciesByProvince = new Map();
  for (const a of agencies) {
    if (!agenciesByProvince.has(a.province_code)) agenciesByProvince.set(a.province_code, []);
    agenciesByProvince.get(a.province_code).push(a);
  }
  // Two plans per province: the land-use plan 2021–2030 and the construction plan.
  const planOf = new Map();
  for (const p of provinces) {
    const [lu, cons] = [uuid(), uuid()];
    out.plans.push({
      id: lu,
      unit_id: p.id,
      province_code: p.code,
      kind: 'land_use',
      title: `Quy hoạch sử dụng đất ${p.name.charAt(0).toLowerCase()}${p.name.slice(1)} thời kỳ 2021–2030`,
      period_start: 2021,
      period_end: 2030,
      decision_no: `${r.int(100, 999)}/QĐ-TTg`,
      decision_date: '2025-08-15',
      created_at: ts(40, 60),
      updated_at: ts(40, 60),
    });
    out.plans.push({
      id: cons,
      unit_id: p.id,
      province_code: p.code,
      kind: 'construction',
      title: `Quy hoạch xây dựng vùng ${p.name.charAt(0).toLowerCase()}${p.name.slice(1)} đến năm 2030`,
      period_start: 2021,
      period_end: 2030,
      decision_no: null,
      decision_date: null,
      created_at: ts(41, 60),
      updated_at: ts(41, 60),
    });
    planOf.set(p.code, lu);
  }
  const clausesFor = (type, day) => {
    const all = clauses.filter((c) => c.types.includes(type));
    const inForce = all.filter((c) => c.issued_on <= date(day));
    return inForce.length ? inForce : all;
  };
  /** A document row; `at` is its upload time (an ISO timestamp). */
  const doc = (kind, a, actionId, at) => {
    const id = uuid();
    const sha = createHash('sha256').update(`bench-document:${id}`).digest('hex');
    const pdf = kind !== 'photo';
    out.documents.push({
      id,
      kind,
      province_code: a.province_code,
      asset_id: actionId ? null : a.id,
      action_id: actionId,
      file_name: `${kind}-${a.code}.${pdf ? 'pdf' : 'jpg'}`,
      media_type: pdf ? 'application/pdf' : 'image/jpeg',
      size_bytes: r.int(40_000, 4_000_000),
      sha256: sha,
      note: null,
      uploaded_by: null,
      uploaded_at: at,
    });
  };

  /** One action on `a`, taken to `status`, created on day `c`. Returns its last day. */
  const action = (a, status, type, method, c, prior) => {
    const [creator, approver, completer] = officersOf(a.province_code);
    const id = uuid();
    const row = Object.fromEntries(ACTION_COLUMNS.map((k) => [k, null]));
    Object.assign(row, {
      id,
      asset_id: a.id,
      province_code: a.province_code,
      type,
      method,
      status,
      created_by: creator,
      created_at: ts(c, r.int(0, 500)),
      minutes_confirmed_by_sender: false,
      minutes_confirmed_by_receiver: false,
      version: 1,
    });
    let day = c;
    let steps = 0;
    // Each step is later than the one before (10 minutes at least when on the same day).
    let last = row.created_at;
    const stamp = (col, d) => {
      let at = ts(d, r.int(0, 500));
      if (at <= last) at = new Date(Date.parse(last) + 10 * 60_000).toISOString();
      row[col] = at;
      last = at;
      steps++;
      return at;
    };
    const before = (at, minutes) => new Date(Date.parse(at) - minutes * 60_000).toISOString();
    const submitted = status !== 'draft';
    const s = c + r.int(0, 10);
    if (submitted) {
      row.submitted_by = creator;
      stamp('submitted_at', s);
      row.asset_status_before = 'surplus';
      day = s;
    }
    // Details known from the start (they are needed to submit).
    if (type === 'reallocation') {
      const list = (agenciesByProvince.get(a.province_code) ?? []).filter((g) => g.id !== a.custodian_id);
      const to = list.length ? r.pick(list) : null;
      row.receiving_agency_id = to?.id ?? null;
      row.receiving_unit_id = to?.unit_id ?? null;
    }
    if (type === 'disposal' && method === 'sale') row.justification = JUSTIFY_SALE;
    if (type === 'renovation') {
      row.planned_cost = Math.round((Number(a.remaining_value) * (0.05 + r.next() * 0.25)) / 1e6) * 1e6 || 200_000_000;
      row.planned_start = date(s + 20);
      row.planned_end = date(s + 120);
    }
    if (type === 'repurposing') {
      const [code, , luc] = r.weighted(PURPOSES.map((p) => [p, p[1]]));
      row.purpose_code = code;
      row.target_land_use_category = landUseSet.has(luc) ? luc : null;
      if (!PRIORITY.has(code)) row.justification = JUSTIFY_PURPOSE;
    }
    const open = ['approved', 'in_progress', 'completed'].includes(status) || (prior && status === 'cancelled' && r.next() < 0.5);
    let recorded = null;
    if (open) {
      const d = s + r.int(3, 20);
      const late = r.next() < 0.03 ? r.int(10, 20) : r.int(0, 2);
      recorded = d + late;
      Object.assign(row, {
        decision_no: `${r.int(100, 9999)}/QĐ-UBND`,
        decision_date: date(d),
        decision_authority: r.pick(AUTHORITIES),
        approved_by: approver,
      });
      row.decision_recorded_at = stamp('approved_at', recorded);
      day = recorded;
      if (type === 'reallocation' && r.next() < 0.15) row.temporary_handover_date = date(s + r.int(1, 5));
    } else if (type === 'reallocation' && status === 'submitted' && r.next() < 0.2) {
      row.temporary_handover_date = date(s + r.int(1, 5)); // a temporary hand-over still waiting for its decision
    }
    const started = status === 'in_progress' || (status === 'completed' && (type === 'renovation' || r.next() < 0.8));
    if (started) {
      day = recorded + r.int(1, 10);
      stamp('started_at', day);
      if (type === 'renovation') row.actual_start = date(day);
    }
    if (status === 'completed') {
      const done = Math.min(LAST_DAY, day + r.int(5, 40));
      day = Math.max(day + 1, done);
      const completedAt = stamp('completed_at', day);
      Object.assign(row, { completed_by: completer, completed_on: date(day) });
      if (type === 'reallocation')
        Object.assign(row, { handover_date: date(day - r.int(0, 3)), minutes_confirmed_by_sender: true, minutes_confirmed_by_receiver: true });
      if (type === 'disposal' && method === 'sale') {
        const valuation = Math.round((Number(a.remaining_value) * (0.9 + r.next() * 0.7)) / 1e6) * 1e6 || 500_000_000;
        const auction = r.next() < 0.8;
        const price = auction ? Math.round((valuation * (1 + r.next() * 0.3)) / 1e6) * 1e6 : valuation;
        Object.assign(row, {
          sale_method: auction ? 'auction' : 'direct',
          valuation_amount: valuation,
          valuation_date: date(recorded + 2),
          sale_price: price,
          buyer: r.pick(BUYERS),
          proceeds_paid: price,
          proceeds_paid_date: date(day),
        });
      }
      if (type === 'renovation')
        Object.assign(row, { actual_cost: Math.round((row.planned_cost * (0.85 + r.next() * 0.3)) / 1e6) * 1e6, actual_end: date(day) });
      if (type === 'repurposing' && (!row.target_land_use_category || row.target_land_use_category === a.land_use_category))
        row.category_unchanged_reason = UNCHANGED;
      for (const kind of requiredDocuments(type, method)) doc(kind, a, id, kind === 'decision' ? row.decision_recorded_at : before(completedAt, r.int(5, 60)));
    } else if (open) {
      doc('decision', a, id, row.decision_recorded_at);
    }
    if (status === 'rejected') {
      day = s + r.int(3, 15);
      stamp('rejected_at', day);
      Object.assign(row, { rejected_by: approver, rejection_reason: 'Hồ sơ chưa đủ căn cứ pháp lý, đề nghị bổ sung ý kiến của sở chuyên ngành.' });
    }
    if (status === 'cancelled') {
      day = Math.max(day, s) + r.int(2, 10);
      stamp('cancelled_at', day);
      Object.assign(row, { cancelled_by: creator, cancellation_reason: 'Thay đổi phương án xử lý theo chỉ đạo mới của UBND tỉnh.' });
    }
    // Repurposings that change the land-use category go through a plan update linked to the action.
    if (type === 'repurposing' && row.target_land_use_category && row.target_land_use_category !== a.land_use_category && submitted) {
      const approved = status === 'completed' || ((status === 'in_progress' || status === 'approved') && r.next() < 0.5);
      const pd = approved ? Math.min(day - (status === 'completed' ? 1 : 0), (recorded ?? s) + r.int(1, 10)) : null;
      out.planUpdates.push({
        id: uuid(),
        plan_id: planOf.get(a.province_code),
        province_code: a.province_code,
        asset_id: a.id,
        parcel_ref: null,
        from_category: a.land_use_category,
        to_category: row.target_land_use_category,
        area: a.land_area,
        status: approved ? 'approved' : 'proposed',
        decision_no: approved ? `${r.int(100, 9999)}/QĐ-UBND` : null,
        decision_date: approved ? date(pd) : null,
        decision_recorded_at: approved ? ts(pd, 400) : null,
        action_id: id,
        version: approved ? 2 : 1,
        created_at: ts(s, 480),
        updated_at: ts(approved ? pd : s, 480),
      });
    }
    row.version = 1 + steps;
    row.updated_at = ts(day, 520) > last ? ts(day, 520) : last;
    out.actions.push(row);
    const cited = clausesFor(type, submitted ? s : c);
    const picked = new Set([r.pick(cited).id]);
    if (cited.length > 1 && r.next() < 0.3) picked.add(r.pick(cited).id);
    for (const clause of picked) out.actionClauses.push({ action_id: id, clause_id: clause });
    return { day, row, steps };
  };

  for (const a of assets) {
    const outcome = r.weighted(OUTCOMES);
    let type = r.weighted(TYPES);
    if (a.category === 'vehicle' || a.category === 'equipment')
      type = r.weighted([
        ['reallocation', 50],
        ['disposal', 50],
      ]);
    if (a.category === 'land_only' && type === 'renovation') type = 'repurposing';
    let method = r.weighted(METHOD_WEIGHTS[type]);
    if (type === 'disposal' && (a.category === 'vehicle' || a.category === 'equipment'))
      method = r.weighted([
        ['sale', 50],
        ['liquidation', 40],
        ['destruction', 10],
      ]);
    if ((a.category === 'vehicle' || a.category === 'equipment') && type === 'reallocation' && method === 'handover_to_locality') method = 'transfer';
    // Open actions were created later than completed ones.
    let c = outcome === 'completed' ? r.int(10, 100) : r.int(60, 135);
    // Some assets had an earlier action cancelled or rejected before the current one.
    if (outcome !== 'none' && r.next() < 0.04) {
      const c0 = r.int(5, 25);
      const prior = action(
        a,
        r.next() < 0.75 ? 'cancelled' : 'rejected',
        type,
        METHOD_WEIGHTS[type][0][0] === method ? r.weighted(METHOD_WEIGHTS[type]) : METHOD_WEIGHTS[type][0][0],
        c0,
        true,
      );
      c = Math.max(c, prior.day + r.int(1, 10));
    }
    if (outcome === 'none') continue;
    const { day, row, steps } = action(a, outcome, type, method, c, false);
    if (outcome === 'completed') {
      const status = completionStatus(type, method);
      out.assetChanges.push({
        id: a.id,
        status,
        custodian_id: type === 'reallocation' ? row.receiving_agency_id : null,
        current_unit_id: type === 'reallocation' ? row.receiving_unit_id : null,
        land_use_category: type === 'repurposing' ? row.target_land_use_category : null,
        clear_surplus: ['retention', 'reallocation', 'repurposing'].includes(type),
        updated_at: ts(day, 520),
        steps,
      });
    } else if (['submitted', 'approved', 'in_progress'].includes(outcome)) {
      out.assetChanges.push({
        id: a.id,
        status: outcome === 'in_progress' && type === 'renovation' ? 'under_renovation' : 'action_pending',
        custodian_id: null,
        current_unit_id: null,
        land_use_category: null,
        clear_surplus: false,
        updated_at: ts(day, 520),
        steps,
      });
    }
    // Photos and land certificates of some facilities.
    if (r.next() < 0.25) doc(r.next() < 0.5 ? 'photo' : 'land_certificate', a, null, ts(r.int(3, 40), r.int(0, 500)));
  }
  return out;
}

module.exports = { buildHandling, ACTION_COLUMNS, ACTION_CLAUSE_COLUMNS, PLAN_COLUMNS, PLAN_UPDATE_COLUMNS, DOCUMENT_COLUMNS, ASSET_CHANGE_COLUMNS };
