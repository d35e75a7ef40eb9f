import { type AutomaticCheck, nameOf, suggestion, type Suggestion } from './model';

/**
 * A sale (approved or later) whose price is below the valuation, or a sale with no valuation.
 * Amounts are compared as integers (BigInt), never as floats.
 */
export const saleBelowValuation: AutomaticCheck = {
  id: 'sale-below-valuation',
  title: 'Sale price below the valuation, or a sale without valuation',
  run: (f) => {
    const out: Suggestion[] = [];
    for (const a of f.actions) {
      if (a.type !== 'disposal' || a.method !== 'sale' || !['approved', 'in_progress', 'completed'].includes(a.status)) continue;
      if (a.salePrice === null && a.status !== 'completed') continue;
      if (a.valuationAmount === null) {
        out.push(
          suggestion('sale-below-valuation', a, {
            category: 'below_valuation',
            severity: 'major',
            description: `The sale ${nameOf(a)} has no valuation${a.salePrice !== null ? ` (price ${a.salePrice} VND)` : ''}`,
            recommendation: 'Obtain and attach an independent valuation; review the price against it',
          }),
        );
      } else if (a.salePrice !== null && BigInt(a.salePrice) < BigInt(a.valuationAmount)) {
        const gap = BigInt(a.valuationAmount) - BigInt(a.salePrice);
        out.push(
          suggestion('sale-below-valuation', a, {
            category: 'below_valuation',
            severity: 'critical',
            description: `The sale ${nameOf(a)} was priced at ${a.salePrice} VND, ${gap} VND below its valuation of ${a.valuationAmount} VND`,
            recommendation: 'Explain the price or recover the difference to the budget',
          }),
        );
      }
    }
    return out;
  },
};
