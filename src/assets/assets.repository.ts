import { Injectable } from '@nestjs/common';
import { ASSET_OVERDUE_LATERAL } from '../rules/overdue.sql';
import { VALID_FROM_START, VERSION_AT_SQL } from '../rules/versions';
import { todayInVietnam } from '../common/dates';
import { NATIONAL, scopeSql, type ProvinceScope } from '../common/scope';
import { containsSql } from '../common/search';
import { Db } from '../database/transaction';
import type { AssetCategory, AssetCondition, AssetStatus } from '../schema/vocabulary';

/** An asset as the read queries return it, with its units and custodian. */
export interface AssetRow {
  id: string;
  code: string;
  name: string;
  category: AssetCategory;
  status: AssetStatus;
  province_code: string;
  current_unit_id: number;
  cu_era: 'new';
  cu_level: 'province' | 'commune';
  cu_code: string;
  cu_name: string;
  cu_kind: string;
  cu_province_code: string;
  origin_unit_id: number | null;
  ou_era: 'old' | null;
  ou_level: 'province' | 'district' | 'commune' | null;
  ou_code: string | null;
  ou_name: string | null;
  ou_kind: string | null;
  ou_province_code: string | null;
  custodian_id: string;
  custodian_code: string;
  custodian_name: string;
  custodian_status: 'active' | 'dissolved';
  address: string | null;
  latitude: number | null;
  longitude: number | null;
  land_area: number | null;
  floor_area: number | null;
  year_built: number | null;
  original_cost: string | null;
  remaining_value: string | null;
  land_certificate_no: string | null;
  land_use_category: string | null;
  condition: AssetCondition | null;
  surplus_since: string | null;
  surplus_reason: string | null;
  surplus_basis: string | null;
  notes: string | null;
  version: number;
  created_at: Date;
  updated_at: Date;
  /** Present on list rows: the asset's most overdue open matter, if any. */
  od_action_id?: string | null;
  od_kind?: 'clause_deadline' | 'temporary_handover' | null;
  od_deadline?: string | null;
}

/** The stored, writable columns of an asset, as the database takes them. */
export interface AssetValues {
  code: string;
  name: string;
  category: AssetCategory;
  currentUnitId: number;
  provinceCode: string;
  originUnitId: number | null;
  custodianId: string;
  address: string | null;
  latitude: number | null;
  longitude: number | null;
  landArea: number | null;
  floorArea: number | null;
  yearBuilt: number | null;
  originalCost: number | null;
  remainingValue: number | null;
  landCertificateNo: string | null;
  landUseCategory: string | null;
  condition: AssetCondition | null;
  notes: string | null;
}

export interface AssetFilter {
  province?: string;
  commune?: string;
  origin?: string;
  status?: AssetStatus;
  category?: AssetCategory;
  custodian?: string;
  landUseCategory?: string;
  disadvantaged?: boolean;
  overdue?: boolean;
  q?: string;
}

export const ASSET_COLUMNS = `a.id, a.code, a.name, a.category, a.status, a.province_code,
  a.current_unit_id, cu.era AS cu_era, cu.level AS cu_level, cu.code AS cu_code, cu.name AS cu_name, cu.kind AS cu_kind, cu.province_code AS cu_province_code,
  a.origin_unit_id, ou.era AS ou_era, ou.level AS ou_level, ou.code AS ou_code, ou.name AS ou_name, ou.kind AS ou_kind, ou.province_code AS ou_province_code,
  a.custodian_id, g.code AS custodian_code, g.name AS custodian_name, g.status AS custodian_status,
  a.address, a.latitude::float8 AS latitude, a.longitude::float8 AS longitude, a.land_area::float8 AS land_area, a.floor_area::float8 AS floor_area,
  a.year_built, a.original_cost::text AS original_cost, a.remaining_value::text AS remaining_value, a.land_certificate_no, a.land_use_category,
  a.condition, to_char(a.surplus_since, 'YYYY-MM-DD') AS surplus_since, a.surplus_reason, a.surplus_basis, a.notes, a.version, a.created_at, a.updated_at`;
export const ASSET_FROM = `asset a JOIN admin_unit cu ON cu.id = a.current_unit_id JOIN agency g ON g.id = a.custodian_id LEFT JOIN admin_unit ou ON ou.id = a.origin_unit_id`;
const SEARCH_EXPR = `search_norm(a.code || ' ' || a.name || ' ' || coalesce(a.address, ''))`;

/** Builds the WHERE clause shared by the list, the map and the export. */
export function assetWhere(scope: ProvinceScope, f: AssetFilter, params: unknown[]): string {
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const where: string[] = [];
  const wall = scopeSql(scope, 'a.province_code', params);
  if (wall) where.push(wall.slice(' AND '.length));
  if (f.province) where.push(`a.province_code = ${p(f.province)}`);
  if (f.commune) where.push(`a.current_unit_id = (SELECT id FROM admin_unit WHERE era = 'new' AND level = 'commune' AND code = ${p(f.commune)})`);
  if (f.origin?.length === 2) where.push(`a.origin_unit_id IN (SELECT id FROM admin_unit WHERE era = 'old' AND province_code = ${p(f.origin)})`);
  if (f.origin?.length === 3) {
    const code = p(f.origin);
    where.push(
      `a.origin_unit_id IN (SELECT u.id FROM admin_unit u JOIN admin_unit d ON d.era = 'old' AND d.level = 'district' AND d.code = ${code} WHERE u.id = d.id OR u.parent_id = d.id)`,
    );
  }
  if (f.origin?.length === 5) where.push(`a.origin_unit_id = (SELECT id FROM admin_unit WHERE era = 'old' AND level = 'commune' AND code = ${p(f.origin)})`);
  if (f.status) where.push(`a.status = ${p(f.status)}`);
  if (f.category) where.push(`a.category = ${p(f.category)}`);
  if (f.custodian) where.push(`a.custodian_id = ${p(f.custodian)}`);
  if (f.landUseCategory) where.push(`a.land_use_category = ${p(f.landUseCategory)}`);
  if (f.disadvantaged !== undefined) where.push(`(cu.is_mountainous OR cu.is_remote OR cu.is_island OR cu.is_ethnic_minority) = ${p(f.disadvantaged)}`);
  if (f.q) where.push(containsSql(SEARCH_EXPR, p(f.q)));
  if (f.overdue !== undefined) where.push(`od.action_id IS ${f.overdue ? 'NOT ' : ''}NULL`);
  return where.length ? where.join(' AND ') : 'TRUE';
}

/** All SQL about assets; every read takes the caller's province scope. */
@Injectable()
export class AssetsRepository {
  constructor(private readonly db: Db) {}

  async findInScope(scope: ProvinceScope, id: string): Promise<AssetRow | null> {
    const params: unknown[] = [id];
    const wallSql = scopeSql(scope, 'a.province_code', params);
    const rows: AssetRow[] = await this.db.query(`SELECT ${ASSET_COLUMNS} FROM ${ASSET_FROM} WHERE a.id = $1${wallSql}`, params);
    return rows[0] ?? null;
  }

  async lockInScope(scope: ProvinceScope, id: string): Promise<AssetRow | null> {
    const params: unknown[] = [id];
    const wallSql = scopeSql(scope, 'province_code', params);
    const locked: unknown[] = await this.db.query(`SELECT 1 FROM asset WHERE id = $1${wallSql} FOR UPDATE`, params);
    return locked.length ? this.findInScope(NATIONAL, id) : null;
  }

  /** One keyset page in code order (limit + 1 rows, to know whether more follow). */
  /** `withOverdue`: also compute each row's most overdue open matter (the lists show it; streams need it only to filter). */
  listInScope(scope: ProvinceScope, filter: AssetFilter, afterCode: string | undefined, limit: number, withOverdue = true): Promise<AssetRow[]> {
    const lateral = withOverdue || filter.overdue !== undefined;
    const params: unknown[] = lateral ? [todayInVietnam()] : [];
    let where = assetWhere(scope, filter, params);
    if (afterCode !== undefined) where += ` AND a.code > $${params.push(afterCode)}`;
    return this.db.query(
      lateral
        ? `SELECT ${ASSET_COLUMNS}, od.action_id AS od_action_id, od.kind AS od_kind, to_char(od.deadline, 'YYYY-MM-DD') AS od_deadline
           FROM ${ASSET_FROM} ${ASSET_OVERDUE_LATERAL('a', '$1')} WHERE ${where} ORDER BY a.code LIMIT $${params.push(limit + 1)}`
        : `SELECT ${ASSET_COLUMNS} FROM ${ASSET_FROM} WHERE ${where} ORDER BY a.code LIMIT $${params.push(limit + 1)}`,
      params,
    );
  }

  /**
   * Every matching asset in code order, fetched in keyset batches so memory stays flat. Batches are
   * small on purpose: a 1,000-row batch lived long enough to reach V8's old generation and piled up
   * between full collections (+188 MB during a 200,000-row export; +44 MB at 250, bench/README).
   */
  async *streamInScope(scope: ProvinceScope, filter: AssetFilter, batchSize = 250): AsyncGenerator<AssetRow[]> {
    let after: string | undefined;
    for (;;) {
      const rows = await this.listInScope(scope, filter, after, batchSize - 1, false);
      if (rows.length === 0) return;
      yield rows;
      if (rows.length < batchSize) return;
      after = rows[rows.length - 1].code;
    }
  }

  async codeExists(code: string): Promise<boolean> {
    return (await this.db.query(`SELECT 1 FROM asset WHERE code = $1`, [code])).length > 0;
  }

  async insert(v: AssetValues): Promise<string> {
    const rows: { id: string }[] = await this.db.query(
      `INSERT INTO asset (code, name, category, current_unit_id, province_code, origin_unit_id, custodian_id, address, latitude, longitude,
         land_area, floor_area, year_built, original_cost, remaining_value, land_certificate_no, land_use_category, condition, notes)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19) RETURNING id`,
      valuesArray(v),
    );
    return rows[0].id;
  }

  /**
   * The date the attributes in force today (as known now) took effect: what a correction of them
   * bears (rules/versions.ts). 'start' when they are the record's first values.
   */
  async validFromInForce(id: string, today: string): Promise<string> {
    const rows: { valid_from: string | null }[] = await this.db.query(
      VERSION_AT_SQL('asset_version', 'asset_id', '$1::uuid', '$2::date', 'now()', 'v.valid_from'),
      [id, today],
    );
    return rows[0]?.valid_from ?? VALID_FROM_START;
  }

  /**
   * Optimistic update of the writable fields: false when `version` was stale (nothing changed). The
   * versioned attributes it changes take effect on `validFrom` (the asset_version trigger reads it).
   */
  async updateIfVersion(id: string, version: number, v: AssetValues, validFrom: string): Promise<boolean> {
    const [, count] = await this.withValidFrom(
      validFrom,
      async () =>
        (await this.db.query(
          `UPDATE asset SET code = $1, name = $2, category = $3, current_unit_id = $4, province_code = $5, origin_unit_id = $6, custodian_id = $7,
         address = $8, latitude = $9, longitude = $10, land_area = $11, floor_area = $12, year_built = $13, original_cost = $14,
         remaining_value = $15, land_certificate_no = $16, land_use_category = $17, condition = $18, notes = $19,
         version = version + 1, updated_at = now()
       WHERE id = $20 AND version = $21`,
          [...valuesArray(v), id, version],
        )) as [unknown, number],
    );
    return count === 1;
  }

  /** Runs `write` with the date the versioned attributes it changes take effect (trigger asset_version_write), for that write only. */
  private async withValidFrom<T>(validFrom: string, write: () => Promise<T>): Promise<T> {
    await this.db.query(`SELECT set_config('vpa.valid_from', $1, true)`, [validFrom]);
    try {
      return await write();
    } finally {
      await this.db.query(`SELECT set_config('vpa.valid_from', '', true)`);
    }
  }

  async setSurplus(id: string, surplus: { since: string; reason: string; basis: string | null } | null): Promise<void> {
    await this.db.query(
      `UPDATE asset SET status = $2, surplus_since = $3, surplus_reason = $4, surplus_basis = $5, version = version + 1, updated_at = now() WHERE id = $1`,
      [id, surplus ? 'surplus' : 'in_use', surplus?.since ?? null, surplus?.reason ?? null, surplus?.basis ?? null],
    );
  }

  /** Records a declaration (or the withdrawal of the one in force) in the surplus_declaration projection the reports read. */
  async recordSurplus(id: string, surplus: { since: string; reason: string } | null): Promise<void> {
    if (surplus) {
      await this.db.query(
        `INSERT INTO surplus_declaration (asset_id, province_code, since, reason, declared_recorded_at) SELECT id, province_code, $2, $3, now() FROM asset WHERE id = $1`,
        [id, surplus.since, surplus.reason],
      );
    } else {
      await this.db.query(
        `UPDATE surplus_declaration SET withdrawn_on = (now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date, withdrawn_recorded_at = now() WHERE asset_id = $1 AND withdrawn_on IS NULL AND handled_on IS NULL`,
        [id],
      );
    }
  }

  /** Closes the surplus episode in force (if any) as handled by `actionId`, completed on `on`: the reports go on counting it, as handled. */
  async closeSurplusEpisode(id: string, actionId: string, on: string): Promise<void> {
    await this.db.query(
      `UPDATE surplus_declaration SET handled_on = $3::date, handled_recorded_at = now(), handled_action_id = $2 WHERE asset_id = $1 AND withdrawn_on IS NULL AND handled_on IS NULL`,
      [id, actionId, on],
    );
  }

  /**
   * Applies a workflow step's effect (status, and for some steps custodian, unit, land-use category),
   * the changed attributes taking effect on `validFrom` (a completion's date; default: today).
   */
  async applyChange(
    id: string,
    c: { status: string; custodianId?: string; currentUnitId?: number; provinceCode?: string; landUseCategory?: string; clearSurplus?: boolean },
    validFrom = '',
  ): Promise<void> {
    await this.withValidFrom(validFrom, () =>
      this.db.query(
        `UPDATE asset SET status = $2, custodian_id = coalesce($3, custodian_id), current_unit_id = coalesce($4, current_unit_id),
         province_code = coalesce($5, province_code), land_use_category = coalesce($6, land_use_category),
         surplus_since = CASE WHEN $7 THEN NULL ELSE surplus_since END, surplus_reason = CASE WHEN $7 THEN NULL ELSE surplus_reason END,
         surplus_basis = CASE WHEN $7 THEN NULL ELSE surplus_basis END, version = version + 1, updated_at = now()
       WHERE id = $1`,
        [id, c.status, c.custodianId ?? null, c.currentUnitId ?? null, c.provinceCode ?? null, c.landUseCategory ?? null, c.clearSurplus ?? false],
      ),
    );
  }

  async hasActions(id: string): Promise<boolean> {
    return (await this.db.query(`SELECT 1 FROM action WHERE asset_id = $1 LIMIT 1`, [id])).length > 0;
  }

  /** What else is on the record about an asset (each refuses its removal, ON DELETE RESTRICT): documents, plan updates, inspections, findings, obstacles. */
  async dependents(id: string): Promise<string[]> {
    const rows: { what: string }[] = await this.db.query(
      `SELECT what FROM (
         SELECT 'documents' AS what, EXISTS (SELECT 1 FROM document WHERE asset_id = $1) AS present
         UNION ALL SELECT 'plan updates', EXISTS (SELECT 1 FROM plan_update WHERE asset_id = $1)
         UNION ALL SELECT 'inspections', EXISTS (SELECT 1 FROM inspection WHERE asset_id = $1)
         UNION ALL SELECT 'inspection findings', EXISTS (SELECT 1 FROM finding WHERE asset_id = $1)
         UNION ALL SELECT 'obstacles', EXISTS (SELECT 1 FROM obstacle WHERE asset_id = $1)
       ) d WHERE present`,
      [id],
    );
    return rows.map((r) => r.what);
  }

  async remove(id: string): Promise<void> {
    await this.db.query(`DELETE FROM asset WHERE id = $1`, [id]);
  }

  async landUseCategoryExists(code: string): Promise<boolean> {
    return (await this.db.query(`SELECT 1 FROM land_use_category WHERE code = $1`, [code])).length > 0;
  }

  /** An asset's events, oldest first, in keyset pages by chain position. */
  history(id: string, afterSeq: number | undefined, limit: number): Promise<HistoryRow[]> {
    return this.db.query(
      `SELECT e.seq::int8::text AS seq, e.occurred_at, e.actor_id, u.username AS actor_username, e.action, e.before, e.after, e.hash
       FROM event e LEFT JOIN app_user u ON u.id = e.actor_id
       WHERE e.entity_type = 'asset' AND e.entity_id = $1 AND e.seq > $2 ORDER BY e.seq LIMIT $3`,
      [id, afterSeq ?? 0, limit + 1],
    );
  }
}

export interface HistoryRow {
  seq: string;
  occurred_at: Date;
  actor_id: string | null;
  actor_username: string | null;
  action: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  hash: string;
}

function valuesArray(v: AssetValues): unknown[] {
  return [
    v.code,
    v.name,
    v.category,
    v.currentUnitId,
    v.provinceCode,
    v.originUnitId,
    v.custodianId,
    v.address,
    v.latitude,
    v.longitude,
    v.landArea,
    v.floorArea,
    v.yearBuilt,
    v.originalCost,
    v.remainingValue,
    v.landCertificateNo,
    v.landUseCategory,
    v.condition,
    v.notes,
  ];
}
