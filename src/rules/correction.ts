/**
 * Correcting a completed action: a correcting action, with its reason and its own
 * decision, supersedes a completed handling of the same asset; both stay in the record. Pure: the
 * service reads the two actions and applies what these rules allow.
 *
 * The reports need nothing of their own: the figures count a facility through its decided handling
 * that ranks first (completed first, then the latest decision), so the correction counts from the
 * dates it bears (once completed) and the corrected one until then, as long as a correction is never
 * dated before what it corrects (guardCorrectionDates).
 */
import type { ActionStatus, ActionType } from '../schema/vocabulary';
import { HANDLING_TYPES } from './new-use';
import { type RuleViolation, violation } from './violations';

export interface CorrectedFacts {
  assetId: string;
  type: ActionType;
  status: ActionStatus;
  supersededById: string | null;
}

/** Whether a new action of `type` on `assetId` may correct the `corrected` one (null: it may). */
export function guardCorrection(corrected: CorrectedFacts, correcting: { assetId: string; type: ActionType }): RuleViolation | null {
  if (corrected.assetId !== correcting.assetId) {
    return violation(
      'validation-failed',
      { vi: 'Phương án điều chỉnh phải cùng tài sản với phương án được điều chỉnh', en: 'A correction is on the same asset as the action it corrects' },
      [{ field: 'correctsActionId', message: { vi: 'của tài sản khác', en: 'an action of another asset' } }],
    );
  }
  if (!HANDLING_TYPES.includes(corrected.type) || !HANDLING_TYPES.includes(correcting.type)) {
    return violation(
      'validation-failed',
      {
        vi: 'Chỉ điều chỉnh một phương án xử lý bằng một phương án xử lý (không phải cải tạo, sửa chữa)',
        en: 'Only a handling corrects a handling (not a renovation)',
      },
      [{ field: 'correctsActionId', message: { vi: 'không phải phương án xử lý', en: 'not a handling' } }],
    );
  }
  if (corrected.status !== 'completed' || corrected.supersededById !== null) {
    const why =
      corrected.status !== 'completed'
        ? { vi: `phương án đang ở trạng thái ${corrected.status}, chưa hoàn thành`, en: `it is ${corrected.status}, not completed` }
        : { vi: 'phương án đã được điều chỉnh bởi một phương án khác', en: 'it is already superseded by another correction' };
    return violation('action-not-correctable', { vi: `Không thể điều chỉnh phương án này: ${why.vi}`, en: `This action cannot be corrected: ${why.en}` });
  }
  return null;
}

/** A correction's decision and completion are not dated before those of the action it corrects. */
export function guardCorrectionDates(field: 'decisionDate' | 'completedOn', date: string, corrected: string | null): RuleViolation | null {
  if (corrected === null || date >= corrected) return null;
  return violation(
    'correction-predates-corrected',
    {
      vi: `Phương án điều chỉnh (${field} ${date}) không thể trước phương án được điều chỉnh (${corrected})`,
      en: `The correction's ${field} (${date}) cannot be before that of the action it corrects (${corrected})`,
    },
    [{ field, message: { vi: `trước ngày ${corrected} của phương án được điều chỉnh`, en: `before the corrected action's ${corrected}` } }],
  );
}
