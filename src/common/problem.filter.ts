import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Inject, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DATABASE_RETRY_AFTER_SECONDS, databaseProblemOf } from './db-errors';
import { databaseOutage } from './db-outage';
import { DomainError, type ProblemDetails } from './errors';
import { multipartProblemOf } from './input-guard';
import { APP_CONFIG, type AppConfig } from './config';
import { type Lang, languageOf } from './language';
import type { Localized } from './localized';
import { CODE_OF_STATUS, PROBLEM_BASE, problemType, titleOf } from './problem-codes';

/** How recent a lost connection explains a "query runner already released" error (see databaseProblemOf). */
const CONNECTION_LOSS_WINDOW_MS = 10_000;

export interface ProblemOutcome {
  problem: ProblemDetails;
  /** A fault on our side: logged in full with the request id. */
  unexpected: boolean;
  /** Seconds for the Retry-After header (every 503 has one). */
  retryAfter?: number;
  /** What the database error was, when the problem comes from one (see db-errors.ts). */
  database?: 'unavailable' | 'timeout' | 'constraint';
}

/** Fastify's own refusals, in each language (the English is Fastify's message unless said here). */
const FASTIFY_DETAILS: Record<string, Partial<Localized>> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { vi: 'Nội dung yêu cầu không phải JSON hợp lệ', en: 'The request body is not valid JSON' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { vi: 'Nội dung yêu cầu không phải JSON hợp lệ', en: 'The request body is not valid JSON' },
  FST_ERR_CTP_BODY_TOO_LARGE: { vi: 'Nội dung yêu cầu vượt quá dung lượng cho phép' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { vi: 'Kiểu nội dung (Content-Type) của yêu cầu không được hỗ trợ' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { vi: 'Độ dài nội dung yêu cầu không khớp với Content-Length' },
  FST_ERR_BAD_URL: { vi: 'Đường dẫn không phải chuỗi UTF-8 mã hoá phần trăm hợp lệ' },
  FST_ERR_MAX_PARAM_LENGTH: { vi: 'Tham số trên đường dẫn dài quá giới hạn' },
};

/** The problem of a status that Nest or Fastify chose (the code from the status, `http-<status>` when none). */
function httpProblem(status: number, detail: Localized, lang: Lang, instance: string | undefined): ProblemDetails {
  const code = CODE_OF_STATUS[status];
  const title = code ? titleOf(code)[lang] : lang === 'vi' ? 'Lỗi' : 'Error';
  return { type: code ? problemType(code) : `${PROBLEM_BASE}http-${status}`, title, status, detail: detail[lang], instance };
}

/**
 * Maps any thrown error to one RFC 9457 problem in `lang` (its title, detail and field messages; the
 * type and status are the same in every language). Never leaks a stack; unknown errors are logged in
 * full. A database error is mapped by databaseProblemOf (503 when the database is unreachable or gave
 * up, 409/422 for a constraint violation), so no route answers 500 for those.
 */
export function toProblem(err: unknown, lang: Lang, instance?: string): ProblemOutcome {
  const outcome = problemOf(err, instance, lang);
  if (outcome.problem.status === 503) outcome.retryAfter ??= DATABASE_RETRY_AFTER_SECONDS;
  return outcome;
}

function problemOf(err: unknown, instance: string | undefined, lang: Lang): ProblemOutcome {
  if (err instanceof DomainError) {
    // A rule that knows when to come back says so (e.g. an Idempotency-Key still held): the header too.
    const retryAfter = typeof err.extra?.retryAfterSeconds === 'number' ? err.extra.retryAfterSeconds : undefined;
    return { unexpected: false, problem: err.toProblem(lang, instance), ...(retryAfter !== undefined ? { retryAfter } : {}) };
  }
  // Fastify's own errors (bad JSON, body too large, wrong content type) carry a 4xx statusCode; Nest
  // hands them over wrapped in an HttpException (the FastifyError is its cause).
  const fst = (err instanceof HttpException ? err.cause : err) as { statusCode?: unknown; code?: unknown; message?: unknown } | undefined;
  if (typeof fst?.statusCode === 'number' && fst.statusCode >= 400 && fst.statusCode < 500 && typeof fst.code === 'string' && fst.code.startsWith('FST_')) {
    const known = FASTIFY_DETAILS[fst.code] ?? {};
    const code = CODE_OF_STATUS[fst.statusCode];
    const detail = { vi: known.vi ?? (code ? titleOf(code).vi : 'Yêu cầu không hợp lệ'), en: known.en ?? String(fst.message) };
    const problem = httpProblem(fst.statusCode, detail, lang, instance);
    if (!code) problem.title = titleOf('bad-request')[lang];
    return { unexpected: false, problem };
  }
  if (err instanceof HttpException) {
    const status = err.getStatus();
    const body = err.getResponse();
    let message = typeof body === 'string' ? body : (body as { message?: unknown }).message;
    if (Array.isArray(message)) message = message.join('; ');
    const code = CODE_OF_STATUS[status];
    const generic = code ? titleOf(code) : { vi: 'Lỗi', en: 'Error' };
    let detail: Localized = { vi: generic.vi, en: typeof message === 'string' ? message : generic.en };
    if (status === 404 && typeof message === 'string' && message.startsWith('Cannot ')) {
      const route = message.slice('Cannot '.length);
      detail = { vi: `Không có đường dẫn ${route}`, en: `No route ${route}` };
    }
    if (status === 429) detail = { vi: 'Quá nhiều yêu cầu; hãy chờ một phút rồi thử lại', en: 'Too many requests; wait a minute and try again' };
    return { unexpected: status >= 500, problem: httpProblem(status, detail, lang, instance) };
  }
  // A multipart body the parser cannot read (it throws plain Errors): 400 `invalid-multipart`.
  const multipart = multipartProblemOf(err);
  if (multipart) return { unexpected: false, problem: multipart.toProblem(lang, instance) };
  const db = databaseProblemOf(err, { connectionLostRecently: databaseOutage.lostConnectionWithin(CONNECTION_LOSS_WINDOW_MS) });
  if (db) {
    const database = db.code === 'database-unavailable' ? 'unavailable' : db.code === 'database-timeout' ? 'timeout' : 'constraint';
    const retryAfter = typeof db.extra?.retryAfterSeconds === 'number' ? db.extra.retryAfterSeconds : undefined;
    return { unexpected: false, database, problem: db.toProblem(lang, instance), ...(retryAfter !== undefined ? { retryAfter } : {}) };
  }
  const internal = new DomainError('internal-error', {
    vi: 'Đã xảy ra lỗi ngoài dự kiến; lỗi đã được ghi lại cùng mã yêu cầu (requestId) này',
    en: 'An unexpected error occurred; it has been logged with this request id',
  });
  return { unexpected: true, problem: internal.toProblem(lang, instance) };
}

/**
 * Sends a problem in `lang`: its media type, Content-Language, and Vary: Accept-Language (another
 * language gets other words, never another type or status).
 */
export function sendProblem(reply: FastifyReply, problem: ProblemDetails, lang: Lang): void {
  const vary = reply.getHeader('vary');
  const varies = typeof vary === 'string' && vary.trim() !== '' ? (/\baccept-language\b/i.test(vary) ? vary : `${vary}, Accept-Language`) : 'Accept-Language';
  void reply
    .status(problem.status)
    .header('content-type', 'application/problem+json; charset=utf-8')
    .header('content-language', lang)
    .header('vary', varies)
    .send(JSON.stringify(problem));
}

/** The language a request's problems are written in: its Accept-Language, else the configured default. */
export const problemLanguage = (req: FastifyRequest | undefined, fallback: Lang): Lang => languageOf(req?.headers?.['accept-language'], fallback);

@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemFilter');

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  catch(err: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const req = ctx.getRequest<FastifyRequest>();
    const reply = ctx.getResponse<FastifyReply>();
    const lang = problemLanguage(req, this.config.defaultLanguage);
    const { problem, unexpected, retryAfter, database } = toProblem(err, lang, req?.url?.split('?')[0]);
    problem.requestId = req?.id;
    if (unexpected) this.logger.error({ err, requestId: req?.id }, 'Unhandled error');
    // An outage is logged once (then at most every 30 s with a count), not once per request.
    else if (database === 'unavailable') databaseOutage.failure(err);
    else if (database === 'timeout')
      this.logger.warn({ requestId: req?.id, reason: err instanceof Error ? err.message : String(err) }, 'Database statement cancelled (timeout)');
    if (retryAfter !== undefined) void reply.header('retry-after', String(retryAfter));
    sendProblem(reply, problem, lang);
  }
}

/**
 * Fastify's router answers some malformed requests itself, before any hook or Nest handler: a path
 * that is not valid percent-encoded UTF-8 (400) or a path parameter over its length limit (414). This
 * makes those answers problems too (FastifyAdapter's `frameworkErrors`).
 */
export function sendFrameworkProblem(err: unknown, req: FastifyRequest, reply: FastifyReply, defaultLanguage: Lang): void {
  const lang = problemLanguage(req, defaultLanguage);
  const { problem } = toProblem(err, lang, req.url.split('?')[0]);
  problem.requestId = req.id;
  void reply.header('x-request-id', req.id);
  sendProblem(reply, problem, lang);
}
