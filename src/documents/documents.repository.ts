import { Injectable } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import type { DocumentKind } from '../schema/vocabulary';
import { uniqueViolation } from '../common/db-errors';
import { scopeSql, type ProvinceScope } from '../common/scope';
import { Db } from '../database/transaction';

export interface DocumentRow {
  id: string;
  kind: DocumentKind;
  province_code: string;
  asset_id: string | null;
  action_id: string | null;
  inspection_id: string | null;
  file_name: string;
  media_type: string;
  size_bytes: string;
  sha256: string;
  note: string | null;
  supersedes_id: string | null;
  superseded_by: string | null;
  uploaded_by: string | null;
  uploaded_by_username: string | null;
  uploaded_at: Date;
  /** uploaded_at with its microseconds, as the list's cursor key. */
  uploaded_at_key: string;
}

export interface DocumentValues {
  kind: DocumentKind;
  provinceCode: string;
  assetId: string | null;
  actionId: string | null;
  fileName: string;
  mediaType: string;
  sizeBytes: number;
  sha256: string;
  note: string | null;
  supersedesId: string | null;
  uploadedBy: string | null;
  /** An inspection's own evidence (set by the inspections module only). */
  inspectionId?: string | null;
}

export interface DocumentFilter {
  assetId?: string;
  actionId?: string;
  kind?: DocumentKind;
  inspectionId?: string;
}

/** What a verification run needs of a document. */
export interface VerifiableDocumentRow {
  id: string;
  province_code: string;
  file_name: string;
  size_bytes: string;
  sha256: string;
}

/** The asset or action a document is attached to, as far as the upload needs it. */
export interface SubjectAssetRow {
  id: string;
  code: string;
  province_code: string;
}
export interface SubjectActionRow {
  id: string;
  asset_id: string;
  province_code: string;
}

const COLUMNS = `d.id, d.kind, d.province_code, d.asset_id, d.action_id, d.inspection_id, d.file_name, d.media_type, d.size_bytes::text AS size_bytes, d.sha256, d.note,
  d.supersedes_id, n.id AS superseded_by, d.uploaded_by, u.username AS uploaded_by_username, d.uploaded_at,
  to_char(d.uploaded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS uploaded_at_key`;
const FROM = `document d LEFT JOIN document n ON n.supersedes_id = d.id LEFT JOIN app_user u ON u.id = d.uploaded_by`;

/** Appends `AND <alias>.province_code = $n` for a provincial scope. */
const scoped = (alias: string, scope: ProvinceScope, params: unknown[]): string => scopeSql(scope, `${alias}.province_code`, params);

/** All SQL about documents; every read takes the caller's province scope. Rows are only ever inserted. */
@Injectable()
export class DocumentsRepository {
  constructor(private readonly db: Db) {}

  async findInScope(scope: ProvinceScope, id: string): Promise<DocumentRow | null> {
    const params: unknown[] = [id];
    const rows: DocumentRow[] = await this.db.query(`SELECT ${COLUMNS} FROM ${FROM} WHERE d.id = $1${scoped('d', scope, params)}`, params);
    return rows[0] ?? null;
  }

  /** Oldest first, by (uploaded_at, id). */
  async listInScope(scope: ProvinceScope, filter: DocumentFilter, after: [string, string] | undefined, limit: number): Promise<DocumentRow[]> {
    const params: unknown[] = [];
    const p = (v: unknown) => `$${params.push(v)}`;
    const where: string[] = ['TRUE'];
    if (filter.assetId) where.push(`d.asset_id = ${p(filter.assetId)}`);
    if (filter.actionId) where.push(`d.action_id = ${p(filter.actionId)}`);
    if (filter.kind) where.push(`d.kind = ${p(filter.kind)}`);
    if (filter.inspectionId) where.push(`d.inspection_id = ${p(filter.inspectionId)}`);
    if (after) where.push(`(d.uploaded_at, d.id) > (${p(after[0])}::timestamptz, ${p(after[1])}::uuid)`);
    const wallSql = scoped('d', scope, params);
    return this.db.query(`SELECT ${COLUMNS} FROM ${FROM} WHERE ${where.join(' AND ')}${wallSql} ORDER BY d.uploaded_at, d.id LIMIT ${p(limit + 1)}`, params);
  }

  /** A batch of documents to re-hash, in id order after `afterId`, within the scope. */
  async listForVerification(scope: ProvinceScope, afterId: string | undefined, limit: number): Promise<VerifiableDocumentRow[]> {
    const params: unknown[] = [afterId ?? '00000000-0000-0000-0000-000000000000'];
    const wallSql = scoped('d', scope, params);
    params.push(limit + 1);
    return this.db.query(
      `SELECT d.id, d.province_code, d.file_name, d.size_bytes::text AS size_bytes, d.sha256 FROM document d
       WHERE d.id > $1::uuid${wallSql} ORDER BY d.id LIMIT $${params.length}`,
      params,
    );
  }

  async findSubjectAsset(scope: ProvinceScope, id: string): Promise<SubjectAssetRow | null> {
    const params: unknown[] = [id];
    const rows: SubjectAssetRow[] = await this.db.query(
      `SELECT a.id, a.code, a.province_code FROM asset a WHERE a.id = $1${scoped('a', scope, params)}`,
      params,
    );
    return rows[0] ?? null;
  }

  async findSubjectAction(scope: ProvinceScope, id: string): Promise<SubjectActionRow | null> {
    const params: unknown[] = [id];
    const rows: SubjectActionRow[] = await this.db.query(
      `SELECT ac.id, ac.asset_id, ac.province_code FROM action ac WHERE ac.id = $1${scoped('ac', scope, params)}`,
      params,
    );
    return rows[0] ?? null;
  }

  /** Inserts a document; a second replacement of the same document is a 409 (uq_document_supersedes). */
  async insert(v: DocumentValues): Promise<string> {
    try {
      const rows: { id: string }[] = await this.db.query(
        `INSERT INTO document (kind, province_code, asset_id, action_id, file_name, media_type, size_bytes, sha256, note, supersedes_id, uploaded_by, inspection_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
        [
          v.kind,
          v.provinceCode,
          v.assetId,
          v.actionId,
          v.fileName,
          v.mediaType,
          v.sizeBytes,
          v.sha256,
          v.note,
          v.supersedesId,
          v.uploadedBy,
          v.inspectionId ?? null,
        ],
      );
      return rows[0].id;
    } catch (err) {
      if (err instanceof QueryFailedError && (err.driverError as { constraint?: string }).constraint === 'uq_document_supersedes') {
        throw alreadySuperseded(v.supersedesId!);
      }
      throw err;
    }
  }
}

export const alreadySuperseded = (id: string) => uniqueViolation('uq_document_supersedes', id);
