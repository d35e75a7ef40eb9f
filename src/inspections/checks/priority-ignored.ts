import { isSentence, needsJustification } from '../../rules/guards';
import { type AutomaticCheck, nameOf, PAST_SUBMISSION, suggestion, type Suggestion } from './model';

/**
 * A sale, or a repurposing to a purpose outside the priority order (health, education, culture,
 * sports, commune police, then other public works: dispatch 213/CĐ-TTg), that went past submission
 * without a written justification.
 */
export const priorityIgnored: AutomaticCheck = {
  id: 'priority-ignored',
  title: 'Lower-priority purpose or sale chosen without justification',
  run: (f) => {
    const out: Suggestion[] = [];
    for (const a of f.actions) {
      if (!PAST_SUBMISSION.includes(a.status) || !needsJustification(a) || isSentence(a.justification)) continue;
      const what = a.type === 'disposal' ? 'a sale' : `the purpose ${a.purpose?.code} (outside the priority order)`;
      out.push(
        suggestion('priority-ignored', a, {
          category: 'priority_ignored',
          severity: 'major',
          description: `${nameOf(a)} chose ${what} without a written justification`,
          recommendation: 'Record why no priority use (health, education, culture, sports, commune police, other public works) was possible',
        }),
      );
    }
    return out;
  },
};
