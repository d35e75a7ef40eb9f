import { type AutomaticCheck, nameOf, suggestion, type Suggestion } from './model';

/** The same user submitted and approved an action (the four-eyes rule was bypassed). */
export const sameSubmitterApprover: AutomaticCheck = {
  id: 'four-eyes',
  title: 'The same user submitted and approved an action',
  run: (f) => {
    const out: Suggestion[] = [];
    for (const a of f.actions) {
      if (!a.submittedBy || a.submittedBy !== a.approvedBy) continue;
      const who = a.actors.find((u) => u.userId === a.submittedBy)?.username ?? a.submittedBy;
      out.push(
        suggestion('four-eyes', a, {
          category: 'other',
          severity: 'critical',
          description: `${nameOf(a)} was submitted and approved by the same user (${who})`,
          recommendation: 'Have the decision reviewed by a second official; find how the four-eyes rule was bypassed',
        }),
      );
    }
    return out;
  },
};

/** A provincial user (by their current scope) acted on an action of another province. */
export const actorOutsideProvince: AutomaticCheck = {
  id: 'actor-outside-province',
  title: 'An action handled by a user outside its province',
  run: (f) => {
    const out: Suggestion[] = [];
    for (const a of f.actions) {
      for (const u of a.actors) {
        if (u.provinceCode === null || u.provinceCode === a.provinceCode) continue;
        out.push(
          suggestion('actor-outside-province', a, {
            category: 'unauthorised_use',
            severity: 'critical',
            subjectIds: [a.id, u.userId],
            description: `${nameOf(a)} (province ${a.provinceCode}) was handled by ${u.username} (${u.role}, province ${u.provinceCode})`,
            recommendation: "Check the user's authority over this province and the validity of what they did",
          }),
        );
      }
    }
    return out;
  },
};
