import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { Transactions } from '../database/transaction';
import { DomainError } from '../common/errors';
import { IdempotencyRepository } from './idempotency.repository';

const KEY_FORMAT = /^[\x21-\x7e]{1,200}$/;

export interface Replay {
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

/** A request's hold on its key, from begin() to the answer. */
export interface Claim {
  userId: string;
  key: string;
  token: string;
}

export type Answer = { status: number; body: unknown; headers: Record<string, string> };

/**
 * The Idempotency-Key rules, for the interceptor (JSON bodies) and for the few use cases that can
 * only hash their request once they have read it (multipart uploads): the first request with a key
 * claims it for a short lease and runs; its answer is written in the same transaction as the change
 * it answers (so a change is never kept without its answer, nor an answer without its change); the
 * same key and request within 24 h replay that answer; another request under the same key is 422; a
 * retry while the first still holds its lease is 409 with Retry-After, and once the lease has run
 * out (the first request died) the retry runs.
 */
@Injectable()
export class IdempotencyGate {
  private readonly logger = new Logger('Idempotency');

  constructor(
    private readonly keys: IdempotencyRepository,
    private readonly tx: Transactions,
  ) {}

  assertWellFormed(key: string): void {
    if (!KEY_FORMAT.test(key)) {
      throw new DomainError(
        'invalid-idempotency-key',
        { vi: 'Idempotency-Key phải gồm 1-200 ký tự ASCII nhìn thấy được', en: 'Idempotency-Key must be 1-200 visible ASCII characters' },
        {
          errors: [{ field: 'Idempotency-Key', message: { vi: 'sai cấu trúc', en: 'malformed' } }],
        },
      );
    }
  }

  /** The claim when this request is the first with the key (go ahead), else the answer to replay. */
  async begin(userId: string, key: string, route: string, requestHash: string): Promise<{ claim: Claim } | { replay: Replay }> {
    this.assertWellFormed(key);
    const token = randomUUID();
    // Outside any transaction: the claim must be seen by a concurrent retry at once.
    const earlier = await this.tx.detached(() => this.keys.claim(userId, key, route, requestHash, token));
    if (!earlier) return { claim: { userId, key, token } };
    if (earlier.request_hash !== requestHash) {
      throw new DomainError('idempotency-key-reused', {
        vi: 'Idempotency-Key này đã được dùng cho một yêu cầu khác; hãy dùng khoá mới cho yêu cầu mới',
        en: 'This Idempotency-Key was already used for a different request; use a new key for a new request',
      });
    }
    if (earlier.state === 'pending') {
      throw new DomainError(
        'idempotency-key-in-progress',
        {
          vi: 'Yêu cầu đầu tiên với Idempotency-Key này vẫn đang được xử lý; hãy thử lại sau ít phút',
          en: 'The first request with this Idempotency-Key is still being processed; retry shortly',
        },
        { extra: { retryAfterSeconds: Math.max(1, earlier.lease_left) } },
      );
    }
    return { replay: { status: earlier.response_status ?? 200, body: earlier.response_body, headers: earlier.response_headers ?? {} } };
  }

  /**
   * Runs `work` in one transaction with the recording of its answer: if the claim was lost meanwhile
   * (its lease ran out and a retry took the key), nothing of `work` is kept and the answer is 409.
   * On failure the key is freed for a retry.
   */
  async run<T>(claim: Claim, work: () => Promise<T>, answer: (result: T) => Answer): Promise<T> {
    try {
      return await this.tx.run(async () => {
        const result = await work();
        const { status, body, headers } = answer(result);
        if (!(await this.keys.complete(claim.userId, claim.key, claim.token, status, body, headers))) {
          throw new DomainError(
            'idempotency-key-in-progress',
            {
              vi: 'Yêu cầu này chạy quá thời hạn giữ Idempotency-Key và một lần gửi lại đã tiếp quản khoá; không có gì của yêu cầu này được lưu',
              en: 'This request took longer than its Idempotency-Key lease and a retry took it over; nothing of this one was kept',
            },
            { extra: { retryAfterSeconds: 1 } },
          );
        }
        return result;
      });
    } catch (err) {
      await this.tx
        .detached(() => this.keys.release(claim.userId, claim.key, claim.token))
        .catch((releaseErr: unknown) => {
          // The lease frees the key anyway; the request's own error is what the client must see.
          this.logger.warn({ err: releaseErr }, 'Could not release an Idempotency-Key claim; its lease will');
        });
      throw err;
    }
  }
}
