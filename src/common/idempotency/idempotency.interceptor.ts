import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import { from, Observable, of, throwError } from 'rxjs';
import { catchError, mergeMap } from 'rxjs/operators';
import { badRequest, DomainError } from '../errors';
import { IDEMPOTENT } from './idempotent.decorator';
import { IdempotencyRepository } from './idempotency.repository';

const KEY_FORMAT = /^[\x21-\x7e]{1,200}$/;
const REPLAYED_HEADERS = ['etag', 'location'];

/** JSON with object keys sorted, so the same body hashes the same whatever its key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value as object).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * For routes marked @Idempotent(): the first request with a given Idempotency-Key runs and its
 * answer is stored; a retry with the same key and body within 24 h gets that answer again
 * (with `Idempotency-Replayed: true`); the same key with another body is 422; a retry while the
 * first is still running is 409.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly keys: IdempotencyRepository,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (!this.reflector.get<boolean>(IDEMPOTENT, context.getHandler())) return next.handle();
    const req = context.switchToHttp().getRequest<FastifyRequest>();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const header = req.headers['idempotency-key'];
    if (header === undefined) return next.handle();
    const key = Array.isArray(header) ? header[0] : header;
    if (!KEY_FORMAT.test(key)) throw badRequest('invalid-idempotency-key', 'Idempotency-Key must be 1-200 visible ASCII characters', [{ field: 'Idempotency-Key', message: 'malformed' }]);
    const userId = req.auth!.id;
    const route = `${req.method} ${req.routeOptions.url}`;
    const hash = createHash('sha256').update(`${route}\n${req.url}\n${canonicalJson(req.body ?? null)}`).digest('hex');

    return from(this.keys.claim(userId, key, route, hash)).pipe(
      mergeMap((earlier) => {
        if (earlier) {
          if (earlier.request_hash !== hash) {
            throw new DomainError('idempotency-key-reused', 422, 'Unprocessable content', 'This Idempotency-Key was already used for a different request; use a new key for a new request');
          }
          if (earlier.state === 'pending') {
            throw new DomainError('idempotency-key-in-progress', 409, 'Conflict', 'The first request with this Idempotency-Key is still being processed; retry shortly');
          }
          void reply.status(earlier.response_status ?? 200);
          for (const [name, value] of Object.entries(earlier.response_headers ?? {})) void reply.header(name, value);
          void reply.header('idempotency-replayed', 'true');
          return of(earlier.response_body);
        }
        return next.handle().pipe(
          mergeMap((body) => {
            const headers: Record<string, string> = {};
            for (const name of REPLAYED_HEADERS) {
              const v = reply.getHeader(name);
              if (typeof v === 'string') headers[name] = v;
            }
            // Nest sets the route's status after interceptors run: read it as Nest will.
            const status = this.reflector.get<number | undefined>(HTTP_CODE_METADATA, context.getHandler()) ?? (req.method === 'POST' ? 201 : 200);
            return from(this.keys.complete(userId, key, status, body, headers).then(() => body));
          }),
          catchError((err: unknown) => from(this.keys.release(userId, key)).pipe(mergeMap(() => throwError(() => err)))),
        );
      }),
    );
  }
}
