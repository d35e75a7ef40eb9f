import type { FastifyRequest } from 'fastify';
import { DomainError, unprocessable } from './errors';

/**
 * Reads the named files of a multipart/form-data request into memory (sizes are capped by the
 * multipart plugin's limit from config). A part may be named by its field or by its file name.
 */
export async function readNamedFiles<N extends string>(req: FastifyRequest, names: readonly N[]): Promise<Record<N, Buffer>> {
  if (!req.isMultipart()) {
    throw new DomainError('unsupported-media-type', 415, 'Unsupported media type', `Send multipart/form-data with the files ${names.join(', ')}`);
  }
  const found: Partial<Record<N, Buffer>> = {};
  for await (const part of req.files()) {
    const byField = names.find((n) => n === part.fieldname || n.replace(/\.csv$/, '') === part.fieldname);
    const name = byField ?? names.find((n) => n === part.filename);
    const content = await part.toBuffer();
    if (!name) throw unprocessable('unexpected-file', `Unexpected file "${part.fieldname}" (${part.filename}); expected ${names.join(', ')}`, [{ field: part.fieldname, message: 'unexpected file' }]);
    found[name] = content;
  }
  const missing = names.filter((n) => !found[n]);
  if (missing.length) {
    throw unprocessable('missing-file', `Missing file(s): ${missing.join(', ')}`, missing.map((m) => ({ field: m, message: 'required file' })));
  }
  return found as Record<N, Buffer>;
}
