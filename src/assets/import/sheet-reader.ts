/**
 * Reads an uploaded spreadsheet as a stream of rows: the one file part `file` of a multipart request
 * (size-capped by the multipart plugin), CSV (UTF-8, BOM optional) through csv-parse's stream API or
 * XLSX (its first worksheet) through xlsx-rows.ts, which reads the package from a file. Nothing is
 * held in memory whole: a dry run reads a CSV's rows as they arrive; an import, and any XLSX, first
 * receives the file into a spool file (ArrivingUpload.spool, under SPOOL_DIR: see src/common/spool.ts),
 * then reads it from there. Both readers work under the import's limits (sheet-limits.ts): columns,
 * cell length, and for an XLSX its unpacked bytes and shared strings.
 */
import type { MultipartFile } from '@fastify/multipart';
import { parse } from 'csv-parse';
import type { FastifyRequest } from 'fastify';
import { createReadStream, createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import { DomainError } from '../../common/errors';
import type { Localized } from '../../common/localized';
import { overUploadLimit, PART_MESSAGES } from '../../common/multipart';
import { multipartProblemOf } from '../../common/input-guard';
import { makeSpoolDir } from '../../common/spool';
import { ImportFileError, importRejected, type RawCell } from './asset-row-parser';
import { cellTooLong, MAX_CELL_CHARS, type SheetLimits, tooManyColumns } from './sheet-limits';
import { unguardFormula } from '../export/formula-guard';
import { IMPORT_MESSAGES as M } from './import-messages';
import { xlsxRows } from './xlsx-rows';

export type SheetFormat = 'csv' | 'xlsx';

export interface SheetRow {
  /** The spreadsheet line (the header is line 1). */
  line: number;
  cells: RawCell[];
}

export interface SheetUpload {
  filename: string;
  format: SheetFormat;
  /** True when the file went over the upload limit (the multipart plugin cut it short). */
  truncated(): boolean;
  /** The rows, in order, as they arrive, read under the limits. */
  rows(limits: SheetLimits): AsyncGenerator<SheetRow>;
  /** Reads and discards whatever the parser left unread, so the request ends cleanly. */
  drain(): Promise<void>;
}

/** An upload received whole into a temporary file, read from there; dispose() deletes the file. */
export interface SpooledUpload extends SheetUpload {
  dispose(): Promise<void>;
}

export interface ArrivingUpload extends SheetUpload {
  /**
   * Receives the rest of the file into a spool file (in this instance's folder under SPOOL_DIR; a
   * killed instance's leftovers are removed at the next start) and answers an upload that reads from
   * there. An import spools before it takes its lock, so a slow upload does not hold every other
   * import up.
   */
  spool(): Promise<SpooledUpload>;
}

/** 415, ending with what is accepted. */
export const unsupportedMediaType = (detail: Localized) =>
  new DomainError('unsupported-media-type', { vi: `${detail.vi}; ${ACCEPTED.vi}`, en: `${detail.en}; ${ACCEPTED.en}` });
export const fileTooLarge = overUploadLimit;
const ACCEPTED: Localized = { vi: 'hãy gửi tệp CSV (UTF-8, phân cách bằng dấu phẩy) hoặc tệp XLSX', en: 'send a CSV (UTF-8, comma-separated) or an XLSX file' };

/** Opens the `file` part of a multipart request and tells CSV from XLSX (by extension, else by content). */
export async function openSheetUpload(req: FastifyRequest): Promise<ArrivingUpload> {
  if (!req.isMultipart())
    throw unsupportedMediaType({
      vi: 'Hãy gửi multipart/form-data với bảng tính trong phần tên "file"',
      en: 'Send multipart/form-data with the spreadsheet in a part named "file"',
    });
  const part = await req.file();
  if (!part) {
    throw new DomainError(
      'missing-file',
      { vi: 'Thiếu tệp: hãy gửi bảng tính trong phần tên "file"', en: 'Missing file: send the spreadsheet in a part named "file"' },
      {
        errors: [{ field: 'file', message: PART_MESSAGES.requiredFile }],
      },
    );
  }
  const upload = { drain: () => drain(part) };
  if (part.fieldname !== 'file') {
    await upload.drain();
    throw new DomainError(
      'unexpected-file',
      {
        vi: `Phần tệp "${part.fieldname}" không đúng yêu cầu; hãy gửi bảng tính trong phần tên "file"`,
        en: `Unexpected file part "${part.fieldname}"; send the spreadsheet in a part named "file"`,
      },
      { errors: [{ field: part.fieldname, message: PART_MESSAGES.unexpectedFile }] },
    );
  }
  const head = await peek(part.file);
  let format: SheetFormat;
  try {
    format = detectFormat(part.filename, head);
  } catch (err) {
    await upload.drain();
    throw err;
  }
  const rowsOf = (path: string, limits: SheetLimits) => (format === 'csv' ? spooledCsvRows(path, limits) : xlsxRows(path, limits));
  const spool = async (): Promise<SpooledUpload> => {
    const dir = await makeSpoolDir('import-');
    const dispose = () => rm(dir, { recursive: true, force: true });
    const path = join(dir, 'upload');
    try {
      await pipeline(part.file, createWriteStream(path));
    } catch (err) {
      await dispose();
      throw err;
    }
    const truncated = part.file.truncated;
    return { filename: part.filename, format, truncated: () => truncated, rows: (limits) => rowsOf(path, limits), drain: async () => undefined, dispose };
  };
  return {
    ...upload,
    filename: part.filename,
    format,
    truncated: () => part.file.truncated,
    // An XLSX is read through its central directory, at the end of the file: it is spooled first.
    rows: (limits) => (format === 'csv' ? csvRows(part.file, limits) : spooledRows(spool, limits)),
    spool,
  };
}

async function* spooledRows(spool: () => Promise<SpooledUpload>, limits: SheetLimits): AsyncGenerator<SheetRow> {
  const upload = await spool();
  try {
    if (upload.truncated()) throw fileTooLarge();
    yield* upload.rows(limits);
  } finally {
    await upload.dispose();
  }
}

async function* spooledCsvRows(path: string, limits: SheetLimits): AsyncGenerator<SheetRow> {
  const file = createReadStream(path);
  try {
    yield* csvRows(file, limits);
  } finally {
    file.destroy();
  }
}

/** CSV or XLSX from the file name's extension; without one of those, from the first bytes. */
export function detectFormat(filename: string | undefined, head: Buffer): SheetFormat {
  const ext = /\.([^./\\]+)$/.exec(filename ?? '')?.[1].toLowerCase();
  const zip = head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04;
  if (head.length === 0) throw importRejected({ vi: 'Tệp rỗng', en: 'The file is empty' }, [{ line: 1, field: '(file)', message: M.emptyFile }], 1, 0);
  if (ext === 'xlsx') {
    if (!zip) throw unsupportedMediaType({ vi: `${filename} không phải sổ tính XLSX`, en: `${filename} is not an XLSX workbook` });
    return 'xlsx';
  }
  if (ext === 'csv') {
    if (zip || !isText(head)) throw unsupportedMediaType({ vi: `${filename} không phải văn bản CSV UTF-8`, en: `${filename} is not UTF-8 CSV text` });
    return 'csv';
  }
  if (zip) return 'xlsx';
  const firstLine = head.toString('utf8').split(/\r?\n/)[0];
  if (isText(head) && firstLine.includes(',')) return 'csv';
  throw unsupportedMediaType({ vi: `${filename || 'Tệp'} không phải CSV cũng không phải XLSX`, en: `${filename || 'The file'} is neither CSV nor XLSX` });
}

/** UTF-8 text without NUL or other control bytes (tab and line breaks aside). */
function isText(head: Buffer): boolean {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    return !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text);
  } catch {
    return false;
  }
}

/** The first chunk of a stream, left in place for whoever reads the stream next. */
function peek(stream: Readable): Promise<Buffer> {
  // A multipart body cut short may have failed the part before anyone listened: no event will come.
  if (stream.errored) return Promise.reject(stream.errored);
  if (stream.destroyed || stream.readableEnded) return Promise.resolve(Buffer.alloc(0));
  return new Promise((resolve, reject) => {
    const done = (chunk: Buffer | null, err?: unknown) => {
      stream.off('readable', onReadable).off('end', onEnd).off('error', onError);
      if (err) return reject(err);
      if (chunk) stream.unshift(chunk);
      resolve(chunk ?? Buffer.alloc(0));
    };
    const onReadable = () => done(stream.read() as Buffer | null);
    const onEnd = () => done(null);
    const onError = (err: unknown) => done(null, err);
    stream.on('readable', onReadable).on('end', onEnd).on('error', onError);
  });
}

async function drain(part: MultipartFile): Promise<void> {
  const file = part.file;
  if (file.readableEnded || file.destroyed) return;
  file.unpipe();
  file.resume();
  await finished(file).catch(() => undefined);
}

/**
 * The records of a CSV. A record longer than IMPORT_MAX_COLUMNS cells of 32,767 characters stops
 * the parser before it is held; then a value beyond the last column read (trailing empty cells are
 * dropped), or a cell past 32,767 characters, stops the reading (422) before any per-column check.
 */
async function* csvRows(file: Readable, limits: SheetLimits): AsyncGenerator<SheetRow> {
  const parser = parse({ bom: true, relax_column_count: true, skip_empty_lines: false, max_record_size: limits.maxColumns * MAX_CELL_CHARS });
  file.pipe(parser);
  // pipe() does not forward a source error: a multipart body cut short would leave the parser, and the request, waiting for ever.
  const onFileError = (err: Error) => parser.destroy(err);
  file.once('error', onFileError);
  if (file.errored) parser.destroy(file.errored);
  let line = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      line++;
      if (record.length > limits.maxColumns) {
        const beyond = record.findIndex((cell, i) => i >= limits.maxColumns && cell.trim() !== '');
        if (beyond >= 0) throw tooManyColumns(line, beyond + 1, limits.maxColumns);
        record.length = limits.maxColumns;
      }
      for (let i = 0; i < record.length; i++) if (record[i].length > MAX_CELL_CHARS) throw cellTooLong(line, i + 1);
      // The formula guard of our CSV export comes off (formula-guard.ts); an XLSX has none.
      yield { line, cells: record.map(unguardFormula) };
    }
  } catch (err) {
    if (err instanceof ImportFileError) throw err;
    const multipart = multipartProblemOf(err);
    if (multipart) throw multipart;
    const csv = err as { code?: unknown; index?: unknown };
    if (csv.code === 'CSV_MAX_RECORD_SIZE' && typeof csv.index === 'number') {
      // `index`: the cells of the record before the one being read when the record outgrew the cap.
      throw csv.index >= limits.maxColumns ? tooManyColumns(line + 1, csv.index + 1, limits.maxColumns) : cellTooLong(line + 1, csv.index + 1);
    }
    throw new ImportFileError([{ line: line + 1, field: '(file)', message: M.notCsv((err as Error).message) }]);
  } finally {
    file.off('error', onFileError);
    file.unpipe(parser);
    parser.destroy();
  }
}
