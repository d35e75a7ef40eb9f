/**
 * Which version of a record's attributes a report as of date D known at time T reads (the DOMAIN's
 * "Time": every attribute a report reads has the date it bears and the time it was recorded).
 *
 * A version bears `validFrom` (the date it takes effect; null: from the start of the record) and
 * `recordedAt` (when it was written). A correction of a wrong value bears the valid-from of the value
 * it corrects and a later recordedAt, so it replaces that value for every later known_at and for no
 * earlier one. The rule, written once here and in VERSION_AT_SQL (a test runs both on the same rows):
 * among the versions recorded by T, the one with the latest valid-from on or before D, the latest
 * recorded among ties (then the latest written, `seq`). None: the record had no version known at T
 * valid on D. Pure functions.
 */

/** What a writer says for "valid from the start of the record" (a correction of its first values); see migration AttributeVersions. */
export const VALID_FROM_START = 'start';

export interface Version {
  /** The date (YYYY-MM-DD) the values take effect; null: from the start of the record. */
  validFrom: string | null;
  /** When the version was recorded. */
  recordedAt: Date;
  /** Order of writing, the last tie-break (two versions of one transaction share recordedAt). */
  seq: number;
}

/** The version valid at `asOf` as known at `knownAt` (see above), or null. */
export function versionAt<V extends Version>(versions: readonly V[], asOf: string, knownAt: Date): V | null {
  let best: V | null = null;
  for (const v of versions) {
    if (v.recordedAt.getTime() > knownAt.getTime() || (v.validFrom !== null && v.validFrom > asOf)) continue;
    if (best === null || laterThan(v, best)) best = v;
  }
  return best;
}

/** `a` is preferred to `b`: a later valid-from (null the earliest), then recorded later, then written later. */
function laterThan(a: Version, b: Version): boolean {
  const va = a.validFrom ?? '';
  const vb = b.validFrom ?? '';
  if (va !== vb) return va > vb;
  if (a.recordedAt.getTime() !== b.recordedAt.getTime()) return a.recordedAt.getTime() > b.recordedAt.getTime();
  return a.seq > b.seq;
}

/**
 * The same rule in SQL: a subquery over `table` (columns valid_from, recorded_at, seq) for the row
 * whose `key` column equals the SQL expression `id`, as of the date expression `asOf` known at the
 * timestamptz expression `knownAt`, selecting `columns` (constants of the caller, never request values).
 */
export const VERSION_AT_SQL = (table: string, key: string, id: string, asOf: string, knownAt: string, columns: string): string =>
  `SELECT ${columns} FROM ${table} v WHERE v.${key} = ${id} AND v.recorded_at <= ${knownAt} AND (v.valid_from IS NULL OR v.valid_from <= ${asOf})
    ORDER BY v.valid_from DESC NULLS LAST, v.recorded_at DESC, v.seq DESC LIMIT 1`;
