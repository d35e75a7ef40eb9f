import { inputFaultError, MAX_JSON_DEPTH, tooDeepFault } from './input-guard';

/**
 * Text is stored in NFC: NFC and NFD Vietnamese are different strings to PostgreSQL and validators.
 * Recursive, but never deeper than MAX_JSON_DEPTH: the edge (input-guard.ts) refuses deeper input
 * first, and anything deeper reaching here anyway is the same 400 `too-deep`, not a stack overflow.
 */
export function toNfc<T>(value: T, depth = 0): T {
  if (typeof value === 'string') return value.normalize('NFC') as T;
  if (value === null || typeof value !== 'object') return value;
  const isArray = Array.isArray(value);
  if (!isArray && Object.getPrototypeOf(value) !== Object.prototype) return value;
  if (depth >= MAX_JSON_DEPTH) throw inputFaultError(tooDeepFault(), 'body');
  if (isArray) return (value as unknown[]).map((v) => toNfc(v, depth + 1)) as T;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = toNfc(v, depth + 1);
  return out as T;
}
