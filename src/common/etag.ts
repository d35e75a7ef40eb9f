import type { FastifyReply } from 'fastify';
import { badRequest, preconditionRequired } from './errors';

export const etagOf = (version: number): string => `"${version}"`;

/** Parses If-Match into the version it names: 428 when missing, 400 when not one of our ETags. */
export function versionFromIfMatch(header: string | undefined): number {
  if (header === undefined || header.trim() === '') throw preconditionRequired();
  const m = /^(?:W\/)?"(\d{1,9})"$/.exec(header.trim());
  if (!m) throw badRequest('invalid-if-match', 'If-Match must be a single ETag as returned by a read, e.g. "3"', [{ field: 'If-Match', message: 'malformed ETag' }]);
  return Number(m[1]);
}

/**
 * Whether an If-None-Match header names `etag` (RFC 9110 13.1.2): "*", or a comma-separated list of
 * entity tags compared weakly (W/ ignored on both sides). Our tags never contain a comma.
 */
export function noneMatchHits(header: string | undefined, etag: string): boolean {
  if (header === undefined || header.trim() === '') return false;
  if (header.trim() === '*') return true;
  const opaque = etag.replace(/^W\//, '');
  return header.split(',').some((t) => t.trim().replace(/^W\//, '') === opaque);
}

/** The RFC 9530 Repr-Digest header value of content whose SHA-256 is `sha256Hex`. */
export const reprDigest = (sha256Hex: string): string => `sha-256=:${Buffer.from(sha256Hex, 'hex').toString('base64')}:`;

/** Sets the ETag header from the body's version and returns the body. */
export function withEtag<T extends { version: number }>(res: FastifyReply, body: T): T {
  void res.header('ETag', etagOf(body.version));
  return body;
}
