/**
 * What each step does to the asset. Pure: the service applies it in the same transaction, so the
 * asset's status always agrees with its actions.
 */
import type { ActionType } from '../schema/vocabulary';
import type { AssetStatus } from '../schema/vocabulary';

/** The asset has left the public books (the only terminal statuses: a kept, reallocated or repurposed facility stays in the register, in use). */
export const TERMINAL_ASSET_STATUSES: readonly AssetStatus[] = ['transferred', 'sold', 'liquidated', 'recovered'];
/** Statuses an asset may have when an action is submitted on it. */
export const ACTIONABLE_ASSET_STATUSES: readonly AssetStatus[] = ['in_use', 'surplus'];

export interface AssetChange {
  status: AssetStatus;
  custodianId?: string;
  currentUnitId?: number;
  landUseCategory?: string;
  clearSurplus?: boolean;
  /** The surplus episode in force (its declaration) is closed as handled by this action. */
  closeEpisode?: boolean;
}

/**
 * On completion (the table of ../shared/DOMAIN.md): a kept, reallocated or repurposed facility stays
 * in the register, in use, with its new custodian and unit and/or the land-use category it needs
 * (src/rules/land-use-change.ts), and is no
 * longer surplus; a disposal takes it off the public books. Every handling closes the surplus episode
 * as handled; a renovation is not a handling and gives the asset back to use.
 */
export function completionEffect(a: {
  type: ActionType;
  method: string;
  receivingAgencyId?: string | null;
  receivingUnitId?: number | null;
  targetLandUseCategory?: string | null;
}): AssetChange {
  const handled = { clearSurplus: true, closeEpisode: true } as const;
  switch (a.type) {
    case 'retention':
      return { status: 'in_use', ...handled };
    case 'renovation':
      return { status: 'in_use' };
    case 'reallocation':
      return {
        status: 'in_use',
        custodianId: a.receivingAgencyId ?? undefined,
        currentUnitId: a.receivingUnitId ?? undefined,
        landUseCategory: a.targetLandUseCategory ?? undefined,
        ...handled,
      };
    case 'repurposing':
      return { status: 'in_use', landUseCategory: a.targetLandUseCategory ?? undefined, ...handled };
    case 'disposal':
      return { status: disposedStatus(a.method), closeEpisode: true };
  }
}

/** The terminal status a disposal method leaves the asset in. */
export function disposedStatus(method: string): AssetStatus {
  if (method === 'land_fund') return 'transferred';
  if (method === 'sale' || method === 'payment_in_kind') return 'sold';
  if (method === 'liquidation' || method === 'destruction') return 'liquidated';
  return 'recovered';
}

/** While an action is open the asset is action_pending (under_renovation once a renovation starts). */
export function openEffect(type: ActionType, started: boolean): AssetChange {
  return { status: type === 'renovation' && started ? 'under_renovation' : 'action_pending' };
}

/** A rejected or cancelled open action gives the asset back the status it had before. */
export const closeWithoutEffect = (statusBefore: AssetStatus): AssetChange => ({ status: statusBefore });
