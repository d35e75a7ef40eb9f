import { Injectable } from '@nestjs/common';
import { Db } from '../../database/transaction';
import type { ActionType, DocumentKind, Method } from '../../schema/vocabulary';

/** What the record names instead of ids and codes: the province, the assets and actions, and the documents each finding cites. */
export interface ExportFacts {
  provinceName: string | null;
  assets: Map<string, { code: string; name: string; currentUnit: string; originUnit: string | null; custodian: string | null }>;
  actions: Map<string, { assetCode: string; type: ActionType; method: Method; decisionNo: string | null; decisionDate: string | null }>;
  /** By finding id, oldest first. */
  evidence: Map<string, { kind: DocumentKind; fileName: string; note: string | null; sha256: string; uploadedAt: Date }[]>;
}

@Injectable()
export class InspectionExportRepository {
  constructor(private readonly db: Db) {}

  async facts(provinceCode: string, assetIds: string[], actionIds: string[], findingIds: string[]): Promise<ExportFacts> {
    const [province]: { name: string }[] = await this.db.query(
      `SELECT name FROM admin_unit WHERE era = 'new' AND level = 'province' AND code = $1 ORDER BY valid_from DESC NULLS LAST LIMIT 1`,
      [provinceCode],
    );
    const actions: {
      id: string;
      asset_id: string;
      asset_code: string;
      type: ActionType;
      method: Method;
      decision_no: string | null;
      decision_date: string | null;
    }[] = await this.db.query(
      `SELECT ac.id, ac.asset_id, a.code AS asset_code, ac.type, ac.method, ac.decision_no, ac.decision_date::text AS decision_date
           FROM action ac JOIN asset a ON a.id = ac.asset_id WHERE ac.id = ANY($1::uuid[])`,
      [actionIds],
    );
    const assets: { id: string; code: string; name: string; current_unit: string; origin_unit: string | null; custodian: string | null }[] =
      await this.db.query(
        `SELECT a.id, a.code, a.name, cu.name AS current_unit, ou.name AS origin_unit, ag.name AS custodian
           FROM asset a JOIN admin_unit cu ON cu.id = a.current_unit_id
           LEFT JOIN admin_unit ou ON ou.id = a.origin_unit_id LEFT JOIN agency ag ON ag.id = a.custodian_id
          WHERE a.id = ANY($1::uuid[])`,
        [[...assetIds, ...actions.map((r) => r.asset_id)]],
      );
    const evidence: { finding_id: string; kind: DocumentKind; file_name: string; note: string | null; sha256: string; uploaded_at: Date }[] =
      await this.db.query(
        `SELECT fe.finding_id, d.kind, d.file_name, d.note, d.sha256, d.uploaded_at
           FROM finding_evidence fe JOIN document d ON d.id = fe.document_id
          WHERE fe.finding_id = ANY($1::uuid[]) ORDER BY d.uploaded_at, d.file_name, d.id`,
        [findingIds],
      );
    const byFinding = new Map<string, ExportFacts['evidence'] extends Map<string, infer V> ? V : never>();
    for (const e of evidence) {
      const list = byFinding.get(e.finding_id) ?? [];
      list.push({ kind: e.kind, fileName: e.file_name, note: e.note, sha256: e.sha256, uploadedAt: e.uploaded_at });
      byFinding.set(e.finding_id, list);
    }
    return {
      provinceName: province?.name ?? null,
      assets: new Map(
        assets.map((a) => [a.id, { code: a.code, name: a.name, currentUnit: a.current_unit, originUnit: a.origin_unit, custodian: a.custodian }]),
      ),
      actions: new Map(
        actions.map((a) => [a.id, { assetCode: a.asset_code, type: a.type, method: a.method, decisionNo: a.decision_no, decisionDate: a.decision_date }]),
      ),
      evidence: byFinding,
    };
  }
}
