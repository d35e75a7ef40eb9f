import { Injectable } from '@nestjs/common';
import type { ActionFact, AssetFact } from './checks/model';
import { UNFINISHED_SQL } from '../rules/overdue.sql';
import { Db } from '../database/transaction';

/** What the checks look at: one asset (with all its actions), or a province's actions and assets, optionally over a period. */
export type FactsSubject = { kind: 'asset'; assetId: string } | { kind: 'province'; provinceCode: string; from: string | null; to: string | null };

const VN_DATE = (col: string) => `(${col} AT TIME ZONE 'Asia/Ho_Chi_Minh')::date`;
const YMD = (expr: string) => `to_char(${expr}, 'YYYY-MM-DD')`;

/**
 * The actions of the province in the period: decided, completed or (when neither) created in it,
 * or still unfinished and created by its end. Without a period, all of them.
 */
const PERIOD_SQL = (
  x: string,
  from: string,
  to: string,
) => `(${from}::date IS NULL OR (${x}.status IN (${UNFINISHED_SQL}) AND ${VN_DATE(`${x}.created_at`)} <= ${to}::date)
  OR coalesce(${x}.completed_on, ${x}.decision_date, ${VN_DATE(`${x}.created_at`)}) BETWEEN ${from}::date AND ${to}::date)`;

const ACTIONS_SQL = `SELECT x.id, x.asset_id AS "assetId", a.code AS "assetCode", x.province_code AS "provinceCode", x.type, x.method, x.status, x.justification,
  CASE WHEN p.code IS NULL THEN NULL ELSE json_build_object('code', p.code, 'priorityRank', p.priority_rank, 'isPriority', p.is_priority) END AS purpose,
  x.valuation_amount::text AS "valuationAmount", ${YMD('x.valuation_date')} AS "valuationDate", x.valuation_at_approval::text AS "valuationAtApproval", x.valuation_change_reason AS "valuationChangeReason", x.sale_price::text AS "salePrice", ${YMD('x.decision_date')} AS "decisionDate",
  ${YMD(VN_DATE('x.decision_recorded_at'))} AS "decisionRecordedOn", ${YMD('x.temporary_handover_date')} AS "temporaryHandoverDate",
  ${YMD('x.handover_date')} AS "handoverDate",
  ${YMD(`coalesce((SELECT sd.since FROM surplus_declaration sd WHERE sd.handled_action_id = x.id),
     (SELECT sd.since FROM surplus_declaration sd WHERE sd.asset_id = x.asset_id AND sd.withdrawn_on IS NULL AND sd.handled_on IS NULL
        AND x.status IN (${UNFINISHED_SQL}) ORDER BY sd.since DESC LIMIT 1))`)} AS "surplusSince",
  ${YMD('x.completed_on')} AS "completedOn", x.target_land_use_category AS "targetLandUseCategory",
  (EXISTS (SELECT 1 FROM event e WHERE e.entity_type = 'asset' AND e.entity_id = x.asset_id::text AND e.action = 'action-complete'
             AND e.after->>'actionId' = x.id::text AND e.after->'landUseCategory' IS NOT NULL)
   OR (x.status = 'completed' AND x.type = 'repurposing' AND x.target_land_use_category IS NOT NULL AND x.category_unchanged_reason IS NULL)) AS "categoryChanged",
  EXISTS (SELECT 1 FROM plan_update pu WHERE pu.action_id = x.id AND pu.status = 'approved') AS "approvedPlanUpdate",
  coalesce((SELECT array_agg(DISTINCT d.kind) FROM document d WHERE d.action_id = x.id), '{}') AS "documentKinds",
  x.submitted_by AS "submittedBy", x.approved_by AS "approvedBy",
  coalesce((SELECT json_agg(json_build_object('id', c.id, 'directiveNumber', d.number, 'ref', c.ref, 'authorisedTypes', c.authorised_action_types, 'authorisedMethods', c.authorised_methods,
       'validFrom', ${YMD('d.valid_from')}, 'validTo', ${YMD('d.valid_to')}, 'supersededFrom', ${YMD('coalesce(s.valid_from, s.issued_on)')},
       'deadline', ${YMD('c.deadline')}, 'provinceDeadline', ${YMD('pd.deadline')}) ORDER BY d.number, c.ref)
     FROM action_clause ac JOIN directive_clause c ON c.id = ac.clause_id JOIN directive d ON d.id = c.directive_id
     LEFT JOIN directive s ON s.id = d.superseded_by_id LEFT JOIN clause_province_deadline pd ON pd.clause_id = c.id AND pd.province_code = x.province_code
     WHERE ac.action_id = x.id), '[]') AS clauses,
  coalesce((SELECT json_agg(json_build_object('id', r.id, 'completedOn', ${YMD('r.completed_on')}, 'actualCost', r.actual_cost::text) ORDER BY r.completed_on, r.id)
     FROM action r WHERE r.asset_id = x.asset_id AND r.type = 'renovation' AND r.status = 'completed' AND r.completed_on IS NOT NULL), '[]') AS "assetRenovations",
  coalesce((SELECT json_agg(json_build_object('userId', u.id, 'username', u.username, 'role', u.role, 'provinceCode', u.province_code) ORDER BY u.username)
     FROM app_user u WHERE u.id IN (SELECT unnest(ARRAY[x.created_by, x.submitted_by, x.approved_by, x.completed_by, x.rejected_by, x.cancelled_by])
                                    UNION SELECT e.actor_id FROM event e WHERE e.entity_type = 'action' AND e.entity_id = x.id::text)), '[]') AS actors
  FROM action x JOIN asset a ON a.id = x.asset_id LEFT JOIN repurpose_purpose p ON p.code = x.purpose_code`;

const ASSETS_SQL = `SELECT a.id, a.code, a.province_code AS "provinceCode", a.status,
  (SELECT json_build_object('id', o.id, 'type', o.type, 'started', o.status = 'in_progress') FROM action o
     WHERE o.asset_id = a.id AND o.status IN ('submitted', 'approved', 'accepted', 'in_progress') ORDER BY o.created_at DESC LIMIT 1) AS "openAction",
  (SELECT json_build_object('id', c.id, 'type', c.type, 'method', c.method, 'receivingAgencyId', c.receiving_agency_id, 'targetLandUseCategory', c.target_land_use_category)
     FROM action c WHERE c.asset_id = a.id AND c.status = 'completed' ORDER BY c.completed_at DESC NULLS LAST, c.created_at DESC LIMIT 1) AS "lastCompleted"
  FROM asset a`;

/** Loads the facts the automatic checks read, in two set-based queries (actions with everything about them; assets). */
@Injectable()
export class ChecksRepository {
  constructor(private readonly db: Db) {}

  async load(subject: FactsSubject): Promise<{ actions: ActionFact[]; assets: AssetFact[] }> {
    if (subject.kind === 'asset') {
      const [actions, assets] = await Promise.all([
        this.db.query(`${ACTIONS_SQL} WHERE x.asset_id = $1 ORDER BY x.created_at, x.id`, [subject.assetId]),
        this.db.query(`${ASSETS_SQL} WHERE a.id = $1`, [subject.assetId]),
      ]);
      return { actions, assets };
    }
    const params = [subject.provinceCode, subject.from, subject.to];
    const [actions, assets] = await Promise.all([
      this.db.query(`${ACTIONS_SQL} WHERE x.province_code = $1 AND ${PERIOD_SQL('x', '$2', '$3')} ORDER BY x.created_at, x.id`, params),
      this.db.query(
        `${ASSETS_SQL} WHERE a.province_code = $1 AND (a.status NOT IN ('in_use', 'surplus')
           OR EXISTS (SELECT 1 FROM action x WHERE x.asset_id = a.id AND ${PERIOD_SQL('x', '$2', '$3')})) ORDER BY a.code`,
        params,
      ),
    ]);
    return { actions, assets };
  }
}
