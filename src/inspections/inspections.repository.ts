import { Injectable } from '@nestjs/common';
import { NATIONAL, scopeSql, type ProvinceScope } from '../common/scope';
import { Db } from '../database/transaction';
import type { InspectionStatus, SubjectType } from '../schema/vocabulary';

export interface InspectionRow {
  id: string;
  province_code: string;
  subject_type: SubjectType;
  asset_id: string | null;
  asset_code: string | null;
  asset_name: string | null;
  action_id: string | null;
  period_start: string | null;
  period_end: string | null;
  title: string;
  status: InspectionStatus;
  planned_start: string;
  planned_end: string | null;
  actual_start: string | null;
  actual_end: string | null;
  team: { name: string; role: string | null }[];
  conclusion: string | null;
  close_override_reason: string | null;
  created_by: string | null;
  closed_by: string | null;
  closed_at: Date | null;
  version: number;
  created_at: Date;
  updated_at: Date;
  /** created_at with its microseconds, as the list's cursor key. */
  created_at_key: string;
  counts: { suggested: number; open: number; resolved: number; dismissed: number; unresolvedCritical: number };
}

export interface InspectionFilter {
  province?: string;
  status?: InspectionStatus;
  subjectType?: SubjectType;
  assetId?: string;
  actionId?: string;
}

const D = (c: string) => `to_char(i.${c}, 'YYYY-MM-DD') AS ${c}`;
const SELECT = `SELECT i.id, i.province_code, i.subject_type, i.asset_id, a.code AS asset_code, a.name AS asset_name, i.action_id,
  ${['period_start', 'period_end', 'planned_start', 'planned_end', 'actual_start', 'actual_end'].map(D).join(', ')},
  i.title, i.status, i.team, i.conclusion, i.close_override_reason, i.created_by, i.closed_by, i.closed_at, i.version, i.created_at, i.updated_at,
  to_char(i.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS created_at_key,
  (SELECT json_build_object('suggested', count(*) FILTER (WHERE f.status = 'suggested'), 'open', count(*) FILTER (WHERE f.status = 'open'),
     'resolved', count(*) FILTER (WHERE f.status = 'resolved'), 'dismissed', count(*) FILTER (WHERE f.status = 'dismissed'),
     'unresolvedCritical', count(*) FILTER (WHERE f.status IN ('suggested', 'open') AND f.severity = 'critical'))
   FROM finding f WHERE f.inspection_id = i.id) AS counts
  FROM inspection i LEFT JOIN asset a ON a.id = i.asset_id`;

/** Columns a use case may write (no SQL is built from input). */
const WRITABLE = new Set([
  'title',
  'status',
  'planned_start',
  'planned_end',
  'actual_start',
  'actual_end',
  'team',
  'conclusion',
  'close_override_reason',
  'closed_by',
]);

/** All SQL about inspections; every read takes the caller's province scope. */
@Injectable()
export class InspectionsRepository {
  constructor(private readonly db: Db) {}

  async findInScope(scope: ProvinceScope, id: string): Promise<InspectionRow | null> {
    const params: unknown[] = [id];
    const wallSql = scopeSql(scope, 'i.province_code', params);
    const rows: InspectionRow[] = await this.db.query(`${SELECT} WHERE i.id = $1${wallSql}`, params);
    return rows[0] ?? null;
  }

  /** Locks the inspection row: findings, checks and documents of one inspection are written one at a time. */
  async lockInScope(scope: ProvinceScope, id: string): Promise<InspectionRow | null> {
    const params: unknown[] = [id];
    const wallSql = scopeSql(scope, 'province_code', params);
    const locked: unknown[] = await this.db.query(`SELECT 1 FROM inspection WHERE id = $1${wallSql} FOR UPDATE`, params);
    return locked.length ? this.findInScope(NATIONAL, id) : null;
  }

  async listInScope(scope: ProvinceScope, f: InspectionFilter, after: [string, string] | undefined, limit: number): Promise<InspectionRow[]> {
    const params: unknown[] = [];
    const p = (v: unknown) => `$${params.push(v)}`;
    const where = ['TRUE'];
    const wall = scopeSql(scope, 'i.province_code', params);
    if (wall) where.push(wall.slice(' AND '.length));
    if (f.province) where.push(`i.province_code = ${p(f.province)}`);
    if (f.status) where.push(`i.status = ${p(f.status)}`);
    if (f.subjectType) where.push(`i.subject_type = ${p(f.subjectType)}`);
    if (f.assetId) where.push(`i.asset_id = ${p(f.assetId)}`);
    if (f.actionId) where.push(`i.action_id = ${p(f.actionId)}`);
    if (after) where.push(`(i.created_at, i.id) > (${p(after[0])}::timestamptz, ${p(after[1])}::uuid)`);
    return this.db.query(`${SELECT} WHERE ${where.join(' AND ')} ORDER BY i.created_at, i.id LIMIT ${p(limit + 1)}`, params);
  }

  async insert(v: {
    provinceCode: string;
    subjectType: SubjectType;
    assetId: string | null;
    actionId: string | null;
    periodStart: string | null;
    periodEnd: string | null;
    title: string;
    plannedStart: string;
    plannedEnd: string | null;
    team: unknown[];
    createdBy: string | null;
  }): Promise<string> {
    const rows: { id: string }[] = await this.db.query(
      `INSERT INTO inspection (province_code, subject_type, asset_id, action_id, period_start, period_end, title, planned_start, planned_end, team, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
      [
        v.provinceCode,
        v.subjectType,
        v.assetId,
        v.actionId,
        v.periodStart,
        v.periodEnd,
        v.title,
        v.plannedStart,
        v.plannedEnd,
        JSON.stringify(v.team),
        v.createdBy,
      ],
    );
    return rows[0].id;
  }

  /** Writes the columns and bumps the version; false when `version` was stale. `closed_at` is stamped by the database clock. */
  async update(id: string, version: number, values: Record<string, unknown>, stampClosed = false): Promise<boolean> {
    const cols = Object.keys(values);
    for (const c of cols) if (!WRITABLE.has(c)) throw new Error(`inspection column ${c} is not writable`);
    const sets = [...cols.map((c, i) => `${c} = $${i + 3}`), ...(stampClosed ? ['closed_at = now()'] : []), 'version = version + 1', 'updated_at = now()'];
    const [, count] = (await this.db.query(`UPDATE inspection SET ${sets.join(', ')} WHERE id = $1 AND version = $2`, [
      id,
      version,
      ...cols.map((c) => (c === 'team' ? JSON.stringify(values[c]) : values[c])),
    ])) as [unknown, number];
    return count === 1;
  }

  async findAsset(scope: ProvinceScope, id: string): Promise<{ id: string; code: string; province_code: string } | null> {
    const params: unknown[] = [id];
    const wallSql = scopeSql(scope, 'province_code', params);
    const rows = await this.db.query(`SELECT id, code, province_code FROM asset WHERE id = $1${wallSql}`, params);
    return rows[0] ?? null;
  }

  async findAction(scope: ProvinceScope, id: string): Promise<{ id: string; asset_id: string; province_code: string } | null> {
    const params: unknown[] = [id];
    const wallSql = scopeSql(scope, 'province_code', params);
    const rows = await this.db.query(`SELECT id, asset_id, province_code FROM action WHERE id = $1${wallSql}`, params);
    return rows[0] ?? null;
  }
}
