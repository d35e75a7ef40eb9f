import { completionEffect, TERMINAL_ASSET_STATUSES } from '../../rules/effects';
import { type AssetStatus } from '../../schema/vocabulary';
import type { AssetFact, AutomaticCheck, Suggestion } from './model';

/** The status an asset should have given its actions, or the statuses allowed (null: anything but pending or terminal). */
export function expectedAssetStatus(a: AssetFact): readonly AssetStatus[] | null {
  if (a.openAction) return [a.openAction.type === 'renovation' && a.openAction.started ? 'under_renovation' : 'action_pending'];
  if (a.lastCompleted) {
    const effect = completionEffect(a.lastCompleted).status;
    // A kept or renovated asset may later be declared surplus again.
    return TERMINAL_ASSET_STATUSES.includes(effect) ? [effect] : ['in_use', 'surplus'];
  }
  return ['in_use', 'surplus'];
}

/** An asset whose status disagrees with its actions (rules/effects.ts is what completion does to it). */
export const assetStatusMismatch: AutomaticCheck = {
  id: 'asset-status-mismatch',
  title: 'Asset status disagrees with its actions',
  run: (f) => {
    const out: Suggestion[] = [];
    for (const a of f.assets) {
      const expected = expectedAssetStatus(a);
      if (expected === null || expected.includes(a.status as AssetStatus)) continue;
      const why = a.openAction
        ? `its open ${a.openAction.type} ${a.openAction.id}`
        : a.lastCompleted
          ? `its last completed ${a.lastCompleted.type}/${a.lastCompleted.method} ${a.lastCompleted.id}`
          : 'it has no completed or open action';
      out.push({
        checkId: 'asset-status-mismatch',
        category: 'other',
        severity: 'major',
        assetId: a.id,
        actionId: a.openAction?.id ?? a.lastCompleted?.id ?? null,
        subjectIds: [a.id],
        description: `Asset ${a.code} is ${a.status}, but ${why} means ${expected.join(' or ')}`,
        recommendation: 'Find how the status was changed outside the workflow and correct the record',
      });
    }
    return out;
  },
};
