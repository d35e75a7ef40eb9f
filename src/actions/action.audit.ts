import type { ActionRow } from './actions.repository';
import { formalDecisionDue } from '../rules/guards';
import type { ActionStatus } from '../schema/vocabulary';

const num = (v: string | null): number | null => (v === null ? null : Number(v));

/**
 * What the event log records of an action: its own shape, written from the row, never from the API's
 * response DTO, so that a change to the API never changes what the hash-chained ledger says.
 * Only the fields of the action's type are recorded (an unset field of another type is not news).
 */
export interface ActionAudit {
  status: ActionStatus;
  method: string;
  clauses: string[];
  justification: string | null;
  decision: { number: string; date: string | null; authority: string | null } | null;
  /** A correcting action: the completed one it corrects and why; a corrected one: the correction superseding it, from when. */
  correction?: { correctsActionId: string; reason: string | null };
  supersession?: { supersededById: string; on: string | null };
  /** The facility's new use (every type but renovation). */
  newUse?: string | null;
  // reallocation
  receivingAgencyId?: string | null;
  receivingUnitId?: number | null;
  temporaryHandoverDate?: string | null;
  formalDecisionDue?: string | null;
  handoverDate?: string | null;
  minutesConfirmedBySender?: boolean;
  minutesConfirmedByReceiver?: boolean;
  /** A hand-over to another province: the receiving province, and its acceptance once recorded. */
  receivingProvinceCode?: string;
  acceptance?: { decisionNo: string; decisionDate: string | null } | null;
  // disposal
  saleMethod?: string | null;
  valuationAmount?: number | null;
  valuationDate?: string | null;
  valuationAtApproval?: number | null;
  valuationChangeReason?: string | null;
  salePrice?: number | null;
  buyer?: string | null;
  proceedsPaid?: number | null;
  proceedsPaidDate?: string | null;
  // renovation
  plannedCost?: number | null;
  actualCost?: number | null;
  plannedStart?: string | null;
  plannedEnd?: string | null;
  actualStart?: string | null;
  actualEnd?: string | null;
  // repurposing
  purposeCode?: string | null;
  targetLandUseCategory?: string | null;
  categoryUnchangedReason?: string | null;
}

export function auditOfAction(r: ActionRow): ActionAudit {
  const base: ActionAudit = {
    status: r.status,
    method: r.method,
    clauses: r.clauses.map((c) => c.id),
    justification: r.justification,
    decision: r.decision_no ? { number: r.decision_no, date: r.decision_date, authority: r.decision_authority } : null,
    ...(r.type === 'renovation' ? {} : { newUse: r.new_use }),
    ...(r.corrects_action_id ? { correction: { correctsActionId: r.corrects_action_id, reason: r.correction_reason } } : {}),
    ...(r.superseded_by_id ? { supersession: { supersededById: r.superseded_by_id, on: r.superseded_on } } : {}),
  };
  switch (r.type) {
    case 'reallocation':
      return {
        ...base,
        receivingAgencyId: r.receiving_agency_id,
        receivingUnitId: r.receiving_unit_id,
        temporaryHandoverDate: r.temporary_handover_date,
        formalDecisionDue: r.temporary_handover_date ? formalDecisionDue(r.temporary_handover_date) : null,
        handoverDate: r.handover_date,
        minutesConfirmedBySender: r.minutes_confirmed_by_sender,
        minutesConfirmedByReceiver: r.minutes_confirmed_by_receiver,
        ...(r.receiving_province_code
          ? {
              receivingProvinceCode: r.receiving_province_code,
              acceptance: r.acceptance_decision_no ? { decisionNo: r.acceptance_decision_no, decisionDate: r.acceptance_decision_date } : null,
            }
          : {}),
      };
    case 'disposal':
      return {
        ...base,
        saleMethod: r.sale_method,
        valuationAmount: num(r.valuation_amount),
        valuationDate: r.valuation_date,
        salePrice: num(r.sale_price),
        buyer: r.buyer,
        proceedsPaid: num(r.proceeds_paid),
        proceedsPaidDate: r.proceeds_paid_date,
        valuationAtApproval: num(r.valuation_at_approval),
        valuationChangeReason: r.valuation_change_reason,
      };
    case 'renovation':
      return {
        ...base,
        plannedCost: num(r.planned_cost),
        actualCost: num(r.actual_cost),
        plannedStart: r.planned_start,
        plannedEnd: r.planned_end,
        actualStart: r.actual_start,
        actualEnd: r.actual_end,
      };
    case 'repurposing':
      return { ...base, purposeCode: r.purpose_code, targetLandUseCategory: r.target_land_use_category, categoryUnchangedReason: r.category_unchanged_reason };
    case 'retention':
      return base;
  }
}
