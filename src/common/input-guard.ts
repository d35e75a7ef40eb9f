/**
 * The edge's refusal of hostile input, decided once for every route before any pipe,
 * interceptor, service or SQL sees the request:
 *
 * - JSON nested deeper than MAX_JSON_DEPTH levels: 400 `too-deep` (nothing recursive ever walks it);
 * - a string (or object key) in the body, the query or the path holding a C0 control character other
 *   than tab, CR and LF, DEL, or a lone UTF-16 surrogate: 400 `invalid-text` naming the field path
 *   (PostgreSQL refuses NUL in text and lone surrogates in jsonb: these were 500s, and a dropped
 *   connection mid-stream for the exports);
 * - a multipart/* request without a usable boundary: 400 `invalid-multipart`, and a multipart body the
 *   parser finds malformed (cut short) is the same 400 wherever it is read (multipartProblemOf).
 *
 * Every walk here is iterative, with an explicit stack: the walk itself cannot overflow the call stack.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DomainError, type FieldError } from './errors';
import type { Lang } from './language';
import type { Localized } from './localized';
import { type ProblemCode, titleOf } from './problem-codes';

/** The deepest JSON accepted: `{"a":[1]}` is 2 levels. The API's deepest body (a nested unit ref in an array) needs 3. */
export const MAX_JSON_DEPTH = 32;

/** C0 controls except tab (09), LF (0A) and CR (0D), and DEL. */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

const hex = (c: string): string => `U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;

/** Why a string cannot be stored as text, or null when it can. */
export function textFault(s: string): Localized | null {
  const control = CONTROL.exec(s);
  if (control)
    return {
      vi: `chứa ký tự điều khiển ${hex(control[0])} (chỉ cho phép tab, CR và LF)`,
      en: `contains the control character ${hex(control[0])} (only tab, CR and LF are allowed)`,
    };
  const lone = LONE_SURROGATE.exec(s);
  if (lone)
    return {
      vi: `chứa một nửa cặp UTF-16 (${hex(lone[0])}) đứng riêng: không phải văn bản Unicode hợp lệ`,
      en: `contains a lone UTF-16 surrogate (${hex(lone[0])}): not valid Unicode text`,
    };
  return null;
}

export interface InputFault {
  kind: 'too-deep' | 'invalid-text';
  /** The field path: `reason`, `currentUnit.code`, `clauseIds[1]` (empty for the whole value). */
  field: string;
  message: Localized;
}

/** The fault of JSON nested past `maxDepth` at `field`. */
export const tooDeepFault = (field = '', maxDepth = MAX_JSON_DEPTH): InputFault => ({
  kind: 'too-deep',
  field,
  message: { vi: `lồng sâu quá ${maxDepth} cấp`, en: `nested deeper than ${maxDepth} levels` },
});

const childPath = (path: string, key: string): string => (path === '' ? key : `${path}.${key}`);

/**
 * The first fault in a parsed JSON value (or query/params object), found without recursion: too deep
 * (the first container past `maxDepth`), or a string or key that textFault refuses. Depth counts
 * containers: a top-level object is level 1.
 */
export function findInputFault(value: unknown, maxDepth = MAX_JSON_DEPTH): InputFault | null {
  const stack: { v: unknown; path: string; depth: number }[] = [{ v: value, path: '', depth: 0 }];
  while (stack.length > 0) {
    const { v, path, depth } = stack.pop()!;
    if (typeof v === 'string') {
      const fault = textFault(v);
      if (fault) return { kind: 'invalid-text', field: path, message: fault };
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (depth + 1 > maxDepth) return tooDeepFault(path, maxDepth);
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ v: v[i], path: `${path}[${i}]`, depth: depth + 1 });
      continue;
    }
    const keys = Object.keys(v);
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i];
      const keyFault = textFault(key);
      if (keyFault)
        return {
          kind: 'invalid-text',
          field: childPath(path, JSON.stringify(key).slice(1, -1)),
          message: { vi: `tên của nó ${keyFault.vi}`, en: `its name ${keyFault.en}` },
        };
      stack.push({ v: (v as Record<string, unknown>)[key], path: childPath(path, key), depth: depth + 1 });
    }
  }
  return null;
}

type Where = 'body' | 'query' | 'path' | 'form';
const WHERE_TEXT: Record<Where, Localized> = {
  body: { vi: 'nội dung yêu cầu', en: 'the request body' },
  query: { vi: 'chuỗi truy vấn', en: 'the query string' },
  path: { vi: 'đường dẫn', en: 'the path' },
  form: { vi: 'các trường của biểu mẫu', en: 'the form fields' },
};

/** The 400 for a fault found in `where`. */
export function inputFaultError(fault: InputFault, where: Where): DomainError {
  const field = fault.field === '' ? `(${where})` : fault.field;
  const errors: FieldError[] = [{ field, message: fault.message }];
  if (fault.kind === 'too-deep') {
    return new DomainError(
      'too-deep',
      {
        vi: `JSON trong ${WHERE_TEXT[where].vi} lồng sâu quá ${MAX_JSON_DEPTH} cấp`,
        en: `The JSON in ${WHERE_TEXT[where].en} is nested deeper than ${MAX_JSON_DEPTH} levels`,
      },
      { errors },
    );
  }
  return new DomainError(
    'invalid-text',
    {
      vi: `Văn bản không hợp lệ trong ${WHERE_TEXT[where].vi}: ${field} ${fault.message.vi}`,
      en: `Invalid text in ${WHERE_TEXT[where].en}: ${field} ${fault.message.en}`,
    },
    { errors },
  );
}

/** Throws the 400 for the first fault in `value` (see findInputFault). */
export function assertCleanInput(value: unknown, where: Where): void {
  const fault = findInputFault(value);
  if (fault) throw inputFaultError(fault, where);
}

// ---------------------------------------------------------------------------------------------------
// Multipart

/** RFC 2046 boundary characters (`bchars`); 1-70 of them, not ending with a space. */
const BOUNDARY = /^[0-9A-Za-z'()+_,\-./:=? ]{0,69}[0-9A-Za-z'()+_,\-./:=?]$/;

/** What is wrong with a multipart Content-Type's boundary, or null when it is usable. */
export function multipartBoundaryFault(contentType: string): Localized | null {
  const m = /;\s*boundary\s*=\s*(?:"([^"]*)"|([^;\s]*))/i.exec(contentType);
  if (!m) return { vi: 'không có tham số boundary', en: 'has no boundary parameter' };
  const boundary = m[1] ?? m[2] ?? '';
  if (!BOUNDARY.test(boundary))
    return { vi: 'có boundary không gồm 1-70 ký tự mà RFC 2046 cho phép', en: 'has a boundary that is not 1-70 of the characters RFC 2046 allows' };
  return null;
}

const invalidMultipart = (detail: Localized) =>
  new DomainError('invalid-multipart', detail, {
    errors: [{ field: '(body)', message: { vi: 'multipart/form-data không đúng cấu trúc', en: 'malformed multipart/form-data' } }],
  });

/** Messages of the multipart parser (busboy / dicer) for a body it cannot read. */
const MULTIPART_PARSE_ERRORS = [
  /^Unexpected end of multipart data$/,
  /terminated early due to unexpected end of multipart data$/,
  /^Multipart: Boundary not found$/,
  /^Boundary required$/,
  /^Malformed part header$/,
  /^The needle cannot (be an empty String\/Buffer|have a length bigger than 256)\.$/,
];

/**
 * The 400 for an error the multipart parser raised on a malformed body (it raises plain Errors, with
 * no status), wherever the upload was being read; undefined for any other error.
 */
export function multipartProblemOf(err: unknown): DomainError | undefined {
  if (!(err instanceof Error) || (err as { statusCode?: unknown }).statusCode !== undefined || err instanceof DomainError) return undefined;
  if (!MULTIPART_PARSE_ERRORS.some((re) => re.test(err.message))) return undefined;
  return invalidMultipart({
    vi: `Nội dung multipart/form-data không đúng cấu trúc (${err.message}); hãy gửi biểu mẫu đầy đủ với ranh giới (boundary) mà Content-Type nêu`,
    en: `The multipart/form-data body is malformed (${err.message}); send a complete form with the boundary its Content-Type names`,
  });
}

// ---------------------------------------------------------------------------------------------------
// Requests Node's HTTP parser refuses before any route (Fastify's clientErrorHandler)

const CLIENT_ERRORS: Record<string, { code: ProblemCode; detail: Localized }> = {
  HPE_HEADER_OVERFLOW: {
    code: 'request-header-fields-too-large',
    detail: {
      vi: 'Các tiêu đề của yêu cầu lớn hơn mức máy chủ chấp nhận (tổng cộng 16 KiB)',
      en: 'The request headers are larger than the server accepts (16 KiB in all)',
    },
  },
  ERR_HTTP_REQUEST_TIMEOUT: { code: 'request-timeout', detail: { vi: 'Yêu cầu không đến kịp thời gian cho phép', en: 'The request did not arrive in time' } },
};
const MALFORMED_HTTP = {
  code: 'bad-request',
  detail: {
    vi: 'Yêu cầu không phải HTTP đúng cấu trúc (ví dụ: có ký tự không hợp lệ trong một tiêu đề)',
    en: 'The request is not well-formed HTTP (e.g. an invalid character in a header)',
  },
} as const;

/**
 * Answers a request the HTTP parser could not read (a header too large, an invalid character in a
 * header, a malformed request line) with a problem, as Fastify's default handler does with plain JSON;
 * the connection is then closed. There is no request id, and no Accept-Language: the request was never
 * read, so the problem is in the configured default language.
 */
export function clientErrorProblem(err: Error & { code?: string }, socket: import('node:net').Socket, lang: Lang): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const { code, detail } = CLIENT_ERRORS[err.code ?? ''] ?? MALFORMED_HTTP;
  const problem = new DomainError(code, detail).toProblem(lang);
  const body = JSON.stringify(problem);
  if (socket.writable) {
    // The status line keeps its English reason phrase (HTTP/1.1's, not the problem's title).
    const head = `HTTP/1.1 ${problem.status} ${titleOf(code).en}\r\nContent-Type: application/problem+json; charset=utf-8\r\nContent-Language: ${lang}`;
    socket.write(`${head}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
  }
  socket.destroy(err);
}

// ---------------------------------------------------------------------------------------------------
// The hook

function checkRequest(req: FastifyRequest): void {
  const contentType = req.headers['content-type'];
  if (typeof contentType === 'string' && /^\s*multipart\//i.test(contentType)) {
    const fault = multipartBoundaryFault(contentType);
    if (fault) {
      throw invalidMultipart({
        vi: `Content-Type multipart ${fault.vi}: hãy gửi ví dụ multipart/form-data; boundary=----form1234`,
        en: `The multipart Content-Type ${fault.en}: send e.g. multipart/form-data; boundary=----form1234`,
      });
    }
  }
  assertCleanInput(req.params, 'path');
  assertCleanInput(req.query, 'query');
  // A multipart body is a stream read by the route (its fields are checked where they are read).
  if (req.body !== undefined && !req.isMultipart?.()) assertCleanInput(req.body, 'body');
}

/**
 * Registers the check on every route: a preValidation hook runs after the body is parsed and before
 * the route's guards, interceptors and pipes (so before NFC normalisation and the idempotency hash).
 */
export function registerInputGuard(fastify: FastifyInstance): void {
  fastify.addHook('preValidation', (req, _reply, done) => {
    try {
      checkRequest(req);
      done();
    } catch (err) {
      done(err as Error);
    }
  });
}
