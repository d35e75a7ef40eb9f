import { Module } from '@nestjs/common';
import { PgThrottlerStorage } from './pg-throttler.storage';
import { ThrottleRepository } from './throttle.repository';

/** The login throttle's shared storage, given to ThrottlerModule (app.module.ts). */
@Module({ providers: [ThrottleRepository, PgThrottlerStorage], exports: [PgThrottlerStorage] })
export class ThrottleStorageModule {}
