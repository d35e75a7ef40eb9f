import { Global, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { IdempotencyGate } from './idempotency.gate';
import { IdempotencyHousekeeping } from './idempotency.housekeeping';
import { IdempotencyInterceptor } from './idempotency.interceptor';
import { IdempotencyRepository } from './idempotency.repository';

/** Idempotency-Key support for every route marked @Idempotent(). */
@Global()
@Module({ providers: [IdempotencyRepository, IdempotencyGate, IdempotencyHousekeeping, { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor }], exports: [IdempotencyRepository, IdempotencyGate] })
export class IdempotencyModule {}
