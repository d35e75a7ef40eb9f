import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import { runPeriodically } from '../../common/periodic';
import { Transactions } from '../../database/transaction';
import { ThrottleRepository } from './throttle.repository';
import { type ThrottleOutcome, throttleHit } from './throttle.rules';

const SWEEP_EVERY_MS = 10 * 60 * 1000;

/**
 * @nestjs/throttler's storage in PostgreSQL, so that the login limit is one limit whatever the number
 * of instances. Each attempt is one short transaction that locks its key's counter, applies
 * throttleHit() and writes it back (logins are rare: the round trips cost nothing that matters).
 * Counters past their window and block are deleted at start and every 10 minutes.
 */
@Injectable()
export class PgThrottlerStorage implements ThrottlerStorage, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('LoginThrottle');
  private stop?: () => void;

  constructor(
    private readonly tx: Transactions,
    private readonly counters: ThrottleRepository,
  ) {}

  increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<ThrottleOutcome> {
    const id = `${throttlerName}:${key}`;
    return this.tx.run(async () => {
      const { state, nowMs } = await this.counters.lockForHit(id);
      const { next, outcome } = throttleHit(state, nowMs, ttl, limit, blockDuration);
      await this.counters.save(id, next);
      return outcome;
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    this.stop = await runPeriodically(() => this.sweep(), SWEEP_EVERY_MS);
  }

  onApplicationShutdown(): void {
    this.stop?.();
  }

  async sweep(): Promise<number> {
    try {
      return await this.counters.deleteExpired();
    } catch (err) {
      this.logger.warn({ err }, 'Could not delete expired login-throttle counters');
      return 0;
    }
  }
}
