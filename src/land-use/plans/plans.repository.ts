import { Injectable } from '@nestjs/common';
import { scopeSql, type ProvinceScope } from '../../common/scope';
import { containsSql } from '../../common/search';
import { Db } from '../../database/transaction';
import { type UnitSummaryColumns, unitSummaryColumns } from '../../units/unit-summary.sql';
import type { PlanKind, PlanUpdateStatus } from '../../schema/land-use-plan.entity';
import type { ActionStatus, ActionType, NewUse } from '../../schema/vocabulary';
import { neededLandUseCategorySql, PLAN_FOLLOWING_TYPES } from '../../rules/land-use-change';
import { OPEN_STATUSES } from '../../rules/model';

export interface PlanRow extends UnitSummaryColumns {
  id: string;
  unit_id: number;
  province_code: string;
  kind: PlanKind;
  title: string;
  period_start: number;
  period_end: number;
  decision_no: string | null;
  decision_date: string | null;
  version: number;
  created_at: Date;
  updated_at: Date;
  /** created_at with its microseconds, as the list's cursor key. */
  created_at_key: string;
}

export interface PlanValues {
  unitId: number;
  provinceCode: string;
  kind: PlanKind;
  title: string;
  periodStart: number;
  periodEnd: number;
  decisionNo: string | null;
  decisionDate: string | null;
}

export interface PlanFilter {
  province?: string;
  kind?: PlanKind;
  q?: string;
}

export interface PlanUpdateRow {
  id: string;
  plan_id: string;
  province_code: string;
  asset_id: string | null;
  asset_code: string | null;
  asset_name: string | null;
  parcel_ref: string | null;
  from_category: string | null;
  to_category: string;
  area: number | null;
  status: PlanUpdateStatus;
  decision_no: string | null;
  decision_date: string | null;
  decision_recorded_at: Date | null;
  action_id: string | null;
  version: number;
  created_at: Date;
  updated_at: Date;
  created_at_key: string;
}

/** The subject and content of a plan update, as stored (its status and decision change only through decide()). */
export interface PlanUpdateValues {
  assetId: string | null;
  parcelRef: string | null;
  fromCategory: string | null;
  toCategory: string;
  area: number | null;
  actionId: string | null;
}

export interface PlanUpdateFilter {
  planId?: string;
  province?: string;
  status?: PlanUpdateStatus;
}

/** The asset a plan update names, as far as the rules need it. */
export interface PlanAssetRow {
  id: string;
  code: string;
  province_code: string;
  land_use_category: string | null;
}

/** The action a plan update links to, as far as the rules need it. */
export interface PlanActionRow {
  id: string;
  asset_id: string;
  type: ActionType;
  status: string;
  target_land_use_category: string | null;
  new_use: NewUse | null;
}

export interface PendingRow {
  action_id: string;
  action_status: ActionStatus;
  province_code: string;
  asset_id: string;
  asset_code: string;
  asset_name: string;
  from_category: string | null;
  to_category: string;
  proposed: { id: string; plan_id: string; to_category: string; area: number | null; created_at: string }[];
  created_at_key: string;
}

const keyOf = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

const PLAN_COLUMNS = `p.id, p.unit_id, ${unitSummaryColumns('u')}, p.province_code, p.kind, p.title, p.period_start, p.period_end, p.decision_no,
  to_char(p.decision_date, 'YYYY-MM-DD') AS decision_date, p.version, p.created_at, p.updated_at, ${keyOf('p.created_at')} AS created_at_key`;
const PLAN_FROM = `land_use_plan p JOIN admin_unit u ON u.id = p.unit_id`;

const UPDATE_COLUMNS = `pu.id, pu.plan_id, pu.province_code, pu.asset_id, a.code AS asset_code, a.name AS asset_name, pu.parcel_ref, pu.from_category,
  pu.to_category, pu.area::float8 AS area, pu.status, pu.decision_no, to_char(pu.decision_date, 'YYYY-MM-DD') AS decision_date, pu.decision_recorded_at,
  pu.action_id, pu.version, pu.created_at, pu.updated_at, ${keyOf('pu.created_at')} AS created_at_key`;
const UPDATE_FROM = `plan_update pu LEFT JOIN asset a ON a.id = pu.asset_id`;

/** Appends `AND <alias>.province_code = $n` for a provincial scope. */
const scoped = (alias: string, scope: ProvinceScope, params: unknown[]): string => scopeSql(scope, `${alias}.province_code`, params);

/** All SQL about land-use plans and their updates; every read takes the caller's province scope. */
@Injectable()
export class PlansRepository {
  constructor(private readonly db: Db) {}

  // ---- plans ----

  async findPlanInScope(scope: ProvinceScope, id: string): Promise<PlanRow | null> {
    const params: unknown[] = [id];
    const rows: PlanRow[] = await this.db.query(`SELECT ${PLAN_COLUMNS} FROM ${PLAN_FROM} WHERE p.id = $1${scoped('p', scope, params)}`, params);
    return rows[0] ?? null;
  }

  async lockPlanInScope(scope: ProvinceScope, id: string): Promise<PlanRow | null> {
    const params: unknown[] = [id];
    await this.db.query(`SELECT 1 FROM land_use_plan p WHERE p.id = $1${scoped('p', scope, params)} FOR UPDATE`, params);
    return this.findPlanInScope(scope, id);
  }

  /** Oldest first, by (created_at, id). */
  async listPlansInScope(scope: ProvinceScope, f: PlanFilter, after: [string, string] | undefined, limit: number): Promise<PlanRow[]> {
    const params: unknown[] = [];
    const p = (v: unknown) => `$${params.push(v)}`;
    const where = ['TRUE'];
    if (f.province) where.push(`p.province_code = ${p(f.province)}`);
    if (f.kind) where.push(`p.kind = ${p(f.kind)}`);
    if (f.q) where.push(containsSql('search_norm(p.title)', p(f.q)));
    if (after) where.push(`(p.created_at, p.id) > (${p(after[0])}::timestamptz, ${p(after[1])}::uuid)`);
    const wallSql = scoped('p', scope, params);
    return this.db.query(
      `SELECT ${PLAN_COLUMNS} FROM ${PLAN_FROM} WHERE ${where.join(' AND ')}${wallSql} ORDER BY p.created_at, p.id LIMIT ${p(limit + 1)}`,
      params,
    );
  }

  async insertPlan(v: PlanValues): Promise<string> {
    const rows: { id: string }[] = await this.db.query(
      `INSERT INTO land_use_plan (unit_id, province_code, kind, title, period_start, period_end, decision_no, decision_date) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [v.unitId, v.provinceCode, v.kind, v.title, v.periodStart, v.periodEnd, v.decisionNo, v.decisionDate],
    );
    return rows[0].id;
  }

  /** Optimistic update: true when the row still had `version` (then it is bumped). */
  async updatePlanIfVersion(id: string, version: number, v: PlanValues): Promise<boolean> {
    const [, count] = (await this.db.query(
      `UPDATE land_use_plan SET unit_id = $3, province_code = $4, kind = $5, title = $6, period_start = $7, period_end = $8, decision_no = $9, decision_date = $10,
         version = version + 1, updated_at = now() WHERE id = $1 AND version = $2`,
      [id, version, v.unitId, v.provinceCode, v.kind, v.title, v.periodStart, v.periodEnd, v.decisionNo, v.decisionDate],
    )) as [unknown, number];
    return count === 1;
  }

  async planHasUpdates(planId: string): Promise<boolean> {
    return (await this.db.query(`SELECT 1 FROM plan_update WHERE plan_id = $1 LIMIT 1`, [planId])).length > 0;
  }

  // ---- plan updates ----

  async findUpdateInScope(scope: ProvinceScope, planId: string, id: string): Promise<PlanUpdateRow | null> {
    const params: unknown[] = [id, planId];
    const rows: PlanUpdateRow[] = await this.db.query(
      `SELECT ${UPDATE_COLUMNS} FROM ${UPDATE_FROM} WHERE pu.id = $1 AND pu.plan_id = $2${scoped('pu', scope, params)}`,
      params,
    );
    return rows[0] ?? null;
  }

  async lockUpdateInScope(scope: ProvinceScope, planId: string, id: string): Promise<PlanUpdateRow | null> {
    const params: unknown[] = [id, planId];
    await this.db.query(`SELECT 1 FROM plan_update pu WHERE pu.id = $1 AND pu.plan_id = $2${scoped('pu', scope, params)} FOR UPDATE`, params);
    return this.findUpdateInScope(scope, planId, id);
  }

  /** Oldest first, by (created_at, id). */
  async listUpdatesInScope(scope: ProvinceScope, f: PlanUpdateFilter, after: [string, string] | undefined, limit: number): Promise<PlanUpdateRow[]> {
    const params: unknown[] = [];
    const p = (v: unknown) => `$${params.push(v)}`;
    const where = ['TRUE'];
    if (f.planId) where.push(`pu.plan_id = ${p(f.planId)}`);
    if (f.province) where.push(`pu.province_code = ${p(f.province)}`);
    if (f.status) where.push(`pu.status = ${p(f.status)}`);
    if (after) where.push(`(pu.created_at, pu.id) > (${p(after[0])}::timestamptz, ${p(after[1])}::uuid)`);
    const wallSql = scoped('pu', scope, params);
    return this.db.query(
      `SELECT ${UPDATE_COLUMNS} FROM ${UPDATE_FROM} WHERE ${where.join(' AND ')}${wallSql} ORDER BY pu.created_at, pu.id LIMIT ${p(limit + 1)}`,
      params,
    );
  }

  async insertUpdate(planId: string, provinceCode: string, v: PlanUpdateValues): Promise<string> {
    const rows: { id: string }[] = await this.db.query(
      `INSERT INTO plan_update (plan_id, province_code, asset_id, parcel_ref, from_category, to_category, area, action_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [planId, provinceCode, v.assetId, v.parcelRef, v.fromCategory, v.toCategory, v.area, v.actionId],
    );
    return rows[0].id;
  }

  /** Optimistic update of a proposed update: true when it still had `version` and was still proposed. */
  async updateProposedIfVersion(id: string, version: number, v: PlanUpdateValues): Promise<boolean> {
    const [, count] = (await this.db.query(
      `UPDATE plan_update SET asset_id = $3, parcel_ref = $4, from_category = $5, to_category = $6, area = $7, action_id = $8, version = version + 1, updated_at = now()
        WHERE id = $1 AND version = $2 AND status = 'proposed'`,
      [id, version, v.assetId, v.parcelRef, v.fromCategory, v.toCategory, v.area, v.actionId],
    )) as [unknown, number];
    return count === 1;
  }

  /** Records the decision on a proposed update: the date it bears, and now() as the time it was recorded. */
  async decide(id: string, status: 'approved' | 'rejected', decisionNo: string, decisionDate: string): Promise<boolean> {
    const [, count] = (await this.db.query(
      `UPDATE plan_update SET status = $2, decision_no = $3, decision_date = $4, decision_recorded_at = now(), version = version + 1, updated_at = now()
        WHERE id = $1 AND status = 'proposed'`,
      [id, status, decisionNo, decisionDate],
    )) as [unknown, number];
    return count === 1;
  }

  // ---- what updates refer to ----

  async findAssetInScope(scope: ProvinceScope, id: string): Promise<PlanAssetRow | null> {
    const params: unknown[] = [id];
    const rows: PlanAssetRow[] = await this.db.query(
      `SELECT a.id, a.code, a.province_code, a.land_use_category FROM asset a WHERE a.id = $1${scoped('a', scope, params)}`,
      params,
    );
    return rows[0] ?? null;
  }

  async findActionInScope(scope: ProvinceScope, id: string): Promise<PlanActionRow | null> {
    const params: unknown[] = [id];
    const rows: PlanActionRow[] = await this.db.query(
      `SELECT ac.id, ac.asset_id, ac.type, ac.status, ac.target_land_use_category, ac.new_use FROM action ac WHERE ac.id = $1${scoped('ac', scope, params)}`,
      params,
    );
    return rows[0] ?? null;
  }

  /** The codes among `codes` that are not land-use categories. */
  async unknownCategories(codes: string[]): Promise<string[]> {
    if (!codes.length) return [];
    const rows: { code: string }[] = await this.db.query(
      `SELECT c.code FROM unnest($1::text[]) AS c(code) WHERE NOT EXISTS (SELECT 1 FROM land_use_category l WHERE l.code = c.code)`,
      [codes],
    );
    return rows.map((r) => r.code);
  }

  /**
   * The repurposing and reallocation actions still waiting for their plan: open (submitted, approved,
   * accepted, in progress), needing a category (src/rules/land-use-change.ts) other than the asset's
   * current one, and with no APPROVED plan update linked;
   * each with the updates proposed for it so far. Oldest action first.
   */
  async listPendingRepurposing(scope: ProvinceScope, province: string | undefined, after: [string, string] | undefined, limit: number): Promise<PendingRow[]> {
    const params: unknown[] = [];
    const p = (v: unknown) => `$${params.push(v)}`;
    const needed = neededLandUseCategorySql('ac');
    const where = [
      `ac.type IN (${PLAN_FOLLOWING_TYPES.map((t) => `'${t}'`).join(', ')})`,
      `ac.status IN (${OPEN_STATUSES.map((t) => `'${t}'`).join(', ')})`,
      `${needed} IS NOT NULL`,
      `${needed} IS DISTINCT FROM a.land_use_category`,
      `NOT EXISTS (SELECT 1 FROM plan_update ok WHERE ok.action_id = ac.id AND ok.status = 'approved')`,
    ];
    if (province) where.push(`ac.province_code = ${p(province)}`);
    if (after) where.push(`(ac.created_at, ac.id) > (${p(after[0])}::timestamptz, ${p(after[1])}::uuid)`);
    const wallSql = scoped('ac', scope, params);
    return this.db.query(
      `SELECT ac.id AS action_id, ac.status AS action_status, ac.province_code, a.id AS asset_id, a.code AS asset_code, a.name AS asset_name,
              a.land_use_category AS from_category, ${needed} AS to_category, ${keyOf('ac.created_at')} AS created_at_key,
              coalesce((SELECT json_agg(json_build_object('id', pu.id, 'plan_id', pu.plan_id, 'to_category', pu.to_category, 'area', pu.area::float8, 'created_at', pu.created_at)
                                 ORDER BY pu.created_at, pu.id)
                          FROM plan_update pu WHERE pu.action_id = ac.id AND pu.status = 'proposed'), '[]'::json) AS proposed
         FROM action ac JOIN asset a ON a.id = ac.asset_id
        WHERE ${where.join(' AND ')}${wallSql}
        ORDER BY ac.created_at, ac.id LIMIT ${p(limit + 1)}`,
      params,
    );
  }
}
