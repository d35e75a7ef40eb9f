/**
 * Dates that cannot be true (DOMAIN.md, "Time"), as pure rules: a decision dated
 * before the asset existed, before it became surplus or before a directive it cites was issued; a
 * completion or a formal hand-over dated before its decision; and a sale's valuation changed between approval and
 * completion without a written reason. Each returns the problems found (empty when the dates can be
 * true), every one naming its field, in Vietnamese and English; the actions service answers the first
 * as a 422 problem of its code.
 */
import { isSentence } from './guards';

/** The problem codes these rules answer with (docs/problems.md). */
export type DateProblemCode =
  | 'decision-before-asset'
  | 'decision-before-surplus'
  | 'decision-before-directive'
  | 'completion-before-decision'
  | 'handover-before-decision'
  | 'valuation-change-unexplained';

export interface Bilingual {
  vi: string;
  en: string;
}

export interface DateProblem {
  code: DateProblemCode;
  /** The request field that holds the impossible value. */
  field: string;
  /** The problem's detail. */
  detail: Bilingual;
  /** What is wrong with the field, in a few words. */
  fieldMessage: Bilingual;
}

export interface DecisionDateFacts {
  /** The date the decision bears (YYYY-MM-DD). */
  decisionDate: string;
  /** The year the asset was built: it did not exist before 1 January of that year. null = unknown. */
  yearBuilt: number | null;
  /** The date its current surplus episode began (YYYY-MM-DD); null when it is not surplus. */
  surplusSince: string | null;
  /** The directives the action cites, with the date each was issued. */
  cited: readonly { directiveNumber: string; ref: string; issuedOn: string }[];
}

/** A decision on an asset cannot be dated before the asset existed, before it became surplus, or before a directive it rests on. */
export function decisionDateProblems(f: DecisionDateFacts): DateProblem[] {
  const out: DateProblem[] = [];
  const d = f.decisionDate;
  if (f.yearBuilt !== null && Number(d.slice(0, 4)) < f.yearBuilt) {
    out.push({
      code: 'decision-before-asset',
      field: 'decisionDate',
      detail: {
        vi: `Quyết định ghi ngày ${d}, trước khi tài sản được xây dựng (năm ${f.yearBuilt})`,
        en: `The decision is dated ${d}, before the asset was built (${f.yearBuilt})`,
      },
      fieldMessage: { vi: `không được trước năm xây dựng tài sản (${f.yearBuilt})`, en: `not before the asset was built (${f.yearBuilt})` },
    });
  }
  if (f.surplusSince !== null && d < f.surplusSince) {
    out.push({
      code: 'decision-before-surplus',
      field: 'decisionDate',
      detail: {
        vi: `Quyết định ghi ngày ${d}, trước khi tài sản dôi dư (từ ${f.surplusSince})`,
        en: `The decision is dated ${d}, before the asset became surplus (${f.surplusSince})`,
      },
      fieldMessage: { vi: `không được trước ngày tài sản dôi dư (${f.surplusSince})`, en: `not before the asset became surplus (${f.surplusSince})` },
    });
  }
  const later = f.cited.filter((c) => d < c.issuedOn).sort((a, b) => (a.issuedOn < b.issuedOn ? 1 : a.issuedOn > b.issuedOn ? -1 : 0));
  if (later.length) {
    const named = later.map((c) => `${c.directiveNumber} (${c.issuedOn})`).join(', ');
    out.push({
      code: 'decision-before-directive',
      field: 'decisionDate',
      detail: {
        vi: `Quyết định ghi ngày ${d}, trước ngày ban hành văn bản mà phương án viện dẫn: ${named}`,
        en: `The decision is dated ${d}, before the directive it cites was issued: ${named}`,
      },
      fieldMessage: {
        vi: `không được trước ngày ban hành ${later[0].directiveNumber} (${later[0].issuedOn})`,
        en: `not before ${later[0].directiveNumber} was issued (${later[0].issuedOn})`,
      },
    });
  }
  return out;
}

/** An action cannot be completed before the date its decision bears. */
export function completionDateProblems(completedOn: string, decisionDate: string | null): DateProblem[] {
  if (decisionDate === null || completedOn >= decisionDate) return [];
  return [
    {
      code: 'completion-before-decision',
      field: 'completedOn',
      detail: {
        vi: `Ngày hoàn thành ${completedOn} trước ngày quyết định ${decisionDate}`,
        en: `The completion is dated ${completedOn}, before the decision of ${decisionDate}`,
      },
      fieldMessage: { vi: `không được trước ngày quyết định (${decisionDate})`, en: `not before the decision (${decisionDate})` },
    },
  ];
}

/**
 * A reallocation's formal hand-over (the minutes both sides sign) carries out its decision, so it
 * cannot be dated before it. A temporary hand-over before the decision is lawful: it is another
 * field (temporaryHandoverDate), with its own 30-day clock, and not checked here.
 */
export function handoverDateProblems(handoverDate: string | null, decisionDate: string | null): DateProblem[] {
  if (handoverDate === null || decisionDate === null || handoverDate >= decisionDate) return [];
  return [
    {
      code: 'handover-before-decision',
      field: 'handoverDate',
      detail: {
        vi: `Ngày bàn giao ${handoverDate} trước ngày quyết định ${decisionDate}`,
        en: `The hand-over is dated ${handoverDate}, before the decision of ${decisionDate}`,
      },
      fieldMessage: { vi: `không được trước ngày quyết định (${decisionDate})`, en: `not before the decision (${decisionDate})` },
    },
  ];
}

/** Integer VND as stored (bigint text) or as sent (a number); null = none. */
export type Amount = string | number | null;

const asBigInt = (a: Amount): bigint | null => (a === null ? null : BigInt(String(a)));

/** Is the valuation at completion lower than the one the decision was approved with? */
export function valuationLowered(atApproval: Amount, atCompletion: Amount): boolean {
  const [before, after] = [asBigInt(atApproval), asBigInt(atCompletion)];
  return before !== null && after !== null && after < before;
}

/**
 * A valuation changed between approval and completion needs a written reason (at least a sentence).
 * Nothing to explain when no valuation was recorded at approval, or when it is unchanged.
 */
export function valuationChangeProblems(atApproval: Amount, atCompletion: Amount, reason: string | null | undefined): DateProblem[] {
  const [before, after] = [asBigInt(atApproval), asBigInt(atCompletion)];
  if (before === null || after === before || isSentence(reason)) return [];
  const was = `${before} VND`;
  const now = after === null ? { vi: 'bỏ trống', en: 'removed' } : { vi: `${after} VND`, en: `${after} VND` };
  return [
    {
      code: 'valuation-change-unexplained',
      field: 'valuationChangeReason',
      detail: {
        vi: `Giá thẩm định đã thay đổi sau khi phê duyệt (${was} → ${now.vi}): ghi rõ lý do (ít nhất một câu)`,
        en: `The valuation changed after approval (${was} → ${now.en}): record why (at least a sentence)`,
      },
      fieldMessage: { vi: 'ít nhất một câu', en: 'at least a sentence' },
    },
  ];
}
