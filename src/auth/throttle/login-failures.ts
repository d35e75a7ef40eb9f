import { Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { APP_CONFIG, type AppConfig } from '../../common/config';
import { DomainError } from '../../common/errors';
import { Transactions } from '../../database/transaction';
import { ThrottleRepository } from './throttle.repository';
import { throttleHit } from './throttle.rules';

/**
 * The second login limit: failed sign-ins per username, from any address (the first, in
 * LoginThrottlerGuard, counts every attempt per address and username). A wrong password, an unknown
 * or disabled account and a wrong or replayed TOTP code each count; after LOGIN_USERNAME_RATE_LIMIT
 * of them within LOGIN_USERNAME_RATE_WINDOW_SECONDS the username is blocked for that long, and every
 * attempt, even with the right password, is 429 with Retry-After. Counted in throttle_counter (one
 * limit across instances) under a hash of the username.
 */
@Injectable()
export class LoginFailures {
  constructor(
    private readonly tx: Transactions,
    private readonly counters: ThrottleRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Refuses (429) a username that is blocked. */
  async assertOpen(username: string): Promise<void> {
    const seconds = await this.counters.blockedSeconds(keyOf(username));
    if (seconds !== null) throw tooManyFailures(seconds);
  }

  /** Counts one failure; the one that reaches the limit blocks the username for the window's length. */
  async record(username: string): Promise<void> {
    const windowMs = this.config.loginUsernameRateWindowSeconds * 1000;
    await this.tx.run(async () => {
      const { state, nowMs } = await this.counters.lockForHit(keyOf(username));
      // throttleHit blocks the hit that passes its limit: with limit - 1, the limit-th failure blocks.
      const { next } = throttleHit(state, nowMs, windowMs, this.config.loginUsernameRateLimit - 1, windowMs);
      await this.counters.save(keyOf(username), next);
    });
  }
}

const keyOf = (username: string) => `login-username:${createHash('sha256').update(username.toLowerCase()).digest('hex')}`;

const tooManyFailures = (seconds: number) =>
  new DomainError(
    'too-many-requests',
    {
      vi: `Tên đăng nhập này đã đăng nhập sai quá nhiều lần; hãy thử lại sau ${seconds} giây`,
      en: `Too many failed sign-ins for this username; try again in ${seconds} s`,
    },
    { extra: { retryAfterSeconds: seconds } },
  );
