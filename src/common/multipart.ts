import type { MultipartFile } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { finished } from 'node:stream/promises';
import { DomainError } from './errors';
import type { Localized } from './localized';

/** What an upload's refused parts are told, wherever the upload is read. */
export const PART_MESSAGES = {
  unexpectedFile: { vi: 'tệp không đúng yêu cầu', en: 'unexpected file' },
  requiredFile: { vi: 'thiếu tệp bắt buộc', en: 'required file' },
} as const satisfies Record<string, Localized>;

/** 413: a file cut short at UPLOAD_LIMIT_BYTES by the multipart plugin. */
export const overUploadLimit = () =>
  new DomainError('payload-too-large', { vi: 'Tệp vượt quá giới hạn dung lượng tải lên', en: 'The file is over the upload limit' });

export interface NamedFileLimits {
  /** The largest file, in bytes, and the configuration variable that sets it (named in the 413). */
  maxBytes: number;
  limit: string;
}

/**
 * Reads the named files of a multipart/form-data request into memory. A part may be named by its
 * field or by its file name. Each part's name is checked as soon as its headers arrive, before any of
 * its content is read: an unexpected or repeated part is refused (422) and its bytes are discarded,
 * never kept. A file over `maxBytes` is a 413 naming the limit (at most `maxBytes` of it is held).
 * One file more than there are names is looked at (and refused by its name); any after it are
 * discarded by the parser unseen. On any refusal the rest of the request is still read, and
 * discarded, so the client gets a clean answer.
 */
export async function readNamedFiles<N extends string>(req: FastifyRequest, names: readonly N[], limits: NamedFileLimits): Promise<Record<N, Buffer>> {
  if (!req.isMultipart()) {
    throw new DomainError('unsupported-media-type', {
      vi: `Hãy gửi multipart/form-data kèm các tệp ${names.join(', ')}`,
      en: `Send multipart/form-data with the files ${names.join(', ')}`,
    });
  }
  const found: Partial<Record<N, Buffer>> = {};
  let failure: unknown;
  try {
    for await (const part of req.files({ limits: { fileSize: limits.maxBytes, files: names.length + 1 } })) {
      const byField = names.find((n) => n === part.fieldname || n.replace(/\.csv$/, '') === part.fieldname);
      const name = byField ?? names.find((n) => n === part.filename);
      if (failure === undefined && !name) {
        failure = new DomainError(
          'unexpected-file',
          {
            vi: `Tệp "${part.fieldname}" (${part.filename}) không đúng yêu cầu; cần các tệp ${names.join(', ')}`,
            en: `Unexpected file "${part.fieldname}" (${part.filename}); expected ${names.join(', ')}`,
          },
          { errors: [{ field: part.fieldname, message: PART_MESSAGES.unexpectedFile }] },
        );
      } else if (failure === undefined && name && found[name]) {
        failure = new DomainError(
          'unexpected-file',
          { vi: `Tệp ${name} được gửi hai lần`, en: `The file ${name} was sent twice` },
          {
            errors: [{ field: part.fieldname, message: { vi: 'gửi hai lần', en: 'sent twice' } }],
          },
        );
      }
      if (failure !== undefined || !name) {
        await discard(part);
        continue;
      }
      try {
        found[name] = await part.toBuffer();
      } catch (err) {
        failure = fileSizeError(err, name, limits) ?? err;
        await discard(part);
      }
    }
  } catch (err) {
    // The multipart plugin's own limits (files, parts, fields) and malformed bodies.
    failure ??= fileSizeError(err, names.join(', '), limits) ?? limitError(err, names.length) ?? err;
  }
  if (failure !== undefined) throw failure;
  const missing = names.filter((n) => !found[n]);
  if (missing.length) {
    throw new DomainError(
      'missing-file',
      { vi: `Thiếu tệp: ${missing.join(', ')}`, en: `Missing file(s): ${missing.join(', ')}` },
      {
        errors: missing.map((m) => ({ field: m, message: PART_MESSAGES.requiredFile })),
      },
    );
  }
  return found as Record<N, Buffer>;
}

/** Reads and discards the rest of a part. */
async function discard(part: MultipartFile): Promise<void> {
  const file = part.file;
  if (file.readableEnded || file.destroyed) return;
  file.resume();
  await finished(file).catch(() => undefined);
}

const code = (err: unknown) => (err as { code?: unknown } | null)?.code;

function fileSizeError(err: unknown, name: string, limits: NamedFileLimits): DomainError | undefined {
  if (code(err) !== 'FST_REQ_FILE_TOO_LARGE') return undefined;
  return new DomainError(
    'payload-too-large',
    {
      vi: `${name} vượt quá ${limits.maxBytes.toLocaleString('vi-VN')} byte (${limits.limit})`,
      en: `${name} is over ${limits.maxBytes.toLocaleString('en')} bytes (${limits.limit})`,
    },
    { extra: { limit: limits.limit, max: limits.maxBytes } },
  );
}

function limitError(err: unknown, files: number): DomainError | undefined {
  const c = code(err);
  if (c === 'FST_FILES_LIMIT')
    return new DomainError(
      'payload-too-large',
      { vi: `Chỉ đọc tối đa ${files} tệp`, en: `At most ${files} files are read` },
      { extra: { limit: 'files', max: files } },
    );
  if (c === 'FST_PARTS_LIMIT' || c === 'FST_FIELDS_LIMIT') {
    return new DomainError(
      'payload-too-large',
      { vi: 'Yêu cầu có quá nhiều phần (UPLOAD_MAX_PARTS)', en: 'Too many parts in the request (UPLOAD_MAX_PARTS)' },
      { extra: { limit: 'UPLOAD_MAX_PARTS' } },
    );
  }
  return undefined;
}
