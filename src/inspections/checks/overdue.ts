import { actionDeadline, overdue } from '../../rules/deadlines';
import { formalDecisionDue } from '../../rules/guards';
import { type AutomaticCheck, nameOf, suggestion, type Suggestion, UNFINISHED } from './model';

/** Unfinished actions past their deadline (the earliest of their clauses', a province's own earlier one counting). */
export const overdueActions: AutomaticCheck = {
  id: 'overdue-action',
  title: 'Unfinished action past its deadline',
  run: (f) => {
    const out: Suggestion[] = [];
    for (const a of f.actions) {
      if (!UNFINISHED.includes(a.status)) continue;
      const late = overdue(actionDeadline(a.clauses), null, f.today);
      if (!late) continue;
      out.push(
        suggestion('overdue-action', a, {
          category: 'overdue',
          severity: late.daysOverdue > 30 ? 'major' : 'minor',
          description: `${nameOf(a)} is ${a.status}, ${late.daysOverdue} day(s) past its deadline ${late.deadline}`,
          recommendation: 'Complete the action or record why it is delayed, with a new date',
        }),
      );
    }
    return out;
  },
};

/** A temporary hand-over whose formal decision did not come within 30 days (still missing, or made late). */
export const expiredHandovers: AutomaticCheck = {
  id: 'handover-decision-overdue',
  title: 'Temporary hand-over without its formal decision within 30 days',
  run: (f) => {
    const out: Suggestion[] = [];
    for (const a of f.actions) {
      if (a.type !== 'reallocation' || !a.temporaryHandoverDate || a.status === 'rejected' || a.status === 'cancelled') continue;
      const due = formalDecisionDue(a.temporaryHandoverDate);
      const late = overdue(due, a.decisionDate, f.today);
      if (!late) continue;
      out.push(
        suggestion('handover-decision-overdue', a, {
          category: 'overdue',
          severity: a.decisionDate ? 'minor' : 'major',
          description: a.decisionDate
            ? `The formal decision on the temporary hand-over of ${a.temporaryHandoverDate} (${nameOf(a)}) came on ${a.decisionDate}, ${late.daysOverdue} day(s) after it was due on ${due}`
            : `The temporary hand-over of ${a.temporaryHandoverDate} (${nameOf(a)}) still has no formal decision, ${late.daysOverdue} day(s) after it was due on ${due}`,
          recommendation: 'Issue the formal decision on the hand-over',
        }),
      );
    }
    return out;
  },
};
