/**
 * Anchors of the event log's end, as pure logic. The chain proves that no row between two others was
 * changed or removed, but not that rows were not cut off its end: the head (seq and hash of the last
 * row) is therefore recorded elsewhere from time to time (a table, a file outside the database, each
 * report snapshot, the copy of a report a caller holds), and the log is compared with each record.
 * No NestJS, no database here.
 */
import { GENESIS_HASH } from './event-chain';

/** The head of the log at some moment: seq 0 and the genesis hash for an empty log. */
export interface ChainHead {
  seq: number;
  hash: string;
}

export const ANCHOR_SOURCES = ['schedule', 'report', 'file', 'caller'] as const;
/** Where an anchor was recorded: the event_anchor table, a report snapshot, the anchor file, the request. */
export type AnchorSource = (typeof ANCHOR_SOURCES)[number];

export interface RecordedAnchor extends ChainHead {
  source: AnchorSource;
  /** What holds it: the event_anchor id, the report snapshot id, the file's line number; null for the caller's. */
  ref: string | null;
  /** When it was recorded (ISO UTC); null for the caller's. */
  recordedAt: string | null;
}

export const ANCHOR_BREAK_REASONS = ['tail-truncated', 'anchored-event-missing', 'anchored-hash-mismatch'] as const;
/**
 * - tail-truncated: the log now ends before the anchored seq (its last rows were deleted);
 * - anchored-event-missing: the log goes on past the anchored seq, but that row is gone;
 * - anchored-hash-mismatch: the row at the anchored seq has another hash (rewritten, or the log was
 *   cut and written again past that seq).
 */
export type AnchorBreakReason = (typeof ANCHOR_BREAK_REASONS)[number];

export interface AnchorBreak {
  anchor: RecordedAnchor;
  reason: AnchorBreakReason;
  /** The stored hash of the row at the anchored seq now; null when there is none. */
  actualHash: string | null;
  /** The log's last seq now (0: empty). */
  lastSeq: number;
}

/** SHA-256 as the chain writes it. */
export const CHAIN_HASH = /^[0-9a-f]{64}$/;

/**
 * Compares one anchor with the log: `stored` is the hash of the row with the anchor's seq as stored
 * now (undefined when there is no such row) and `lastSeq` the log's last seq now. An anchor of the
 * empty log (seq 0) holds when its hash is the genesis hash.
 */
export function compareAnchor(anchor: RecordedAnchor, stored: string | undefined, lastSeq: number): AnchorBreak | null {
  if (anchor.seq === 0) return anchor.hash === GENESIS_HASH ? null : { anchor, reason: 'anchored-hash-mismatch', actualHash: GENESIS_HASH, lastSeq };
  if (stored === undefined) return { anchor, reason: anchor.seq > lastSeq ? 'tail-truncated' : 'anchored-event-missing', actualHash: null, lastSeq };
  if (stored !== anchor.hash) return { anchor, reason: 'anchored-hash-mismatch', actualHash: stored, lastSeq };
  return null;
}

/**
 * One line of the anchor file: `{"database":"vpa","seq":12,"hash":"…","recordedAt":"…"}`. The file
 * may serve several databases (development, tests): each line names the one it anchors. A line that
 * is not such an object (a write cut short by a crash) is null.
 */
export interface AnchorLine extends ChainHead {
  database: string;
  recordedAt: string;
}

export function parseAnchorLine(line: string): AnchorLine | null {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    return null;
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return null;
  const o = v as Record<string, unknown>;
  const ok =
    typeof o.database === 'string' &&
    typeof o.seq === 'number' &&
    Number.isSafeInteger(o.seq) &&
    o.seq >= 0 &&
    typeof o.hash === 'string' &&
    CHAIN_HASH.test(o.hash) &&
    typeof o.recordedAt === 'string' &&
    !Number.isNaN(Date.parse(o.recordedAt));
  return ok ? { database: o.database as string, seq: o.seq as number, hash: o.hash as string, recordedAt: o.recordedAt as string } : null;
}

export const anchorLine = (a: AnchorLine): string => `${JSON.stringify({ database: a.database, seq: a.seq, hash: a.hash, recordedAt: a.recordedAt })}\n`;
