import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { runPeriodically } from '../common/periodic';
import { IdempotencyRepository } from './idempotency.repository';

const EVERY_MS = 60 * 60 * 1000;

/** Drops idempotency keys past their 24-hour window: at start, then hourly. */
@Injectable()
export class IdempotencyHousekeeping implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Idempotency');
  private stop?: () => void;

  constructor(private readonly keys: IdempotencyRepository) {}

  async onApplicationBootstrap(): Promise<void> {
    this.stop = await runPeriodically(() => this.purge(), EVERY_MS);
  }

  onApplicationShutdown(): void {
    this.stop?.();
  }

  async purge(): Promise<number> {
    try {
      const n = await this.keys.purgeExpired();
      if (n) this.logger.log(`Dropped ${n} expired idempotency key(s)`);
      return n;
    } catch (err) {
      this.logger.warn({ err }, 'Could not drop expired idempotency keys');
      return 0;
    }
  }
}
