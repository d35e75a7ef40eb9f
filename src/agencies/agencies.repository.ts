import { Injectable } from '@nestjs/common';
import { scopeSql, type ProvinceScope } from '../common/scope';
import { Db } from '../database/transaction';
import { type UnitSummaryColumns, unitSummaryColumns } from '../units/unit-summary.sql';
import type { AgencyKind, AgencyStatus } from '../schema/vocabulary';

export interface AgencyRow extends UnitSummaryColumns {
  id: string;
  code: string;
  name: string;
  kind: AgencyKind;
  unit_id: number;
  province_code: string;
  status: AgencyStatus;
  dissolved_on: string | null;
  successor_id: string | null;
  successor_code: string | null;
  successor_name: string | null;
  successor_status: AgencyStatus | null;
  version: number;
  created_at: Date;
  updated_at: Date;
}

export interface AgencyFilter {
  province?: string;
  status?: AgencyStatus;
  kind?: AgencyKind;
  q?: string;
}

const COLUMNS = `g.id, g.code, g.name, g.kind, g.unit_id, ${unitSummaryColumns('u')}, g.province_code, g.status, to_char(g.dissolved_on, 'YYYY-MM-DD') AS dissolved_on,
  g.successor_id, s.code AS successor_code, s.name AS successor_name, s.status AS successor_status, g.version, g.created_at, g.updated_at`;
const FROM = `agency g JOIN admin_unit u ON u.id = g.unit_id LEFT JOIN agency s ON s.id = g.successor_id`;

/** Appends `AND g.province_code = $n` for a provincial scope. */
const scoped = (scope: ProvinceScope, params: unknown[]): string => scopeSql(scope, 'g.province_code', params);

/** All SQL about agencies; every read takes the caller's province scope. */
@Injectable()
export class AgenciesRepository {
  constructor(private readonly db: Db) {}

  async findInScope(scope: ProvinceScope, id: string): Promise<AgencyRow | null> {
    const params: unknown[] = [id];
    const rows: AgencyRow[] = await this.db.query(`SELECT ${COLUMNS} FROM ${FROM} WHERE g.id = $1${scoped(scope, params)}`, params);
    return rows[0] ?? null;
  }

  async findByCodesInScope(scope: ProvinceScope, codes: string[]): Promise<AgencyRow[]> {
    const params: unknown[] = [codes];
    return this.db.query(`SELECT ${COLUMNS} FROM ${FROM} WHERE g.code = ANY($1::text[])${scoped(scope, params)}`, params);
  }

  async codeExists(code: string): Promise<boolean> {
    return (await this.db.query(`SELECT 1 FROM agency WHERE code = $1`, [code])).length > 0;
  }

  async listInScope(scope: ProvinceScope, filter: AgencyFilter, after: string | undefined, limit: number): Promise<AgencyRow[]> {
    const params: unknown[] = [];
    const where: string[] = ['TRUE'];
    const p = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    if (filter.province) where.push(`g.province_code = ${p(filter.province)}`);
    if (filter.status) where.push(`g.status = ${p(filter.status)}`);
    if (filter.kind) where.push(`g.kind = ${p(filter.kind)}`);
    if (filter.q) where.push(`search_norm(g.code || ' ' || g.name) LIKE '%' || search_norm(${p(filter.q)}) || '%'`);
    if (after !== undefined) where.push(`g.code > ${p(after)}`);
    const wallSql = scoped(scope, params);
    return this.db.query(`SELECT ${COLUMNS} FROM ${FROM} WHERE ${where.join(' AND ')}${wallSql} ORDER BY g.code LIMIT ${p(limit + 1)}`, params);
  }

  async insert(a: { code: string; name: string; kind: AgencyKind; unitId: number; provinceCode: string }): Promise<string> {
    const rows: { id: string }[] = await this.db.query(
      `INSERT INTO agency (code, name, kind, unit_id, province_code) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [a.code, a.name, a.kind, a.unitId, a.provinceCode],
    );
    return rows[0].id;
  }

  async lockInScope(scope: ProvinceScope, id: string): Promise<AgencyRow | null> {
    const params: unknown[] = [id];
    await this.db.query(`SELECT 1 FROM agency g WHERE g.id = $1${scoped(scope, params)} FOR UPDATE`, params);
    return this.findInScope(scope, id);
  }

  /** Optimistic update: true when the row still had `version` (then it is bumped). */
  async updateIfVersion(id: string, version: number, patch: { name: string; kind: AgencyKind; unitId: number; provinceCode: string }): Promise<boolean> {
    const [, count] = (await this.db.query(
      `UPDATE agency SET name = $3, kind = $4, unit_id = $5, province_code = $6, version = version + 1, updated_at = now() WHERE id = $1 AND version = $2`,
      [id, version, patch.name, patch.kind, patch.unitId, patch.provinceCode],
    )) as [unknown, number];
    return count === 1;
  }

  async dissolve(id: string, dissolvedOn: string, successorId: string): Promise<void> {
    await this.db.query(
      `UPDATE agency SET status = 'dissolved', dissolved_on = $2, successor_id = $3, version = version + 1, updated_at = now() WHERE id = $1`,
      [id, dissolvedOn, successorId],
    );
  }
}
