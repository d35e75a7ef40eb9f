/**
 * The guards of the action workflow as pure functions. Each returns the list of broken rules
 * (empty when the step may go ahead); the service turns the first into a problem whose type names
 * the rule (its status and title are the problem table's, src/common/problem-codes.ts).
 */
import { TEMPORARY_HANDOVER_DAYS } from './model';
import { type ActionType, type DocumentKind, type NewUse } from '../schema/vocabulary';
import { addDays } from '../common/dates';
import type { FieldError } from '../common/errors';
import type { Lang } from '../common/language';
import { byLang, inLang } from '../common/localized';
import { type RuleViolation, violation } from './violations';
import { changesLandUseCategory, neededLandUseCategory, PLAN_FOLLOWING_TYPES } from './land-use-change';
import { authorises } from './clause-authority';

export interface ClauseInForce {
  id: string;
  directiveNumber: string;
  ref: string;
  authorisedTypes: readonly string[];
  /** The methods it authorises where its text names them; empty or absent = every method of its types (src/rules/clause-authority.ts). */
  authorisedMethods?: readonly string[];
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
export function missingForSubmit(a: ActionFacts): FieldError[] {
  const missing: FieldError[] = [];
  if (a.type === 'reallocation') {
    if (!a.receivingAgencyId)
      missing.push({
        field: 'receivingAgencyId',
        message: { vi: 'phương án điều chuyển phải nêu cơ quan tiếp nhận', en: 'a reallocation names the receiving agency' },
      });
    else if (a.receivingAgencyActive === false)
      missing.push({ field: 'receivingAgencyId', message: { vi: 'cơ quan tiếp nhận đã giải thể', en: 'the receiving agency is dissolved' } });
  }
  if (a.type === 'repurposing') {
    if (!a.purpose)
      missing.push({
        field: 'purpose',
        message: { vi: 'phương án chuyển đổi công năng phải nêu mục đích sử dụng mới', en: 'a repurposing names its new purpose' },
      });
    if (!a.targetLandUseCategory) {
      missing.push({
        field: 'targetLandUseCategory',
        message: { vi: 'phương án chuyển đổi công năng phải nêu loại đất cần chuyển sang', en: 'a repurposing names the land-use category it needs' },
      });
    }
  }
  if (a.type === 'renovation' && (a.plannedCost === null || a.plannedCost === undefined)) {
    missing.push({ field: 'plannedCost', message: { vi: 'phương án cải tạo phải nêu chi phí dự kiến', en: 'a renovation states its planned cost' } });
  }
  return missing;
}

const AT_LEAST_A_SENTENCE = { vi: 'ít nhất một câu', en: 'at least a sentence' };
const NOT_IN_FUTURE = { vi: 'không được ở tương lai', en: 'not in the future' };

/** Submit: complete for its type, justified where needed, and resting on a clause in force that authorises its type (and its method, where the clause lists methods). */
export function guardSubmit(a: ActionFacts, cited: ClauseInForce[], today: string): RuleViolation[] {
  const out: RuleViolation[] = [];
  const missing = missingForSubmit(a);
  if (missing.length) {
    const fields = missing.map((m) => m.field).join(', ');
    out.push(
      violation(
        'action-incomplete',
        { vi: `Phương án còn thiếu thông tin mà loại phương án này yêu cầu: ${fields}`, en: `The action lacks what its type needs: ${fields}` },
        missing,
      ),
    );
  }
  if (needsJustification(a) && !isSentence(a.justification)) {
    const why =
      a.type === 'disposal'
        ? { vi: 'bán cơ sở nhà, đất dôi dư', en: 'a sale of a surplus facility' }
        : {
            vi: `mục đích sử dụng (${a.purpose?.code}) ngoài thứ tự ưu tiên (y tế, giáo dục, văn hoá, thể thao, công an xã)`,
            en: `a purpose (${a.purpose?.code}) outside the priority order (health, education, culture, sports, commune police)`,
          };
    out.push(
      violation(
        'justification-required',
        {
          vi: `Lựa chọn ${why.vi} cần có giải trình bằng văn bản, ít nhất một câu`,
          en: `Choosing ${why.en} needs a written justification of at least a sentence`,
        },
        [{ field: 'justification', message: AT_LEAST_A_SENTENCE }],
      ),
    );
  }
  const authorising = cited.filter((c) => authorises(c, a.type, a.method));
  if (authorising.length === 0) {
    // A clause allowing the type but listing other methods (a transfer-only clause cited for a sale) does not authorise it.
    const otherMethods = cited.filter((c) => c.authorisedTypes.includes(a.type));
    const detail = otherMethods.length
      ? {
          vi: `Các điều khoản được viện dẫn cho phép loại phương án ${a.type} nhưng không cho phép hình thức ${a.method} (${otherMethods.map((c) => `${c.directiveNumber} ${c.ref}: ${(c.authorisedMethods ?? []).join(', ')}`).join('; ')})`,
          en: `The cited clauses authorise a ${a.type} but not by ${a.method} (${otherMethods.map((c) => `${c.directiveNumber} ${c.ref}: ${(c.authorisedMethods ?? []).join(', ')}`).join('; ')})`,
        }
      : cited.length
        ? { vi: `Không điều khoản nào được viện dẫn cho phép loại phương án ${a.type}`, en: `None of the cited clauses authorises a ${a.type}` }
        : { vi: `Hãy viện dẫn ít nhất một điều khoản cho phép loại phương án ${a.type}`, en: `Cite at least one clause that authorises a ${a.type}` };
    const message = otherMethods.length
      ? { vi: `cần điều khoản cho phép ${a.type} theo hình thức ${a.method}`, en: `needs a clause authorising a ${a.type} by ${a.method}` }
      : { vi: `cần điều khoản cho phép loại phương án ${a.type}`, en: `needs a clause authorising ${a.type}` };
    out.push(violation('no-authorising-clause', detail, [{ field: 'clauseIds', message }]));
  } else if (!authorising.some((c) => clauseInForce(c, today))) {
    const clauses = authorising.map((c) => `${c.directiveNumber} ${c.ref}`).join(', ');
    out.push(
      violation(
        'clause-not-in-force',
        {
          vi: `Các điều khoản cho phép loại phương án ${a.type} (${clauses}) không có hiệu lực vào ngày ${today}`,
          en: `The clauses authorising this ${a.type} (${clauses}) are not in force on ${today}`,
        },
        [{ field: 'clauseIds', message: { vi: 'không có hiệu lực', en: 'not in force' } }],
      ),
    );
  }
  return out;
}

export interface Decision {
  number: string | null;
  date: string | null;
  authority: string | null;
}

const DECISION_PART_VI: Record<keyof Decision, string> = { number: 'số quyết định', date: 'ngày quyết định', authority: 'cấp có thẩm quyền quyết định' };

/** Approve: the decision is recorded in full, not dated in the future, and the approver is not the submitter. */
export function guardApprove(decision: Decision, approverId: string, submitterId: string | null, today: string): RuleViolation[] {
  const out: RuleViolation[] = [];
  const missing = (['number', 'date', 'authority'] as const).filter((k) => !decision[k] || !String(decision[k]).trim());
  if (missing.length) {
    out.push(
      violation(
        'decision-incomplete',
        {
          vi: `Phê duyệt phải ghi nhận quyết định: còn thiếu ${missing.map((m) => DECISION_PART_VI[m]).join(', ')}`,
          en: `Approval records the decision: ${missing.map((m) => `decision ${m}`).join(', ')} missing`,
        },
        missing.map((m) => ({ field: `decision${m[0].toUpperCase()}${m.slice(1)}`, message: { vi: 'bắt buộc', en: 'required' } })),
      ),
    );
  }
  if (decision.date && decision.date > today) {
    out.push(
      violation(
        'decision-date-in-future',
        { vi: `Quyết định ghi ngày ${decision.date}, sau ngày hôm nay (${today})`, en: `The decision is dated ${decision.date}, after today (${today})` },
        [{ field: 'decisionDate', message: NOT_IN_FUTURE }],
      ),
    );
  }
  if (submitterId !== null && approverId === submitterId) {
    out.push(
      violation('four-eyes', { vi: 'Người đã trình phương án không được tự phê duyệt phương án đó', en: 'The user who submitted an action cannot approve it' }),
    );
  }
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
  // repurposing, reallocation (src/rules/land-use-change.ts)
  assetLandUseCategory?: string | null;
  targetLandUseCategory?: string | null;
  /** reallocation: the new use it records, which implies the category it needs unless targetLandUseCategory says. */
  newUse?: NewUse | null;
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
  const missing: FieldError[] = [];
  const need = (ok: boolean, field: string, vi: string, en: string) => {
    if (!ok) missing.push({ field, message: { vi, en } });
  };
  if (e.type === 'reallocation') {
    need(!!e.receivingAgencyId, 'receivingAgencyId', 'cơ quan tiếp nhận', 'the receiving agency');
    need(!!e.handoverDate, 'handoverDate', 'ngày bàn giao', 'the hand-over date');
    need(
      !!e.minutesConfirmedBySender && !!e.minutesConfirmedByReceiver,
      'minutesConfirmed',
      'biên bản bàn giao được cả hai bên xác nhận',
      'hand-over minutes confirmed by both sides',
    );
  }
  if (e.type === 'disposal' && e.method === 'sale') {
    need(e.valuationAmount != null, 'valuationAmount', 'giá thẩm định', 'the valuation');
    need(e.salePrice != null, 'salePrice', 'giá bán', 'the price');
    need(!!e.buyer, 'buyer', 'người mua', 'the buyer');
    need(e.proceedsPaid != null, 'proceedsPaid', 'số tiền đã nộp ngân sách nhà nước', 'the proceeds paid to the budget');
  }
  if (e.type === 'renovation') {
    need(e.actualCost != null, 'actualCost', 'chi phí thực tế', 'the actual cost');
    need(!!e.actualEndDate, 'actualEndDate', 'ngày kết thúc thực tế', 'the actual end date');
  }
  if (e.actualEndDate && e.actualEndDate > today) {
    out.push(
      violation(
        'date-in-future',
        { vi: `Ngày kết thúc thực tế ${e.actualEndDate} sau ngày hôm nay`, en: `The actual end date ${e.actualEndDate} is after today` },
        [{ field: 'actualEndDate', message: NOT_IN_FUTURE }],
      ),
    );
  }
  if (e.handoverDate && e.handoverDate > today) {
    out.push(
      violation('date-in-future', { vi: `Ngày bàn giao ${e.handoverDate} sau ngày hôm nay`, en: `The hand-over date ${e.handoverDate} is after today` }, [
        { field: 'handoverDate', message: NOT_IN_FUTURE },
      ]),
    );
  }
  if (missing.length) {
    const needed = (lang: Lang) => missing.map((m) => inLang(m.message, lang)).join(', ');
    out.push(
      violation(
        'evidence-missing',
        byLang((lang) => (lang === 'vi' ? `Để hoàn thành phương án ${e.type} cần có: ${needed(lang)}` : `Completing this ${e.type} needs ${needed(lang)}`)),
        missing,
      ),
    );
  }
  const absent = requiredDocuments(e.type, e.method).filter((k) => !e.documents.includes(k));
  if (absent.length) {
    out.push(
      violation(
        'documents-missing',
        { vi: `Hãy đính kèm trước các tài liệu bắt buộc: ${absent.join(', ')}`, en: `Attach the required documents first: ${absent.join(', ')}` },
        absent.map((k) => ({ field: 'documents', message: { vi: `thiếu ${k}`, en: `missing ${k}` } })),
      ),
    );
  }
  if (PLAN_FOLLOWING_TYPES.includes(e.type)) {
    const changes = changesLandUseCategory(e, e.assetLandUseCategory);
    if (changes && !e.approvedPlanUpdate) {
      const needed = neededLandUseCategory(e);
      out.push(
        violation('plan-update-required', {
          vi: `Loại đất thay đổi (${e.assetLandUseCategory ?? 'chưa có'} → ${needed}): trước hết cần một điều chỉnh quy hoạch sử dụng đất đã được duyệt, gắn với phương án này`,
          en: `The land-use category changes (${e.assetLandUseCategory ?? 'none'} → ${needed}): an approved land-use plan update linked to this action is needed first`,
        }),
      );
    }
    if (e.type === 'repurposing' && !changes && !isSentence(e.categoryUnchangedReason)) {
      out.push(
        violation(
          'category-reason-required',
          { vi: 'Loại đất không thay đổi: hãy ghi rõ lý do (ít nhất một câu)', en: 'The land-use category does not change: record why (at least a sentence)' },
          [{ field: 'categoryUnchangedReason', message: AT_LEAST_A_SENTENCE }],
        ),
      );
    }
  }
  return out;
}

/** The formal decision on a temporary hand-over is due this many days after it. */
export const formalDecisionDue = (temporaryHandoverDate: string): string => addDays(temporaryHandoverDate, TEMPORARY_HANDOVER_DAYS);
