import { authorises } from '../../rules/clause-authority';
import { clauseInForce } from '../../rules/guards';
import { type AutomaticCheck, nameOf, suggestion, type Suggestion } from './model';

/**
 * A completed action with no cited clause that authorises its type (and its method, where the clause lists methods), or whose authorising clauses
 * were not in force on its decision date (the completion date when it has none).
 */
export const legalBasis: AutomaticCheck = {
  id: 'legal-basis',
  title: 'Completed action without an authorising clause in force at its decision date',
  run: (f) => {
    const out: Suggestion[] = [];
    for (const a of f.actions) {
      if (a.status !== 'completed') continue;
      const on = a.decisionDate ?? a.completedOn;
      const authorising = a.clauses.filter((c) => authorises(c, a.type, a.method));
      if (authorising.length === 0) {
        out.push(
          suggestion('legal-basis', a, {
            category: 'no_legal_basis',
            severity: 'major',
            description: `The completed ${nameOf(a)} cites no clause authorising a ${a.type} by ${a.method}${a.clauses.length ? ` (cited: ${a.clauses.map((c) => `${c.directiveNumber} ${c.ref}`).join(', ')})` : ''}`,
            recommendation: 'Identify the authority the decision rested on; if none, report the decision for review',
          }),
        );
      } else if (on !== null && !authorising.some((c) => clauseInForce(c, on))) {
        out.push(
          suggestion('legal-basis', a, {
            category: 'clause_not_in_force',
            severity: 'major',
            description: `The clauses authorising the completed ${nameOf(a)} (${authorising.map((c) => `${c.directiveNumber} ${c.ref}`).join(', ')}) were not in force on its decision date ${on}`,
            recommendation: 'Check which authority was in force on the decision date and have the decision confirmed under it',
          }),
        );
      }
    }
    return out;
  },
};
