/**
 * The guards of the action workflow as pure functions. Each returns the list of broken rules
 * (empty when the step may go ahead); the service turns the first into a 409/422 problem whose
 * type names the rule.
 */
import { TEMPORARY_HANDOVER_DAYS } from './model';
import { type ActionType, type DocumentKind } from '../schema/vocabulary';
import { addDays } from '../common/dates';
import { type RuleViolation, violation } from './violations';

export interface ClauseInForce {
  id: string;
  directiveNumber: string;
  ref: string;
  authorisedTypes: readonly string[];
  /** Validity of the directive (inclusive dates, YYYY-MM-DD); null = open. */
  validFrom: string | null;
  validTo: string | null;
  /** Date from which a superseding directive replaces it; null = not superseded. */
  supersededFrom: string | null;
}

export interface Purpose {
  code: string;
  priorityRank: number;
  /** Purposes outside the government's priority group need a written justification. */
  isPriority: boolean;
}

export interface ActionFacts {
  type: ActionType;
  method: string;
  justification: string | null;
  purpose?: Purpose | null;
  receivingAgencyId?: string | null;
  receivingAgencyActive?: boolean;
  targetLandUseCategory?: string | null;
  plannedCost?: number | null;
}

/** A clause is in force on a date when its directive is valid then and not yet superseded. */
export function clauseInForce(c: ClauseInForce, date: string): boolean {
  if (c.validFrom !== null && date < c.validFrom) return false;
  if (c.validTo !== null && date > c.validTo) return false;
  if (c.supersededFrom !== null && date >= c.supersededFrom) return false;
  return true;
}

/** "At least a sentence": some words, some length. */
export function isSentence(text: string | null | undefined): boolean {
  if (!text) return false;
  const t = text.trim();
  return t.length >= 20 && t.split(/\s+/).length >= 4;
}

/** Does this action need a written justification (a sale, or a purpose outside the priority group)? */
export function needsJustification(a: Pick<ActionFacts, 'type' | 'method' | 'purpose'>): boolean {
  if (a.type === 'disposal' && a.method === 'sale') return true;
  if (a.type === 'repurposing' && a.purpose && !a.purpose.isPriority) return true;
  return false;
}

/** The fields each type needs before it can be submitted. */
export function missingForSubmit(a: ActionFacts): { field: string; message: string }[] {
  const missing: { field: string; message: string }[] = [];
  if (a.type === 'reallocation') {
    if (!a.receivingAgencyId) missing.push({ field: 'receivingAgencyId', message: 'a reallocation names the receiving agency' });
    else if (a.receivingAgencyActive === false) missing.push({ field: 'receivingAgencyId', message: 'the receiving agency is dissolved' });
  }
  if (a.type === 'repurposing') {
    if (!a.purpose) missing.push({ field: 'purpose', message: 'a repurposing names its new purpose' });
    if (!a.targetLandUseCategory) missing.push({ field: 'targetLandUseCategory', message: 'a repurposing names the land-use category it needs' });
  }
  if (a.type === 'renovation' && (a.plannedCost === null || a.plannedCost === undefined)) missing.push({ field: 'plannedCost', message: 'a renovation states its planned cost' });
  return missing;
}

/** Submit: complete for its type, justified where needed, and resting on a clause in force that authorises its type. */
export function guardSubmit(a: ActionFacts, cited: ClauseInForce[], today: string): RuleViolation[] {
  const out: RuleViolation[] = [];
  const missing = missingForSubmit(a);
  if (missing.length) out.push(violation('action-incomplete', 422, `The action lacks what its type needs: ${missing.map((m) => m.field).join(', ')}`, missing));
  if (needsJustification(a) && !isSentence(a.justification)) {
    const why = a.type === 'disposal' ? 'a sale of a surplus facility' : `a purpose (${a.purpose?.code}) outside the priority order (health, education, culture, sports, commune police)`;
    out.push(violation('justification-required', 422, `Choosing ${why} needs a written justification of at least a sentence`, [{ field: 'justification', message: 'at least a sentence' }]));
  }
  const authorising = cited.filter((c) => c.authorisedTypes.includes(a.type));
  if (authorising.length === 0) {
    out.push(violation('no-authorising-clause', 422, cited.length ? `None of the cited clauses authorises a ${a.type}` : `Cite at least one clause that authorises a ${a.type}`, [{ field: 'clauseIds', message: `needs a clause authorising ${a.type}` }]));
  } else if (!authorising.some((c) => clauseInForce(c, today))) {
    out.push(violation('clause-not-in-force', 422, `The clauses authorising this ${a.type} (${authorising.map((c) => `${c.directiveNumber} ${c.ref}`).join(', ')}) are not in force on ${today}`, [{ field: 'clauseIds', message: 'not in force' }]));
  }
  return out;
}

export interface Decision {
  number: string | null;
  date: string | null;
  authority: string | null;
}

/** Approve: the decision is recorded in full, not dated in the future, and the approver is not the submitter. */
export function guardApprove(decision: Decision, approverId: string, submitterId: string | null, today: string): RuleViolation[] {
  const out: RuleViolation[] = [];
  const missing = (['number', 'date', 'authority'] as const).filter((k) => !decision[k] || !String(decision[k]).trim());
  if (missing.length) {
    out.push(violation('decision-incomplete', 422, `Approval records the decision: ${missing.map((m) => `decision ${m}`).join(', ')} missing`, missing.map((m) => ({ field: `decision${m[0].toUpperCase()}${m.slice(1)}`, message: 'required' }))));
  }
  if (decision.date && decision.date > today) out.push(violation('decision-date-in-future', 422, `The decision is dated ${decision.date}, after today (${today})`, [{ field: 'decisionDate', message: 'not in the future' }]));
  if (submitterId !== null && approverId === submitterId) out.push(violation('four-eyes', 409, 'The user who submitted an action cannot approve it'));
  return out;
}

export interface CompletionEvidence {
  type: ActionType;
  method: string;
  documents: readonly DocumentKind[];
  // reallocation
  receivingAgencyId?: string | null;
  handoverDate?: string | null;
  minutesConfirmedBySender?: boolean;
  minutesConfirmedByReceiver?: boolean;
  // sale
  valuationAmount?: number | null;
  salePrice?: number | null;
  buyer?: string | null;
  proceedsPaid?: number | null;
  // renovation
  actualCost?: number | null;
  actualEndDate?: string | null;
  // repurposing
  assetLandUseCategory?: string | null;
  targetLandUseCategory?: string | null;
  approvedPlanUpdate?: boolean;
  categoryUnchangedReason?: string | null;
}

/** The documents each type (or method) must have attached before completion. */
export function requiredDocuments(type: ActionType, method: string): DocumentKind[] {
  if (type === 'reallocation') return ['decision', 'handover_minutes'];
  if (type === 'disposal' && method === 'sale') return ['decision', 'valuation_report', 'auction_result'];
  if (type === 'disposal') return ['decision'];
  if (type === 'renovation') return ['acceptance_minutes'];
  if (type === 'repurposing') return ['decision'];
  return ['decision'];
}

/** Complete: the type's evidence is recorded and its documents are attached. */
export function guardComplete(e: CompletionEvidence, today: string): RuleViolation[] {
  const out: RuleViolation[] = [];
  const missing: { field: string; message: string }[] = [];
  const need = (ok: boolean, field: string, message: string) => {
    if (!ok) missing.push({ field, message });
  };
  if (e.type === 'reallocation') {
    need(!!e.receivingAgencyId, 'receivingAgencyId', 'the receiving agency');
    need(!!e.handoverDate, 'handoverDate', 'the hand-over date');
    need(!!e.minutesConfirmedBySender && !!e.minutesConfirmedByReceiver, 'minutesConfirmed', 'hand-over minutes confirmed by both sides');
  }
  if (e.type === 'disposal' && e.method === 'sale') {
    need(e.valuationAmount != null, 'valuationAmount', 'the valuation');
    need(e.salePrice != null, 'salePrice', 'the price');
    need(!!e.buyer, 'buyer', 'the buyer');
    need(e.proceedsPaid != null, 'proceedsPaid', 'the proceeds paid to the budget');
  }
  if (e.type === 'renovation') {
    need(e.actualCost != null, 'actualCost', 'the actual cost');
    need(!!e.actualEndDate, 'actualEndDate', 'the actual end date');
  }
  if (e.actualEndDate && e.actualEndDate > today) out.push(violation('date-in-future', 422, `The actual end date ${e.actualEndDate} is after today`, [{ field: 'actualEndDate', message: 'not in the future' }]));
  if (e.handoverDate && e.handoverDate > today) out.push(violation('date-in-future', 422, `The hand-over date ${e.handoverDate} is after today`, [{ field: 'handoverDate', message: 'not in the future' }]));
  if (missing.length) out.push(violation('evidence-missing', 422, `Completing this ${e.type} needs ${missing.map((m) => m.message).join(', ')}`, missing));
  const absent = requiredDocuments(e.type, e.method).filter((k) => !e.documents.includes(k));
  if (absent.length) out.push(violation('documents-missing', 422, `Attach the required documents first: ${absent.join(', ')}`, absent.map((k) => ({ field: 'documents', message: `missing ${k}` }))));
  if (e.type === 'repurposing') {
    const changes = !!e.targetLandUseCategory && e.targetLandUseCategory !== e.assetLandUseCategory;
    if (changes && !e.approvedPlanUpdate) {
      out.push(violation('plan-update-required', 409, `The land-use category changes (${e.assetLandUseCategory ?? 'none'} → ${e.targetLandUseCategory}): an approved land-use plan update linked to this action is needed first`));
    }
    if (!changes && !isSentence(e.categoryUnchangedReason)) {
      out.push(violation('category-reason-required', 422, 'The land-use category does not change: record why (at least a sentence)', [{ field: 'categoryUnchangedReason', message: 'at least a sentence' }]));
    }
  }
  return out;
}

/** The formal decision on a temporary hand-over is due this many days after it. */
export const formalDecisionDue = (temporaryHandoverDate: string): string => addDays(temporaryHandoverDate, TEMPORARY_HANDOVER_DAYS);
