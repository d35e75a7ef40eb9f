import { FILE_MEDIA_TYPES } from '../common/file-response';
import type { Multipart, MultipartFile } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import type { Readable } from 'node:stream';
import { DomainError } from '../common/errors';
import type { Localized } from '../common/localized';
import { overUploadLimit, PART_MESSAGES } from '../common/multipart';
import { type DocumentStorage, FileTooLargeError, type StagedFile } from './document-storage';

/** The one file part of a document upload. */
export const FILE_PART = 'file';

export const unsupportedMediaType = (detail: Localized) => new DomainError('unsupported-media-type', detail);
export const payloadTooLarge = (limit: number) =>
  new DomainError(
    'payload-too-large',
    { vi: `Tệp vượt quá giới hạn ${limit} byte của tài liệu`, en: `The file is over the document limit of ${limit} bytes` },
    { extra: { limitBytes: limit } },
  );

/** Media types guessed from the extension when a client sends application/octet-stream (curl -F, some mobile apps). */
const BY_EXTENSION: Record<string, string> = {
  pdf: 'application/pdf',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  tif: 'image/tiff',
  tiff: 'image/tiff',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: FILE_MEDIA_TYPES.xlsx,
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
  return base
    .normalize('NFC')
    .replace(/[\x00-\x1f\x7f]/g, '')
    .trim();
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
  if (!req.isMultipart()) {
    throw unsupportedMediaType({
      vi: `Hãy gửi multipart/form-data: các trường trước, rồi đến tệp trong phần tên "${FILE_PART}"`,
      en: `Send multipart/form-data: the fields, then the file in a part named "${FILE_PART}"`,
    });
  }
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
            failure = new DomainError(
              'field-after-file',
              {
                vi: `Trường "${part.fieldname}" được gửi sau tệp: hãy gửi mọi trường trước phần "${FILE_PART}"`,
                en: `The field "${part.fieldname}" came after the file: send every field before the "${FILE_PART}" part`,
              },
              { errors: [{ field: part.fieldname, message: { vi: 'phải gửi trước tệp', en: 'must come before the file' } }] },
            );
          }
        } else if (part.fieldname === FILE_PART) {
          fail(
            new DomainError(
              'missing-file',
              {
                vi: `"${FILE_PART}" phải là phần tệp (có tên tệp), không phải trường văn bản`,
                en: `"${FILE_PART}" must be a file part (with a file name), not a text field`,
              },
              {
                errors: [{ field: FILE_PART, message: { vi: 'phải là tệp', en: 'must be a file' } }],
              },
            ),
          );
        } else if (Object.hasOwn(fields, part.fieldname)) {
          fail(
            new DomainError(
              'validation-failed',
              { vi: `Trường "${part.fieldname}" được gửi hai lần`, en: `The field "${part.fieldname}" was sent twice` },
              {
                errors: [{ field: part.fieldname, message: { vi: 'gửi nhiều hơn một lần', en: 'sent more than once' } }],
              },
            ),
          );
        } else {
          fields[part.fieldname] = String(part.value);
        }
        continue;
      }
      if (sawFile || part.fieldname !== FILE_PART) {
        fail(
          new DomainError(
            'unexpected-file',
            {
              vi: `Phần tệp "${part.fieldname}" không đúng yêu cầu: chỉ gửi đúng một tệp, trong phần "${FILE_PART}"`,
              en: `Unexpected file part "${part.fieldname}": send exactly one file, in the part "${FILE_PART}"`,
            },
            {
              errors: [{ field: part.fieldname, message: PART_MESSAGES.unexpectedFile }],
            },
          ),
        );
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
  if (!sawFile) {
    fail(
      new DomainError(
        'missing-file',
        {
          vi: `Thiếu tệp: hãy gửi tệp trong phần tên "${FILE_PART}", sau các trường`,
          en: `Missing file: send it in a part named "${FILE_PART}", after the fields`,
        },
        {
          errors: [{ field: FILE_PART, message: PART_MESSAGES.requiredFile }],
        },
      ),
    );
  }
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
    throw new DomainError(
      'validation-failed',
      { vi: 'Tệp cần có tên dài từ 1 đến 255 ký tự', en: 'The file needs a name of 1 to 255 characters' },
      {
        errors: [{ field: FILE_PART, message: { vi: 'tên tệp dài 1-255 ký tự', en: 'file name of 1-255 characters' } }],
      },
    );
  }
  const mediaType = mediaTypeOf(part.mimetype, fileName);
  if (!opts.allowedTypes.includes(mediaType)) {
    const allowed = opts.allowedTypes.join(', ');
    throw unsupportedMediaType({
      vi: `Không nhận tài liệu kiểu ${mediaType}; hãy gửi một trong các kiểu: ${allowed}`,
      en: `Documents of type ${mediaType} are not accepted; send one of: ${allowed}`,
    });
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
    throw overUploadLimit();
  }
  if (file.sizeBytes === 0) {
    await opts.storage.discard(file);
    throw new DomainError(
      'empty-file',
      { vi: 'Tệp rỗng', en: 'The file is empty' },
      { errors: [{ field: FILE_PART, message: { vi: 'tệp rỗng', en: 'empty file' } }] },
    );
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
