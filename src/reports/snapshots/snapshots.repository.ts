import { Injectable } from '@nestjs/common';
import { scopeSql, type ProvinceScope } from '../../common/scope';
import { Db } from '../../database/transaction';
import type { ChainHead } from '../../events/event-anchor';
import type { ReportFormat, ReportParams, StatusReport } from '../report.model';

export interface SnapshotRow {
  id: string;
  scope: 'province' | 'national';
  province_code: string | null;
  as_of: string;
  known_at: string;
  period: 'weekly' | 'monthly';
  lang: 'vi' | 'en';
  generated_at: string;
  generated_by: string | null;
  generated_by_username: string | null;
  schedule_id: string | null;
  previous_id: string | null;
  /** The event log anchor (seq as text, bigint), both null for snapshots made before anchors. */
  event_chain_seq: string | null;
  event_chain_hash: string | null;
  created_at: string;
  /** created_at with microseconds, as the list's cursor key. */
  created_at_key: string;
  contents: { format: ReportFormat; mediaType: string; sizeBytes: number; sha256: string; rendererVersion: number }[];
}

export interface ContentRow {
  format: ReportFormat;
  media_type: string;
  sha256: string;
  content: Buffer;
  renderer_version: number;
}

const ISO = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const COLUMNS = `s.id, s.scope, s.province_code, to_char(s.as_of, 'YYYY-MM-DD') AS as_of, ${ISO('s.known_at')} AS known_at, s.period, s.lang,
  ${ISO('s.generated_at')} AS generated_at, s.generated_by, u.username AS generated_by_username, s.schedule_id, s.previous_id, s.event_chain_seq::text AS event_chain_seq, s.event_chain_hash, ${ISO('s.created_at')} AS created_at,
  to_char(s.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS created_at_key,
  (SELECT coalesce(jsonb_agg(jsonb_build_object('format', c.format, 'mediaType', c.media_type, 'sizeBytes', c.size_bytes, 'sha256', c.sha256, 'rendererVersion', c.renderer_version)
     ORDER BY array_position(ARRAY['json','csv','xlsx','pdf'], c.format::text)), '[]') FROM report_content c WHERE c.snapshot_id = s.id) AS contents`;
const FROM = `report_snapshot s LEFT JOIN app_user u ON u.id = s.generated_by`;

/** A province user sees only their province's snapshots (a national report holds every province). */
const scoped = (scope: ProvinceScope, params: unknown[]): string => scopeSql(scope, 's.province_code', params);

/** All SQL about report snapshots; they are only ever inserted. */
@Injectable()
export class SnapshotsRepository {
  constructor(private readonly db: Db) {}

  /** The first snapshot made with exactly these parameters that holds at least these formats. */
  async findSameParams(p: ReportParams, formats: ReportFormat[]): Promise<string | null> {
    const rows: { id: string }[] = await this.db.query(
      `SELECT s.id FROM report_snapshot s
       WHERE s.scope = $1 AND s.province_code IS NOT DISTINCT FROM $2 AND s.as_of = $3::date AND s.known_at = $4::timestamptz AND s.period = $5 AND s.lang = $6
         AND ARRAY(SELECT c.format::text FROM report_content c WHERE c.snapshot_id = s.id) @> $7::text[]
       ORDER BY s.created_at, s.id LIMIT 1`,
      [p.scope, p.province, p.asOf, p.knownAt, p.period, p.lang, formats],
    );
    return rows[0]?.id ?? null;
  }

  /**
   * Stores a snapshot with the one it follows: the latest earlier snapshot (by as_of, then known_at)
   * of the same scope, province and period. Snapshots of one series are inserted one transaction at a
   * time (an advisory lock until commit), so two made together do not both follow the same one.
   */
  async insert(v: {
    params: ReportParams;
    generatedAt: string;
    generatedBy: string | null;
    scheduleId: string | null;
    figures: StatusReport;
    chainHead: ChainHead | null;
  }): Promise<string> {
    const p = v.params;
    await this.db.query(
      `SELECT pg_advisory_xact_lock(hashtextextended('report-snapshot-series:' || $1::text || ':' || coalesce($2::text, '') || ':' || $3::text, 0))`,
      [p.scope, p.province, p.period],
    );
    const rows: { id: string }[] = await this.db.query(
      `INSERT INTO report_snapshot (scope, province_code, as_of, known_at, period, lang, generated_at, generated_by, schedule_id, figures, event_chain_seq, event_chain_hash, previous_id)
       VALUES ($1::text, $2::text, $3::date, $4::timestamptz, $5::text, $6, $7, $8, $9, $10, $11, $12, (
         SELECT e.id FROM report_snapshot e
         WHERE e.scope = $1::text AND e.province_code IS NOT DISTINCT FROM $2::text AND e.period = $5::text AND (e.as_of, e.known_at) < ($3::date, $4::timestamptz)
         ORDER BY e.as_of DESC, e.known_at DESC, e.created_at DESC, e.id DESC LIMIT 1))
       RETURNING id`,
      [
        p.scope,
        p.province,
        p.asOf,
        p.knownAt,
        p.period,
        p.lang,
        v.generatedAt,
        v.generatedBy,
        v.scheduleId,
        JSON.stringify(v.figures),
        v.chainHead?.seq ?? null,
        v.chainHead?.hash ?? null,
      ],
    );
    return rows[0].id;
  }

  async insertContent(
    snapshotId: string,
    c: { format: ReportFormat; mediaType: string; sha256: string; content: Buffer; rendererVersion: number },
  ): Promise<void> {
    await this.db.query(
      `INSERT INTO report_content (snapshot_id, format, media_type, size_bytes, sha256, content, renderer_version) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [snapshotId, c.format, c.mediaType, c.content.length, c.sha256, c.content, c.rendererVersion],
    );
  }

  async findInScope(scope: ProvinceScope, id: string): Promise<SnapshotRow | null> {
    const params: unknown[] = [id];
    const rows: SnapshotRow[] = await this.db.query(`SELECT ${COLUMNS} FROM ${FROM} WHERE s.id = $1${scoped(scope, params)}`, params);
    return rows[0] ?? null;
  }

  async figuresOf(id: string): Promise<StatusReport> {
    const rows: { figures: StatusReport }[] = await this.db.query(`SELECT figures FROM report_snapshot WHERE id = $1`, [id]);
    return rows[0].figures;
  }

  /** Newest first. */
  async list(scope: ProvinceScope, limit: number, after?: [string, string]): Promise<SnapshotRow[]> {
    const params: unknown[] = [limit + 1];
    let where = `WHERE true${scoped(scope, params)}`;
    if (after) {
      params.push(after[0], after[1]);
      where += ` AND (s.created_at, s.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`;
    }
    return this.db.query(`SELECT ${COLUMNS} FROM ${FROM} ${where} ORDER BY s.created_at DESC, s.id DESC LIMIT $1`, params);
  }

  async contents(id: string, format?: ReportFormat): Promise<ContentRow[]> {
    const params: unknown[] = [id];
    if (format) params.push(format);
    return this.db.query(
      `SELECT format, media_type, sha256, content, renderer_version FROM report_content WHERE snapshot_id = $1${format ? ' AND format = $2' : ''}
       ORDER BY array_position(ARRAY['json','csv','xlsx','pdf'], format::text)`,
      params,
    );
  }

  /** Rows of a report of this scope: one per new-era province and the total, or one. */
  async rowCount(scope: 'province' | 'national'): Promise<number> {
    if (scope === 'province') return 1;
    const rows: { n: number }[] = await this.db.query(`SELECT count(*)::int AS n FROM admin_unit WHERE era = 'new' AND level = 'province'`);
    return rows[0].n + 1;
  }
}
