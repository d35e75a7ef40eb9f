import { Injectable } from '@nestjs/common';
import { badRequest, DomainError } from '../errors';
import { IdempotencyRepository } from './idempotency.repository';

const KEY_FORMAT = /^[\x21-\x7e]{1,200}$/;

export interface Replay {
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

/**
 * The Idempotency-Key rules, for the interceptor (JSON bodies) and for the few use cases that can
 * only hash their request once they have read it (multipart uploads): the first request with a key
 * runs; the same key and request within 24 h replays its answer; another request under the same
 * key is 422; a retry while the first still runs is 409.
 */
@Injectable()
export class IdempotencyGate {
  constructor(private readonly keys: IdempotencyRepository) {}

  assertWellFormed(key: string): void {
    if (!KEY_FORMAT.test(key)) throw badRequest('invalid-idempotency-key', 'Idempotency-Key must be 1-200 visible ASCII characters', [{ field: 'Idempotency-Key', message: 'malformed' }]);
  }

  /** Null when this request is the first with the key (go ahead), else the answer to replay. */
  async begin(userId: string, key: string, route: string, requestHash: string): Promise<Replay | null> {
    this.assertWellFormed(key);
    const earlier = await this.keys.claim(userId, key, route, requestHash);
    if (!earlier) return null;
    if (earlier.request_hash !== requestHash) {
      throw new DomainError('idempotency-key-reused', 422, 'Unprocessable content', 'This Idempotency-Key was already used for a different request; use a new key for a new request');
    }
    if (earlier.state === 'pending') {
      throw new DomainError('idempotency-key-in-progress', 409, 'Conflict', 'The first request with this Idempotency-Key is still being processed; retry shortly');
    }
    return { status: earlier.response_status ?? 200, body: earlier.response_body, headers: earlier.response_headers ?? {} };
  }

  finish(userId: string, key: string, status: number, body: unknown, headers: Record<string, string>): Promise<void> {
    return this.keys.complete(userId, key, status, body, headers);
  }

  /** The request failed: forget the key so a retry runs again. */
  abort(userId: string, key: string): Promise<void> {
    return this.keys.release(userId, key);
  }
}
