/**
 * What the asset import says about a row or a file (the `message` of each errors[] entry), in
 * Vietnamese and English, written together here so the two say the same thing. The answer gives the
 * caller's language (Accept-Language, Vietnamese by default). Values quoted from the file are
 * quoted as written; column keys and codes stay as they are in both languages. Pure.
 */
import type { Localized } from '../../common/localized';
import type { LabelledVocabulary } from '../../schema/labels';
import { LEVEL_LABELS } from '../../schema/labels';
import type { Level } from '../../schema/vocabulary';

/** A value as a message quotes it: at most 100 characters. */
export const quoted = (text: string): string => `"${text.length > 100 ? `${text.slice(0, 100)}…` : text}"`;

const both = (vi: string, en: string): Localized => ({ vi, en });
/** "cấp xã" / "commune". */
const levelName = (level: Level): Localized => ({ vi: LEVEL_LABELS[level].vi.toLowerCase(), en: level });

export const IMPORT_MESSAGES = {
  // The header row
  unknownColumn: both(
    'cột không xác định: hãy dùng tiêu đề tiếng Việt hoặc khóa tiếng Anh của tệp mẫu',
    'unknown column: use an English key or a Vietnamese header of the template',
  ),
  columnTwice: (key: string, other: string) => both(`cột ${key} xuất hiện hai lần (cả ở "${other}")`, `the column ${key} appears twice (also as "${other}")`),
  headerFirst: both('dòng đầu tiên phải là dòng tiêu đề', 'the first line must be the header row'),
  requiredColumn: (key: string, vi: string) => both(`thiếu cột bắt buộc (${vi} / ${key})`, `required column missing (${key} / ${vi})`),
  coordinateColumns: both('cột vĩ độ và cột kinh độ phải đi cùng nhau', 'the latitude and longitude columns go together'),

  // A cell
  required: both('bắt buộc', 'required'),
  noHeader: (column: number) => both(`có giá trị ở cột ${column}, cột này không có tiêu đề`, `a value in column ${column}, which has no header`),
  notANumber: (text?: string) =>
    text === undefined ? both('không phải là số', 'not a number') : both(`không phải là số: ${quoted(text)}`, `not a number: ${quoted(text)}`),
  notNegative: both('phải lớn hơn hoặc bằng 0', 'must be ≥ 0'),
  atMost: (max: number) => both(`không được lớn hơn ${max}`, `must be at most ${max}`),
  wholeVnd: both('phải là số nguyên đồng', 'must be a whole number of VND'),
  decimals: (n: number) => both(`tối đa ${n} chữ số thập phân`, `at most ${n} decimals`),
  notDegrees: (text: string) => both(`không phải là số độ: ${quoted(text)}`, `not a number of degrees: ${quoted(text)}`),
  year: (text?: string) =>
    text === undefined
      ? both('phải là một năm, ví dụ 2004', 'must be a year such as 2004')
      : both(`phải là một năm, ví dụ 2004; nhận được ${quoted(text)}`, `must be a year such as 2004, got ${quoted(text)}`),
  date: (text?: string) =>
    text === undefined
      ? both('phải là ngày viết theo dạng YYYY-MM-DD', 'must be a date written YYYY-MM-DD')
      : both(`phải là ngày viết theo dạng YYYY-MM-DD; nhận được ${quoted(text)}`, `must be a date written YYYY-MM-DD, got ${quoted(text)}`),
  future: both('không được sau ngày hôm nay', 'must not be in the future'),
  length: (min: number, max: number) => both(`phải có từ ${min} đến ${max} ký tự`, `must be ${min}-${max} characters`),
  assetCode: (text: string) =>
    both(`phải gồm 2-40 ký tự chữ, số hoặc . _ / -; nhận được ${quoted(text)}`, `must be 2-40 letters, digits or . _ / -; got ${quoted(text)}`),
  landUseCode: (text: string) =>
    both(`phải là mã loại đất, ví dụ TSC; nhận được ${quoted(text)}`, `must be a land-use category code such as TSC; got ${quoted(text)}`),
  /** A coded cell that names no value: the Vietnamese labels of the list (what the Vietnamese template offers), the English codes. */
  notInList: (v: LabelledVocabulary, text: string) =>
    both(
      `phải là một giá trị trong danh sách: ${v.values.map((x) => v.labels[x].vi).join('; ')} (hoặc nhãn tiếng Anh, mã của nó); nhận được ${quoted(text)}`,
      `must be one of ${v.values.join(', ')}, or one of their labels; got ${quoted(text)}`,
    ),
  newUnitCode: both('mã đơn vị hành chính mới có 5 chữ số (cấp xã) hoặc 2 chữ số (cấp tỉnh)', 'a new-era unit code has 5 digits (commune) or 2 (province)'),
  oldUnitCode: both(
    'mã đơn vị hành chính cũ có 2 chữ số (cấp tỉnh), 3 (cấp huyện) hoặc 5 (cấp xã)',
    'an old-era unit code has 2 digits (province), 3 (district) or 5 (commune)',
  ),
  unitCodeAsText: (expected: Localized) =>
    both(
      `hãy ghi mã đơn vị hành chính dạng văn bản, giữ các số 0 ở đầu (${expected.vi})`,
      `write the unit code as text, with its leading zeros (${expected.en})`,
    ),
  unitCodeShape: (expected: Localized, text: string) => both(`${expected.vi}; nhận được ${quoted(text)}`, `${expected.en}; got ${quoted(text)}`),

  // A row
  duplicateCode: (code: string, first: number) => both(`mã ${code} bị trùng (đã có ở dòng ${first})`, `duplicate code ${code} (first on line ${first})`),
  surplusReasonRequired: both('bắt buộc khi có Ngày dôi dư (surplus_since)', 'required when surplus_since is given'),
  surplusReasonAlone: both('chỉ ghi khi có Ngày dôi dư (surplus_since)', 'given without surplus_since'),

  // What the database holds
  noNewUnit: (level: Level, code: string) =>
    both(`không có đơn vị hành chính ${levelName(level).vi} mới (từ 01/7/2025) mã ${code}`, `no new-era ${level} with code ${code}`),
  noOldUnit: (level: Level, code: string) =>
    both(`không có đơn vị hành chính ${levelName(level).vi} cũ (trước 01/7/2025) mã ${code}`, `no old-era ${level} with code ${code}`),
  unitOutside: (code: string, province: string) =>
    both(`ngoài tỉnh của bạn: ${code} thuộc tỉnh ${province}`, `outside your province: ${code} is in province ${province}`),
  assetOutside: (code: string, province: string) =>
    both(`ngoài tỉnh của bạn: tài sản ${code} không thuộc tỉnh ${province}`, `outside your province: asset ${code} is not in province ${province}`),
  noAgency: (code: string) => both(`không có cơ quan, đơn vị mã ${code} trong phạm vi của bạn`, `no agency with code ${code} in your scope`),
  agencyElsewhere: (code: string, agencyProvince: string, assetProvince: string) =>
    both(
      `cơ quan, đơn vị ${code} thuộc tỉnh ${agencyProvince}, còn tài sản thuộc tỉnh ${assetProvince}`,
      `agency ${code} belongs to province ${agencyProvince}, the asset to ${assetProvince}`,
    ),
  agencyDissolved: (code: string, on: string, successor: string | null) =>
    both(
      `cơ quan, đơn vị ${code} đã giải thể ngày ${on}${successor ? `; đơn vị kế thừa là ${successor}` : ''}`,
      `agency ${code} was dissolved on ${on}${successor ? `; its successor is ${successor}` : ''}`,
    ),
  noLandUse: (code: string) => both(`không có loại đất mã ${code}`, `unknown land-use category ${code}`),
  aboveStoredCost: (cost: string) => both(`không được lớn hơn nguyên giá đã lưu ${cost}`, `cannot exceed the stored original cost ${cost}`),
  belowStoredRemaining: (remaining: string) =>
    both(`không được nhỏ hơn giá trị còn lại đã lưu ${remaining}`, `cannot be below the stored remaining value ${remaining}`),
  alreadySurplus: (since: string) =>
    both(
      `tài sản đã dôi dư từ ngày ${since}; hãy rút lại khai báo đó trước khi đổi ngày`,
      `the asset is already surplus since ${since}; withdraw that declaration first to change its date`,
    ),

  // The file
  emptyFile: both('tệp rỗng; cần có dòng tiêu đề', 'the file is empty; expected a header row'),
  notCsv: (reason: string) => both(`không phải tệp CSV hợp lệ: ${reason}`, `not valid CSV: ${reason}`),
  notXlsx: (reason: string) => both(`không phải sổ tính XLSX đọc được: ${reason}`, `not a readable XLSX workbook: ${reason}`),
  tooManyItems: (part: string, max: number) => both(`${part} liệt kê quá ${max} mục`, `${part} lists more than ${max} items`),
  cellTooLong: (column: string | null, max: number) =>
    both(
      `${column ? `ô ở cột ${column}` : 'một chuỗi dùng chung'} dài quá ${max.toLocaleString('vi-VN')} ký tự, giới hạn của một ô bảng tính; tệp không được đọc tiếp`,
      `${column ? `the cell in column ${column}` : 'a shared string'} is longer than ${max.toLocaleString('en')} characters, the most a spreadsheet cell holds; the file was not read further`,
    ),
  columnBeyond: (name: string, column: number, max: number) =>
    both(
      `có giá trị ở cột ${name} (${column.toLocaleString('vi-VN')}); chỉ đọc tối đa ${max} cột (IMPORT_MAX_COLUMNS)`,
      `a value in column ${name} (${column.toLocaleString('en')}); at most ${max} columns are read (IMPORT_MAX_COLUMNS)`,
    ),
} as const;
