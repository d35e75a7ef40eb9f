import { applyDecorators, UseInterceptors } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import { IdempotencyInterceptor } from './idempotency.interceptor';

/**
 * The route accepts an Idempotency-Key: a retry with the same key and body replays the first answer.
 * The interceptor is bound here, per route, rather than globally: a route without interceptors skips
 * Nest's observable pipeline altogether, and most routes (every GET) have nothing to replay.
 */
export const Idempotent = () =>
  applyDecorators(
    UseInterceptors(IdempotencyInterceptor),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description:
        'Any unique string (1-200 characters). Within 24 h, the same key and body return the first response without creating again; the same key with another body is 422.',
    }),
  );
