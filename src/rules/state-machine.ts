import { type Transition, TRANSITION_TABLE } from './model';
import { type ActionStatus } from '../schema/vocabulary';
import { RuleViolation, violation } from './violations';

/** The status a transition leads to, or the violation that forbids it. */
export function nextStatus(current: ActionStatus, transition: Transition): ActionStatus | RuleViolation {
  const rule = TRANSITION_TABLE[transition];
  if (!rule.from.includes(current)) {
    const allowed = rule.from.join(', ');
    return violation('invalid-transition', {
      vi: `Phương án đang ở trạng thái ${current} nên không thể ${VERB_VI[transition]} (chỉ được từ: ${allowed})`,
      en: `An action that is ${current} cannot be ${PAST_TENSE[transition]} (allowed from: ${allowed})`,
    });
  }
  return rule.to;
}

const VERB_VI: Record<Transition, string> = {
  submit: 'trình',
  approve: 'phê duyệt',
  reject: 'từ chối',
  accept: 'tiếp nhận',
  decline: 'từ chối tiếp nhận',
  start: 'bắt đầu thực hiện',
  complete: 'hoàn thành',
  cancel: 'huỷ',
};
const PAST_TENSE: Record<Transition, string> = {
  submit: 'submitted',
  approve: 'approved',
  reject: 'rejected',
  accept: 'accepted',
  decline: 'declined',
  start: 'started',
  complete: 'completed',
  cancel: 'cancelled',
};
