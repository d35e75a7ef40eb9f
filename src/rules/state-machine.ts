import { type Transition, TRANSITION_TABLE } from './model';
import { type ActionStatus } from '../schema/vocabulary';
import { RuleViolation, violation } from './violations';

/** The status a transition leads to, or the violation that forbids it. */
export function nextStatus(current: ActionStatus, transition: Transition): ActionStatus | RuleViolation {
  const rule = TRANSITION_TABLE[transition];
  if (!rule.from.includes(current)) {
    return violation('invalid-transition', 409, `An action that is ${current} cannot be ${pastTense(transition)} (allowed from: ${rule.from.join(', ')})`);
  }
  return rule.to;
}

function pastTense(t: Transition): string {
  return { submit: 'submitted', approve: 'approved', reject: 'rejected', start: 'started', complete: 'completed', cancel: 'cancelled' }[t];
}
