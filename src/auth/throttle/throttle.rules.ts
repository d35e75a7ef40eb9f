/**
 * The login throttle's counting rule, shared by every instance through the database (throttle_counter):
 * a fixed window per key. The first attempt opens a window of `ttlMs`; each attempt counts; the one
 * that passes `limit` blocks the key for `blockMs` (attempts while blocked are refused and not
 * counted); when the block is over, the key starts afresh. With `blockMs` 0 an attempt over the limit
 * is refused until the window ends. Times are milliseconds of one clock (the database's).
 */
export interface ThrottleState {
  hits: number;
  windowEndsMs: number;
  blockedUntilMs: number | null;
}

/** What @nestjs/throttler's guard reads (ThrottlerStorageRecord): times in whole seconds, rounded up. */
export interface ThrottleOutcome {
  totalHits: number;
  timeToExpire: number;
  isBlocked: boolean;
  timeToBlockExpire: number;
}

const seconds = (ms: number) => Math.max(0, Math.ceil(ms / 1000));

export function throttleHit(
  prev: ThrottleState | null,
  nowMs: number,
  ttlMs: number,
  limit: number,
  blockMs: number,
): { next: ThrottleState; outcome: ThrottleOutcome } {
  let s: ThrottleState = prev ?? { hits: 0, windowEndsMs: nowMs + ttlMs, blockedUntilMs: null };
  if (s.blockedUntilMs !== null && s.blockedUntilMs <= nowMs) s = { hits: 0, windowEndsMs: nowMs + ttlMs, blockedUntilMs: null };
  if (s.blockedUntilMs === null && s.windowEndsMs <= nowMs) s = { hits: 0, windowEndsMs: nowMs + ttlMs, blockedUntilMs: null };

  if (s.blockedUntilMs !== null) {
    return {
      next: s,
      outcome: { totalHits: s.hits, timeToExpire: seconds(s.windowEndsMs - nowMs), isBlocked: true, timeToBlockExpire: seconds(s.blockedUntilMs - nowMs) },
    };
  }
  if (blockMs <= 0 && s.hits >= limit) {
    return {
      next: s,
      outcome: { totalHits: s.hits + 1, timeToExpire: seconds(s.windowEndsMs - nowMs), isBlocked: true, timeToBlockExpire: seconds(s.windowEndsMs - nowMs) },
    };
  }
  const hits = s.hits + 1;
  const blockedUntilMs = hits > limit && blockMs > 0 ? nowMs + blockMs : null;
  const next = { hits, windowEndsMs: s.windowEndsMs, blockedUntilMs };
  return {
    next,
    outcome: {
      totalHits: hits,
      timeToExpire: seconds(s.windowEndsMs - nowMs),
      isBlocked: blockedUntilMs !== null,
      timeToBlockExpire: blockedUntilMs === null ? 0 : seconds(blockedUntilMs - nowMs),
    },
  };
}

/** When a key's row can go: its window and any block are over. */
export const throttleExpiresMs = (s: ThrottleState): number => Math.max(s.windowEndsMs, s.blockedUntilMs ?? 0);
