/**
 * Parsing and validation of the administrative-unit dataset (the format of
 * shared/data/vn-admin-2025: units.csv, lineage.csv, clauses.csv). Pure: no database, no NestJS.
 * Every error names its file, line and field; one error rejects the whole import.
 */
import { createHash } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import type { FieldError } from '../common/errors';
import type { Localized } from '../common/localized';
import { type Era, ERAS, type Level, LEVELS, SHARES, type Share, UNIT_KINDS, type UnitKind } from '../schema/vocabulary';
import { UNIT_IMPORT_MESSAGES as M } from './units-import-messages';

export const UNIT_FILES = ['units.csv', 'lineage.csv', 'clauses.csv'] as const;
export type UnitFileName = (typeof UNIT_FILES)[number];
export type UnitFiles = Record<UnitFileName, Buffer>;

const HEADERS: Record<UnitFileName, string[]> = {
  'units.csv': ['era', 'level', 'code', 'name', 'kind', 'parent_code'],
  'lineage.csv': ['level', 'old_code', 'new_code', 'share', 'legal_basis', 'clause'],
  'clauses.csv': ['document', 'clause', 'text'],
};
const CODE_LENGTH: Record<Level, number> = { province: 2, district: 3, commune: 5 };
export const OLD_VALID_TO = '2025-06-30';
export const NEW_VALID_FROM = '2025-07-01';
/** Errors kept for the answer; the rest are only counted (the count is errorCount, the left-out ones errorsOmitted). */
export const MAX_REPORTED_ERRORS = 1000;

export interface ParsedUnit {
  era: Era;
  level: Level;
  code: string;
  name: string;
  kind: UnitKind;
  parentLevel: Level | null;
  parentCode: string | null;
  provinceCode: string;
  validFrom: string | null;
  validTo: string | null;
}
export interface ParsedSuccession {
  level: Level;
  oldCode: string;
  newCode: string;
  share: Share;
  legalBasis: string | null;
  clause: string | null;
}
export interface ParsedClause {
  document: string;
  clause: string;
  text: string;
}
export interface ParsedDataset {
  units: ParsedUnit[];
  successions: ParsedSuccession[];
  clauses: ParsedClause[];
  sha256: Record<UnitFileName, string>;
}
/** The errors found: the first MAX_REPORTED_ERRORS kept, all of them counted (a file of bad rows costs no memory per row). */
export class ImportErrors {
  readonly first: FieldError[] = [];
  count = 0;

  push(e: FieldError): void {
    if (this.count++ < MAX_REPORTED_ERRORS) this.first.push(e);
  }
}

/** A value as an error message quotes it: at most 60 characters. */
const shown = (v: string): string => (v.length > 60 ? `${v.slice(0, 60)}…` : v);

export class UnitImportError extends Error {
  constructor(
    /** The first MAX_REPORTED_ERRORS errors. */
    readonly errors: FieldError[],
    readonly total: number,
  ) {
    super(`The unit files have ${total} error(s); nothing was imported`);
  }
}

interface Row {
  line: number;
  values: Record<string, string>;
}

/**
 * Hands each data row of a file to `visit` as csv-parse reads it; nothing of the file is gathered, so
 * a file of bad rows costs an error count, not memory per row. csv-parse builds an error object for
 * each row with the wrong number of columns (about 25 µs, even when told to let it pass): past
 * MAX_REPORTED_ERRORS such rows the rest of the file is not read.
 */
function readCsv(file: UnitFileName, content: Buffer, errors: ImportErrors, visit: (row: Row) => void): void {
  let header: string[] | undefined;
  let records = 0;
  let wrongLength = 0;
  const onRecord = (record: string[], context: { lines: number }): undefined => {
    records++;
    if (!header) {
      header = record.map((h) => h.trim());
      if (header.join(',') !== HEADERS[file].join(',')) {
        errors.push({ file, line: 1, field: '(header)', message: M.header(HEADERS[file].join(','), shown(header.join(','))) });
        throw new StopReading();
      }
      return undefined;
    }
    if (record.length !== header.length) {
      if (++wrongLength > MAX_REPORTED_ERRORS) {
        errors.push({
          file,
          line: context.lines,
          field: '(file)',
          message: M.tooManyWrongRows(MAX_REPORTED_ERRORS),
        });
        throw new StopReading();
      }
      errors.push({ file, line: context.lines, field: '(row)', message: M.columns(header.length, record.length) });
      return undefined;
    }
    const values: Record<string, string> = {};
    header.forEach((h, i) => (values[h] = record[i].normalize('NFC').trim()));
    visit({ line: context.lines, values });
    return undefined;
  };
  try {
    parse(content, { bom: true, relax_column_count: true, skip_empty_lines: true, on_record: onRecord as never });
  } catch (err) {
    if (err instanceof StopReading) return;
    const e = err as { lines?: number; message?: string };
    errors.push({ file, line: e.lines ?? 1, field: '(file)', message: M.notCsv(shown(e.message ?? String(err))) });
    return;
  }
  if (records === 0) errors.push({ file, line: 1, field: '(header)', message: M.emptyFile(HEADERS[file].join(',')) });
}

/** Stops reading a file (a wrong header, too many malformed rows). */
class StopReading extends Error {}

const oneOf = <T extends string>(list: readonly T[], v: string): v is T => (list as readonly string[]).includes(v);

/** Parses and cross-checks the three files. Throws UnitImportError listing every problem. */
export function parseUnitDataset(files: UnitFiles): ParsedDataset {
  const errors = new ImportErrors();
  const err = (file: UnitFileName, line: number, field: string, message: Localized) => errors.push({ file, line, field, message });

  // units.csv
  const byKey = new Map<string, { row: Row; unit: ParsedUnit }>();
  const key = (era: string, level: string, code: string) => `${era}|${level}|${code}`;
  readCsv('units.csv', files['units.csv'], errors, (row) => {
    const v = row.values;
    const f = 'units.csv';
    const before = errors.count;
    if (!oneOf(ERAS, v.era)) err(f, row.line, 'era', M.era(shown(v.era)));
    if (!oneOf(LEVELS, v.level)) err(f, row.line, 'level', M.level(shown(v.level)));
    else if (v.era === 'new' && v.level === 'district') err(f, row.line, 'level', M.newDistrict);
    else if (!new RegExp(`^\\d{${CODE_LENGTH[v.level]}}$`).test(v.code)) err(f, row.line, 'code', M.codeDigits(v.level, CODE_LENGTH[v.level], shown(v.code)));
    if (v.name === '') err(f, row.line, 'name', M.empty);
    else if (v.name.length > 200) err(f, row.line, 'name', M.longerThan(200));
    if (!oneOf(UNIT_KINDS, v.kind)) err(f, row.line, 'kind', M.kind(shown(v.kind)));
    if (v.level === 'province' && v.parent_code !== '') err(f, row.line, 'parent_code', M.provinceParent);
    if (v.level !== 'province' && v.parent_code === '') err(f, row.line, 'parent_code', M.needsParent(v.level as Level));
    if (errors.count > before) return;
    const k = key(v.era, v.level, v.code);
    if (byKey.has(k)) {
      err(f, row.line, 'code', M.duplicateUnit(v.era as Era, v.level as Level, v.code, byKey.get(k)!.row.line));
      return;
    }
    const era = v.era as Era;
    const level = v.level as Level;
    const parentLevel: Level | null = level === 'province' ? null : era === 'old' && level === 'commune' ? 'district' : 'province';
    byKey.set(k, {
      row,
      unit: {
        era,
        level,
        code: v.code,
        name: v.name,
        kind: v.kind as UnitKind,
        parentLevel,
        parentCode: parentLevel ? v.parent_code : null,
        provinceCode: level === 'province' ? v.code : '',
        validFrom: era === 'new' ? NEW_VALID_FROM : null,
        validTo: era === 'old' ? OLD_VALID_TO : null,
      },
    });
  });
  // Parents must exist in the file, at the level above; the province follows from them.
  for (const { row, unit } of byKey.values()) {
    if (!unit.parentLevel || !unit.parentCode) continue;
    const parent = byKey.get(key(unit.era, unit.parentLevel, unit.parentCode))?.unit;
    if (!parent) {
      err('units.csv', row.line, 'parent_code', M.noUnit(unit.era, unit.parentLevel, shown(unit.parentCode)));
      continue;
    }
    unit.provinceCode = parent.level === 'province' ? parent.code : (parent.parentCode ?? '');
  }

  // clauses.csv
  const clauseKeys = new Map<string, number>();
  const clauses: ParsedClause[] = [];
  readCsv('clauses.csv', files['clauses.csv'], errors, (row) => {
    const v = row.values;
    const before = errors.count;
    if (v.document === '' || v.document.length > 40) err('clauses.csv', row.line, 'document', M.length(1, 40));
    if (v.clause === '' || v.clause.length > 20) err('clauses.csv', row.line, 'clause', M.length(1, 20));
    if (v.text === '') err('clauses.csv', row.line, 'text', M.empty);
    if (errors.count > before) return;
    const k = `${v.document}|${v.clause}`;
    if (clauseKeys.has(k)) {
      err('clauses.csv', row.line, 'clause', M.duplicateClause(shown(v.document), shown(v.clause), clauseKeys.get(k)!));
      return;
    }
    clauseKeys.set(k, row.line);
    clauses.push({ document: v.document, clause: v.clause, text: v.text });
  });

  // lineage.csv
  const pairs = new Map<string, number>();
  const successions: ParsedSuccession[] = [];
  readCsv('lineage.csv', files['lineage.csv'], errors, (row) => {
    const v = row.values;
    const f = 'lineage.csv';
    const before = errors.count;
    if (v.level !== 'province' && v.level !== 'commune') err(f, row.line, 'level', M.lineageLevel(shown(v.level)));
    else {
      if (!byKey.has(key('old', v.level, v.old_code))) err(f, row.line, 'old_code', M.noUnit('old', v.level as Level, shown(v.old_code)));
      if (!byKey.has(key('new', v.level, v.new_code))) err(f, row.line, 'new_code', M.noUnit('new', v.level as Level, shown(v.new_code)));
    }
    if (!oneOf(SHARES, v.share)) err(f, row.line, 'share', M.share(shown(v.share)));
    if (v.legal_basis.length > 40) err(f, row.line, 'legal_basis', M.longerThan(40));
    if (v.legal_basis === '' && v.clause !== '') err(f, row.line, 'legal_basis', M.clauseWithoutDocument);
    if (v.clause.length > 20) err(f, row.line, 'clause', M.longerThan(20));
    if (errors.count > before) return;
    const k = `${v.level}|${v.old_code}|${v.new_code}`;
    if (pairs.has(k)) {
      err(f, row.line, 'new_code', M.duplicatePair(shown(v.old_code), shown(v.new_code), pairs.get(k)!));
      return;
    }
    pairs.set(k, row.line);
    successions.push({
      level: v.level as Level,
      oldCode: v.old_code,
      newCode: v.new_code,
      share: v.share as Share,
      legalBasis: v.legal_basis === '' ? null : v.legal_basis,
      clause: v.clause === '' ? null : v.clause,
    });
  });

  if (errors.count) throw new UnitImportError(errors.first, errors.count);
  const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
  return {
    units: [...byKey.values()].map((x) => x.unit),
    successions,
    clauses,
    sha256: { 'units.csv': sha(files['units.csv']), 'lineage.csv': sha(files['lineage.csv']), 'clauses.csv': sha(files['clauses.csv']) },
  };
}
