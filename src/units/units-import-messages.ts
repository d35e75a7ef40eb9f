/**
 * What the unit dataset import says about a file or a row (the `message` of each errors[] entry), in
 * Vietnamese and English, written together here so the two say the same thing. The answer gives the
 * caller's language (Accept-Language, Vietnamese by default). Values quoted from the files are quoted
 * as written; file names, column keys and coded values (old, new, province, full…) stay as the files
 * write them in both languages. Pure.
 */
import type { Localized } from '../common/localized';
import { LEVEL_LABELS } from '../schema/labels';
import { type Era, type Level, UNIT_KINDS } from '../schema/vocabulary';

const both = (vi: string, en: string): Localized => ({ vi, en });
/** "cấp xã" for commune. */
const levelVi = (level: Level): string => LEVEL_LABELS[level].vi.toLowerCase();
/** "đơn vị cấp xã trước sắp xếp (old)": the unit an era/level/code key of units.csv names. */
const unitVi = (era: Era, level: Level): string => `đơn vị ${levelVi(level)} ${era === 'old' ? 'trước' : 'sau'} sắp xếp (${era})`;

export const UNIT_IMPORT_MESSAGES = {
  // A file
  header: (expected: string, got: string) => both(`dòng tiêu đề phải là ${expected}; nhận được ${got}`, `expected the header ${expected}, got ${got}`),
  emptyFile: (expected: string) => both(`tệp rỗng; cần có dòng tiêu đề ${expected}`, `empty file; expected the header ${expected}`),
  notCsv: (reason: string) => both(`không phải tệp CSV hợp lệ: ${reason}`, `not valid CSV: ${reason}`),
  tooManyWrongRows: (max: number) =>
    both(
      `hơn ${max} dòng có số cột không đúng: phần còn lại của tệp không được đọc`,
      `more than ${max} rows with the wrong number of columns: the rest of the file was not read`,
    ),
  columns: (expected: number, got: number) => both(`cần ${expected} cột, nhận được ${got}`, `expected ${expected} columns, got ${got}`),

  // A cell
  empty: both('không được để trống', 'is empty'),
  longerThan: (max: number) => both(`dài quá ${max} ký tự`, `is longer than ${max} characters`),
  length: (min: number, max: number) => both(`phải có từ ${min} đến ${max} ký tự`, `must be ${min}-${max} characters`),
  // A coded cell that names no value: the codes stay as the files write them.
  era: (got: string) => both(`phải là old (trước sắp xếp) hoặc new (sau sắp xếp); nhận được "${got}"`, `must be old or new, got "${got}"`),
  level: (got: string) =>
    both(`phải là province (cấp tỉnh), district (cấp huyện) hoặc commune (cấp xã); nhận được "${got}"`, `must be province, district or commune, got "${got}"`),
  lineageLevel: (got: string) =>
    both(
      `phải là province (cấp tỉnh) hoặc commune (cấp xã): các đơn vị kế thừa của một huyện được suy ra từ các xã của nó; nhận được "${got}"`,
      `must be province or commune (a district's successors come from its communes), got "${got}"`,
    ),
  kind: (got: string) =>
    both(`phải là một trong các giá trị ${UNIT_KINDS.join(', ')}; nhận được "${got}"`, `must be one of ${UNIT_KINDS.join(', ')}, got "${got}"`),
  share: (got: string) => both(`phải là full (toàn bộ) hoặc partial (một phần); nhận được "${got}"`, `must be full or partial, got "${got}"`),

  // A cell against its row
  newDistrict: both('sau sắp xếp không còn cấp huyện', 'the new era has no district level'),
  codeDigits: (level: Level, digits: number, got: string) =>
    both(`mã ${levelVi(level)} có ${digits} chữ số; nhận được "${got}"`, `a ${level} code has ${digits} digits, got "${got}"`),
  provinceParent: both('đơn vị cấp tỉnh không có đơn vị cấp trên', 'a province has no parent'),
  needsParent: (level: Level) => both(`đơn vị ${levelVi(level)} phải có đơn vị cấp trên`, `a ${level} needs its parent`),
  clauseWithoutDocument: both('khoản phải đi cùng văn bản chứa nó (legal_basis)', 'a clause needs the document it belongs to'),

  // A row against the others
  duplicateUnit: (era: Era, level: Level, code: string, first: number) =>
    both(`${unitVi(era, level)} mã ${code} bị trùng (đã có ở dòng ${first})`, `duplicate ${era} ${level} ${code} (first on line ${first})`),
  noUnit: (era: Era, level: Level, code: string) =>
    both(`không có ${unitVi(era, level)} mã ${code} trong units.csv`, `no ${era} ${level} with code ${code} in units.csv`),
  duplicateClause: (document: string, clause: string, first: number) =>
    both(`khoản ${clause} của văn bản ${document} bị trùng (đã có ở dòng ${first})`, `duplicate ${document} clause ${clause} (first on line ${first})`),
  duplicatePair: (oldCode: string, newCode: string, first: number) =>
    both(`cặp ${oldCode} → ${newCode} bị trùng (đã có ở dòng ${first})`, `duplicate pair ${oldCode} → ${newCode} (first on line ${first})`),
} as const;
