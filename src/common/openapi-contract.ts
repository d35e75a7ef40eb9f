import type { OpenAPIObject } from '@nestjs/swagger';
import { ETAG_EXTENSION } from './etag';

/**
 * The error contract of the OpenAPI document, written once: every error is an RFC 9457 problem
 * (`application/problem+json`, the Problem schema: the standard members plus `errors[]` and
 * `requestId`), and every operation declares the statuses it can answer with, derived here from what
 * the operation is (signed in or public, with a path parameter, a body, a query, If-Match, an
 * Idempotency-Key, an upload). A test records every status the e2e suite observes per operation and
 * fails on one this does not declare, so the rules cannot drift from the code.
 */

type Json = Record<string, unknown>;
interface Operation {
  parameters?: { name: string; in: string }[];
  requestBody?: { content?: Record<string, unknown> };
  responses?: Record<string, Json>;
  security?: unknown[];
  summary?: string;
}

const PROBLEM_MEDIA = 'application/problem+json';
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/** What each error status means here (the description shown with it). */
export const ERROR_STATUSES: Record<number, string> = {
  400: 'Bad request: malformed JSON, query or header; a body nested too deep; control characters or lone surrogates in text',
  401: 'Not signed in: no token, or an expired, revoked or forged one',
  403: 'Your role may not do this (or an admin must first enrol a second factor)',
  404: 'Not found, or outside your province: the two look the same on purpose',
  406: 'None of the media types in Accept can be produced',
  409: 'Conflict with the stored state (a taken code, a status that does not allow this step, an Idempotency-Key still in use)',
  412: 'The resource changed since you read it: the If-Match ETag is stale',
  413: 'The body or upload is too large',
  415: 'The body has a media type this operation does not take',
  422: 'The request is well formed but breaks a rule; `errors[]` names each field',
  428: 'This update needs an If-Match header with the ETag you read',
  429: 'Too many requests: see Retry-After',
  500: 'A fault on our side, logged with the request id',
  503: 'The database is unavailable or busy, or the server is shutting down: see Retry-After',
};

export interface OperationTraits {
  method: string;
  path: string;
  signedIn: boolean;
  hasPathParams: boolean;
  hasQuery: boolean;
  hasBody: boolean;
  multipart: boolean;
  ifMatch: boolean;
  idempotent: boolean;
}

/** Operations the login throttle, the job limit or the TOTP throttle guard (they answer 429). */
const THROTTLED = new Set(['POST /api/v1/auth/login', 'POST /api/v1/reports', 'POST /api/v1/auth/totp/confirm', 'POST /api/v1/auth/totp/disable']);

/** The error statuses an operation can answer with: a pure rule over what it is. */
export function errorStatusesOf(op: OperationTraits): number[] {
  const s = new Set<number>([400, 500, 503]);
  if (op.signedIn) s.add(401).add(403);
  if (op.hasPathParams || op.hasBody || op.hasQuery) s.add(404);
  if (op.hasBody || op.hasQuery || op.hasPathParams) s.add(422);
  // Any write may be sent a body (too large, or of a media type it does not take), and may conflict.
  if (op.hasBody || op.method !== 'get') s.add(413).add(415).add(409);
  // If-Match (required on every PATCH, optional on transitions): a stale one, or a missing one.
  if (op.ifMatch) s.add(412).add(428);
  if (op.idempotent) s.add(409).add(422);
  if (THROTTLED.has(`${op.method.toUpperCase()} ${op.path}`)) s.add(429);
  return [...s].sort((a, b) => a - b);
}

const PROBLEM_SCHEMAS: Record<string, Json> = {
  FieldError: {
    type: 'object',
    required: ['field', 'message'],
    properties: {
      field: { type: 'string', description: 'The field, query parameter or header, as a path (e.g. `team.0.name`)' },
      message: { type: 'string' },
      file: { type: 'string', description: 'For file imports: the file' },
      line: { type: 'integer', description: 'For file imports: the line (1 = the header)' },
    },
  },
  Problem: {
    type: 'object',
    description:
      'RFC 9457 problem details. `type` is stable (urn:vn-public-assets:problem:<code>; docs/problems.md lists every code); other members depend on it.',
    required: ['type', 'title', 'status', 'detail'],
    properties: {
      type: { type: 'string', example: 'urn:vn-public-assets:problem:validation-failed' },
      title: { type: 'string' },
      status: { type: 'integer', minimum: 400, maximum: 599 },
      detail: { type: 'string' },
      instance: { type: 'string', description: 'The path of the request' },
      requestId: { type: 'string', description: 'The X-Request-Id of the request, as logged' },
      errors: { type: 'array', items: ref('FieldError') },
      retryAfterSeconds: { type: 'integer', description: 'When a retry may succeed (also the Retry-After header)' },
    },
    additionalProperties: true,
  },
};

const RETRY_AFTER = { description: 'Seconds to wait before retrying', schema: { type: 'integer', minimum: 0 } };
const IDEMPOTENCY_REPLAYED = {
  description: '`true` when this is the stored answer to an earlier request with the same Idempotency-Key and body: nothing was done again',
  schema: { type: 'string', example: 'true' },
};

/**
 * The response headers of an operation's successful answers, from what the operation is: ETag where
 * its handler takes the @Etag() setter (the extension that decorator leaves, removed here; a 304
 * carries the ETag too), Idempotency-Replayed where @Idempotent() accepts an Idempotency-Key.
 */
function declareSuccessHeaders(op: Operation & Json, idempotent: boolean): void {
  const etag = op[ETAG_EXTENSION];
  delete op[ETAG_EXTENSION];
  for (const [status, response] of Object.entries(op.responses ?? {})) {
    const success = /^2\d\d$/.test(status);
    const headers: Json = { ...((response.headers as Json | undefined) ?? {}) };
    if (typeof etag === 'string' && (success || status === '304')) headers.ETag = { description: etag, schema: { type: 'string' } };
    if (idempotent && success) headers['Idempotency-Replayed'] = IDEMPOTENCY_REPLAYED;
    if (Object.keys(headers).length) response.headers = headers;
  }
}

function traitsOf(method: string, path: string, op: Operation): OperationTraits {
  const params = op.parameters ?? [];
  const content = Object.keys(op.requestBody?.content ?? {});
  return {
    method,
    path,
    signedIn: (op.security ?? []).length > 0,
    hasPathParams: params.some((p) => p.in === 'path'),
    hasQuery: params.some((p) => p.in === 'query'),
    hasBody: op.requestBody !== undefined,
    multipart: content.includes('multipart/form-data'),
    ifMatch: params.some((p) => p.in === 'header' && p.name.toLowerCase() === 'if-match'),
    idempotent: params.some((p) => p.in === 'header' && p.name.toLowerCase() === 'idempotency-key'),
  };
}

/** Adds the error contract and the response headers to a generated document (in place) and returns it. */
export function withErrorContract(doc: OpenAPIObject): OpenAPIObject {
  const components = (doc.components ??= {}) as Json & { schemas?: Json };
  components.schemas = { ...(components.schemas ?? {}), ...PROBLEM_SCHEMAS };
  doc.servers = [{ url: '/', description: 'This server (the API is under /api/v1; health probes under /health)' }];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, raw] of Object.entries(item as Record<string, Operation>)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const op = raw;
      // An operation without a security requirement is public: say so, rather than inherit one.
      op.security ??= [];
      const responses = (op.responses ??= {});
      const traits = traitsOf(method, path, op);
      declareSuccessHeaders(op as Operation & Json, traits.idempotent);
      // The derived statuses, and any error a controller declared itself (e.g. login's 401).
      const declared = Object.keys(responses)
        .map(Number)
        .filter((n) => n >= 400);
      for (const status of [...new Set([...errorStatusesOf(traits), ...declared])].sort((x, y) => x - y)) {
        const existing = responses[String(status)] ?? {};
        responses[String(status)] = {
          ...existing,
          description: typeof existing.description === 'string' && existing.description !== '' ? existing.description : (ERROR_STATUSES[status] ?? 'Error'),
          content: { [PROBLEM_MEDIA]: { schema: ref('Problem') } },
          ...(status === 429 || status === 503 || status === 409 ? { headers: { 'Retry-After': RETRY_AFTER } } : {}),
        };
      }
    }
  }
  return doc;
}
