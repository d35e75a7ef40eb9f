/**
 * The limits an uploaded spreadsheet is read under, so that a small file cannot unpack or parse into
 * more than the process can hold: unpacked (inflated) bytes, shared strings, rows, columns and the
 * length of a cell. Going over a size limit is a 413 `import-too-large`; a file no spreadsheet
 * program would write (a cell past Excel's 32,767 characters, a value beyond the last column) is a
 * 422 `import-rejected`. Both name the limit (`limit`: its configuration variable) and its value (`max`).
 */
import type { AppConfig } from '../../common/config';
import { DomainError } from '../../common/errors';
import type { Localized } from '../../common/localized';
import { ImportFileError } from './asset-row-parser';
import { IMPORT_MESSAGES as M } from './import-messages';

/** Excel's own limit on the characters of a cell. */
export const MAX_CELL_CHARS = 32_767;

export interface SheetLimits {
  /** Bytes an XLSX may inflate to, all the entries read counted together (IMPORT_MAX_INFLATED_BYTES). */
  maxInflatedBytes: number;
  /** Data rows, and as many blank rows (IMPORT_MAX_ROWS). */
  maxRows: number;
  /** The last column that may hold a value (IMPORT_MAX_COLUMNS). */
  maxColumns: number;
  /** Strings in an XLSX's shared-strings table (IMPORT_MAX_SHARED_STRINGS). */
  maxSharedStrings: number;
  /** Characters of the shared-strings table, all strings together (IMPORT_MAX_SHARED_STRING_CHARS). */
  maxSharedStringChars: number;
}

export const sheetLimitsOf = (config: AppConfig): SheetLimits => ({
  maxInflatedBytes: config.importMaxInflatedBytes,
  maxRows: config.importMaxRows,
  maxColumns: config.importMaxColumns,
  maxSharedStrings: config.importMaxSharedStrings,
  maxSharedStringChars: config.importMaxSharedStringChars,
});

export type SizeLimit = 'IMPORT_MAX_INFLATED_BYTES' | 'IMPORT_MAX_ROWS' | 'IMPORT_MAX_SHARED_STRINGS' | 'IMPORT_MAX_SHARED_STRING_CHARS';

/** 413 `import-too-large`: the spreadsheet is over a size limit; nothing of it was imported. */
export function importTooLarge(limit: SizeLimit, max: number, what: Localized): DomainError {
  return new DomainError(
    'import-too-large',
    {
      vi: `Bảng tính có ${what.vi} (${limit} là ${max.toLocaleString('vi-VN')}); không có gì được nhập`,
      en: `The spreadsheet has ${what.en} (${limit} is ${max.toLocaleString('en')}); nothing was imported`,
    },
    { extra: { limit, max } },
  );
}

const columnName = (n: number): string => {
  let name = '';
  for (let c = n; c > 0; c = Math.floor((c - 1) / 26)) name = String.fromCharCode(65 + ((c - 1) % 26)) + name;
  return name;
};

/** 422: a cell longer than Excel allows; reading stops there. */
export function cellTooLong(line: number, column?: number): ImportFileError {
  return new ImportFileError([{ line, field: column ? '(row)' : '(file)', message: M.cellTooLong(column ? columnName(column) : null, MAX_CELL_CHARS) }], {
    limit: 'cell-length',
    max: MAX_CELL_CHARS,
  });
}

/** 422: a value beyond the last column read. */
export function tooManyColumns(line: number, column: number, max: number): ImportFileError {
  return new ImportFileError([{ line, field: '(row)', message: M.columnBeyond(columnName(column), column, max) }], { limit: 'IMPORT_MAX_COLUMNS', max });
}
