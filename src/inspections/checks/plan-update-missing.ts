import { type AutomaticCheck, nameOf, suggestion, type Suggestion } from './model';

/** A completed repurposing that changed the land-use category without an approved plan update linked to it. */
export const planUpdateMissing: AutomaticCheck = {
  id: 'plan-update-missing',
  title: 'Repurposing completed without an approved plan update where the category changed',
  run: (f) => {
    const out: Suggestion[] = [];
    for (const a of f.actions) {
      if (a.type !== 'repurposing' || a.status !== 'completed' || !a.categoryChanged || a.approvedPlanUpdate) continue;
      out.push(
        suggestion('plan-update-missing', a, {
          category: 'plan_update_missing',
          severity: 'major',
          description: `The completed ${nameOf(a)} changed the land-use category${a.targetLandUseCategory ? ` to ${a.targetLandUseCategory}` : ''} without an approved land-use plan update`,
          recommendation: 'Have the land-use plan updated and approved, and link the update to the action',
        }),
      );
    }
    return out;
  },
};
