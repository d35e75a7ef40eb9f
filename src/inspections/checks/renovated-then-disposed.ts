import { addMonths } from '../../common/dates';
import { type AutomaticCheck, nameOf, suggestion, type Suggestion } from './model';

/**
 * A disposal (approved or later) decided within the configured window
 * (RENOVATION_DISPOSAL_WINDOW_MONTHS) after a renovation of the same facility was completed:
 * public money spent on a building about to be sold or liquidated. One suggestion per disposal and
 * renovation; the inspector judges whether the renovation was needed.
 */
export const renovatedThenDisposed: AutomaticCheck = {
  id: 'renovated-then-disposed',
  title: 'Facility renovated, then disposed of within the window',
  run: (f) => {
    const out: Suggestion[] = [];
    const months = f.limits.renovationDisposalWindowMonths;
    for (const a of f.actions) {
      const d = a.decisionDate;
      if (a.type !== 'disposal' || d === null || !['approved', 'in_progress', 'completed'].includes(a.status)) continue;
      for (const r of a.assetRenovations) {
        if (r.completedOn > d || d > addMonths(r.completedOn, months)) continue;
        out.push(
          suggestion('renovated-then-disposed', a, {
            category: 'renovated_then_disposed',
            severity: 'major',
            subjectIds: [a.id, r.id],
            description:
              `The ${nameOf(a)} was decided on ${d}, within ${months} months of the renovation ${r.id} completed on ${r.completedOn}` +
              (r.actualCost !== null ? ` at a cost of ${r.actualCost} VND` : ' (cost not recorded)'),
            recommendation:
              'Establish why the facility was renovated when its disposal was foreseeable, and whether the renovation was reflected in the valuation; hold those responsible to account for any waste',
          }),
        );
      }
    }
    return out;
  },
};
