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

/**
 * A decimal string from the database (a sum of money, an area, a percentage) as the JSON number the
 * API answers with. Exact or refused: a whole number must stay within Number.MAX_SAFE_INTEGER and a
 * decimal within 15 significant digits, else it throws rather than answer a rounded figure.
 */
export function decimalNumber(s: string | null): number | null {
  if (s === null) return null;
  const n = Number(s);
  const digits = s.replace(/^-/, '').replace('.', '').replace(/^0+/, '').length;
  if (!Number.isFinite(n) || (Number.isInteger(n) ? !Number.isSafeInteger(n) : digits > 15))
    throw new RangeError(`${s} cannot be answered exactly as a JSON number`);
  return n;
}

/** The amounts the event log holds as decimal strings: an asset's costs (its audit shape records them as the database writes them). */
const LEDGER_DECIMALS = ['originalCost', 'remainingValue'];

/** An event's before/after as the API answers it: every amount a JSON number, as on the resource itself. */
export function ledgerValues(values: Record<string, unknown> | null): Record<string, unknown> | null {
  if (values === null || !LEDGER_DECIMALS.some((k) => typeof values[k] === 'string')) return values;
  const out = { ...values };
  for (const k of LEDGER_DECIMALS) if (typeof out[k] === 'string') out[k] = decimalNumber(out[k]);
  return out;
}
