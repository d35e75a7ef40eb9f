import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';

export const IDEMPOTENT = 'vpa:idempotent';

/** The route accepts an Idempotency-Key: a retry with the same key and body replays the first answer. */
export const Idempotent = () =>
  applyDecorators(
    SetMetadata(IDEMPOTENT, true),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description: 'Any unique string (1-200 characters). Within 24 h, the same key and body return the first response without creating again; the same key with another body is 422.',
    }),
  );
