import { Injectable } from '@nestjs/common';
import { Db } from '../database/transaction';
import { fingerprintOf, type Suggestion } from './checks/model';
import type { FindingCategory, FindingStatus, Severity } from '../schema/vocabulary';
import type { InspectionRow } from './inspections.repository';

export interface FindingRow {
  id: string;
  inspection_id: string;
  province_code: string;
  category: FindingCategory;
  severity: Severity;
  status: FindingStatus;
  description: string;
  recommendation: string | null;
  asset_id: string | null;
  action_id: string | null;
  check_id: string | null;
  fingerprint: string | null;
  decided_by: string | null;
  decided_at: Date | null;
  dismissal_reason: string | null;
  resolution: string | null;
  resolved_by: string | null;
  resolved_on: string | null;
  resolution_recorded_by: string | null;
  resolution_recorded_at: Date | null;
  created_by: string | null;
  version: number;
  created_at: Date;
  updated_at: Date;
  /** created_at with its microseconds, as the list's cursor key. */
  created_at_key: string;
  evidence: string[];
}

export interface FindingFilter {
  status?: FindingStatus;
  severity?: Severity;
  category?: FindingCategory;
}

const SELECT = `SELECT f.id, f.inspection_id, f.province_code, f.category, f.severity, f.status, f.description, f.recommendation, f.asset_id, f.action_id,
  f.check_id, f.fingerprint, f.decided_by, f.decided_at, f.dismissal_reason, f.resolution, f.resolved_by, to_char(f.resolved_on, 'YYYY-MM-DD') AS resolved_on,
  f.resolution_recorded_by, f.resolution_recorded_at, f.created_by, f.version, f.created_at, f.updated_at,
  to_char(f.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS created_at_key,
  coalesce((SELECT array_agg(e.document_id ORDER BY e.document_id) FROM finding_evidence e WHERE e.finding_id = f.id), '{}') AS evidence
  FROM finding f`;

const WRITABLE = new Set([
  'category',
  'severity',
  'status',
  'description',
  'recommendation',
  'decided_by',
  'dismissal_reason',
  'resolution',
  'resolved_by',
  'resolved_on',
  'resolution_recorded_by',
]);
export type FindingStamp = 'decided_at' | 'resolution_recorded_at';

/** All SQL about findings. Callers have already found the inspection within the caller's scope. */
@Injectable()
export class FindingsRepository {
  constructor(private readonly db: Db) {}

  async find(inspectionId: string, id: string): Promise<FindingRow | null> {
    const rows: FindingRow[] = await this.db.query(`${SELECT} WHERE f.inspection_id = $1 AND f.id = $2`, [inspectionId, id]);
    return rows[0] ?? null;
  }

  async lock(inspectionId: string, id: string): Promise<FindingRow | null> {
    const locked: unknown[] = await this.db.query(`SELECT 1 FROM finding WHERE inspection_id = $1 AND id = $2 FOR UPDATE`, [inspectionId, id]);
    return locked.length ? this.find(inspectionId, id) : null;
  }

  /** Oldest first, by (created_at, id); without `limit`, all of them (the export). */
  async list(inspectionId: string, f: FindingFilter, after?: [string, string], limit?: number): Promise<FindingRow[]> {
    const params: unknown[] = [inspectionId];
    const p = (v: unknown) => `$${params.push(v)}`;
    const where = ['f.inspection_id = $1'];
    if (f.status) where.push(`f.status = ${p(f.status)}`);
    if (f.severity) where.push(`f.severity = ${p(f.severity)}`);
    if (f.category) where.push(`f.category = ${p(f.category)}`);
    if (after) where.push(`(f.created_at, f.id) > (${p(after[0])}::timestamptz, ${p(after[1])}::uuid)`);
    const lim = limit === undefined ? '' : ` LIMIT ${p(limit + 1)}`;
    return this.db.query(`${SELECT} WHERE ${where.join(' AND ')} ORDER BY f.created_at, f.id${lim}`, params);
  }

  async insert(v: {
    inspectionId: string;
    provinceCode: string;
    category: FindingCategory;
    severity: Severity;
    description: string;
    recommendation: string | null;
    assetId: string | null;
    actionId: string | null;
    createdBy: string | null;
  }): Promise<string> {
    const rows: { id: string }[] = await this.db.query(
      `INSERT INTO finding (inspection_id, province_code, category, severity, status, description, recommendation, asset_id, action_id, created_by)
       VALUES ($1, $2, $3, $4, 'open', $5, $6, $7, $8, $9) RETURNING id`,
      [v.inspectionId, v.provinceCode, v.category, v.severity, v.description, v.recommendation, v.assetId, v.actionId, v.createdBy],
    );
    return rows[0].id;
  }

  /** Stores the suggestions not stored before (by fingerprint) in one statement; returns the new ids. */
  async insertSuggestions(inspection: Pick<InspectionRow, 'id' | 'province_code'>, suggestions: Suggestion[], createdBy: string | null): Promise<string[]> {
    if (suggestions.length === 0) return [];
    const col = <T>(pick: (s: Suggestion) => T) => suggestions.map(pick);
    const rows: { id: string }[] = await this.db.query(
      `INSERT INTO finding (inspection_id, province_code, status, category, severity, description, recommendation, asset_id, action_id, check_id, fingerprint, created_by)
       SELECT $1, $2, 'suggested', s.category, s.severity, s.description, s.recommendation, s.asset_id, s.action_id, s.check_id, s.fingerprint, $3
       FROM unnest($4::text[], $5::text[], $6::text[], $7::text[], $8::uuid[], $9::uuid[], $10::text[], $11::text[])
         AS s(category, severity, description, recommendation, asset_id, action_id, check_id, fingerprint)
       ON CONFLICT ON CONSTRAINT uq_finding_fingerprint DO NOTHING RETURNING id`,
      [
        inspection.id,
        inspection.province_code,
        createdBy,
        col((s) => s.category),
        col((s) => s.severity),
        col((s) => s.description),
        col((s) => s.recommendation),
        col((s) => s.assetId),
        col((s) => s.actionId),
        col((s) => s.checkId),
        col((s) => fingerprintOf(s)),
      ],
    );
    return rows.map((r) => r.id);
  }

  async findMany(ids: string[]): Promise<FindingRow[]> {
    if (ids.length === 0) return [];
    return this.db.query(`${SELECT} WHERE f.id = ANY($1::uuid[]) ORDER BY f.created_at, f.id`, [ids]);
  }

  async update(id: string, version: number, values: Record<string, unknown>, stamps: FindingStamp[] = []): Promise<boolean> {
    const cols = Object.keys(values);
    for (const c of cols) if (!WRITABLE.has(c)) throw new Error(`finding column ${c} is not writable`);
    const sets = [...cols.map((c, i) => `${c} = $${i + 3}`), ...stamps.map((s) => `${s} = now()`), 'version = version + 1', 'updated_at = now()'];
    const [, count] = (await this.db.query(`UPDATE finding SET ${sets.join(', ')} WHERE id = $1 AND version = $2`, [
      id,
      version,
      ...cols.map((c) => values[c]),
    ])) as [unknown, number];
    return count === 1;
  }

  async setEvidence(findingId: string, documentIds: string[]): Promise<void> {
    await this.db.query(`DELETE FROM finding_evidence WHERE finding_id = $1`, [findingId]);
    if (documentIds.length)
      await this.db.query(`INSERT INTO finding_evidence (finding_id, document_id) SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING`, [
        findingId,
        documentIds,
      ]);
  }

  /**
   * The given documents that may NOT be cited by a finding of this inspection: a document may be if it
   * is attached to the inspection, to its subject asset or to an action on that asset (an action's
   * inspection records the action's asset), or, for a province inspection, to anything in that province.
   */
  async foreignDocuments(inspection: Pick<InspectionRow, 'id' | 'province_code' | 'subject_type' | 'asset_id'>, ids: string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const ok: { id: string }[] = await this.db.query(
      `SELECT d.id FROM document d WHERE d.id = ANY($1::uuid[]) AND (
         d.inspection_id = $2
         OR ($3 = 'province' AND d.province_code = $4)
         OR ($5::uuid IS NOT NULL AND (d.asset_id = $5 OR d.action_id IN (SELECT x.id FROM action x WHERE x.asset_id = $5))))`,
      [ids, inspection.id, inspection.subject_type, inspection.province_code, inspection.asset_id],
    );
    const allowed = new Set(ok.map((r) => r.id));
    return [...new Set(ids)].filter((id) => !allowed.has(id));
  }

  async unresolvedCritical(inspectionId: string): Promise<number> {
    const [r] = await this.db.query(
      `SELECT count(*)::int AS n FROM finding WHERE inspection_id = $1 AND severity = 'critical' AND status IN ('suggested', 'open')`,
      [inspectionId],
    );
    return r.n as number;
  }

  async fingerprints(inspectionId: string): Promise<Set<string>> {
    const rows: { fingerprint: string }[] = await this.db.query(`SELECT fingerprint FROM finding WHERE inspection_id = $1 AND fingerprint IS NOT NULL`, [
      inspectionId,
    ]);
    return new Set(rows.map((r) => r.fingerprint));
  }
}
