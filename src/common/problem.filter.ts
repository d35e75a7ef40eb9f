import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DATABASE_RETRY_AFTER_SECONDS, databaseProblemOf } from './db-errors';
import { databaseOutage } from './db-outage';
import { DomainError, FieldError } from './errors';
import { multipartProblemOf } from './input-guard';

/** How recent a lost connection explains a "query runner already released" error (see databaseProblemOf). */
const CONNECTION_LOSS_WINDOW_MS = 10_000;

/** Stable problem type URIs; docs/problems.md lists every code. */
export const PROBLEM_BASE = 'urn:vn-public-assets:problem:';

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  requestId?: string;
  errors?: FieldError[];
  [extra: string]: unknown;
}

const HTTP_CODES: Record<number, [string, string]> = {
  400: ['bad-request', 'Bad request'],
  401: ['unauthorized', 'Unauthorized'],
  403: ['forbidden', 'Forbidden'],
  404: ['not-found', 'Not found'],
  405: ['method-not-allowed', 'Method not allowed'],
  406: ['not-acceptable', 'Not acceptable'],
  409: ['conflict', 'Conflict'],
  413: ['payload-too-large', 'Payload too large'],
  414: ['uri-too-long', 'URI too long'],
  415: ['unsupported-media-type', 'Unsupported media type'],
  422: ['unprocessable-content', 'Unprocessable content'],
  429: ['too-many-requests', 'Too many requests'],
  503: ['service-unavailable', 'Service unavailable'],
};

export interface ProblemOutcome {
  problem: ProblemDetails;
  /** A fault on our side: logged in full with the request id. */
  unexpected: boolean;
  /** Seconds for the Retry-After header (every 503 has one). */
  retryAfter?: number;
  /** What the database error was, when the problem comes from one (see db-errors.ts). */
  database?: 'unavailable' | 'timeout' | 'constraint';
}

function fromDomainError(err: DomainError, instance: string | undefined): ProblemDetails {
  // Extras first, so they can never overwrite the standard members.
  return { ...(err.extra ?? {}), type: PROBLEM_BASE + err.code, title: err.title, status: err.status, detail: err.message, instance, ...(err.errors ? { errors: err.errors } : {}) };
}

/**
 * Maps any thrown error to one RFC 9457 problem. Never leaks a stack; unknown errors are logged in full.
 * A database error is mapped by databaseProblemOf (503 when the database is unreachable or gave up,
 * 409/422 for a constraint violation), so no route answers 500 for those.
 */
export function toProblem(err: unknown, instance?: string): ProblemOutcome {
  const outcome = problemOf(err, instance);
  if (outcome.problem.status === 503) outcome.retryAfter ??= DATABASE_RETRY_AFTER_SECONDS;
  return outcome;
}

function problemOf(err: unknown, instance: string | undefined): ProblemOutcome {
  if (err instanceof DomainError) {
    // A rule that knows when to come back says so (e.g. an Idempotency-Key still held): the header too.
    const retryAfter = typeof err.extra?.retryAfterSeconds === 'number' ? err.extra.retryAfterSeconds : undefined;
    return { unexpected: false, problem: fromDomainError(err, instance), ...(retryAfter !== undefined ? { retryAfter } : {}) };
  }
  if (err instanceof HttpException) {
    const status = err.getStatus();
    const [code, title] = HTTP_CODES[status] ?? [`http-${status}`, 'Error'];
    const body = err.getResponse();
    let detail = typeof body === 'string' ? body : (body as { message?: unknown }).message;
    if (Array.isArray(detail)) detail = detail.join('; ');
    if (status === 404 && typeof detail === 'string' && detail.startsWith('Cannot ')) detail = `No route ${detail.slice('Cannot '.length)}`;
    if (status === 429) detail = 'Too many requests; wait a minute and try again';
    return { unexpected: status >= 500, problem: { type: PROBLEM_BASE + code, title, status, detail: typeof detail === 'string' ? detail : title, instance } };
  }
  // A multipart body the parser cannot read (it throws plain Errors): 400 `invalid-multipart`.
  const multipart = multipartProblemOf(err);
  if (multipart) return { unexpected: false, problem: fromDomainError(multipart, instance) };
  // Fastify's own errors (bad JSON, body too large, wrong content type) carry a 4xx statusCode.
  const fst = err as { statusCode?: unknown; code?: unknown; message?: unknown };
  if (typeof fst?.statusCode === 'number' && fst.statusCode >= 400 && fst.statusCode < 500 && typeof fst.code === 'string' && fst.code.startsWith('FST_')) {
    const [code, title] = HTTP_CODES[fst.statusCode] ?? [`http-${fst.statusCode}`, 'Bad request'];
    const detail = fst.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || fst.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ? 'The request body is not valid JSON' : String(fst.message);
    return { unexpected: false, problem: { type: PROBLEM_BASE + code, title, status: fst.statusCode, detail, instance } };
  }
  const db = databaseProblemOf(err, { connectionLostRecently: databaseOutage.lostConnectionWithin(CONNECTION_LOSS_WINDOW_MS) });
  if (db) {
    const database = db.code === 'database-unavailable' ? 'unavailable' : db.code === 'database-timeout' ? 'timeout' : 'constraint';
    const retryAfter = typeof db.extra?.retryAfterSeconds === 'number' ? db.extra.retryAfterSeconds : undefined;
    return { unexpected: false, database, problem: fromDomainError(db, instance), ...(retryAfter !== undefined ? { retryAfter } : {}) };
  }
  return {
    unexpected: true,
    problem: { type: PROBLEM_BASE + 'internal-error', title: 'Internal server error', status: 500, detail: 'An unexpected error occurred; it has been logged with this request id', instance },
  };
}

@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemFilter');

  catch(err: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const req = ctx.getRequest<FastifyRequest>();
    const reply = ctx.getResponse<FastifyReply>();
    const { problem, unexpected, retryAfter, database } = toProblem(err, req?.url?.split('?')[0]);
    problem.requestId = req?.id;
    if (unexpected) this.logger.error({ err, requestId: req?.id }, 'Unhandled error');
    // An outage is logged once (then at most every 30 s with a count), not once per request.
    else if (database === 'unavailable') databaseOutage.failure(err);
    else if (database === 'timeout') this.logger.warn({ requestId: req?.id, reason: err instanceof Error ? err.message : String(err) }, 'Database statement cancelled (timeout)');
    if (retryAfter !== undefined) void reply.header('retry-after', String(retryAfter));
    void reply.status(problem.status).header('content-type', 'application/problem+json; charset=utf-8').send(JSON.stringify(problem));
  }
}

/**
 * Fastify's router answers some malformed requests itself, before any hook or Nest handler: a path
 * that is not valid percent-encoded UTF-8 (400) or a path parameter over its length limit (414). This
 * makes those answers problems too (FastifyAdapter's `frameworkErrors`).
 */
export function sendFrameworkProblem(err: unknown, req: FastifyRequest, reply: FastifyReply): void {
  const { problem } = toProblem(err, req.url.split('?')[0]);
  problem.requestId = req.id;
  void reply.status(problem.status).header('x-request-id', req.id).header('content-type', 'application/problem+json; charset=utf-8').send(JSON.stringify(problem));
}
