import { Module } from '@nestjs/common';
import { LoginFailures } from './login-failures';
import { PgThrottlerStorage } from './pg-throttler.storage';
import { ThrottleRepository } from './throttle.repository';

/** The login throttle's shared storage, given to ThrottlerModule (app.module.ts), and the per-username failure limit (AuthModule). */
@Module({ providers: [ThrottleRepository, PgThrottlerStorage, LoginFailures], exports: [PgThrottlerStorage, LoginFailures] })
export class ThrottleStorageModule {}
