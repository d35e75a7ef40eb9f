import { columnForHeader, IMPORT_COLUMNS, matchHeader, normaliseHeader } from '../../src/assets/import/asset-columns';
import { EXPORT_COLUMNS } from '../../src/assets/export/asset-export-columns';
import {
  AssetRowParser,
  ImportFileError,
  type ImportRowError,
  parseArea,
  parseCoordinate,
  parseHeader,
  parseVnd,
  type RawCell,
  splitDecimal,
} from '../../src/assets/import/asset-row-parser';
import type { Lang } from '../../src/common/language';
import type { Localized } from '../../src/common/localized';
import { IMPORT_MESSAGES } from '../../src/assets/import/import-messages';
import { LABELLED_VOCABULARIES } from '../../src/schema/labels';
import { detectFormat } from '../../src/assets/import/sheet-reader';
import { guardFormula, unguardFormula } from '../../src/assets/export/formula-guard';
import { stringify } from 'csv-stringify/sync';

const TODAY = '2026-03-15';
const KEYS = IMPORT_COLUMNS.map((c) => c.key);
const VALID: Record<string, RawCell> = {
  code: '08.TSC.HG-001',
  name: 'Trụ sở UBND thành phố Hà Giang (cũ)',
  category: 'headquarters',
  current_unit: '00691',
  origin_unit: '024',
  custodian_code: '08.UBND.HG2',
  address: 'Số 1 Nguyễn Trãi',
  latitude: '22.8233',
  longitude: '104.9836',
  land_area: '5230.5',
  floor_area: '2100,25',
  year_built: '2004',
  original_cost: '35.000.000.000',
  remaining_value: '12500000000',
  land_certificate_no: 'BĐ 123456',
  land_use_category: 'TSC',
  condition: 'fair',
  notes: '',
  surplus_since: '2025-07-01',
  surplus_reason: 'District level abolished',
};

/** A parser over all columns (English keys) and one row built from VALID with overrides. */
function parseOne(over: Record<string, RawCell> = {}, header: string[] = KEYS) {
  const parser = new AssetRowParser(parseHeader(header), TODAY);
  const values = { ...VALID, ...over };
  return parser.parse(
    2,
    header.map((h) => values[columnForHeader(h)!.key]),
  );
}
/** Errors with their message in one language (English unless said). */
const inLanguage = (errors: ImportRowError[] | undefined, lang: Lang = 'en') => errors?.map((e) => ({ ...e, message: e.message[lang] }));
const errorsOf = (over: Record<string, RawCell>, lang: Lang = 'en') => {
  const r = parseOne(over);
  if (!r?.errors) throw new Error(`expected errors, got ${JSON.stringify(r)}`);
  return inLanguage(r.errors, lang)!;
};
function headerErrors(cells: RawCell[], lang: Lang = 'en') {
  try {
    parseHeader(cells);
  } catch (err) {
    if (err instanceof ImportFileError) return inLanguage(err.errors, lang);
    throw err;
  }
  throw new Error('expected a header error');
}

describe('asset import: header', () => {
  it('matches English keys and Vietnamese headers, ignoring case, accents, spaces and NFD', () => {
    const vi = IMPORT_COLUMNS.map((c) => c.vi);
    expect(parseHeader(vi).columns).toEqual(KEYS);
    expect(parseHeader(KEYS).columns).toEqual(KEYS);
    expect(parseHeader(vi.map((h) => h.normalize('NFD'))).columns).toEqual(KEYS);
    for (const [text, key] of [
      ['MA TAI SAN', 'code'],
      ['  mã   tài sản ', 'code'],
      ['Dien tich dat (m2)', 'land_area'],
      ['Diện tích đất', 'land_area'],
      ['NGUYÊN GIÁ', 'original_cost'],
      ['Nguyên giá (đồng)', 'original_cost'],
      ['LAND_AREA', 'land_area'],
      [' surplus_since ', 'surplus_since'],
      ['Số giấy chứng nhận QSDĐ', 'land_certificate_no'],
      ['so giay chung nhan qsdd', 'land_certificate_no'],
      ['Mã đơn vị hành chính hiện tại', 'current_unit'],
      ['ma don vi hanh chinh cu', 'origin_unit'],
    ] as const) {
      expect([text, columnForHeader(text)?.key]).toEqual([text, key]);
    }
    expect(normaliseHeader('Đ ư ờ n g')).toBe('duong');
    expect(matchHeader('Số tầng')).toBeUndefined();
  });

  it('reads the headers of the asset export and ignores its read-only columns', () => {
    for (const lang of ['en', 'vi'] as const) {
      const header = parseHeader(EXPORT_COLUMNS.map((c) => c[lang]));
      expect(header.columns).toEqual(EXPORT_COLUMNS.map((c) => (KEYS.includes(c.key as never) ? c.key : null)));
    }
    expect(matchHeader('Current unit code')?.key).toBe('current_unit');
    expect(matchHeader('Current unit')).toBeNull();
    expect(matchHeader('Trạng thái')).toBeNull();
    const parser = new AssetRowParser(parseHeader(['code', 'name', 'category', 'current_unit', 'custodian_code', 'Status', 'Version']), TODAY);
    expect(parser.parse(2, ['A1', 'X', 'other', '00691', 'AG', 'sold', '7'])?.row).toEqual({
      line: 2,
      code: 'A1',
      name: 'X',
      category: 'other',
      currentUnit: '00691',
      custodianCode: 'AG',
    });
  });

  it('keeps the header as written, to name columns in errors', () => {
    const header = parseHeader(['Mã tài sản', 'Tên tài sản', 'loai tai san', 'current_unit', 'Mã đơn vị quản lý', 'Diện tích đất (m²)']);
    expect(header.written).toEqual({
      code: 'Mã tài sản',
      name: 'Tên tài sản',
      category: 'loai tai san',
      current_unit: 'current_unit',
      custodian_code: 'Mã đơn vị quản lý',
      land_area: 'Diện tích đất (m²)',
    });
  });

  it('ignores empty header cells but refuses a value under one', () => {
    const parser = new AssetRowParser(parseHeader(['code', '', 'name', 'category', 'current_unit', 'custodian_code', null]), TODAY);
    expect(parser.parse(2, ['A1', '', 'X', 'other', '00691', 'AG'])).toMatchObject({ row: { code: 'A1' } });
    expect(inLanguage(parser.parse(3, ['A2', 'stray', 'X', 'other', '00691', 'AG', 'more'])?.errors)).toEqual([
      { line: 3, field: '(row)', message: 'a value in column 2, which has no header' },
      { line: 3, field: '(row)', message: 'a value in column 7, which has no header' },
    ]);
  });

  it('refuses an unknown column, naming it', () => {
    expect(headerErrors([...KEYS, 'Số tầng'])).toEqual([{ line: 1, field: 'Số tầng', message: expect.stringContaining('unknown column') }]);
  });

  it('refuses a column given twice, a missing required column, half of the coordinates and an empty header', () => {
    expect(headerErrors([...KEYS, 'Mã tài sản'])).toEqual([{ line: 1, field: 'Mã tài sản', message: 'the column code appears twice (also as "code")' }]);
    expect(headerErrors(['code', 'name', 'category', 'current_unit'])!.map((e) => e.field)).toEqual(['custodian_code']);
    expect(headerErrors(['code', 'name', 'category', 'current_unit', 'custodian_code', 'Vĩ độ'])).toEqual([
      { line: 1, field: 'longitude', message: 'the latitude and longitude columns go together' },
    ]);
    expect(headerErrors(['', null])).toEqual([{ line: 1, field: '(header)', message: 'the first line must be the header row' }]);
  });
});

describe('asset import: rows', () => {
  it('parses a valid row: NFC text, money as digits, canonical numbers', () => {
    const r = parseOne({ name: 'Nhà văn hóa tổ dân phố'.normalize('NFD'), category: ' Headquarters ', land_use_category: 'tsc' });
    expect(r).toEqual({
      row: {
        line: 2,
        code: '08.TSC.HG-001',
        name: 'Nhà văn hóa tổ dân phố'.normalize('NFC'),
        category: 'headquarters',
        currentUnit: '00691',
        originUnit: '024',
        custodianCode: '08.UBND.HG2',
        address: 'Số 1 Nguyễn Trãi',
        latitude: 22.8233,
        longitude: 104.9836,
        landArea: 5230.5,
        floorArea: 2100.25,
        yearBuilt: 2004,
        originalCost: '35000000000',
        remainingValue: '12500000000',
        landCertificateNo: 'BĐ 123456',
        landUseCategory: 'TSC',
        condition: 'fair',
        notes: null,
        surplusSince: '2025-07-01',
        surplusReason: 'District level abolished',
      },
    });
  });

  it('leaves a column that is not in the file undefined and an empty cell null', () => {
    const r = parseOne({ address: '   ' }, ['code', 'name', 'category', 'current_unit', 'custodian_code', 'address']);
    expect(r?.row).toEqual({
      line: 2,
      code: '08.TSC.HG-001',
      name: VALID.name,
      category: 'headquarters',
      currentUnit: '00691',
      custodianCode: '08.UBND.HG2',
      address: null,
    });
  });

  it('skips a blank row', () => {
    expect(
      new AssetRowParser(parseHeader(KEYS), TODAY).parse(
        5,
        KEYS.map(() => ' '),
      ),
    ).toBeNull();
  });

  it('takes XLSX numbers and dates', () => {
    const r = parseOne({
      land_area: 5230.5,
      floor_area: 0.1 + 0.2,
      latitude: 22.8233,
      longitude: 104.9836,
      year_built: 2004,
      original_cost: 35_000_000_000,
      remaining_value: 0,
      surplus_since: new Date(Date.UTC(2025, 6, 1)),
    });
    expect(r?.row).toMatchObject({
      landArea: 5230.5,
      floorArea: 0.3,
      latitude: 22.8233,
      yearBuilt: 2004,
      originalCost: '35000000000',
      remainingValue: '0',
      surplusSince: '2025-07-01',
    });
  });

  it.each([
    ['code', { code: 'a b' }, 'must be 2-40 letters, digits or . _ / -; got "a b"'],
    ['code', { code: '' }, 'required'],
    ['name', { name: '' }, 'required'],
    ['name', { name: 'x'.repeat(301) }, 'must be 1-300 characters'],
    ['category', { category: 'castle' }, expect.stringContaining('must be one of headquarters, public_service_facility')],
    ['category', { category: null }, 'required'],
    ['current_unit', { current_unit: '024' }, 'a new-era unit code has 5 digits (commune) or 2 (province); got "024"'],
    ['current_unit', { current_unit: 691 }, expect.stringContaining('write the unit code as text')],
    ['origin_unit', { origin_unit: '0241' }, expect.stringContaining('an old-era unit code has 2 digits')],
    ['custodian_code', { custodian_code: '' }, 'required'],
    ['custodian_code', { custodian_code: 'x'.repeat(41) }, 'must be 1-40 characters'],
    ['address', { address: 'x'.repeat(501) }, 'must be 1-500 characters'],
    ['latitude', { latitude: 'north' }, 'not a number of degrees: "north"'],
    ['latitude', { latitude: '22.12345678' }, 'at most 6 decimals'],
    ['longitude', { longitude: 104.12345678 }, 'at most 6 decimals'],
    ['land_area', { land_area: '-1' }, 'must be ≥ 0'],
    ['land_area', { land_area: '0,125' }, 'at most 2 decimals'],
    ['land_area', { land_area: '10.1234' }, 'at most 2 decimals'],
    ['land_area', { land_area: 10.123 }, 'at most 2 decimals'],
    ['land_area', { land_area: 'big' }, 'not a number: "big"'],
    ['floor_area', { floor_area: '1.2.3' }, 'not a number: "1.2.3"'],
    ['floor_area', { floor_area: '1e3' }, 'not a number: "1e3"'],
    ['year_built', { year_built: '20x4' }, 'must be a year such as 2004, got "20x4"'],
    ['year_built', { year_built: '2999' }, 'must be from 1800 to 2026'],
    ['year_built', { year_built: 1700 }, 'must be from 1800 to 2026'],
    ['original_cost', { original_cost: '1.234,5' }, 'must be a whole number of VND'],
    ['original_cost', { original_cost: 1.5 }, 'must be a whole number of VND'],
    ['original_cost', { original_cost: '-100' }, 'must be ≥ 0'],
    ['original_cost', { original_cost: '99999999999999999999' }, `must be at most ${Number.MAX_SAFE_INTEGER}`],
    ['original_cost', { original_cost: 'nhiều' }, 'not a number: "nhiều"'],
    ['remaining_value', { remaining_value: '40.000.000.000' }, 'cannot exceed the original cost'],
    ['land_certificate_no', { land_certificate_no: 'x'.repeat(61) }, 'must be 1-60 characters'],
    ['land_use_category', { land_use_category: 'T1' }, 'must be a land-use category code such as TSC; got "T1"'],
    ['condition', { condition: 'shiny' }, 'must be one of good, fair, poor, dilapidated, or one of their labels; got "shiny"'],
    ['notes', { notes: 'x'.repeat(4001) }, 'must be 1-4000 characters'],
    ['surplus_since', { surplus_since: '2025-02-30' }, 'must be a date written YYYY-MM-DD, got "2025-02-30"'],
    ['surplus_since', { surplus_since: '01/07/2025' }, 'must be a date written YYYY-MM-DD, got "01/07/2025"'],
    ['surplus_since', { surplus_since: '2026-03-16' }, 'must not be in the future'],
    ['surplus_since', { surplus_since: 45839 }, 'must be a date written YYYY-MM-DD'],
    ['surplus_reason', { surplus_reason: '' }, 'required when surplus_since is given'],
    ['surplus_reason', { surplus_since: '' }, 'given without surplus_since'],
  ])('refuses a bad %s', (field, over, message) => {
    expect(errorsOf(over)).toEqual([{ line: 2, field, message }]);
  });

  it('names the column as the file writes it', () => {
    const vi = IMPORT_COLUMNS.map((c) => c.vi);
    expect(inLanguage(parseOne({ land_area: '10.1234', condition: 'x' }, vi)?.errors)).toEqual([
      { line: 2, field: 'Diện tích đất (m²)', message: 'at most 2 decimals' },
      { line: 2, field: 'Tình trạng', message: expect.stringContaining('must be one of') },
    ]);
  });

  it('wants both coordinates or neither, inside Vietnam', () => {
    expect(errorsOf({ longitude: '' })).toEqual([{ line: 2, field: 'longitude', message: 'latitude and longitude go together' }]);
    expect(errorsOf({ latitude: null })).toEqual([{ line: 2, field: 'latitude', message: 'latitude and longitude go together' }]);
    expect(errorsOf({ latitude: '48.85', longitude: '2.35' })).toEqual([{ line: 2, field: 'latitude', message: 'the point (48.85, 2.35) is outside Vietnam' }]);
    expect(parseOne({ latitude: '', longitude: '' })?.row).toMatchObject({ latitude: null, longitude: null });
    expect(parseOne({ latitude: '21,0285', longitude: '105,8542' })?.row).toMatchObject({ latitude: 21.0285, longitude: 105.8542 });
    // A malformed coordinate is reported once, not also as a missing partner.
    expect(errorsOf({ latitude: 'x' })).toHaveLength(1);
  });

  it('refuses a code given twice, on the second line', () => {
    const parser = new AssetRowParser(parseHeader(KEYS), TODAY);
    const row = (code: string) => KEYS.map((k) => (k === 'code' ? code : VALID[k]));
    expect(parser.parse(2, row('A-1'))?.row).toBeDefined();
    expect(parser.parse(3, row('A-2'))?.row).toBeDefined();
    expect(inLanguage(parser.parse(4, row('A-1'))?.errors)).toEqual([{ line: 4, field: 'code', message: 'duplicate code A-1 (first on line 2)' }]);
  });

  it('reports every error of a row', () => {
    expect(errorsOf({ category: 'x', land_area: '-1', condition: 'x' }).map((e) => e.field)).toEqual(['category', 'land_area', 'condition']);
  });
});

describe('asset import: numbers', () => {
  it.each([
    ['1234.5', 1234.5],
    ['1.234,5', 1234.5],
    ['1,234.5', 1234.5],
    ['1 234,5', 1234.5],
    ['1\u00a0234,50', 1234.5],
    ['5230,50', 5230.5],
    ['1.234', 1234],
    ['12,500', 12500],
    ['0.125', 'at most 2 decimals'],
    ['12.345.678,25', 12345678.25],
    ['0', 0],
    ['0,5', 0.5],
    ['1.234.56', 'not a number: "1.234.56"'],
  ])('area %s → %s', (text, expected) => {
    const r = parseArea(text);
    expect(r.error?.en ?? r.value).toEqual(expected);
  });

  it.each([
    ['35.000.000.000', '35000000000'],
    ['35,000,000,000', '35000000000'],
    ['35 000 000 000', '35000000000'],
    ['35000000000', '35000000000'],
    ['1.000', '1000'],
    ['007', '7'],
    ['1234,00', '1234'],
    ['9007199254740991', '9007199254740991'],
    ['9007199254740992', 'must be at most 9007199254740991'],
  ])('money %s → %s (never through a float)', (text, expected) => {
    const r = parseVnd(text);
    expect(r.error?.en ?? r.value).toEqual(expected);
  });

  it('splits decimals without guessing wrongly', () => {
    expect(splitDecimal('1.234,56')).toEqual({ int: '1234', frac: '56', negative: false });
    expect(splitDecimal('-3')).toEqual({ int: '3', frac: '', negative: true });
    expect(splitDecimal('1,2,3')).toBeNull();
    expect(splitDecimal('1.234.5')).toBeNull();
    expect(splitDecimal('12.')).toBeNull();
    expect(splitDecimal(',5')).toBeNull();
  });

  it('reads coordinates with either decimal separator', () => {
    expect(parseCoordinate('22,8233').value).toBe(22.8233);
    expect(parseCoordinate('105.000000').value).toBe(105);
    expect(parseCoordinate(104.98360000000001).value).toBe(104.9836);
    expect(parseCoordinate('1.234,5').error).toBeDefined();
  });
});

describe('asset import: file format', () => {
  const zip = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]);
  const csv = Buffer.from('code,name\nA,B\n');
  it.each([
    ['assets.csv', csv, 'csv'],
    ['ASSETS.CSV', csv, 'csv'],
    ['assets.xlsx', zip, 'xlsx'],
    ['upload', zip, 'xlsx'],
    ['upload', csv, 'csv'],
    ['data.txt', Buffer.from('\ufeffcode,name\n'), 'csv'],
  ])('%s is %s', (name, head, format) => {
    expect(detectFormat(name as string, head as Buffer)).toBe(format);
  });
  it.each([
    ['scan.pdf', Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1')],
    ['old.xls', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1])],
    ['assets.xlsx', csv],
    ['assets.csv', zip],
    ['assets.csv', Buffer.from([0x63, 0x00, 0x64])],
    ['notes', Buffer.from('hello world\n')],
  ])('%s is refused with 415', (name, head) => {
    expect(() => detectFormat(name, head)).toThrow(expect.objectContaining({ status: 415, code: 'unsupported-media-type' }));
  });
  it('refuses an empty file as a rejected import', () => {
    expect(() => detectFormat('a.csv', Buffer.alloc(0))).toThrow(expect.objectContaining({ status: 422, code: 'import-rejected' }));
  });
});

describe('asset export and import: the CSV formula guard', () => {
  const TEXTS = [
    '=HYPERLINK("http://evil")',
    '+84 912',
    '-',
    '- Mục 1',
    '@SUM(A1)',
    '\t=1',
    '\r=1',
    '＝1',
    '＋1',
    '－1',
    '＠1',
    "'=x",
    "''=x",
    "'- đã có dấu nháy",
    "'",
    "''",
    "'Trích dẫn",
    "it's",
    'Trụ sở UBND',
    '',
    '1-2',
    'a=b',
  ];

  it('guards what a spreadsheet would run, and leaves the rest as it is', () => {
    expect(guardFormula('=HYPERLINK("x")')).toBe('\'=HYPERLINK("x")');
    expect(guardFormula('- Mục 1')).toBe("'- Mục 1");
    expect(guardFormula('@A1')).toBe("'@A1");
    expect(guardFormula("'=x")).toBe("''=x");
    for (const t of ["'Trích dẫn", "it's", 'Trụ sở UBND', '', '1-2', 'a=b', "'"]) expect(guardFormula(t)).toBe(t);
  });

  it('takes off exactly the guard the export adds: every text comes back as it was, a second trip included', () => {
    for (const t of TEXTS) {
      expect(unguardFormula(guardFormula(t))).toBe(t);
      expect(unguardFormula(guardFormula(unguardFormula(guardFormula(t))))).toBe(t);
    }
    // Text the export would never have guarded is read as it is.
    for (const t of ["'Trích dẫn", "'", "it's", 'a=b']) expect(unguardFormula(t)).toBe(t);
  });

  it('guards at least what csv-stringify escape_formulas guards', () => {
    for (const t of TEXTS) {
      const escaped = stringify([[t]], { escape_formulas: true, quoted: true })
        .slice(1, -2)
        .replace(/""/g, '"');
      if (escaped !== t) expect(guardFormula(t)).toBe(escaped);
    }
  });
});

describe('asset import: row errors in Vietnamese and English', () => {
  it('says each error of a row in both languages, Vietnamese with its diacritics', () => {
    const vi = IMPORT_COLUMNS.map((c) => c.vi);
    const r = parseOne({ land_area: '10.1234', year_built: '2999', category: 'castle', surplus_reason: '' }, vi);
    expect(inLanguage(r?.errors, 'vi')).toEqual([
      {
        line: 2,
        field: 'Loại tài sản',
        message:
          'phải là một giá trị trong danh sách: Trụ sở làm việc; Cơ sở hoạt động sự nghiệp; Nhà ở công vụ; Đất không có công trình; Xe ô tô, phương tiện vận tải; Máy móc, thiết bị; Tài sản khác (hoặc nhãn tiếng Anh, mã của nó); nhận được "castle"',
      },
      { line: 2, field: 'Diện tích đất (m²)', message: 'tối đa 2 chữ số thập phân' },
      { line: 2, field: 'Năm xây dựng', message: `phải từ 1800 đến ${TODAY.slice(0, 4)}` },
      { line: 2, field: 'Lý do dôi dư', message: 'bắt buộc khi có Ngày dôi dư (surplus_since)' },
    ]);
    expect(inLanguage(r?.errors, 'en')!.map((e) => e.message)).toEqual([
      'must be one of headquarters, public_service_facility, housing, land_only, vehicle, equipment, other, or one of their labels; got "castle"',
      'at most 2 decimals',
      `must be from 1800 to ${TODAY.slice(0, 4)}`,
      'required when surplus_since is given',
    ]);
    expect(headerErrors([...KEYS, 'Số tầng'], 'vi')).toEqual([
      { line: 1, field: 'Số tầng', message: 'cột không xác định: hãy dùng tiêu đề tiếng Việt hoặc khóa tiếng Anh của tệp mẫu' },
    ]);
    expect(errorsOf({ current_unit: 691 }, 'vi')).toEqual([
      {
        line: 2,
        field: 'current_unit',
        message: 'hãy ghi mã đơn vị hành chính dạng văn bản, giữ các số 0 ở đầu (mã đơn vị hành chính mới có 5 chữ số (cấp xã) hoặc 2 chữ số (cấp tỉnh))',
      },
    ]);
  });

  it('writes every message of the catalogue in both languages, never the same words', () => {
    const v = LABELLED_VOCABULARIES.assetCondition;
    const samples: Record<keyof typeof IMPORT_MESSAGES, Localized> = {
      unknownColumn: IMPORT_MESSAGES.unknownColumn,
      columnTwice: IMPORT_MESSAGES.columnTwice('code', 'Mã'),
      headerFirst: IMPORT_MESSAGES.headerFirst,
      requiredColumn: IMPORT_MESSAGES.requiredColumn('code', 'Mã tài sản'),
      coordinateColumns: IMPORT_MESSAGES.coordinateColumns,
      required: IMPORT_MESSAGES.required,
      noHeader: IMPORT_MESSAGES.noHeader(3),
      notANumber: IMPORT_MESSAGES.notANumber('x'),
      notNegative: IMPORT_MESSAGES.notNegative,
      atMost: IMPORT_MESSAGES.atMost(5),
      wholeVnd: IMPORT_MESSAGES.wholeVnd,
      decimals: IMPORT_MESSAGES.decimals(2),
      notDegrees: IMPORT_MESSAGES.notDegrees('x'),
      year: IMPORT_MESSAGES.year('x'),
      date: IMPORT_MESSAGES.date('x'),
      future: IMPORT_MESSAGES.future,
      length: IMPORT_MESSAGES.length(1, 3),
      assetCode: IMPORT_MESSAGES.assetCode('x'),
      landUseCode: IMPORT_MESSAGES.landUseCode('x'),
      notInList: IMPORT_MESSAGES.notInList(v, 'x'),
      newUnitCode: IMPORT_MESSAGES.newUnitCode,
      oldUnitCode: IMPORT_MESSAGES.oldUnitCode,
      unitCodeAsText: IMPORT_MESSAGES.unitCodeAsText(IMPORT_MESSAGES.newUnitCode),
      unitCodeShape: IMPORT_MESSAGES.unitCodeShape(IMPORT_MESSAGES.oldUnitCode, 'x'),
      duplicateCode: IMPORT_MESSAGES.duplicateCode('A', 2),
      surplusReasonRequired: IMPORT_MESSAGES.surplusReasonRequired,
      surplusReasonAlone: IMPORT_MESSAGES.surplusReasonAlone,
      noNewUnit: IMPORT_MESSAGES.noNewUnit('commune', '09999'),
      noOldUnit: IMPORT_MESSAGES.noOldUnit('district', '999'),
      unitOutside: IMPORT_MESSAGES.unitOutside('00004', '01'),
      assetOutside: IMPORT_MESSAGES.assetOutside('A', '08'),
      noAgency: IMPORT_MESSAGES.noAgency('X'),
      agencyElsewhere: IMPORT_MESSAGES.agencyElsewhere('X', '08', '01'),
      agencyDissolved: IMPORT_MESSAGES.agencyDissolved('X', '2025-07-01', 'Y'),
      noLandUse: IMPORT_MESSAGES.noLandUse('XYZ'),
      aboveStoredCost: IMPORT_MESSAGES.aboveStoredCost('5'),
      belowStoredRemaining: IMPORT_MESSAGES.belowStoredRemaining('5'),
      alreadySurplus: IMPORT_MESSAGES.alreadySurplus('2025-07-01'),
      emptyFile: IMPORT_MESSAGES.emptyFile,
      notCsv: IMPORT_MESSAGES.notCsv('x'),
      notXlsx: IMPORT_MESSAGES.notXlsx('x'),
      tooManyItems: IMPORT_MESSAGES.tooManyItems('x', 5),
      cellTooLong: IMPORT_MESSAGES.cellTooLong('B', 32_767),
      columnBeyond: IMPORT_MESSAGES.columnBeyond('CW', 101, 100),
    };
    for (const [name, m] of Object.entries(samples)) {
      expect({ name, langs: Object.keys(m).sort() }).toEqual({ name, langs: ['en', 'vi'] });
      expect({ name, same: m.vi === m.en }).toEqual({ name, same: false });
    }
    expect(IMPORT_MESSAGES.noNewUnit('commune', '09999').vi).toBe('không có đơn vị hành chính cấp xã mới (từ 01/7/2025) mã 09999');
  });
});
