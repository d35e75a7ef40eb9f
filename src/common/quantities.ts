/**
 * Money and areas, one definition for every feature: money is a whole number of VND (≥ 0, at most
 * Number.MAX_SAFE_INTEGER so that it stays exact in JSON), an area is m² with at most 2 decimals.
 * Pure (no NestJS, no database).
 */

export const MAX_VND = Number.MAX_SAFE_INTEGER;
export const MAX_AREA = 999_999_999_999.99;

/** Money in integer VND, ≥ 0. */
export const isVnd = (v: number): boolean => Number.isSafeInteger(v) && v >= 0;

/** A decimal area in m²: ≥ 0, at most 2 decimals. */
export function isArea(v: number): boolean {
  return Number.isFinite(v) && v >= 0 && v <= MAX_AREA && Math.abs(Math.round(v * 100) - v * 100) < 1e-6;
}
