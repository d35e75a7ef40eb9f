/**
 * Parsing of the asset spreadsheet, row by row: header matching, each cell's format, the rules that
 * span cells (asset-rules.ts) and duplicate codes. Pure: no database, no NestJS, no I/O. References
 * (units, agencies, land-use categories) and province scope are checked later, against the database.
 */
import { isCalendarDate } from '../../common/dates';
import { DomainError } from '../../common/errors';
import { byLang, type Localized } from '../../common/localized';
import { LABELLED_VOCABULARIES, type LabelledVocabulary, matcherOf } from '../../schema/labels';
import type { AssetCategory, AssetCondition } from '../../schema/vocabulary';
import { isArea, MAX_AREA, MAX_VND } from '../../common/quantities';
import { ASSET_CODE, crossFieldErrors, type CrossFieldInput } from '../asset-rules';
import { columnByKey, IMPORT_COLUMNS, type ImportColumnKey, matchHeader } from './asset-columns';
import { IMPORT_MESSAGES as M } from './import-messages';

/** A cell as the readers hand it over: CSV gives strings, XLSX also numbers, dates and booleans. */
export type RawCell = string | number | boolean | Date | null | undefined;

export interface ImportRowError {
  line: number;
  /** The column as written in the file's header (or `(file)`, `(row)`). */
  field: string;
  /** In each language (import-messages.ts): the answer gives the caller's (Accept-Language). */
  message: Localized;
}

/** A limit of sheet-limits.ts that the file went over: its configuration variable (or `cell-length`) and value. */
export interface BrokenLimit {
  limit: string;
  max: number;
}

/** The first ten errors as one line, in each language: `field: message; …; and 3 more`. */
export const errorSummary = (errors: readonly ImportRowError[]): Localized =>
  byLang((lang) => {
    const shown = errors
      .slice(0, 10)
      .map((e) => `${e.field}: ${e.message[lang]}`)
      .join('; ');
    const more = errors.length - 10;
    return more > 0 ? `${shown}; ${lang === 'vi' ? `và ${more} lỗi khác` : `and ${more} more`}` : shown;
  });

/** The file as a whole cannot be read (bad header, not a spreadsheet, over a shape limit): nothing of it is imported. */
export class ImportFileError extends Error {
  /** What is wrong, in each language (the Error's own message is the English one, for logs). */
  readonly summary: Localized;

  constructor(
    readonly errors: ImportRowError[],
    readonly broken?: BrokenLimit,
  ) {
    const summary = errorSummary(errors);
    super(summary.en);
    this.summary = summary;
    this.name = 'ImportFileError';
  }
}

export const MAX_REPORTED_ERRORS = 1000;

/**
 * The 422 `import-rejected` problem: the first errors (at most 1,000), how many in all (errorCount),
 * how many were left out of the list (errorsOmitted), how many rows were read; and the limit the
 * file went over, if that is why.
 */
export function importRejected(detail: Localized, errors: ImportRowError[], errorCount: number, rows: number, broken?: BrokenLimit): DomainError {
  const listed = errors.slice(0, MAX_REPORTED_ERRORS);
  return new DomainError('import-rejected', detail, { errors: listed, extra: { errorCount, errorsOmitted: errorCount - listed.length, rows, ...broken } });
}

export interface SheetHeader {
  /** The column of each cell position (null: a column of the export the import ignores; undefined: an empty header cell). */
  columns: (ImportColumnKey | null | undefined)[];
  /** Each present column's header as written in the file. */
  written: Partial<Record<ImportColumnKey, string>>;
}

/**
 * One valid row. Optional fields are `undefined` when the file has no such column (the stored value
 * is kept) and `null` for an empty cell (the value is cleared). Text is NFC and trimmed; money is
 * whole VND as a digit string; areas and coordinates are canonical numbers.
 */
export interface ParsedAssetRow {
  line: number;
  code: string;
  name: string;
  category: AssetCategory;
  currentUnit: string;
  custodianCode: string;
  originUnit?: string | null;
  address?: string | null;
  latitude?: number | null;
  longitude?: number | null;
  landArea?: number | null;
  floorArea?: number | null;
  yearBuilt?: number | null;
  originalCost?: string | null;
  remainingValue?: string | null;
  landCertificateNo?: string | null;
  landUseCategory?: string | null;
  condition?: AssetCondition | null;
  notes?: string | null;
  surplusSince?: string | null;
  surplusReason?: string | null;
}

export type RowResult = { row: ParsedAssetRow; errors?: undefined } | { errors: ImportRowError[]; row?: undefined };

type Parsed<T> = { value: T; error?: undefined } | { error: Localized; value?: undefined };
const ok = <T>(value: T): Parsed<T> => ({ value });
const fail = (error: Localized): Parsed<never> => ({ error });

/** Reads the header row: every non-empty cell must name a known column, once; the required ones must be there. */
export function parseHeader(cells: RawCell[], line = 1): SheetHeader {
  const errors: ImportRowError[] = [];
  const columns: (ImportColumnKey | null | undefined)[] = [];
  const written: Partial<Record<ImportColumnKey, string>> = {};
  cells.forEach((cell, i) => {
    const text = cellText(cell);
    if (text === '') return;
    const column = matchHeader(text);
    if (column === null) columns[i] = null;
    else if (!column) errors.push({ line, field: text.length > 100 ? `${text.slice(0, 100)}…` : text, message: M.unknownColumn });
    else if (written[column.key] !== undefined) errors.push({ line, field: text, message: M.columnTwice(column.key, written[column.key]!) });
    else {
      written[column.key] = text;
      columns[i] = column.key;
    }
  });
  if (cells.every((c) => cellText(c) === '')) errors.push({ line, field: '(header)', message: M.headerFirst });
  else {
    for (const c of IMPORT_COLUMNS) {
      if (c.required && written[c.key] === undefined) errors.push({ line, field: c.key, message: M.requiredColumn(c.key, c.vi) });
    }
    if ((written.latitude === undefined) !== (written.longitude === undefined)) {
      const missing = written.latitude === undefined ? 'latitude' : 'longitude';
      errors.push({ line, field: missing, message: M.coordinateColumns });
    }
  }
  if (errors.length) throw new ImportFileError(errors);
  return { columns, written };
}

/** A cell as trimmed NFC text ('' when empty). */
export function cellText(cell: RawCell): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'string') return cell.normalize('NFC').trim();
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? '' : cell.toISOString().slice(0, 10);
  return String(cell);
}

/**
 * Splits a non-negative decimal written 1234.5, 1234,5, 1.234,5, 1,234.5 or 35.000.000.000 into its
 * integer and fraction digits. A single `.` or `,` followed by exactly three digits (and not after a
 * lone 0) groups thousands: 1.234 is 1234. Spaces are thousands separators too.
 */
export function splitDecimal(text: string): { int: string; frac: string; negative: boolean } | null {
  let s = text.replace(/[\s\u00a0\u202f]/g, '');
  const negative = s.startsWith('-');
  if (negative || s.startsWith('+')) s = s.slice(1);
  if (!/^\d[\d.,]*$/.test(s) || /[.,]$/.test(s)) return null;
  const lastDot = s.lastIndexOf('.');
  const lastComma = s.lastIndexOf(',');
  if (lastDot >= 0 && lastComma >= 0) {
    const dec = lastDot > lastComma ? '.' : ',';
    const group = dec === '.' ? ',' : '.';
    const at = s.lastIndexOf(dec);
    const int = s.slice(0, at);
    const frac = s.slice(at + 1);
    if (s.indexOf(dec) !== at || !groupedDigits(int, group) || !/^\d+$/.test(frac)) return null;
    return { int: int.split(group).join(''), frac, negative };
  }
  if (lastDot < 0 && lastComma < 0) return { int: s, frac: '', negative };
  const sep = lastDot >= 0 ? '.' : ',';
  const parts = s.split(sep);
  if (parts.length > 2 || (parts[1].length === 3 && /^[1-9]\d{0,2}$/.test(parts[0]))) {
    return groupedDigits(s, sep) ? { int: parts.join(''), frac: '', negative } : null;
  }
  return { int: parts[0], frac: parts[1], negative };
}

function groupedDigits(s: string, group: string): boolean {
  const parts = s.split(group);
  return /^\d{1,3}$/.test(parts[0]) && parts.slice(1).every((p) => /^\d{3}$/.test(p));
}

/** Whole VND ≥ 0 as a digit string, never through a float. */
export function parseVnd(cell: RawCell): Parsed<string | null> {
  if (typeof cell === 'number') {
    if (!Number.isFinite(cell) || !Number.isInteger(cell)) return fail(M.wholeVnd);
    if (cell < 0) return fail(M.notNegative);
    return cell <= MAX_VND ? ok(String(cell)) : fail(M.atMost(MAX_VND));
  }
  const text = cellText(cell);
  if (text === '') return ok(null);
  const d = splitDecimal(text);
  if (!d) return fail(M.notANumber(text));
  if (d.negative) return fail(M.notNegative);
  if (!/^0*$/.test(d.frac)) return fail(M.wholeVnd);
  const digits = d.int.replace(/^0+(?=\d)/, '');
  return digits.length > 16 || BigInt(digits) > BigInt(MAX_VND) ? fail(M.atMost(MAX_VND)) : ok(digits);
}

/** An area in m²: ≥ 0, at most 2 decimals. */
export function parseArea(cell: RawCell): Parsed<number | null> {
  let value: number;
  if (typeof cell === 'number') value = cell;
  else {
    const text = cellText(cell);
    if (text === '') return ok(null);
    const d = splitDecimal(text);
    if (!d) return fail(M.notANumber(text));
    if (d.negative) return fail(M.notNegative);
    const frac = d.frac.replace(/0+$/, '');
    if (frac.length > 2) return fail(M.decimals(2));
    value = Number(`${d.int}.${frac || '0'}`);
  }
  if (!Number.isFinite(value)) return fail(M.notANumber());
  if (value < 0) return fail(M.notNegative);
  if (value > MAX_AREA) return fail(M.atMost(MAX_AREA));
  if (!isArea(value)) return fail(M.decimals(2));
  return ok(Math.round(value * 100) / 100);
}

/** A coordinate in decimal degrees, at most 6 decimals (the range is checked with its partner). */
export function parseCoordinate(cell: RawCell): Parsed<number | null> {
  if (typeof cell === 'number') {
    if (!Number.isFinite(cell)) return fail(M.notANumber());
    if (Math.abs(cell * 1e6 - Math.round(cell * 1e6)) > 1e-4) return fail(M.decimals(6));
    return ok(Math.round(cell * 1e6) / 1e6);
  }
  const text = cellText(cell).replace(/\s/g, '');
  if (text === '') return ok(null);
  const m = /^([+-]?\d{1,3})(?:[.,](\d+))?$/.exec(text);
  if (!m) return fail(M.notDegrees(text));
  const frac = (m[2] ?? '').replace(/0+$/, '');
  if (frac.length > 6) return fail(M.decimals(6));
  return ok(Number(`${m[1]}.${frac || '0'}`));
}

function parseYear(cell: RawCell): Parsed<number | null> {
  if (typeof cell === 'number') return Number.isInteger(cell) ? ok(cell) : fail(M.year());
  const text = cellText(cell);
  if (text === '') return ok(null);
  return /^\d{4}$/.test(text) ? ok(Number(text)) : fail(M.year(text));
}

function parseDate(cell: RawCell, today: string): Parsed<string | null> {
  if (typeof cell === 'number' || typeof cell === 'boolean') return fail(M.date());
  const text = cellText(cell);
  if (text === '') return ok(null);
  if (!isCalendarDate(text)) return fail(M.date(text));
  return text > today ? fail(M.future) : ok(text);
}

const text =
  (max: number, min = 1) =>
  (cell: RawCell): Parsed<string | null> => {
    const t = cellText(cell);
    if (t === '') return ok(null);
    return t.length < min || t.length > max ? fail(M.length(min, max)) : ok(t);
  };

/**
 * A coded cell: a value's code or its Vietnamese or English label (src/schema/labels.ts), compared
 * after NFC and case folding and otherwise exactly; a code may also be written with spaces or
 * hyphens for its underscores (`public service facility`).
 */
const coded = <T extends string>(v: LabelledVocabulary<T>) => {
  const match = matcherOf(v);
  return (cell: RawCell): Parsed<T | null> => {
    const t = cellText(cell);
    if (t === '') return ok(null);
    const value = match(t) ?? match(t.toLowerCase().replace(/[\s-]+/g, '_'));
    return value !== undefined ? ok(value) : fail(M.notInList(v, t));
  };
};

const unitCode =
  (pattern: RegExp, expected: Localized) =>
  (cell: RawCell): Parsed<string | null> => {
    if (typeof cell === 'number') return fail(M.unitCodeAsText(expected));
    const t = cellText(cell);
    if (t === '') return ok(null);
    return pattern.test(t) ? ok(t) : fail(M.unitCodeShape(expected, t));
  };

const CELL_PARSERS: Record<ImportColumnKey, (cell: RawCell, today: string) => Parsed<unknown>> = {
  code: (cell) => {
    const t = cellText(cell);
    if (t === '') return ok(null);
    return ASSET_CODE.test(t) ? ok(t) : fail(M.assetCode(t));
  },
  name: text(300),
  category: coded(LABELLED_VOCABULARIES.assetCategory),
  current_unit: unitCode(/^(\d{2}|\d{5})$/, M.newUnitCode),
  origin_unit: unitCode(/^(\d{2}|\d{3}|\d{5})$/, M.oldUnitCode),
  custodian_code: text(40),
  address: text(500),
  latitude: parseCoordinate,
  longitude: parseCoordinate,
  land_area: parseArea,
  floor_area: parseArea,
  year_built: parseYear,
  original_cost: parseVnd,
  remaining_value: parseVnd,
  land_certificate_no: text(60),
  land_use_category: (cell) => {
    const t = cellText(cell).toUpperCase();
    if (t === '') return ok(null);
    return /^[A-Z]{2,10}$/.test(t) ? ok(t) : fail(M.landUseCode(t));
  },
  condition: coded(LABELLED_VOCABULARIES.assetCondition),
  notes: text(4000),
  surplus_since: parseDate,
  surplus_reason: text(2000),
};

const PROPERTY: Record<ImportColumnKey, keyof ParsedAssetRow> = {
  code: 'code',
  name: 'name',
  category: 'category',
  current_unit: 'currentUnit',
  origin_unit: 'originUnit',
  custodian_code: 'custodianCode',
  address: 'address',
  latitude: 'latitude',
  longitude: 'longitude',
  land_area: 'landArea',
  floor_area: 'floorArea',
  year_built: 'yearBuilt',
  original_cost: 'originalCost',
  remaining_value: 'remainingValue',
  land_certificate_no: 'landCertificateNo',
  land_use_category: 'landUseCategory',
  condition: 'condition',
  notes: 'notes',
  surplus_since: 'surplusSince',
  surplus_reason: 'surplusReason',
};
const CROSS_FIELD_COLUMN: Record<string, ImportColumnKey> = {
  latitude: 'latitude',
  longitude: 'longitude',
  yearBuilt: 'year_built',
  originalCost: 'original_cost',
  remainingValue: 'remaining_value',
};
const isEmpty = (cell: RawCell) => cellText(cell) === '';

/** Parses data rows one at a time; remembers the codes it has seen, to refuse a code given twice. */
export class AssetRowParser {
  private readonly seen = new Map<string, number>();
  private readonly currentYear: number;

  constructor(
    readonly header: SheetHeader,
    private readonly today: string,
  ) {
    this.currentYear = Number(today.slice(0, 4));
  }

  /** The column as the file writes it. */
  columnName(key: ImportColumnKey): string {
    return this.header.written[key] ?? key;
  }

  /** One data row; null for a blank row (skipped). */
  parse(line: number, cells: RawCell[]): RowResult | null {
    if (cells.every(isEmpty)) return null;
    const errors: ImportRowError[] = [];
    const err = (key: ImportColumnKey, message: Localized) => errors.push({ line, field: this.columnName(key), message });
    const values: Record<string, unknown> = { line };
    const bad = new Set<ImportColumnKey>();
    cells.forEach((cell, i) => {
      if (this.header.columns[i] === undefined && !isEmpty(cell)) errors.push({ line, field: '(row)', message: M.noHeader(i + 1) });
    });
    this.header.columns.forEach((key, i) => {
      if (!key) return;
      const parsed = CELL_PARSERS[key](cells[i], this.today);
      if (parsed.error !== undefined) {
        err(key, parsed.error);
        bad.add(key);
      } else if (parsed.value === null && columnByKey(key).required) {
        err(key, M.required);
        bad.add(key);
      } else values[PROPERTY[key]] = parsed.value;
    });
    const row = values as unknown as ParsedAssetRow;

    if (!bad.has('code')) {
      const first = this.seen.get(row.code);
      if (first !== undefined) err('code', M.duplicateCode(row.code, first));
      else this.seen.set(row.code, line);
    }
    const input: CrossFieldInput = { yearBuilt: bad.has('year_built') ? undefined : row.yearBuilt };
    if (!bad.has('latitude') && !bad.has('longitude')) Object.assign(input, { latitude: row.latitude, longitude: row.longitude });
    if (!bad.has('original_cost') && !bad.has('remaining_value') && row.originalCost != null && row.remainingValue != null) {
      Object.assign(input, { originalCost: Number(row.originalCost), remainingValue: Number(row.remainingValue) });
    }
    for (const e of crossFieldErrors(input, this.currentYear)) err(CROSS_FIELD_COLUMN[e.field] ?? 'code', e.message);
    if (row.surplusSince && !row.surplusReason && !bad.has('surplus_reason')) err('surplus_reason', M.surplusReasonRequired);
    if (!row.surplusSince && row.surplusReason && !bad.has('surplus_since')) err('surplus_reason', M.surplusReasonAlone);

    return errors.length ? { errors } : { row };
  }
}
