import { valuationLowered } from '../../rules/date-sanity';
import { type AutomaticCheck, nameOf, suggestion, type Suggestion } from './model';

/**
 * A completed sale whose valuation was lowered after its decision approved it: the below-valuation
 * check compares the price with the final valuation, so a lowered one would otherwise hide a price
 * below the approved value. Completion asks for the reason; the inspector judges it.
 */
export const valuationLoweredCheck: AutomaticCheck = {
  id: 'valuation-lowered',
  title: 'Valuation lowered between approval and completion',
  run: (f) => {
    const out: Suggestion[] = [];
    for (const a of f.actions) {
      if (a.type !== 'disposal' || a.method !== 'sale' || a.status !== 'completed' || !valuationLowered(a.valuationAtApproval, a.valuationAmount)) continue;
      const gap = BigInt(a.valuationAtApproval!) - BigInt(a.valuationAmount!);
      out.push(
        suggestion('valuation-lowered', a, {
          category: 'below_valuation',
          severity: 'major',
          description:
            `The sale ${nameOf(a)} was approved on a valuation of ${a.valuationAtApproval} VND and completed on ${a.valuationAmount} VND, ${gap} VND lower` +
            (a.valuationChangeReason ? ` (reason given: ${a.valuationChangeReason})` : ' (no reason recorded)'),
          recommendation: 'Check the second valuation and the reason for it; recover the difference to the budget if it does not hold',
        }),
      );
    }
    return out;
  },
};
