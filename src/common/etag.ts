import { createParamDecorator, type ExecutionContext, Headers } from '@nestjs/common';
import { ApiExtension, ApiHeader } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { DomainError, preconditionRequired } from './errors';

export const etagOf = (version: number): string => `"${version}"`;

/** Parses If-Match into the version it names: 428 when missing, 400 when not one of our ETags. */
export function versionFromIfMatch(header: string | undefined): number {
  if (header === undefined || header.trim() === '') throw preconditionRequired();
  const m = /^(?:W\/)?"(\d{1,9})"$/.exec(header.trim());
  if (!m) {
    throw new DomainError(
      'invalid-if-match',
      { vi: 'If-Match phải là đúng một ETag như lần đọc trả về, ví dụ "3"', en: 'If-Match must be a single ETag as returned by a read, e.g. "3"' },
      {
        errors: [{ field: 'If-Match', message: { vi: 'ETag sai cấu trúc', en: 'malformed ETag' } }],
      },
    );
  }
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

/**
 * Sets the answer's ETag: injected into a handler by @Etag(), the only way a handler sends one, so
 * that the OpenAPI document declares the header on exactly the operations that send it.
 */
export interface EtagSetter {
  /** ETag from the body's version (`"3"`, what If-Match takes back); returns the body. */
  <T extends { version: number }>(body: T): T;
  /** ETag an opaque tag of the content (e.g. its SHA-256), quoted here. */
  of(tag: string): void;
}

/** The operation extension @Etag() leaves for the document (openapi-contract.ts turns it into ETag response headers and removes it). */
export const ETAG_EXTENSION = 'x-sends-etag';
export const VERSION_ETAG = 'The version of what is returned: send it back in If-Match to change it';

const etagSetter = createParamDecorator((_: unknown, ctx: ExecutionContext): EtagSetter => {
  const res = ctx.switchToHttp().getResponse<FastifyReply>();
  const set = <T extends { version: number }>(body: T): T => {
    void res.header('ETag', etagOf(body.version));
    return body;
  };
  return Object.assign(set, { of: (tag: string) => void res.header('ETag', `"${tag}"`) });
});

/** Applies a method decorator from a parameter decorator (to the handler the parameter belongs to). */
const onHandler = (target: object, key: string | symbol | undefined, decorate: MethodDecorator) => {
  if (key === undefined) throw new Error('a handler parameter decorator used on a constructor');
  decorate(target, key, Object.getOwnPropertyDescriptor(target, key)!);
};

/**
 * A handler parameter: the answer's EtagSetter. The operation's successful answers (and a 304)
 * declare the ETag header in the OpenAPI document, described by `description`.
 */
export function Etag(description: string = VERSION_ETAG): ParameterDecorator {
  return (target, key, index) => {
    etagSetter()(target, key, index);
    onHandler(target, key, ApiExtension(ETAG_EXTENSION, description));
  };
}

/**
 * A handler parameter: the raw If-Match header, declared as a request header of the operation.
 * Required (a PATCH: missing is 428) or optional (a transition: a stale one is 412, none is fine).
 */
export function IfMatch(required = true): ParameterDecorator {
  const description = required ? 'The ETag from your last read; a stale one is 412' : 'Optional: the ETag you read; a stale one is 412';
  return (target, key, index) => {
    Headers('if-match')(target, key, index);
    onHandler(target, key, ApiHeader({ name: 'If-Match', required, description }));
  };
}

/** The version an optional If-Match names, undefined when absent (transitions: the row lock serialises them anyway). */
export const optionalVersion = (ifMatch: string | undefined): number | undefined => (ifMatch === undefined ? undefined : versionFromIfMatch(ifMatch));
