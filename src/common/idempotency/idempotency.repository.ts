import { Injectable } from '@nestjs/common';
import { Db } from '../../database/transaction';

export interface StoredKey {
  route: string;
  request_hash: string;
  state: 'pending' | 'done';
  response_status: number | null;
  response_body: unknown;
  response_headers: Record<string, string> | null;
}

export const IDEMPOTENCY_WINDOW_HOURS = 24;

/** All SQL about idempotency keys. */
@Injectable()
export class IdempotencyRepository {
  constructor(private readonly db: Db) {}

  /**
   * Claims a key for a new request. Returns null when claimed (new, or the old one had expired),
   * otherwise the stored entry of the earlier request.
   */
  async claim(userId: string, key: string, route: string, hash: string): Promise<StoredKey | null> {
    const claimed: unknown[] = await this.db.query(
      `INSERT INTO idempotency_key (user_id, key, route, request_hash) VALUES ($1, $2, $3, $4)
       ON CONFLICT (user_id, key) DO UPDATE SET route = excluded.route, request_hash = excluded.request_hash, state = 'pending',
         response_status = NULL, response_body = NULL, response_headers = NULL, created_at = now()
       WHERE idempotency_key.created_at < now() - make_interval(hours => $5)
       RETURNING 1`,
      [userId, key, route, hash, IDEMPOTENCY_WINDOW_HOURS],
    );
    if (claimed.length) return null;
    const rows: StoredKey[] = await this.db.query(
      `SELECT route, request_hash, state, response_status, response_body, response_headers FROM idempotency_key WHERE user_id = $1 AND key = $2`,
      [userId, key],
    );
    return rows[0] ?? null;
  }

  async complete(userId: string, key: string, status: number, body: unknown, headers: Record<string, string>): Promise<void> {
    await this.db.query(
      `UPDATE idempotency_key SET state = 'done', response_status = $3, response_body = $4, response_headers = $5 WHERE user_id = $1 AND key = $2`,
      [userId, key, status, JSON.stringify(body ?? null), JSON.stringify(headers)],
    );
  }

  /** The request failed: forget the key so a retry runs again. */
  async release(userId: string, key: string): Promise<void> {
    await this.db.query(`DELETE FROM idempotency_key WHERE user_id = $1 AND key = $2 AND state = 'pending'`, [userId, key]);
  }

  /** Housekeeping: drop keys past the window. */
  async purgeExpired(): Promise<number> {
    const [, count] = (await this.db.query(`DELETE FROM idempotency_key WHERE created_at < now() - make_interval(hours => $1)`, [IDEMPOTENCY_WINDOW_HOURS])) as [unknown, number];
    return count;
  }
}
