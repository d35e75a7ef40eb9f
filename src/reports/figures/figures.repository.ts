import { Injectable } from '@nestjs/common';
import type { ReportItem } from '../report.model';
import { OBSTACLES_OPEN_KEY } from './cells';
import { DECIDED_SQL, HANDLING_TYPES_SQL, HANDOVER_DUE_SQL, PLAN_DEADLINE_SQL } from '../../rules/overdue.sql';
import { VERSION_AT_SQL } from '../../rules/versions';
import { Db, Transactions } from '../../database/transaction';

/** A date-only view of a timestamp in Vietnam. */
const vn = (ts: string) => `(${ts} AT TIME ZONE 'Asia/Ho_Chi_Minh')::date`;

/**
 * Field `field` of record `id` (SQL text) of `entityType` as known at $2, for the values a report shows
 * that bear no date of their own (clause deadlines, refs and flags, purpose labels and ranks, the new
 * use an action gives): the value the first event recorded after $2 replaced, else the stored one.
 * Text; the caller casts. A later edit never changes a report known before it, and the stored value is
 * what every time after the last recorded change reads (so a row put right without an event, as a
 * test or a data fix does, is not contradicted by an older event).
 */
const KNOWN = (entityType: string, id: string, field: string, stored: string): string => `(coalesce(
  (SELECT jsonb_build_object('v', e.before->'${field}') FROM event e WHERE e.entity_type = '${entityType}' AND e.entity_id = ${id}
     AND e.occurred_at > $2::timestamptz AND e.before ? '${field}' ORDER BY e.seq LIMIT 1),
  jsonb_build_object('v', to_jsonb(${stored})))->>'v')`;
/** Record `id` of `entityType` was created (by an event) after $2: it did not exist for a report known at $2. */
const CREATED_LATER = (entityType: string, id: string): string =>
  `EXISTS (SELECT 1 FROM event e WHERE e.entity_type = '${entityType}' AND e.entity_id = ${id} AND e.action = 'created' AND e.occurred_at > $2::timestamptz)`;

/**
 * The clauses, directives (whose number never changes) and provinces' own deadlines as known at $2
 * (KNOWN), shaped like their tables:
 * a clause or directive created after $2 is left out; a province's deadline is the one the first
 * set/removed event recorded after $2 replaced (none, if it had none), else the row's.
 */
const KNOWN_CLAUSES = `
dc AS (
  SELECT c.id, c.directive_id, ${KNOWN('directive_clause', 'c.id::text', 'ref', 'c.ref')} AS ref,
    ${KNOWN('directive_clause', 'c.id::text', 'deadline', 'c.deadline')}::date AS deadline,
    ${KNOWN('directive_clause', 'c.id::text', 'planDeadline', 'c.plan_deadline')}::boolean AS plan_deadline
  FROM directive_clause c WHERE NOT ${CREATED_LATER('directive_clause', 'c.id::text')}
),
dd AS (
  SELECT d.id, d.number FROM directive d WHERE NOT ${CREATED_LATER('directive', 'd.id::text')}
),
cpd AS (
  SELECT k.clause_id, k.province_code, k.deadline FROM (
    SELECT p.clause_id, p.province_code, CASE WHEN f.ev IS NOT NULL THEN (f.ev->'before'->>'deadline')::date ELSE r.deadline END AS deadline
    FROM (SELECT clause_id, province_code FROM clause_province_deadline
          UNION SELECT e.entity_id::uuid, coalesce(e.after->>'provinceCode', e.before->>'provinceCode') FROM event e
          WHERE e.entity_type = 'directive_clause' AND e.action IN ('province-deadline-set', 'province-deadline-removed')) p
    LEFT JOIN clause_province_deadline r ON r.clause_id = p.clause_id AND r.province_code = p.province_code
    LEFT JOIN LATERAL (SELECT jsonb_build_object('before', e.before) AS ev FROM event e WHERE e.entity_type = 'directive_clause' AND e.entity_id = p.clause_id::text
      AND e.action IN ('province-deadline-set', 'province-deadline-removed') AND coalesce(e.after->>'provinceCode', e.before->>'provinceCode') = p.province_code
      AND e.occurred_at > $2::timestamptz ORDER BY e.seq LIMIT 1) f ON true
  ) k WHERE k.deadline IS NOT NULL
),`;

/** Unit `u`'s name (an SQL expression) as known at $2 on $1 (admin_unit_name_version; a unit never renamed: its row's). */
const UNIT_NAME = (u: string): string =>
  `coalesce((${VERSION_AT_SQL('admin_unit_name_version', 'unit_id', `${u}.id`, '$1::date', '$2::timestamptz', 'v.name')}), ${u}.name)`;

/** The asset attributes a report reads, each as its version valid on $1 as known at $2 (asset_version; none: the row's). */
const VERSIONED_ASSET_COLUMNS = ['name', 'category', 'current_unit_id', 'origin_unit_id', 'custodian_id', 'land_area', 'floor_area', 'land_use_category'];
const UNIT_FLAGS = ['is_mountainous', 'is_remote', 'is_island', 'is_ethnic_minority'];
/**
 * Asset `id`'s versioned attributes as of $1 known at $2, one row, for a LATERAL join (an index look-up
 * per facility: a CTE joined back to sd made the planner loop over both).
 */
const ASSET_AT = (
  id: string,
) => `(SELECT a0.id AS asset_id, ${VERSIONED_ASSET_COLUMNS.map((c) => `CASE WHEN v.seq IS NULL THEN a0.${c} ELSE v.${c} END AS ${c}`).join(', ')}
  FROM asset a0 LEFT JOIN LATERAL (${VERSION_AT_SQL('asset_version', 'asset_id', 'a0.id', '$1::date', '$2::timestamptz', 'v.*')}) v ON true WHERE a0.id = ${id})`;

/**
 * The facilities of a report and the cells each belongs to, as of $1 (date) known at $2
 * (timestamp), for province $3 (null: national). One text, used by the figures and by the
 * drill-down, so a cell's number and its list can never disagree.
 *
 * - sd: surplus on the date: declared (since ≤ D, recorded ≤ K) and not withdrawn (on ≤ D, recorded ≤ K).
 * - st: each action of the episode (not completed before it began) and its state on the date: closed (cancelled/rejected, recorded ≤ K on a day ≤ D),
 *   completed (completed_on ≤ D, recorded ≤ K), in progress (approved and started), approved
 *   (decision dated ≤ D, recorded ≤ K), submitted (recorded ≤ K on a day ≤ D).
 * - cnt: the one action a facility is counted through: a decided handling (approved, in progress or
 *   completed, not a renovation) first, then completed > in progress > approved > submitted, ties to
 *   the latest decision; closed actions never count.
 * - fac: each facility with that action, its attributes (areas, units and their flags, land use) as
 *   the versions valid on D as known at K (ASSET_AT, rules/versions.ts; a record never changed: its
 *   row); `counted` when it is decided, `handled` when it is a decided handling (surplus = handled +
 *   remaining), and the approved-plan deadline of its province.
 * - m: one row per (facility, cell key), with the amount, deadline and action behind it.
 * The parameters are written where they are used (not read from a one-row CTE), so the planner
 * sees their values and estimates the surplus facilities at their real number: with the CTE it
 * expected 57 instead of 30,000 and joined them by index look-ups.
 */
const MEMBERS = `
WITH ${KNOWN_CLAUSES}
sd AS (
  SELECT DISTINCT ON (s.asset_id) s.asset_id, s.province_code, s.since
  FROM surplus_declaration s
  WHERE s.since <= $1::date AND s.declared_recorded_at <= $2::timestamptz
    AND NOT coalesce(s.withdrawn_on <= $1::date AND s.withdrawn_recorded_at <= $2::timestamptz, false)
    AND ($3::text IS NULL OR s.province_code = $3::text)
  ORDER BY s.asset_id, s.since DESC, s.declared_recorded_at DESC
),
st AS (
  SELECT x.id, x.asset_id, x.province_code, x.type, x.method, x.purpose_code, x.new_use, x.decision_date, x.decision_recorded_at, x.completed_on, x.completed_at,
    x.temporary_handover_date, x.created_at, x.proceeds_paid, x.proceeds_paid_date, x.planned_cost, x.actual_cost, x.target_land_use_category,
    coalesce(x.cancelled_at <= $2::timestamptz AND ${vn('x.cancelled_at')} <= $1::date, false) OR coalesce(x.rejected_at <= $2::timestamptz AND ${vn('x.rejected_at')} <= $1::date, false) AS closed,
    CASE
      WHEN coalesce(x.cancelled_at <= $2::timestamptz AND ${vn('x.cancelled_at')} <= $1::date, false) OR coalesce(x.rejected_at <= $2::timestamptz AND ${vn('x.rejected_at')} <= $1::date, false) THEN NULL
      WHEN coalesce(x.completed_on <= $1::date AND x.completed_at <= $2::timestamptz, false) THEN 'completed'
      WHEN coalesce(x.decision_date <= $1::date AND x.decision_recorded_at <= $2::timestamptz AND x.approved_at <= $2::timestamptz, false)
        THEN CASE WHEN coalesce(x.started_at <= $2::timestamptz AND coalesce(x.actual_start, ${vn('x.started_at')}) <= $1::date, false) THEN 'in_progress' ELSE 'approved' END
      WHEN coalesce(x.submitted_at <= $2::timestamptz AND ${vn('x.submitted_at')} <= $1::date, false) THEN 'submitted'
    END AS state
  -- An action completed before the episode began belongs to an earlier one (a facility declared surplus again after its handling).
  FROM action x JOIN sd ON sd.asset_id = x.asset_id AND NOT coalesce(x.completed_on < sd.since AND x.completed_at <= $2::timestamptz, false)
),
cnt AS (
  SELECT DISTINCT ON (s.asset_id) s.* FROM st s WHERE s.state IS NOT NULL
  ORDER BY s.asset_id, (s.state IN (${DECIDED_SQL}) AND s.type IN (${HANDLING_TYPES_SQL})) DESC, CASE s.state WHEN 'completed' THEN 4 WHEN 'in_progress' THEN 3 WHEN 'approved' THEN 2 ELSE 1 END DESC,
    s.decision_date DESC NULLS LAST, s.decision_recorded_at DESC NULLS LAST, s.id
),
pdl AS (
  SELECT p.province_code, ${PLAN_DEADLINE_SQL('p.province_code', 'dc', 'cpd')} AS deadline FROM (SELECT DISTINCT province_code FROM sd) p
),
fac AS (
  SELECT sd.asset_id, sd.province_code, a.land_area, a.floor_area, c.id AS action_id, c.province_code AS action_province, c.state,
    coalesce(c.state IN (${DECIDED_SQL}), false) AS counted, coalesce(c.state IN (${DECIDED_SQL}) AND c.type IN (${HANDLING_TYPES_SQL}), false) AS handled,
    c.type, c.method, c.purpose_code, ${KNOWN('action', 'c.id::text', 'newUse', 'c.new_use')} AS new_use, c.completed_on, c.completed_at, pdl.deadline AS plan_deadline,
    c.proceeds_paid, c.proceeds_paid_date, c.planned_cost, c.actual_cost,
    (c.type = 'repurposing' AND c.target_land_use_category IS NOT NULL
      AND (c.target_land_use_category IS DISTINCT FROM a.land_use_category
           OR EXISTS (SELECT 1 FROM plan_update pu WHERE pu.action_id = c.id AND pu.status = 'approved'))
      AND NOT EXISTS (SELECT 1 FROM plan_update pu WHERE pu.action_id = c.id AND pu.status = 'approved' AND pu.decision_date <= $1::date AND pu.decision_recorded_at <= $2::timestamptz)
    ) AS plan_pending,
    ${UNIT_FLAGS.map((c) => `CASE WHEN cf.seq IS NULL THEN cu.${c} ELSE cf.${c} END AS ${c}`).join(', ')}, ou.level AS origin_level
  FROM sd CROSS JOIN LATERAL ${ASSET_AT('sd.asset_id')} a JOIN admin_unit cu ON cu.id = a.current_unit_id LEFT JOIN admin_unit ou ON ou.id = a.origin_unit_id
  LEFT JOIN LATERAL (${VERSION_AT_SQL('admin_unit_flags_version', 'unit_id', 'cu.id', '$1::date', '$2::timestamptz', 'v.*')}) cf ON true
  LEFT JOIN cnt c ON c.asset_id = sd.asset_id LEFT JOIN pdl ON pdl.province_code = sd.province_code
),
m AS (
  SELECT f.asset_id, f.province_code, f.land_area, f.floor_area, v.key, v.amount, NULL::date AS deadline,
    CASE WHEN f.counted THEN f.action_id END AS action_id, CASE WHEN f.counted THEN f.state END AS state
  FROM fac f CROSS JOIN LATERAL (VALUES
    ('surplus'::text, NULL::numeric),
    (CASE WHEN f.handled THEN 'handled' ELSE 'remaining' END, NULL),
    (CASE WHEN f.handled AND f.state = 'in_progress' THEN 'in_progress' END, NULL),
    (CASE WHEN f.handled AND f.state = 'completed' THEN 'completed' END, NULL),
    (CASE WHEN f.handled THEN 'new_use:' || coalesce(f.new_use, 'not_recorded') END, NULL),
    (CASE WHEN f.counted THEN 'type:' || f.type END, NULL),
    (CASE WHEN f.counted THEN 'type:' || f.type || '/method:' || f.method END, NULL),
    (CASE WHEN f.counted AND f.type = 'repurposing' AND f.purpose_code IS NOT NULL THEN 'purpose:' || f.purpose_code END, NULL),
    (CASE WHEN f.counted AND f.type = 'disposal' AND f.method = 'sale' AND f.proceeds_paid IS NOT NULL AND f.completed_at <= $2::timestamptz AND f.proceeds_paid_date <= $1::date
      THEN 'proceeds' END, f.proceeds_paid::numeric),
    (CASE WHEN f.counted AND f.type = 'renovation' AND f.planned_cost IS NOT NULL THEN 'renovation:planned' END, f.planned_cost::numeric),
    (CASE WHEN f.state = 'completed' AND f.type = 'renovation' AND f.actual_cost IS NOT NULL THEN 'renovation:actual' END, f.actual_cost::numeric),
    (CASE WHEN f.counted AND f.plan_pending THEN 'plan_updates_pending' END, NULL),
    (CASE WHEN f.is_mountainous THEN 'disadvantaged:mountainous' END, NULL),
    (CASE WHEN f.is_remote THEN 'disadvantaged:remote' END, NULL),
    (CASE WHEN f.is_island THEN 'disadvantaged:island' END, NULL),
    (CASE WHEN f.is_ethnic_minority THEN 'disadvantaged:ethnic_minority' END, NULL),
    (CASE WHEN f.is_mountainous OR f.is_remote OR f.is_island OR f.is_ethnic_minority THEN 'disadvantaged:any' END, NULL),
    ('origin:' || coalesce(f.origin_level, 'none'), NULL)
  ) AS v(key, amount)
  WHERE v.key IS NOT NULL
  UNION ALL
  -- Past a clause deadline (a province's own earlier one counts) without being completed by it.
  SELECT f.asset_id, f.province_code, f.land_area, f.floor_area, 'overdue:clause:' || ac.clause_id, NULL, least(c.deadline, pd.deadline), f.action_id, f.state
  FROM fac f JOIN action_clause ac ON ac.action_id = f.action_id JOIN dc c ON c.id = ac.clause_id
  LEFT JOIN cpd pd ON pd.clause_id = c.id AND pd.province_code = f.action_province
  WHERE least(c.deadline, pd.deadline) < $1::date AND NOT coalesce(f.state = 'completed' AND f.completed_on <= least(c.deadline, pd.deadline), false)
  UNION ALL
  -- Still without an approved handling plan after the date its province had to have one by.
  SELECT f.asset_id, f.province_code, f.land_area, f.floor_area, 'overdue:no_plan', NULL, f.plan_deadline, f.action_id, f.state
  FROM fac f WHERE NOT f.handled AND f.plan_deadline < $1::date
  UNION ALL
  -- Handed over temporarily more than TEMPORARY_HANDOVER_DAYS before the date without a decision dated within them.
  SELECT * FROM (
    SELECT DISTINCT ON (f.asset_id) f.asset_id, f.province_code, f.land_area, f.floor_area, 'overdue:handover_30d', NULL::numeric,
      ${HANDOVER_DUE_SQL('x')}, x.id, x.state
    FROM fac f JOIN st x ON x.asset_id = f.asset_id
    WHERE x.type = 'reallocation' AND x.temporary_handover_date IS NOT NULL AND NOT x.closed AND x.created_at <= $2::timestamptz
      AND ${HANDOVER_DUE_SQL('x')} < $1::date
      AND NOT coalesce(x.decision_date <= ${HANDOVER_DUE_SQL('x')} AND x.decision_recorded_at <= $2::timestamptz, false)
    ORDER BY f.asset_id, x.temporary_handover_date, x.id
  ) h
),
dl AS (
  SELECT DISTINCT c.id AS "clauseId", d.number || ', ' || c.ref AS label,
    to_char(CASE WHEN $3::text IS NULL THEN c.deadline ELSE least(c.deadline, pd.deadline) END, 'YYYY-MM-DD') AS deadline
  FROM fac f JOIN action_clause ac ON ac.action_id = f.action_id JOIN dc c ON c.id = ac.clause_id
  JOIN dd d ON d.id = c.directive_id LEFT JOIN cpd pd ON pd.clause_id = c.id AND pd.province_code = f.action_province
  WHERE least(c.deadline, pd.deadline) IS NOT NULL
),
-- The clauses that set the approved-plan deadline, with the report's province's own earlier one.
pdc AS (
  SELECT c.id AS "clauseId", d.number || ', ' || c.ref AS label,
    to_char(CASE WHEN $3::text IS NULL THEN c.deadline ELSE least(c.deadline, pd.deadline) END, 'YYYY-MM-DD') AS deadline
  FROM dc c JOIN dd d ON d.id = c.directive_id LEFT JOIN cpd pd ON pd.clause_id = c.id AND pd.province_code = $3::text
  WHERE c.plan_deadline
)`;

/**
 * The obstacles open on $1 as known at $2, for province $3 (null: national), one row per cell key they
 * count in (`obstacles:open` and `obstacles:open:<kind>`): recorded by $2, raised by $1 and not
 * answered by $1 as known at $2. An obstacle's kind and date raised may be corrected while it is open:
 * a correction changes what is known, not what happened, so each is read as it stood at $2 from the
 * obstacle's own events (the latest that set it; the row's value when none had yet).
 */
const OPEN_OBSTACLES = `
ob AS (
  SELECT x.province_code, k.key
  FROM (
    SELECT o.province_code,
      coalesce((SELECT e.after->>'kind' FROM event e WHERE e.entity_type = 'obstacle' AND e.entity_id = o.id::text AND e.occurred_at <= $2::timestamptz
                AND e.after->>'kind' IS NOT NULL ORDER BY e.seq DESC LIMIT 1), o.kind) AS kind,
      coalesce((SELECT (e.after->>'raisedOn')::date FROM event e WHERE e.entity_type = 'obstacle' AND e.entity_id = o.id::text AND e.occurred_at <= $2::timestamptz
                AND e.after->>'raisedOn' IS NOT NULL ORDER BY e.seq DESC LIMIT 1), o.raised_on) AS raised_on
    FROM obstacle o
    WHERE o.created_at <= $2::timestamptz AND ($3::text IS NULL OR o.province_code = $3::text)
      AND NOT coalesce(o.answered_on <= $1::date AND o.answer_recorded_at <= $2::timestamptz, false)
  ) x CROSS JOIN LATERAL (VALUES ('${OBSTACLES_OPEN_KEY}'), ('${OBSTACLES_OPEN_KEY}:' || x.kind)) AS k(key)
  WHERE x.raised_on <= $1::date
)`;

export interface CellAggregate {
  province: string | null;
  total: boolean;
  key: string;
  n: number;
  land: string;
  floor: string;
  amount: string | null;
}

export interface FiguresRaw {
  cells: CellAggregate[];
  deadlines: { clauseId: string; label: string; deadline: string | null }[];
  /** The clauses that set the approved-plan deadline (overdue:no_plan). */
  planDeadlines: { clauseId: string; label: string; deadline: string | null }[];
  provinces: { code: string; name: string }[];
  purposes: { code: string; nameVi: string; nameEn: string }[];
}

/** A drill-down row is a ReportItem as the SQL names its columns, plus the cell key it belongs to. */
export type ItemRow = ReportItem & { key: string };

/** The instant a report reads attributes at: the end of its date (asOf, $1, Vietnam time), or knownAt ($2) if earlier. */
const CUT = `least($2::timestamptz, ($1::date + 1)::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh')`;

/**
 * A field of a record as it stood at CUT, from the record's own events (append-only, so a later
 * change never alters it): the latest value an event had set by then, else the value the first later
 * change replaced, else the stored one (a record no event describes).
 */
const atCut = (entityType: string, id: string, field: string, stored: string): string => `coalesce(
  (SELECT e.after->>'${field}' FROM event e WHERE e.entity_type = '${entityType}' AND e.entity_id = ${id} AND e.occurred_at <= ${CUT}
     AND e.after->>'${field}' IS NOT NULL ORDER BY e.seq DESC LIMIT 1),
  (SELECT e.before->>'${field}' FROM event e WHERE e.entity_type = '${entityType}' AND e.entity_id = ${id} AND e.occurred_at > ${CUT}
     AND e.before->>'${field}' IS NOT NULL ORDER BY e.seq LIMIT 1),
  ${stored})`;

/**
 * The drill-down's rows: a facility behind a cell, with its custodian, action, deadline or amount (the
 * WHERE is the caller's). The custodian (its code on the asset's events, its name on the agency's)
 * is read as it stood on the report date, as known at knownAt (atCut), so a reallocation or a
 * renamed agency after it never changes a report already made.
 */
const ITEMS_SELECT = `${MEMBERS}
      SELECT a.id AS "assetId", a.code, av.name, m.province_code AS "provinceCode", ${UNIT_NAME('cu')} AS "communeName",
        ${atCut('agency', 'g.id::text', 'name', 'g.name')} AS "custodianName",
        to_char(sd.since, 'YYYY-MM-DD') AS "surplusSince",
        m.land_area::text AS "landArea", m.floor_area::text AS "floorArea", m.action_id AS "actionId", x.type AS "actionType", x.method AS "actionMethod",
        m.state AS "actionState", to_char(m.deadline, 'YYYY-MM-DD') AS deadline, m.amount::text AS amount, m.key
      FROM m JOIN sd ON sd.asset_id = m.asset_id JOIN asset a ON a.id = m.asset_id CROSS JOIN LATERAL ${ASSET_AT('m.asset_id')} av JOIN admin_unit cu ON cu.id = av.current_unit_id
      LEFT JOIN action x ON x.id = m.action_id
      LEFT JOIN agency stored ON stored.id = a.custodian_id
      LEFT JOIN agency g ON g.code = ${atCut('asset', 'a.id::text', 'custodian', 'stored.code')}
      `;

/**
 * Memory for the report's sorts and hashes (DISTINCT ON, GROUPING SETS). With PostgreSQL's default
 * 4 MB they spill to disk from about 100,000 facilities and the report grows faster than the data
 * (1,000,000 assets: 5.3 s; with 64 MB 3.9-4.5 s, linear with the 200,000-asset database's 0.8 s).
 * Set for the report's own statements only, on their connection.
 */
const REPORT_WORK_MEM = '64MB';

type Query = <T>(sql: string, params: unknown[]) => Promise<T>;

/** All SQL of the status report's figures. Callers check scope; `province` here is the report's or the row's. */
@Injectable()
export class FiguresRepository {
  constructor(
    private readonly db: Db,
    private readonly tx: Transactions,
  ) {}

  /**
   * Runs the report's statements with REPORT_WORK_MEM, set by SET LOCAL so it ends with the
   * transaction and never stays on a pooled connection: in the open transaction if the caller has
   * one (a snapshot being made), else in a read-only transaction of its own (one connection).
   */
  private withReportMemory<T>(run: (query: Query) => Promise<T>): Promise<T> {
    const query: Query = (sql, params) => this.db.query(sql, params);
    const body = async () => {
      await this.db.query(`SET LOCAL work_mem = '${REPORT_WORK_MEM}'`);
      return run(query);
    };
    if (this.db.inTransaction) return body();
    return this.tx.run(async () => {
      await this.db.query('SET TRANSACTION READ ONLY');
      return body();
    });
  }

  /** Every cell of every row (per province and the total, by GROUPING SETS; open obstacles beside the facilities), the deadlines, provinces and purposes: one round trip. */
  async figures(asOf: string, knownAt: string, province: string | null): Promise<FiguresRaw> {
    const rows = await this.withReportMemory((query) =>
      query<FiguresRaw[]>(
        `${MEMBERS},${OPEN_OBSTACLES},
      agg AS (
        SELECT m.province_code AS province, GROUPING(m.province_code) = 1 AS total, m.key, count(*)::int AS n,
          coalesce(sum(m.land_area), 0)::numeric(18,2)::text AS land, coalesce(sum(m.floor_area), 0)::numeric(18,2)::text AS floor,
          sum(m.amount)::text AS amount
        FROM m GROUP BY GROUPING SETS ((m.province_code, m.key), (m.key))
        UNION ALL
        SELECT ob.province_code, GROUPING(ob.province_code) = 1, ob.key, count(*)::int, '0.00', '0.00', NULL
        FROM ob GROUP BY GROUPING SETS ((ob.province_code, ob.key), (ob.key))
      )
      SELECT coalesce((SELECT json_agg(agg) FROM agg), '[]'::json) AS cells,
        coalesce((SELECT json_agg(dl) FROM dl), '[]'::json) AS deadlines,
        coalesce((SELECT json_agg(pdc ORDER BY pdc.deadline, pdc.label, pdc."clauseId") FROM pdc), '[]'::json) AS "planDeadlines",
        coalesce((SELECT json_agg(json_build_object('code', u.code, 'name', ${UNIT_NAME('u')}) ORDER BY u.code) FROM admin_unit u
          WHERE u.era = 'new' AND u.level = 'province' AND ($3::text IS NULL OR u.code = $3::text)), '[]'::json) AS provinces,
        coalesce((SELECT json_agg(json_build_object('code', r.code, 'nameVi', r.name_vi, 'nameEn', r.name_en) ORDER BY r.priority_rank, r.code)
          FROM (SELECT r.code, ${KNOWN('repurpose_purpose', 'r.code', 'nameVi', 'r.name_vi')} AS name_vi, ${KNOWN('repurpose_purpose', 'r.code', 'nameEn', 'r.name_en')} AS name_en,
            ${KNOWN('repurpose_purpose', 'r.code', 'priorityRank', 'r.priority_rank')}::int AS priority_rank
            FROM repurpose_purpose r WHERE NOT ${CREATED_LATER('repurpose_purpose', 'r.code')}) r), '[]'::json) AS purposes`,
        [asOf, knownAt, province],
      ),
    );
    return rows[0];
  }

  /** The facilities behind one cell (`row`: a province, or null for all), in code order after `afterCode`; `limit` null = all. */
  items(
    asOf: string,
    knownAt: string,
    province: string | null,
    key: string,
    row: string | null,
    afterCode: string | null,
    limit: number | null,
  ): Promise<ItemRow[]> {
    return this.withReportMemory((query) =>
      query<ItemRow[]>(
        `${ITEMS_SELECT} WHERE m.key = $4 AND ($5::text IS NULL OR m.province_code = $5) AND ($6::text IS NULL OR a.code > $6) ORDER BY a.code LIMIT $7`,
        [asOf, knownAt, province, key, row, afterCode, limit],
      ),
    );
  }

  /** The facilities behind several cells at once (each row says its key), in key then code order: one run of the report's SQL, not one per cell. */
  itemsOfKeys(asOf: string, knownAt: string, province: string | null, keys: string[], row: string | null): Promise<ItemRow[]> {
    return this.withReportMemory((query) =>
      query<ItemRow[]>(`${ITEMS_SELECT} WHERE m.key = ANY($4::text[]) AND ($5::text IS NULL OR m.province_code = $5) ORDER BY m.key, a.code`, [
        asOf,
        knownAt,
        province,
        keys,
        row,
      ]),
    );
  }

  async purposeCodes(): Promise<string[]> {
    const rows: { code: string }[] = await this.db.query(`SELECT code FROM repurpose_purpose ORDER BY code`);
    return rows.map((r) => r.code);
  }
}
