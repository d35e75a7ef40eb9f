/**
 * What each step does to the asset. Pure: the service applies it in the same transaction, so the
 * asset's status always agrees with its actions.
 */
import type { ActionType } from '../schema/vocabulary';
import type { AssetStatus } from '../schema/vocabulary';

export const TERMINAL_ASSET_STATUSES: readonly AssetStatus[] = ['transferred', 'sold', 'liquidated', 'recovered', 'repurposed'];
/** Statuses an asset may have when an action is submitted on it. */
export const ACTIONABLE_ASSET_STATUSES: readonly AssetStatus[] = ['in_use', 'surplus'];

export interface AssetChange {
  status: AssetStatus;
  custodianId?: string;
  currentUnitId?: number;
  landUseCategory?: string;
  clearSurplus?: boolean;
}

/** On completion. */
export function completionEffect(a: {
  type: ActionType;
  method: string;
  receivingAgencyId?: string | null;
  receivingUnitId?: number | null;
  targetLandUseCategory?: string | null;
}): AssetChange {
  switch (a.type) {
    case 'retention':
      return { status: 'in_use', clearSurplus: true };
    case 'renovation':
      return { status: 'in_use' };
    case 'reallocation':
      return { status: 'transferred', custodianId: a.receivingAgencyId ?? undefined, currentUnitId: a.receivingUnitId ?? undefined };
    case 'repurposing':
      return { status: 'repurposed', landUseCategory: a.targetLandUseCategory ?? undefined };
    case 'disposal':
      if (a.method === 'sale' || a.method === 'payment_in_kind') return { status: 'sold' };
      if (a.method === 'liquidation' || a.method === 'destruction') return { status: 'liquidated' };
      return { status: 'recovered' };
  }
}

/** While an action is open the asset is action_pending (under_renovation once a renovation starts). */
export function openEffect(type: ActionType, started: boolean): AssetChange {
  return { status: type === 'renovation' && started ? 'under_renovation' : 'action_pending' };
}

/** A rejected or cancelled open action gives the asset back the status it had before. */
export const closeWithoutEffect = (statusBefore: AssetStatus): AssetChange => ({ status: statusBefore });
