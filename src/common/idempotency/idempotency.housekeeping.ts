import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { IdempotencyRepository } from './idempotency.repository';

const EVERY_MS = 60 * 60 * 1000;

/** Drops idempotency keys past their 24-hour window: at start, then hourly. */
@Injectable()
export class IdempotencyHousekeeping implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Idempotency');
  private timer?: NodeJS.Timeout;

  constructor(private readonly keys: IdempotencyRepository) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.purge();
    this.timer = setInterval(() => void this.purge(), EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
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
