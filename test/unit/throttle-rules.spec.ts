import { type ThrottleState, throttleExpiresMs, throttleHit } from '../../src/auth/throttle/throttle.rules';

describe('throttleHit (login throttle, one fixed window per key)', () => {
  const TTL = 60_000;
  const BLOCK = 60_000;
  /** Attempts at the given times, from no state; the outcomes. */
  const run = (times: number[], limit = 3, block = BLOCK) => {
    let s: ThrottleState | null = null;
    return times.map((t) => {
      const r = throttleHit(s, t, TTL, limit, block);
      s = r.next;
      return r;
    });
  };

  it('counts attempts in the window the first one opened, and blocks the one past the limit', () => {
    const r = run([0, 1_000, 2_000, 3_000]);
    expect(r.map((x) => x.outcome.totalHits)).toEqual([1, 2, 3, 4]);
    expect(r.map((x) => x.outcome.isBlocked)).toEqual([false, false, false, true]);
    expect(r[0].outcome.timeToExpire).toBe(60);
    expect(r[2].outcome.timeToExpire).toBe(58);
    expect(r[3].outcome).toEqual({ totalHits: 4, timeToExpire: 57, isBlocked: true, timeToBlockExpire: 60 });
  });

  it('refuses attempts while blocked without counting them, until the block is over; then starts afresh', () => {
    const r = run([0, 1, 2, 3, 30_000, 60_002, 60_003]); // blocked at 3, until 60,003
    expect(r[4].outcome).toEqual({ totalHits: 4, timeToExpire: 30, isBlocked: true, timeToBlockExpire: 31 });
    expect(r[5].outcome.isBlocked).toBe(true);
    expect(r[5].outcome.timeToBlockExpire).toBe(1); // rounded up, never 0 while blocked
    expect(r[6].outcome).toEqual({ totalHits: 1, timeToExpire: 60, isBlocked: false, timeToBlockExpire: 0 });
    expect(r[6].next).toEqual({ hits: 1, windowEndsMs: 60_003 + TTL, blockedUntilMs: null });
  });

  it('opens a new window once the old one has ended (under the limit)', () => {
    const r = run([0, 1_000, 60_000, 60_001]);
    expect(r.map((x) => x.outcome.totalHits)).toEqual([1, 2, 1, 2]);
    expect(r[2].next.windowEndsMs).toBe(60_000 + TTL);
  });

  it('keeps the block past the end of the window it started in', () => {
    const r = run([50_000, 50_001, 50_002, 59_000, 70_000]);
    expect(r[3].outcome.isBlocked).toBe(true);
    expect(r[4].outcome).toMatchObject({ isBlocked: true, timeToBlockExpire: 49 });
  });

  it('with no block duration, refuses attempts over the limit until the window ends', () => {
    const r = run([0, 1, 2, 3, 59_999, 60_000], 3, 0);
    expect(r.map((x) => x.outcome.isBlocked)).toEqual([false, false, false, true, true, false]);
    expect(r[3].outcome).toEqual({ totalHits: 4, timeToExpire: 60, isBlocked: true, timeToBlockExpire: 60 });
    expect(r[4].next.hits).toBe(3);
    expect(r[5].outcome.totalHits).toBe(1);
  });

  it('a limit of 1 blocks the second attempt', () => {
    expect(run([0, 1], 1).map((x) => x.outcome.isBlocked)).toEqual([false, true]);
  });

  it('a row can go once its window and its block are both over', () => {
    expect(throttleExpiresMs({ hits: 2, windowEndsMs: 100, blockedUntilMs: null })).toBe(100);
    expect(throttleExpiresMs({ hits: 4, windowEndsMs: 100, blockedUntilMs: 250 })).toBe(250);
    expect(throttleExpiresMs({ hits: 4, windowEndsMs: 300, blockedUntilMs: 250 })).toBe(300);
  });
});
