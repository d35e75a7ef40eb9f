import { Global, Module } from '@nestjs/common';
import { IdempotencyGate } from './idempotency.gate';
import { IdempotencyHousekeeping } from './idempotency.housekeeping';
import { IdempotencyRepository } from './idempotency.repository';

/** Idempotency-Key support for every route marked @Idempotent() (the decorator binds the interceptor; the gate is global). */
@Global()
@Module({ providers: [IdempotencyRepository, IdempotencyGate, IdempotencyHousekeeping], exports: [IdempotencyRepository, IdempotencyGate] })
export class IdempotencyModule {}
