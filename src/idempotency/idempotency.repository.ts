import { Injectable } from '@nestjs/common';
import { Db } from '../database/transaction';

export interface StoredKey {
  route: string;
  request_hash: string;
  state: 'pending' | 'done';
  response_status: number | null;
  response_body: unknown;
  response_headers: Record<string, string> | null;
  /** Seconds until a pending claim's lease runs out (0 when it has). */
  lease_left: number;
}

export const IDEMPOTENCY_WINDOW_HOURS = 24;
/**
 * How long a request holds its claim on a key. A request that has not answered by then is dead or
 * stuck (statements time out well before): a retry may take the key over, and the first request's
 * answer, if it ever comes, is refused (its transaction rolls back), so only one of them writes.
 */
export const IDEMPOTENCY_LEASE_SECONDS = 60;

/** All SQL about idempotency keys. */
@Injectable()
export class IdempotencyRepository {
  constructor(private readonly db: Db) {}

  /**
   * Claims a key for a new request under `token`: a new key, one past its window, or a pending one of
   * the same request whose lease ran out. Returns null when claimed, otherwise the stored entry.
   * Commits on its own (it is called before the request's transaction opens).
   */
  async claim(userId: string, key: string, route: string, hash: string, token: string): Promise<StoredKey | null> {
    const claimed: unknown[] = await this.db.query(
      `INSERT INTO idempotency_key (user_id, key, route, request_hash, claim_token, lease_until)
       VALUES ($1, $2, $3, $4, $5, now() + make_interval(secs => $7))
       ON CONFLICT (user_id, key) DO UPDATE SET route = excluded.route, request_hash = excluded.request_hash, state = 'pending',
         response_status = NULL, response_body = NULL, response_headers = NULL, created_at = now(),
         claim_token = excluded.claim_token, lease_until = excluded.lease_until
       WHERE idempotency_key.created_at < now() - make_interval(hours => $6)
          OR (idempotency_key.state = 'pending' AND idempotency_key.request_hash = excluded.request_hash
              AND coalesce(idempotency_key.lease_until, '-infinity') < now())
       RETURNING 1`,
      [userId, key, route, hash, token, IDEMPOTENCY_WINDOW_HOURS, IDEMPOTENCY_LEASE_SECONDS],
    );
    if (claimed.length) return null;
    const rows: StoredKey[] = await this.db.query(
      `SELECT route, request_hash, state, response_status, response_body, response_headers,
         greatest(0, ceil(extract(epoch FROM coalesce(lease_until, now()) - now())))::int AS lease_left
       FROM idempotency_key WHERE user_id = $1 AND key = $2`,
      [userId, key],
    );
    return rows[0] ?? null;
  }

  /**
   * Records the answer, in the transaction of the change it answers, if `token` still holds the claim.
   * Returns false when it does not (the lease ran out and a retry took the key over).
   */
  async complete(userId: string, key: string, token: string, status: number, body: unknown, headers: Record<string, string>): Promise<boolean> {
    const [, count] = (await this.db.query(
      `UPDATE idempotency_key SET state = 'done', response_status = $4, response_body = $5, response_headers = $6, claim_token = NULL, lease_until = NULL
       WHERE user_id = $1 AND key = $2 AND claim_token = $3 AND state = 'pending'`,
      [userId, key, token, status, JSON.stringify(body ?? null), JSON.stringify(headers)],
    )) as [unknown, number];
    return count === 1;
  }

  /** The request failed before its change was kept: free the key at once (else its lease does). */
  async release(userId: string, key: string, token: string): Promise<void> {
    await this.db.query(`DELETE FROM idempotency_key WHERE user_id = $1 AND key = $2 AND claim_token = $3 AND state = 'pending'`, [userId, key, token]);
  }

  /** Housekeeping: drop keys past the window. */
  async purgeExpired(): Promise<number> {
    const [, count] = (await this.db.query(`DELETE FROM idempotency_key WHERE created_at < now() - make_interval(hours => $1)`, [
      IDEMPOTENCY_WINDOW_HOURS,
    ])) as [unknown, number];
    return count;
  }
}
