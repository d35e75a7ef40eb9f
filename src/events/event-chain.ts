/**
 * Checking the event hash chain, as pure logic: the rows come in seq order (in batches), each with
 * its stored hash and prev_hash and the hash recomputed by the database's own event_hash().
 * No NestJS, no database here.
 */

/** The SHA-256 the first row of the chain links back to. */
export const GENESIS_HASH = '0'.repeat(64);

export const BROKEN_REASONS = ['hash-mismatch', 'prev-hash-mismatch', 'gap'] as const;
export type BrokenReason = (typeof BROKEN_REASONS)[number];

/** One row of the chain as the verifier reads it. */
export interface ChainRow {
  seq: number;
  id: string;
  prevHash: string;
  hash: string;
  /** event_hash(...) recomputed over the stored row. */
  computed: string;
}

/** The first broken link, named by the row whose link is broken. */
export interface BrokenLink {
  seq: number;
  id: string;
  reason: BrokenReason;
  /** gap: the seq that should have come; prev-hash-mismatch: the previous row's hash; hash-mismatch: the recomputed hash. */
  expected: string;
  /** gap: the seq found instead; prev-hash-mismatch: the stored prev_hash; hash-mismatch: the stored hash. */
  actual: string;
}

/** Where a walk stands between two batches. */
export interface ChainCursor {
  /** The seq the next row must have. */
  expectedSeq: number;
  /** The previous row's stored hash; null when the previous row is unknown (the link into the range is then not checked). */
  prevHash: string | null;
}

export interface BatchResult {
  cursor: ChainCursor;
  /** Rows checked in this batch, the broken one included. */
  checked: number;
  broken: BrokenLink | null;
  /** seq of the last row checked, null when none was. */
  lastSeq: number | null;
}

/** The cursor a walk from `from` starts with, given the stored hash of row from - 1 (undefined: no such row). */
export function startCursor(from: number, predecessorHash: string | undefined): ChainCursor {
  if (from <= 1) return { expectedSeq: 1, prevHash: GENESIS_HASH };
  return { expectedSeq: from, prevHash: predecessorHash ?? null };
}

/**
 * Checks rows (ascending seq) against the cursor, stopping at the first broken link. In each row
 * the checks run in this order: the seq is the expected one (a missing row is a `gap`, named by the
 * row after it); prev_hash is the previous row's hash; the stored hash is the recomputed one.
 * (An altered prev_hash also changes the recomputed hash, so it is reported as the cause.)
 */
export function checkBatch(cursor: ChainCursor, rows: readonly ChainRow[]): BatchResult {
  let { expectedSeq, prevHash } = cursor;
  let checked = 0;
  let lastSeq: number | null = null;
  for (const row of rows) {
    checked++;
    lastSeq = row.seq;
    const broken = brokenLink(row, expectedSeq, prevHash);
    if (broken) return { cursor: { expectedSeq: row.seq + 1, prevHash: row.hash }, checked, broken, lastSeq };
    expectedSeq = row.seq + 1;
    prevHash = row.hash;
  }
  return { cursor: { expectedSeq, prevHash }, checked, broken: null, lastSeq };
}

function brokenLink(row: ChainRow, expectedSeq: number, prevHash: string | null): BrokenLink | null {
  const at = { seq: row.seq, id: row.id };
  if (row.seq !== expectedSeq) return { ...at, reason: 'gap', expected: String(expectedSeq), actual: String(row.seq) };
  if (prevHash !== null && row.prevHash !== prevHash) return { ...at, reason: 'prev-hash-mismatch', expected: prevHash, actual: row.prevHash };
  if (row.hash !== row.computed) return { ...at, reason: 'hash-mismatch', expected: row.computed, actual: row.hash };
  return null;
}
