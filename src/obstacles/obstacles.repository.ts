import { Injectable } from '@nestjs/common';
import { scopeSql, type ProvinceScope } from '../common/scope';
import { Db } from '../database/transaction';
import type { ObstacleAddressee, ObstacleKind, ObstacleStatus } from '../schema/vocabulary';

export interface ObstacleRow {
  id: string;
  province_code: string;
  asset_id: string;
  asset_code: string;
  asset_name: string;
  action_id: string | null;
  kind: ObstacleKind;
  addressee: ObstacleAddressee;
  description: string;
  recommendation: string | null;
  raised_on: string;
  status: ObstacleStatus;
  answered_by: string | null;
  answered_on: string | null;
  answer: string | null;
  answer_reference: string | null;
  answer_recorded_at: Date | null;
  created_by: string | null;
  version: number;
  created_at: Date;
  updated_at: Date;
  /** created_at with microseconds, the list's cursor key. */
  created_at_key: string;
}

export interface ObstacleFilter {
  province?: string;
  status?: ObstacleStatus;
  kind?: ObstacleKind;
  addressee?: ObstacleAddressee;
  assetId?: string;
  actionId?: string;
}

/** What an obstacle's text fields are (the parts an edit may change). */
export interface ObstacleContent {
  kind: ObstacleKind;
  addressee: ObstacleAddressee;
  description: string;
  recommendation: string | null;
  raisedOn: string;
}

const COLUMNS = `o.id, o.province_code, o.asset_id, a.code AS asset_code, a.name AS asset_name, o.action_id, o.kind, o.addressee, o.description, o.recommendation,
  to_char(o.raised_on, 'YYYY-MM-DD') AS raised_on, o.status, o.answered_by, to_char(o.answered_on, 'YYYY-MM-DD') AS answered_on, o.answer, o.answer_reference,
  o.answer_recorded_at, o.created_by, o.version, o.created_at, o.updated_at, to_char(o.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS created_at_key`;
const FROM = `obstacle o JOIN asset a ON a.id = o.asset_id`;

/** All SQL about obstacles; every read takes the caller's province scope (the obstacle's province). */
@Injectable()
export class ObstaclesRepository {
  constructor(private readonly db: Db) {}

  async findInScope(scope: ProvinceScope, id: string): Promise<ObstacleRow | null> {
    const params: unknown[] = [id];
    const rows: ObstacleRow[] = await this.db.query(`SELECT ${COLUMNS} FROM ${FROM} WHERE o.id = $1${scopeSql(scope, 'o.province_code', params)}`, params);
    return rows[0] ?? null;
  }

  /** Locks the row (the transaction's writes to it then come one at a time) and reads it. */
  async lockInScope(scope: ProvinceScope, id: string): Promise<ObstacleRow | null> {
    const params: unknown[] = [id];
    await this.db.query(`SELECT 1 FROM obstacle o WHERE o.id = $1${scopeSql(scope, 'o.province_code', params)} FOR UPDATE`, params);
    return this.findInScope(scope, id);
  }

  /** Newest first, in keyset pages of (created_at, id). */
  async listInScope(scope: ProvinceScope, f: ObstacleFilter, after: [string, string] | undefined, limit: number): Promise<ObstacleRow[]> {
    const params: unknown[] = [];
    const p = (v: unknown) => `$${params.push(v)}`;
    const where = ['TRUE'];
    if (f.province) where.push(`o.province_code = ${p(f.province)}`);
    if (f.status) where.push(`o.status = ${p(f.status)}`);
    if (f.kind) where.push(`o.kind = ${p(f.kind)}`);
    if (f.addressee) where.push(`o.addressee = ${p(f.addressee)}`);
    if (f.assetId) where.push(`o.asset_id = ${p(f.assetId)}::uuid`);
    if (f.actionId) where.push(`o.action_id = ${p(f.actionId)}::uuid`);
    if (after) where.push(`(o.created_at, o.id) < (${p(after[0])}::timestamptz, ${p(after[1])}::uuid)`);
    const wall = scopeSql(scope, 'o.province_code', params);
    return this.db.query(
      `SELECT ${COLUMNS} FROM ${FROM} WHERE ${where.join(' AND ')}${wall} ORDER BY o.created_at DESC, o.id DESC LIMIT ${p(limit + 1)}`,
      params,
    );
  }

  async insert(v: ObstacleContent & { provinceCode: string; assetId: string; actionId: string | null; createdBy: string | null }): Promise<string> {
    const rows: { id: string }[] = await this.db.query(
      `INSERT INTO obstacle (province_code, asset_id, action_id, kind, addressee, description, recommendation, raised_on, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
      [v.provinceCode, v.assetId, v.actionId, v.kind, v.addressee, v.description, v.recommendation, v.raisedOn, v.createdBy],
    );
    return rows[0].id;
  }

  /** Optimistic update of an open obstacle: true when the row still had `version` (then it is bumped). */
  async updateIfVersion(id: string, version: number, c: ObstacleContent): Promise<boolean> {
    const [, count] = (await this.db.query(
      `UPDATE obstacle SET kind = $3, addressee = $4, description = $5, recommendation = $6, raised_on = $7, version = version + 1, updated_at = now()
       WHERE id = $1 AND version = $2 AND status = 'open'`,
      [id, version, c.kind, c.addressee, c.description, c.recommendation, c.raisedOn],
    )) as [unknown, number];
    return count === 1;
  }

  /** Records the answer of an open obstacle still at `version`: true when it did. */
  async answerIfVersion(
    id: string,
    version: number,
    a: { answeredBy: string; answeredOn: string; answer: string; reference: string | null },
  ): Promise<boolean> {
    const [, count] = (await this.db.query(
      `UPDATE obstacle SET status = 'answered', answered_by = $3, answered_on = $4, answer = $5, answer_reference = $6, answer_recorded_at = now(),
         version = version + 1, updated_at = now()
       WHERE id = $1 AND version = $2 AND status = 'open'`,
      [id, version, a.answeredBy, a.answeredOn, a.answer, a.reference],
    )) as [unknown, number];
    return count === 1;
  }

  async findAssetInScope(scope: ProvinceScope, id: string): Promise<{ id: string; code: string; province_code: string } | null> {
    const params: unknown[] = [id];
    const rows = await this.db.query(`SELECT a.id, a.code, a.province_code FROM asset a WHERE a.id = $1${scopeSql(scope, 'a.province_code', params)}`, params);
    return rows[0] ?? null;
  }

  async findActionInScope(scope: ProvinceScope, id: string): Promise<{ id: string; asset_id: string; province_code: string } | null> {
    const params: unknown[] = [id];
    const rows = await this.db.query(
      `SELECT ac.id, ac.asset_id, ac.province_code FROM action ac WHERE ac.id = $1${scopeSql(scope, 'ac.province_code', params)}`,
      params,
    );
    return rows[0] ?? null;
  }
}
