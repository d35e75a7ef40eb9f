import { type AutomaticCheck, nameOf, PAST_SUBMISSION, suggestion, type Suggestion } from './model';

/**
 * Dates that cannot be in that order on an action that got past submission: its decision dated
 * before the surplus declaration it answers, or its completion or hand-over dated before its
 * decision. The API refuses these for new records (src/rules/date-sanity.ts); this finds the ones
 * recorded before, or imported. A temporary hand-over before the decision is lawful (the 30-day
 * clock) and not judged here.
 */
export const datesOutOfOrder: AutomaticCheck = {
  id: 'dates-out-of-order',
  title: 'Decision dated before the surplus declaration, or completion or hand-over dated before the decision',
  run: (f) => {
    const out: Suggestion[] = [];
    for (const a of f.actions) {
      const d = a.decisionDate;
      if (d === null || !PAST_SUBMISSION.includes(a.status)) continue;
      const faults = [
        a.surplusSince !== null && d < a.surplusSince ? `the decision is dated ${d}, before the surplus declaration of ${a.surplusSince}` : null,
        a.completedOn !== null && a.completedOn < d ? `the completion is dated ${a.completedOn}, before the decision of ${d}` : null,
        a.handoverDate !== null && a.handoverDate < d ? `the hand-over is dated ${a.handoverDate}, before the decision of ${d}` : null,
      ].filter((x): x is string => x !== null);
      if (!faults.length) continue;
      out.push(
        suggestion('dates-out-of-order', a, {
          category: 'dates_inconsistent',
          severity: 'major',
          description: `On ${nameOf(a)}, ${faults.join('; ')}`,
          recommendation:
            'Check the dates against the signed documents (declaration, decision, hand-over and acceptance minutes); correct the record or establish whether the asset was handled before it was decided',
        }),
      );
    }
    return out;
  },
};
