/**
 * Which land-use category an action needs, so that the land-use plan follows every change of use
 * (202-KL/TW: plans are updated at once after transfer and after conversion). Pure data and functions.
 *
 * - A repurposing names the category it needs (`targetLandUseCategory`, by default its purpose's).
 * - A reallocation (transfer, hand-over to a locality, assignment) needs the category its new use
 *   implies (NEW_USE_LAND_USE), unless the officer recorded `targetLandUseCategory` on it, which wins
 *   (a culture house is DVH, a stadium DTT: the new use alone does not say which).
 * - Other types keep the land as it is.
 *
 * When the needed category differs from the asset's current one (or the asset has none recorded),
 * completion waits for an approved plan update linked to the action (guardComplete).
 */
import type { ActionType, NewUse } from '../schema/vocabulary';

/**
 * The land-use category (land_use_category.code) each new use implies on its own; null where the
 * new use fits several categories (official housing: urban or rural residential land; culture and
 * sports: DVH or DTT; other public uses) or is not a chosen one.
 */
export const NEW_USE_LAND_USE: Readonly<Record<NewUse, string | null>> = {
  working_office: 'TSC',
  public_service_facility: 'DTS',
  official_housing: null,
  education_training: 'DGD',
  health: 'DYT',
  culture_sports: null,
  other_public_use: null,
  land_fund_or_housing_business: null,
  other_use_under_plan: null,
};

/** The action types whose completion waits for the land-use plan when they change the category. */
export const PLAN_FOLLOWING_TYPES: readonly ActionType[] = ['repurposing', 'reallocation'];

export interface LandUseNeedFacts {
  type: ActionType;
  /** The category recorded on the action (repurposing: required; reallocation: optional). */
  targetLandUseCategory?: string | null;
  /** The new use recorded (or being recorded) on the action. */
  newUse?: NewUse | null;
}

/** The category the action needs; null when it needs none that is known. */
export function neededLandUseCategory(a: LandUseNeedFacts): string | null {
  if (a.type === 'repurposing') return a.targetLandUseCategory ?? null;
  if (a.type === 'reallocation') return a.targetLandUseCategory ?? (a.newUse ? NEW_USE_LAND_USE[a.newUse] : null);
  return null;
}

/** Does the action change the asset's land-use category (so that the plan must be updated first)? */
export function changesLandUseCategory(a: LandUseNeedFacts, assetLandUseCategory: string | null | undefined): boolean {
  const needed = neededLandUseCategory(a);
  return needed !== null && needed !== (assetLandUseCategory ?? null);
}

/** neededLandUseCategory as a SQL expression over an `action` row aliased `alias` (the same table, for queries that list actions). */
export function neededLandUseCategorySql(alias: string): string {
  const implied = Object.entries(NEW_USE_LAND_USE)
    .filter((e): e is [string, string] => e[1] !== null)
    .map(([use, code]) => `WHEN '${use}' THEN '${code}'`)
    .join(' ');
  return (
    `(CASE ${alias}.type WHEN 'repurposing' THEN ${alias}.target_land_use_category ` +
    `WHEN 'reallocation' THEN coalesce(${alias}.target_land_use_category, CASE ${alias}.new_use ${implied} END) END)`
  );
}
