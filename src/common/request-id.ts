import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

const WELL_FORMED = /^[A-Za-z0-9._:-]{8,128}$/;

/**
 * The request id: the caller's X-Request-Id when well-formed, a new UUID otherwise.
 * Fastify calls this first; the id is remembered on the raw request so the logger uses the same one.
 */
export function requestIdFor(raw: IncomingMessage): string {
  const existing = (raw as IncomingMessage & { requestId?: string }).requestId;
  if (existing) return existing;
  const header = raw.headers['x-request-id'];
  const candidate = Array.isArray(header) ? header[0] : header;
  const id = candidate && WELL_FORMED.test(candidate) ? candidate : randomUUID();
  (raw as IncomingMessage & { requestId?: string }).requestId = id;
  return id;
}
