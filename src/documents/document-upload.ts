import type { Multipart, MultipartFile } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import type { Readable } from 'node:stream';
import { DomainError, unprocessable } from '../common/errors';
import { type DocumentStorage, FileTooLargeError, type StagedFile } from './document-storage';

/** The one file part of a document upload. */
export const FILE_PART = 'file';

export const unsupportedMediaType = (detail: string) => new DomainError('unsupported-media-type', 415, 'Unsupported media type', detail);
export const payloadTooLarge = (limit: number) => new DomainError('payload-too-large', 413, 'Payload too large', `The file is over the document limit of ${limit} bytes`, undefined, { limitBytes: limit });

/** Media types guessed from the extension when a client sends application/octet-stream (curl -F, some mobile apps). */
const BY_EXTENSION: Record<string, string> = {
  pdf: 'application/pdf',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  tif: 'image/tiff',
  tiff: 'image/tiff',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  doc: 'application/msword',
  xls: 'application/vnd.ms-excel',
};

/** The declared media type without parameters, lower case; a generic one is replaced by the extension's. */
export function mediaTypeOf(declared: string | undefined, fileName: string): string {
  const type = (declared ?? '').split(';')[0].trim().toLowerCase();
  if (type !== '' && type !== 'application/octet-stream') return type;
  const ext = /\.([^.]+)$/.exec(fileName)?.[1].toLowerCase();
  return (ext && BY_EXTENSION[ext]) || type || 'application/octet-stream';
}

/** The base name as sent, in NFC, without control characters. */
export function cleanFileName(raw: string | undefined): string {
  const base = (raw ?? '').split(/[\\/]/).pop() ?? '';
  return base.normalize('NFC').replace(/[\x00-\x1f\x7f]/g, '').trim();
}

export interface ReceivedUpload<T> {
  /** What `prepare` made of the fields that came before the file. */
  prepared: T;
  file: StagedFile;
  fileName: string;
  mediaType: string;
}

export interface UploadOptions<T> {
  storage: DocumentStorage;
  maxBytes: number;
  allowedTypes: readonly string[];
  /** Validates the fields (all sent before the file) and resolves what they name; throws to refuse. */
  prepare(fields: Record<string, string>): Promise<T>;
}

/**
 * Reads a document upload as it streams in: the text fields first, then the one file part `file`,
 * which is checked (fields, media type) before a byte is stored and then streamed into the store's
 * temporary folder while it is hashed and counted. Anything after the file is refused. On any
 * refusal the rest of the request is still read to its end and the staged file dropped, so the
 * client gets a clean problem answer and nothing is left behind.
 */
export async function receiveDocumentUpload<T>(req: FastifyRequest, opts: UploadOptions<T>): Promise<ReceivedUpload<T>> {
  if (!req.isMultipart()) throw unsupportedMediaType(`Send multipart/form-data: the fields, then the file in a part named "${FILE_PART}"`);
  const fields: Record<string, string> = {};
  let failure: unknown;
  let sawFile = false;
  let result: ReceivedUpload<T> | undefined;
  const fail = (err: unknown) => {
    failure ??= err;
  };

  try {
    for await (const part of req.parts() as AsyncIterable<Multipart>) {
      if (part.type === 'field') {
        if (sawFile) {
          // Ordering is the client's first mistake to fix, so it wins over what the file part found.
          if (!(failure instanceof DomainError && failure.code === 'field-after-file')) {
            failure = unprocessable('field-after-file', `The field "${part.fieldname}" came after the file: send every field before the "${FILE_PART}" part`, [{ field: part.fieldname, message: 'must come before the file' }]);
          }
        } else if (part.fieldname === FILE_PART) {
          fail(unprocessable('missing-file', `"${FILE_PART}" must be a file part (with a file name), not a text field`, [{ field: FILE_PART, message: 'must be a file' }]));
        } else if (Object.hasOwn(fields, part.fieldname)) {
          fail(unprocessable('validation-failed', `The field "${part.fieldname}" was sent twice`, [{ field: part.fieldname, message: 'sent more than once' }]));
        } else {
          fields[part.fieldname] = String(part.value);
        }
        continue;
      }
      if (sawFile || part.fieldname !== FILE_PART) {
        fail(unprocessable('unexpected-file', `Unexpected file part "${part.fieldname}": send exactly one file, in the part "${FILE_PART}"`, [{ field: part.fieldname, message: 'unexpected file' }]));
        await drain(part.file);
        continue;
      }
      sawFile = true;
      if (failure) {
        await drain(part.file);
        continue;
      }
      try {
        result = await receiveFile(part, fields, opts);
      } catch (err) {
        fail(err);
        await drain(part.file);
      }
    }
  } catch (err) {
    // The multipart plugin's own limits (parts, fields, UPLOAD_LIMIT_BYTES) and malformed bodies.
    fail(err);
  }
  if (!sawFile) fail(unprocessable('missing-file', `Missing file: send it in a part named "${FILE_PART}", after the fields`, [{ field: FILE_PART, message: 'required file' }]));
  if (failure !== undefined || !result) {
    if (result) await opts.storage.discard(result.file);
    throw failure;
  }
  return result;
}

async function receiveFile<T>(part: MultipartFile, fields: Record<string, string>, opts: UploadOptions<T>): Promise<ReceivedUpload<T>> {
  const prepared = await opts.prepare(fields);
  const fileName = cleanFileName(part.filename);
  if (fileName === '' || fileName.length > 255) {
    throw unprocessable('validation-failed', 'The file needs a name of 1 to 255 characters', [{ field: FILE_PART, message: 'file name of 1-255 characters' }]);
  }
  const mediaType = mediaTypeOf(part.mimetype, fileName);
  if (!opts.allowedTypes.includes(mediaType)) {
    throw unsupportedMediaType(`Documents of type ${mediaType} are not accepted; send one of: ${opts.allowedTypes.join(', ')}`);
  }
  let file: StagedFile;
  try {
    file = await opts.storage.stage(part.file, opts.maxBytes);
  } catch (err) {
    if (err instanceof FileTooLargeError) throw payloadTooLarge(err.limit);
    throw err;
  }
  if (part.file.truncated) {
    // Cut short by the multipart plugin's UPLOAD_LIMIT_BYTES, when that is the smaller limit.
    await opts.storage.discard(file);
    throw new DomainError('payload-too-large', 413, 'Payload too large', 'The file is over the upload limit');
  }
  if (file.sizeBytes === 0) {
    await opts.storage.discard(file);
    throw unprocessable('empty-file', 'The file is empty', [{ field: FILE_PART, message: 'empty file' }]);
  }
  return { prepared, file, fileName, mediaType };
}

/** Reads and discards the rest of a part, so the request ends cleanly. */
async function drain(stream: Readable): Promise<void> {
  try {
    for await (const chunk of stream) void chunk;
  } catch {
    // already broken: nothing more to read
  }
}
