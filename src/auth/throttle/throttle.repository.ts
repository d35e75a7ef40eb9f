import { Injectable } from '@nestjs/common';
import { Db } from '../../database/transaction';
import { type ThrottleState, throttleExpiresMs } from './throttle.rules';

const MS = (col: string) => `(extract(epoch FROM ${col}) * 1000)::float8`;
const AT = (param: string) => `to_timestamp(${param}::float8 / 1000)`;

@Injectable()
export class ThrottleRepository {
  constructor(private readonly db: Db) {}

  /**
   * Locks the key's counter for this transaction (created empty if new) and reads it, with the
   * database's clock: every instance counts on the same clock.
   */
  async lockForHit(key: string): Promise<{ state: ThrottleState; nowMs: number }> {
    await this.db.query(`INSERT INTO throttle_counter (key, hits, window_ends, expires_at) VALUES ($1, 0, now(), now()) ON CONFLICT (key) DO NOTHING`, [key]);
    const [r]: { hits: number; window_ends_ms: number; blocked_until_ms: number | null; now_ms: number }[] = await this.db.query(
      `SELECT hits, ${MS('window_ends')} AS window_ends_ms, ${MS('blocked_until')} AS blocked_until_ms, ${MS('clock_timestamp()')} AS now_ms
         FROM throttle_counter WHERE key = $1 FOR UPDATE`,
      [key],
    );
    return { state: { hits: r.hits, windowEndsMs: r.window_ends_ms, blockedUntilMs: r.blocked_until_ms }, nowMs: r.now_ms };
  }

  async save(key: string, s: ThrottleState): Promise<void> {
    await this.db.query(
      `UPDATE throttle_counter SET hits = $2, window_ends = ${AT('$3')}, blocked_until = ${AT('$4')}, expires_at = ${AT('$5')} WHERE key = $1`,
      [key, s.hits, s.windowEndsMs, s.blockedUntilMs, throttleExpiresMs(s)],
    );
  }

  /** Whole seconds (rounded up) until the key's block ends, by the database's clock; null when it is not blocked. Takes no lock. */
  async blockedSeconds(key: string): Promise<number | null> {
    const rows: { seconds: number }[] = await this.db.query(
      `SELECT ceil(extract(epoch FROM blocked_until - clock_timestamp()))::int AS seconds FROM throttle_counter WHERE key = $1 AND blocked_until > clock_timestamp()`,
      [key],
    );
    return rows.length ? Math.max(1, rows[0].seconds) : null;
  }

  /** Deletes the counters whose window and block are over; how many. */
  async deleteExpired(): Promise<number> {
    const [, count] = (await this.db.query(`DELETE FROM throttle_counter WHERE expires_at < now()`)) as [unknown, number];
    return count;
  }
}
