import { actionDeadline } from '../../rules/deadlines';
import { type AutomaticCheck, nameOf, suggestion, type Suggestion } from './model';

/**
 * A decision that bears a date on or before the action's deadline but was recorded after it
 * (decision_date ≤ deadline < the Vietnam date of decision_recorded_at): possibly backdated.
 */
export const backdatedDecision: AutomaticCheck = {
  id: 'backdated-decision',
  title: 'Decision dated before the deadline but recorded after it',
  run: (f) => {
    const out: Suggestion[] = [];
    for (const a of f.actions) {
      if (!a.decisionDate || !a.decisionRecordedOn) continue;
      const deadline = actionDeadline(a.clauses);
      if (deadline === null) continue;
      if (a.decisionDate <= deadline && deadline < a.decisionRecordedOn) {
        out.push(
          suggestion('backdated-decision', a, {
            category: 'backdated_decision',
            severity: 'major',
            description: `The decision on ${nameOf(a)} is dated ${a.decisionDate}, on or before the deadline ${deadline}, but was recorded only on ${a.decisionRecordedOn}`,
            recommendation: "Verify the decision against the issuing authority's register (number and date of issue)",
          }),
        );
      }
    }
    return out;
  },
};
