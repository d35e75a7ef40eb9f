import { todayInVietnam } from '../common/dates';
import { ActionDetailsDto, ActionDto, OverdueDto } from './actions.dto';
import type { ActionRow } from './actions.repository';
import { overdue } from '../rules/deadlines';
import { formalDecisionDue } from '../rules/guards';

const num = (v: string | null): number | null => (v === null ? null : Number(v));
const iso = (v: unknown): string | null => (v instanceof Date ? v.toISOString() : null);

/** What is overdue on an unfinished action today: its temporary hand-over clock first, then its deadline. */
export function overdueOf(r: ActionRow, today = todayInVietnam()): OverdueDto | null {
  if (r.status === 'rejected' || r.status === 'cancelled') return null;
  if (r.type === 'reallocation' && r.temporary_handover_date && r.decision_date === null) {
    const late = overdue(formalDecisionDue(r.temporary_handover_date), null, today);
    if (late) return { kind: 'temporary_handover', ...late };
  }
  if (r.status === 'completed') return null;
  const late = overdue(r.deadline, null, today);
  return late ? { kind: 'clause_deadline', ...late } : null;
}

/** The API's view of an action: explicit, never the row. */
export function toActionDto(r: ActionRow): ActionDto {
  const details: ActionDetailsDto = {};
  if (r.type === 'reallocation') {
    Object.assign(details, {
      receivingAgencyId: r.receiving_agency_id,
      receivingUnitId: r.receiving_unit_id,
      temporaryHandoverDate: r.temporary_handover_date,
      formalDecisionDue: r.temporary_handover_date ? formalDecisionDue(r.temporary_handover_date) : null,
      handoverDate: r.handover_date,
      minutesConfirmedBySender: r.minutes_confirmed_by_sender,
      minutesConfirmedByReceiver: r.minutes_confirmed_by_receiver,
    });
  }
  if (r.type === 'disposal') {
    Object.assign(details, {
      saleMethod: r.sale_method,
      valuationAmount: num(r.valuation_amount),
      valuationDate: r.valuation_date,
      salePrice: num(r.sale_price),
      buyer: r.buyer,
      proceedsPaid: num(r.proceeds_paid),
      proceedsPaidDate: r.proceeds_paid_date,
    });
  }
  if (r.type === 'renovation') {
    Object.assign(details, {
      plannedCost: num(r.planned_cost),
      actualCost: num(r.actual_cost),
      plannedStart: r.planned_start,
      plannedEnd: r.planned_end,
      actualStart: r.actual_start,
      actualEnd: r.actual_end,
    });
  }
  if (r.type === 'repurposing') {
    Object.assign(details, {
      purposeCode: r.purpose_code,
      targetLandUseCategory: r.target_land_use_category,
      categoryUnchangedReason: r.category_unchanged_reason,
    });
  }
  return {
    id: r.id,
    asset: { id: r.asset_id, code: r.asset_code, name: r.asset_name, status: r.asset_status },
    provinceCode: r.province_code,
    receivingProvinceCode: r.receiving_province_code,
    acceptance: r.acceptance_decision_no
      ? { decisionNo: r.acceptance_decision_no, decisionDate: r.acceptance_decision_date!, acceptedBy: r.accepted_by, acceptedAt: iso(r.accepted_at)! }
      : null,
    type: r.type,
    method: r.method,
    status: r.status,
    correction: r.corrects_action_id ? { correctsActionId: r.corrects_action_id, reason: r.correction_reason ?? '' } : null,
    supersession: r.superseded_by_id ? { supersededById: r.superseded_by_id, on: r.superseded_on!, recordedAt: iso(r.superseded_recorded_at)! } : null,
    clauses: r.clauses,
    deadline: r.deadline,
    overdue: overdueOf(r),
    justification: r.justification,
    notes: r.notes,
    newUse: r.new_use,
    decision: r.decision_no
      ? { number: r.decision_no, date: r.decision_date!, authority: r.decision_authority ?? '', recordedAt: iso(r.decision_recorded_at)! }
      : null,
    details,
    trail: {
      createdBy: r.created_by,
      submittedBy: r.submitted_by,
      submittedAt: iso(r.submitted_at),
      approvedBy: r.approved_by,
      approvedAt: iso(r.approved_at),
      rejectedBy: r.rejected_by,
      rejectedAt: iso(r.rejected_at),
      rejectionReason: r.rejection_reason,
      startedAt: iso(r.started_at),
      completedBy: r.completed_by,
      completedAt: iso(r.completed_at),
      completedOn: r.completed_on,
      cancelledBy: r.cancelled_by,
      cancelledAt: iso(r.cancelled_at),
      cancellationReason: r.cancellation_reason,
    },
    version: r.version,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}
