/**
 * The state machines of inspections and findings (their statuses and categories are in
 * src/schema/vocabulary.ts). Pure (no NestJS, no database):
 * the service, the DTOs and the database checks are built from these lists.
 */
import type { Violation } from '../common/errors';
import type { FindingStatus, InspectionStatus } from '../schema/vocabulary';

/** A broken rule: `code` becomes the problem type (its status and title are the problem table's). */
export type InspectionViolation = Violation;

/**
 * planned → in_progress → closed, one step at a time. Closed is final: an inspection's conclusion is
 * what was signed; a new finding after it is a new inspection (no reopen).
 */
export const INSPECTION_TRANSITIONS: Record<InspectionStatus, readonly InspectionStatus[]> = {
  planned: ['in_progress'],
  in_progress: ['closed'],
  closed: [],
};

export function inspectionTransition(from: InspectionStatus, to: InspectionStatus): InspectionViolation | null {
  if (from === to) return null;
  if (INSPECTION_TRANSITIONS[from].includes(to)) return null;
  if (from === 'closed')
    return {
      code: 'inspection-closed',
      message: { vi: 'Cuộc kiểm tra đã kết thúc và không thể thay đổi nữa', en: 'The inspection is closed: a closed inspection is final' },
    };
  const allowed = INSPECTION_TRANSITIONS[from].join(', ');
  return {
    code: 'invalid-transition',
    message: {
      vi: `Cuộc kiểm tra đang ở trạng thái ${from} không thể chuyển sang ${to} (chỉ được: ${allowed})`,
      en: `An inspection that is ${from} cannot become ${to} (allowed: ${allowed})`,
    },
  };
}

/** What closing needs: a conclusion, an end date not before the start, and an override reason when critical findings are unresolved. */
export function guardClose(c: {
  conclusion: string | null;
  actualStart: string | null;
  actualEnd: string;
  unresolvedCritical: number;
  overrideReason: string | null | undefined;
}): InspectionViolation[] {
  const out: InspectionViolation[] = [];
  if (!c.conclusion || !c.conclusion.trim()) {
    out.push({
      code: 'validation-failed',
      message: { vi: 'Kết thúc cuộc kiểm tra phải ghi kết luận kiểm tra', en: 'Closing an inspection records its conclusion' },
      fields: [{ field: 'conclusion', message: { vi: 'bắt buộc khi kết thúc', en: 'required to close' } }],
    });
  }
  if (c.actualStart && c.actualEnd < c.actualStart) {
    out.push({
      code: 'validation-failed',
      message: { vi: `Ngày kết thúc ${c.actualEnd} trước ngày bắt đầu ${c.actualStart}`, en: `The end ${c.actualEnd} is before the start ${c.actualStart}` },
      fields: [{ field: 'actualEnd', message: { vi: 'không được trước actualStart', en: 'not before actualStart' } }],
    });
  }
  if (c.unresolvedCritical > 0 && !(c.overrideReason && c.overrideReason.trim())) {
    out.push({
      code: 'critical-findings-open',
      message: {
        vi: `Còn ${c.unresolvedCritical} phát hiện đặc biệt nghiêm trọng đang mở hoặc mới đề xuất: hãy xử lý xong hoặc bác bỏ, hoặc kết thúc kèm closeOverrideReason`,
        en: `${c.unresolvedCritical} critical finding(s) are still open or suggested: resolve or dismiss them, or close with closeOverrideReason`,
      },
      fields: [
        {
          field: 'closeOverrideReason',
          message: { vi: 'bắt buộc khi còn phát hiện đặc biệt nghiêm trọng đang mở', en: 'required while critical findings are open' },
        },
      ],
    });
  }
  return out;
}

export type FindingTransition = 'accept' | 'dismiss' | 'resolve';
/**
 * suggested → open (accept) or dismissed (dismiss, with a reason); open → resolved (resolve, with who,
 * when and how) or dismissed. Resolved and dismissed are final.
 */
export const FINDING_TRANSITIONS: Record<FindingTransition, { from: readonly FindingStatus[]; to: FindingStatus }> = {
  accept: { from: ['suggested'], to: 'open' },
  dismiss: { from: ['suggested', 'open'], to: 'dismissed' },
  resolve: { from: ['open'], to: 'resolved' },
};

export function findingTransition(from: FindingStatus, t: FindingTransition): FindingStatus | InspectionViolation {
  const rule = FINDING_TRANSITIONS[t];
  if (rule.from.includes(from)) return rule.to;
  const allowed = rule.from.join(', ');
  return {
    code: 'invalid-finding-transition',
    message: {
      vi: `Phát hiện đang ở trạng thái ${from} không thể ${{ accept: 'tiếp nhận', dismiss: 'bác bỏ', resolve: 'ghi nhận đã khắc phục' }[t]} (chỉ được từ: ${allowed})`,
      en: `A finding that is ${from} cannot be ${{ accept: 'accepted', dismiss: 'dismissed', resolve: 'resolved' }[t]} (allowed from: ${allowed})`,
    },
  };
}

/** Findings that still need someone's attention: they hold back a plain close when critical. */
export const UNRESOLVED_FINDING_STATUSES: readonly FindingStatus[] = ['suggested', 'open'];
