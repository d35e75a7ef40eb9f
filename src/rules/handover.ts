/**
 * The two-sided hand-over between provinces: a reallocation whose receiving agency is in
 * another province is proposed, approved and carried out by the sending (declaring) province, and
 * accepted or declined by the receiving province in between. Pure: the service asks which side the
 * caller is on, then this rule which transitions that side may take in the action's status.
 */
import type { ActionStatus } from '../schema/vocabulary';
import type { Transition } from './model';
import { type RuleViolation, violation } from './violations';

/**
 * The caller's side of an action: `sending` (an officer of the action's province), `receiving` (an
 * officer of the receiving province of a hand-over), `both` (an admin, who may act for either side).
 */
export type HandoverSide = 'sending' | 'receiving' | 'both';

/** The receiving side's own transitions; every other one is the sending side's. */
export const RECEIVING_TRANSITIONS: readonly Transition[] = ['accept', 'decline'];

/**
 * Whether `side` may take `transition` on an action in `status` (`crossProvince`: its receiving
 * agency is in another province). Only the side's rights and the hand-over's order are checked here;
 * whether the transition leaves `status` at all is the state machine's (nextStatus).
 */
export function handoverViolation(transition: Transition, status: ActionStatus, crossProvince: boolean, side: HandoverSide): RuleViolation | null {
  const receivingStep = RECEIVING_TRANSITIONS.includes(transition);
  if (receivingStep && !crossProvince) {
    return violation('invalid-transition', {
      vi: 'Chỉ phương án điều chuyển sang tỉnh khác mới cần tỉnh nhận tiếp nhận hoặc từ chối',
      en: 'Only a hand-over to another province is accepted or declined by a receiving province',
    });
  }
  if (receivingStep && side === 'sending') {
    return violation('wrong-handover-side', {
      vi: 'Việc tiếp nhận hoặc từ chối tiếp nhận do cán bộ của tỉnh nhận thực hiện, không phải tỉnh chuyển',
      en: 'Accepting or declining a hand-over is for an officer of the receiving province, not the sending one',
    });
  }
  if (!receivingStep && side === 'receiving') {
    return violation('wrong-handover-side', {
      vi: 'Tỉnh nhận chỉ tiếp nhận hoặc từ chối tiếp nhận; các bước khác của phương án do tỉnh chuyển thực hiện',
      en: "The receiving province only accepts or declines; the action's other steps are the sending province's",
    });
  }
  if (crossProvince && (transition === 'start' || transition === 'complete') && status === 'approved') {
    return violation('handover-not-accepted', {
      vi: 'Bàn giao sang tỉnh khác chỉ được thực hiện sau khi tỉnh nhận đã tiếp nhận',
      en: 'A hand-over to another province can start or complete only once the receiving province has accepted it',
    });
  }
  return null;
}

/**
 * What a reallocation needs before it is submitted: a hand-over to another province names the
 * receiving unit, on whose books the facility will be; a named receiving unit lies in the receiving
 * province (the receiving agency's, or the asset's own within the province).
 */
export function guardHandoverSubmit(a: {
  crossProvince: boolean;
  receivingUnitId: number | null;
  receivingUnitProvince: string | null;
  receivingProvince: string;
}): RuleViolation | null {
  if (a.crossProvince && a.receivingUnitId === null) {
    return violation(
      'action-incomplete',
      {
        vi: 'Bàn giao sang tỉnh khác cần ghi đơn vị hành chính nhận (tài sản sẽ thuộc sổ sách của tỉnh nhận)',
        en: "A hand-over to another province needs the receiving unit (the facility moves to the receiving province's books)",
      },
      [{ field: 'receivingUnit', message: { vi: 'bắt buộc khi bàn giao sang tỉnh khác', en: 'required for a hand-over to another province' } }],
    );
  }
  if (a.receivingUnitId !== null && a.receivingUnitProvince !== a.receivingProvince) {
    return violation(
      'receiving-unit-mismatch',
      {
        vi: `Đơn vị hành chính nhận thuộc tỉnh ${a.receivingUnitProvince ?? '?'}, còn tỉnh nhận tài sản là ${a.receivingProvince}`,
        en: `The receiving unit is in province ${a.receivingUnitProvince ?? '?'}, but the facility goes to province ${a.receivingProvince}`,
      },
      [
        {
          field: 'receivingUnit',
          message: { vi: `thuộc tỉnh khác (${a.receivingUnitProvince ?? '?'})`, en: `of another province (${a.receivingUnitProvince ?? '?'})` },
        },
      ],
    );
  }
  return null;
}

/** The receiving side's acceptance: its decision cannot be dated before the sending side's decision nor in the future. */
export function guardAccept(a: { decisionDate: string; approvalDate: string | null; today: string }): RuleViolation | null {
  if (a.decisionDate > a.today) {
    return violation('decision-date-in-future', { vi: 'Ngày quyết định tiếp nhận ở tương lai', en: 'The acceptance decision is dated in the future' }, [
      { field: 'decisionDate', message: { vi: 'ở tương lai', en: 'in the future' } },
    ]);
  }
  if (a.approvalDate !== null && a.decisionDate < a.approvalDate) {
    return violation(
      'acceptance-before-decision',
      {
        vi: `Quyết định tiếp nhận (${a.decisionDate}) không thể trước quyết định điều chuyển của tỉnh chuyển (${a.approvalDate})`,
        en: `The acceptance (${a.decisionDate}) cannot be dated before the sending province's decision (${a.approvalDate})`,
      },
      [{ field: 'decisionDate', message: { vi: 'trước quyết định điều chuyển', en: 'before the hand-over decision' } }],
    );
  }
  return null;
}
