import { addMonths } from '../../common/dates';
import { type AutomaticCheck, nameOf, suggestion, type Suggestion } from './model';

/**
 * A sale (approved or later) decided on a valuation older than its validity: the decision date is
 * later than the valuation date plus the configured validity (VALUATION_VALIDITY_MONTHS). A sale
 * with no valuation date, or no decision date, is not judged here (missing valuation is its own check).
 */
export const valuationExpired: AutomaticCheck = {
  id: 'valuation-expired',
  title: 'Sale decided on a valuation older than its validity',
  run: (f) => {
    const out: Suggestion[] = [];
    const months = f.limits.valuationValidityMonths;
    for (const a of f.actions) {
      if (a.type !== 'disposal' || a.method !== 'sale' || !['approved', 'in_progress', 'completed'].includes(a.status)) continue;
      if (!a.valuationDate || !a.decisionDate) continue;
      const validUntil = addMonths(a.valuationDate, months);
      if (a.decisionDate <= validUntil) continue;
      out.push(
        suggestion('valuation-expired', a, {
          category: 'valuation_expired',
          severity: 'major',
          description:
            `The sale ${nameOf(a)} was decided on ${a.decisionDate} on a valuation dated ${a.valuationDate}` +
            `${a.valuationAmount !== null ? ` (${a.valuationAmount} VND)` : ''}, valid for ${months} months, that is until ${validUntil}`,
          recommendation: 'Have the asset revalued and compare the price with the current value; recover any shortfall to the budget',
        }),
      );
    }
    return out;
  },
};
