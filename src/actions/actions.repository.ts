import { Injectable } from '@nestjs/common';
import { NATIONAL, sharedScopeSql, type ProvinceScope } from '../common/scope';
import { Db } from '../database/transaction';
import { ACTION_DEADLINE_SQL, HANDOVER_DUE_SQL, UNFINISHED_SQL, WITHDRAWN_SQL } from '../rules/overdue.sql';
import type { ClauseInForce, Purpose } from '../rules/guards';
import type { AssetStatus, ActionStatus, ActionType, DocumentKind, NewUse } from '../schema/vocabulary';

const DATE_COLUMNS = [
  'decision_date',
  'acceptance_decision_date',
  'superseded_on',
  'temporary_handover_date',
  'handover_date',
  'valuation_date',
  'proceeds_paid_date',
  'planned_start',
  'planned_end',
  'actual_start',
  'actual_end',
  'completed_on',
] as const satisfies readonly (keyof ActionRow)[];
const MONEY_COLUMNS = [
  'valuation_amount',
  'valuation_at_approval',
  'sale_price',
  'proceeds_paid',
  'planned_cost',
  'actual_cost',
] as const satisfies readonly (keyof ActionRow)[];
const PLAIN_COLUMNS = [
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
  'decision_authority',
  'decision_recorded_at',
  'receiving_agency_id',
  'receiving_unit_id',
  'minutes_confirmed_by_sender',
  'minutes_confirmed_by_receiver',
  'sale_method',
  'buyer',
  'purpose_code',
  'target_land_use_category',
  'category_unchanged_reason',
  'new_use',
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
  'cancelled_by',
  'cancelled_at',
  'cancellation_reason',
  'version',
  'created_at',
  'updated_at',
  'valuation_change_reason',
  'receiving_province_code',
  'accepted_by',
  'accepted_at',
  'acceptance_decision_no',
  'corrects_action_id',
  'correction_reason',
  'superseded_by_id',
  'superseded_recorded_at',
] as const satisfies readonly (keyof ActionRow)[];

/** Columns a use case may write (anything else is refused, so no SQL is built from input). */
export const WRITABLE = new Set<string>([
  'method',
  'status',
  'justification',
  'notes',
  'asset_status_before',
  'decision_no',
  'decision_date',
  'decision_authority',
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
  'new_use',
  'submitted_by',
  'approved_by',
  'rejected_by',
  'rejection_reason',
  'completed_by',
  'completed_on',
  'cancelled_by',
  'cancellation_reason',
  'valuation_at_approval',
  'valuation_change_reason',
  'receiving_province_code',
  'accepted_by',
  'acceptance_decision_no',
  'acceptance_decision_date',
]);
/** Timestamps set by the database clock when a step happens. */
export type StampColumn =
  'decision_recorded_at' | 'submitted_at' | 'approved_at' | 'accepted_at' | 'rejected_at' | 'started_at' | 'completed_at' | 'cancelled_at';

/** An action as the read queries return it: every column with its type (dates as YYYY-MM-DD, money as text). */
export interface ActionRow {
  id: string;
  asset_id: string;
  province_code: string;
  type: ActionType;
  method: string;
  status: ActionStatus;
  justification: string | null;
  notes: string | null;
  /** The asset's status when the action was submitted, to return to if it is refused or withdrawn. */
  asset_status_before: AssetStatus | null;
  decision_no: string | null;
  decision_authority: string | null;
  decision_recorded_at: Date | null;
  receiving_agency_id: string | null;
  receiving_unit_id: number | null;
  minutes_confirmed_by_sender: boolean;
  minutes_confirmed_by_receiver: boolean;
  /** A hand-over to another province: the receiving agency's province (null within the province). */
  receiving_province_code: string | null;
  accepted_by: string | null;
  accepted_at: Date | null;
  acceptance_decision_no: string | null;
  acceptance_decision_date: string | null;
  /** A correcting action: the completed action it corrects, and why. */
  corrects_action_id: string | null;
  correction_reason: string | null;
  /** A completed action a correction superseded: by which, from its completion date, recorded when. */
  superseded_by_id: string | null;
  superseded_on: string | null;
  superseded_recorded_at: Date | null;
  sale_method: 'auction' | 'direct' | null;
  buyer: string | null;
  purpose_code: string | null;
  target_land_use_category: string | null;
  category_unchanged_reason: string | null;
  /** The facility's new use after this handling (src/rules/new-use.ts), recorded by the approval. */
  new_use: NewUse | null;
  created_by: string | null;
  submitted_by: string | null;
  submitted_at: Date | null;
  approved_by: string | null;
  approved_at: Date | null;
  rejected_by: string | null;
  rejected_at: Date | null;
  rejection_reason: string | null;
  started_at: Date | null;
  completed_by: string | null;
  completed_at: Date | null;
  cancelled_by: string | null;
  cancelled_at: Date | null;
  cancellation_reason: string | null;
  version: number;
  created_at: Date;
  updated_at: Date;
  decision_date: string | null;
  temporary_handover_date: string | null;
  handover_date: string | null;
  valuation_date: string | null;
  proceeds_paid_date: string | null;
  planned_start: string | null;
  planned_end: string | null;
  actual_start: string | null;
  actual_end: string | null;
  completed_on: string | null;
  valuation_amount: string | null;
  /** The valuation the decision was approved with; null when none was recorded then (or approved before it was kept). */
  valuation_at_approval: string | null;
  /** Why completion changed the approved valuation. */
  valuation_change_reason: string | null;
  sale_price: string | null;
  proceeds_paid: string | null;
  planned_cost: string | null;
  actual_cost: string | null;
  /** created_at to the microsecond (a JS Date keeps milliseconds): the list's cursor. */
  created_at_key: string;
  asset_code: string;
  asset_name: string;
  asset_status: AssetStatus;
  asset_land_use_category: string | null;
  deadline: string | null;
  clauses: { id: string; directiveNumber: string; ref: string; summary: string; deadline: string | null; authorisedActionTypes: string[] }[];
}

const SELECT = `SELECT ${PLAIN_COLUMNS.map((c) => `x.${c}`).join(', ')},
  ${DATE_COLUMNS.map((c) => `to_char(x.${c}, 'YYYY-MM-DD') AS ${c}`).join(', ')},
  ${MONEY_COLUMNS.map((c) => `x.${c}::text AS ${c}`).join(', ')},
  to_char(x.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS created_at_key,
  a.code AS asset_code, a.name AS asset_name, a.status AS asset_status, a.land_use_category AS asset_land_use_category,
  to_char(${ACTION_DEADLINE_SQL('x')}, 'YYYY-MM-DD') AS deadline,
  coalesce((SELECT json_agg(json_build_object('id', c.id, 'directiveNumber', d.number, 'ref', c.ref, 'summary', c.summary,
       'deadline', to_char(c.deadline, 'YYYY-MM-DD'), 'authorisedActionTypes', c.authorised_action_types) ORDER BY d.number, c.ref)
     FROM action_clause ac JOIN directive_clause c ON c.id = ac.clause_id JOIN directive d ON d.id = c.directive_id WHERE ac.action_id = x.id), '[]'::json) AS clauses
  FROM action x JOIN asset a ON a.id = x.asset_id`;

/**
 * The receiving province of a hand-over sees the action once the sending side has approved it (SQL
 * over the action table's columns, with the given alias prefix): null before, so the wall hides it.
 */
const RECEIVER_SQL = (x: string) => `CASE WHEN ${x}approved_at IS NOT NULL THEN ${x}receiving_province_code END`;

export interface ActionFilter {
  province?: string;
  asset?: string;
  type?: ActionType;
  method?: string;
  status?: ActionStatus;
  clause?: string;
  /** With `today`: true keeps only overdue actions, false only the others. */
  overdue?: { today: string; is: boolean };
}

/** Overdue on a date: an unfinished action past its deadline, or a temporary hand-over past its days without its decision. */
const OVERDUE_SQL = (today: string) => `((v.status IN (${UNFINISHED_SQL}) AND v.deadline < ${today})
  OR (v.type = 'reallocation' AND v.temporary_handover_date IS NOT NULL AND v.status NOT IN (${WITHDRAWN_SQL})
      AND v.decision_date IS NULL AND ${HANDOVER_DUE_SQL('v')} < ${today}::date))`;

/** All SQL about actions; every read takes the caller's province scope. */
@Injectable()
export class ActionsRepository {
  constructor(private readonly db: Db) {}

  async findInScope(scope: ProvinceScope, id: string): Promise<ActionRow | null> {
    const params: unknown[] = [id];
    const wallSql = sharedScopeSql(scope, 'x.province_code', RECEIVER_SQL('x.'), params);
    const rows: ActionRow[] = await this.db.query(`${SELECT} WHERE x.id = $1${wallSql}`, params);
    return rows[0] ?? null;
  }

  /** Locks the action row (callers lock the action before its asset, always in that order). */
  async lockInScope(scope: ProvinceScope, id: string): Promise<ActionRow | null> {
    const params: unknown[] = [id];
    const wallSql = sharedScopeSql(scope, 'province_code', RECEIVER_SQL(''), params);
    const locked: unknown[] = await this.db.query(`SELECT 1 FROM action WHERE id = $1${wallSql} FOR UPDATE`, params);
    return locked.length ? this.findInScope(NATIONAL, id) : null;
  }

  async listInScope(scope: ProvinceScope, f: ActionFilter, after: [string, string] | undefined, limit: number): Promise<ActionRow[]> {
    const params: unknown[] = [];
    const p = (v: unknown) => `$${params.push(v)}`;
    const where: string[] = ['TRUE'];
    const wall = sharedScopeSql(scope, 'v.province_code', RECEIVER_SQL('v.'), params);
    if (wall) where.push(wall.slice(' AND '.length));
    if (f.province) where.push(`v.province_code = ${p(f.province)}`);
    if (f.asset) where.push(`v.asset_id = ${p(f.asset)}`);
    if (f.type) where.push(`v.type = ${p(f.type)}`);
    if (f.method) where.push(`v.method = ${p(f.method)}`);
    if (f.status) where.push(`v.status = ${p(f.status)}`);
    if (f.clause) where.push(`EXISTS (SELECT 1 FROM action_clause ac WHERE ac.action_id = v.id AND ac.clause_id = ${p(f.clause)})`);
    if (f.overdue) {
      const overdue = OVERDUE_SQL(p(f.overdue.today));
      // A missing deadline makes the test NULL: such an action is not overdue.
      where.push(f.overdue.is ? overdue : `NOT coalesce(${overdue}, false)`);
    }
    if (after) where.push(`(v.created_at, v.id) > (${p(after[0])}::timestamptz, ${p(after[1])}::uuid)`);
    return this.db.query(`SELECT * FROM (${SELECT}) v WHERE ${where.join(' AND ')} ORDER BY v.created_at, v.id LIMIT ${p(limit + 1)}`, params);
  }

  async insert(
    values: Record<string, unknown> & {
      asset_id: string;
      province_code: string;
      type: ActionType;
      created_by: string | null;
      corrects_action_id?: string;
      correction_reason?: string;
    },
  ): Promise<string> {
    const cols = Object.keys(values).filter(
      (c) => WRITABLE.has(c) || ['asset_id', 'province_code', 'type', 'created_by', 'corrects_action_id', 'correction_reason'].includes(c),
    );
    const rows: { id: string }[] = await this.db.query(
      `INSERT INTO action (${cols.join(', ')}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING id`,
      cols.map((c) => values[c]),
    );
    return rows[0].id;
  }

  /** Writes the given columns (and the step's timestamps) and bumps the version; false when `version` was stale. */
  async update(id: string, version: number, values: Record<string, unknown>, stamps: StampColumn[] = []): Promise<boolean> {
    const cols = Object.keys(values);
    for (const c of cols) if (!WRITABLE.has(c)) throw new Error(`action column ${c} is not writable`);
    const sets = [...cols.map((c, i) => `${c} = $${i + 3}`), ...stamps.map((s) => `${s} = now()`), 'version = version + 1', 'updated_at = now()'];
    const [, count] = (await this.db.query(`UPDATE action SET ${sets.join(', ')} WHERE id = $1 AND version = $2`, [
      id,
      version,
      ...cols.map((c) => values[c]),
    ])) as [unknown, number];
    return count === 1;
  }

  /** Marks a completed action superseded by its correction, from the correction's completion date; false when it was not completed or already superseded. */
  async markSuperseded(id: string, by: string, on: string): Promise<boolean> {
    const [, count] = (await this.db.query(
      `UPDATE action SET superseded_by_id = $2, superseded_on = $3::date, superseded_recorded_at = now(), version = version + 1, updated_at = now()
       WHERE id = $1 AND status = 'completed' AND superseded_by_id IS NULL`,
      [id, by, on],
    )) as [unknown, number];
    return count === 1;
  }

  async setClauses(id: string, clauseIds: string[]): Promise<void> {
    await this.db.query(`DELETE FROM action_clause WHERE action_id = $1`, [id]);
    if (clauseIds.length) await this.db.query(`INSERT INTO action_clause (action_id, clause_id) SELECT $1, unnest($2::uuid[])`, [id, clauseIds]);
  }

  /** The clauses with what the submit guard needs; only those the province may cite (national ones and its own). */
  clausesForGuard(ids: string[], provinceCode: string): Promise<(ClauseInForce & { deadline: string | null; issuedOn: string })[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.db.query(
      `SELECT c.id, d.number AS "directiveNumber", c.ref, c.authorised_action_types AS "authorisedTypes", c.authorised_methods AS "authorisedMethods", to_char(d.issued_on, 'YYYY-MM-DD') AS "issuedOn",
              to_char(d.valid_from, 'YYYY-MM-DD') AS "validFrom", to_char(d.valid_to, 'YYYY-MM-DD') AS "validTo",
              to_char(coalesce(s.valid_from, s.issued_on), 'YYYY-MM-DD') AS "supersededFrom", to_char(c.deadline, 'YYYY-MM-DD') AS deadline
       FROM directive_clause c JOIN directive d ON d.id = c.directive_id LEFT JOIN directive s ON s.id = d.superseded_by_id
       WHERE c.id = ANY($1::uuid[]) AND (d.province_code IS NULL OR d.province_code = $2)`,
      [ids, provinceCode],
    );
  }

  /** A purpose with what the guards need, its default land-use category and the new use it counts as. */
  async purpose(code: string): Promise<(Purpose & { defaultLandUseCategory: string | null; newUse: NewUse }) | null> {
    const rows: (Purpose & { defaultLandUseCategory: string | null; newUse: NewUse })[] = await this.db.query(
      `SELECT code, priority_rank AS "priorityRank", is_priority AS "isPriority", default_land_use_category AS "defaultLandUseCategory", new_use AS "newUse"
       FROM repurpose_purpose WHERE code = $1`,
      [code],
    );
    return rows[0] ?? null;
  }

  async documentKinds(actionId: string): Promise<DocumentKind[]> {
    const rows: { kind: DocumentKind }[] = await this.db.query(`SELECT DISTINCT kind FROM document WHERE action_id = $1 ORDER BY kind`, [actionId]);
    return rows.map((r) => r.kind);
  }

  async hasApprovedPlanUpdate(actionId: string): Promise<boolean> {
    return (await this.db.query(`SELECT 1 FROM plan_update WHERE action_id = $1 AND status = 'approved' LIMIT 1`, [actionId])).length > 0;
  }
}
