import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import { from, lastValueFrom, Observable } from 'rxjs';
import { inputFaultError, MAX_JSON_DEPTH, tooDeepFault } from '../common/input-guard';
import { IdempotencyGate } from './idempotency.gate';

const REPLAYED_HEADERS = ['etag', 'location'];

/**
 * JSON with object keys sorted, so the same body hashes the same whatever its key order. Recursive,
 * but never deeper than MAX_JSON_DEPTH: the edge (input-guard.ts) refuses deeper bodies first, and a
 * deeper value reaching here anyway is the same 400 `too-deep`, not a stack overflow.
 */
export function canonicalJson(value: unknown, depth = 0): string {
  if (value !== null && typeof value === 'object' && depth >= MAX_JSON_DEPTH) {
    throw inputFaultError(tooDeepFault(), 'body');
  }
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v, depth + 1)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value as object)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k], depth + 1)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * Bound to each route marked @Idempotent(); for a JSON body the request hash is the route, the URL and the
 * canonical body (see IdempotencyGate for the rules). The handler runs inside the transaction that
 * records its answer: the use case's own transaction joins it, so the change and the key's answer
 * commit together or not at all. Multipart requests are left to their use case, which hashes what it
 * reads (the body is a stream the interceptor cannot see) and uses the gate the same way.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly gate: IdempotencyGate,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<FastifyRequest>();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const header = req.headers['idempotency-key'];
    if (header === undefined || req.isMultipart()) return next.handle();
    const key = Array.isArray(header) ? header[0] : header;
    this.gate.assertWellFormed(key);
    const userId = req.auth!.id;
    const route = `${req.method} ${req.routeOptions.url}`;
    const hash = createHash('sha256')
      .update(`${route}\n${req.url}\n${canonicalJson(req.body ?? null)}`)
      .digest('hex');

    const answer = (body: unknown) => {
      const headers: Record<string, string> = {};
      for (const name of REPLAYED_HEADERS) {
        const v = reply.getHeader(name);
        if (typeof v === 'string') headers[name] = v;
      }
      // Nest sets the route's status after interceptors run: read it as Nest will.
      // A handler that chose its status itself (e.g. 202 for a queued job) set it on the reply.
      const status =
        reply.statusCode !== 200
          ? reply.statusCode
          : (this.reflector.get<number | undefined>(HTTP_CODE_METADATA, context.getHandler()) ?? (req.method === 'POST' ? 201 : 200));
      return { status, body, headers };
    };

    return from(
      (async () => {
        const begun = await this.gate.begin(userId, key, route, hash);
        if ('replay' in begun) {
          void reply.status(begun.replay.status);
          for (const [name, value] of Object.entries(begun.replay.headers)) void reply.header(name, value);
          void reply.header('idempotency-replayed', 'true');
          return begun.replay.body;
        }
        // next.handle() is called inside the gate's transaction: Nest runs the handler in the async
        // context of that call, so the use case's repositories use this transaction.
        // The handler may have set an ETag or Location before the transaction failed to commit (e.g. its
        // claim was taken over): they name what was not kept, so the error answer drops them.
        return this.gate
          .run(begun.claim, () => lastValueFrom(next.handle(), { defaultValue: undefined }), answer)
          .catch((err: unknown) => {
            for (const name of REPLAYED_HEADERS) void reply.removeHeader(name);
            throw err;
          });
      })(),
    );
  }
}
