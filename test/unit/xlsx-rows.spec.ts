import ExcelJS from 'exceljs';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImportFileError } from '../../src/assets/import/asset-row-parser';
import type { SheetLimits } from '../../src/assets/import/sheet-limits';
import { isDateFormat, xlsxRows } from '../../src/assets/import/xlsx-rows';
import { attr, XmlError, type XmlHandler, XmlScanner } from '../../src/assets/import/xml-scanner';
import { DomainError } from '../../src/common/errors';
import { SHEET_HEAD, SHEET_TAIL, SST_HEAD, SST_TAIL, xlsxPackage, zip, type ZipEntry } from '../support/zip';

const LIMITS: SheetLimits = { maxInflatedBytes: 64 * 1024 * 1024, maxRows: 100_000, maxColumns: 100, maxSharedStrings: 1000, maxSharedStringChars: 100_000 };

describe('XmlScanner', () => {
  /** Every event, as text, with adjacent text pieces joined. */
  const events = (xml: string, pieceSize: number): string[] => {
    const out: string[] = [];
    const handler: XmlHandler = {
      wantsText: true,
      open: (name, tag) => out.push(`<${name}${attr(tag, 'r') !== undefined ? ` r=${attr(tag, 'r')}` : ''}>`),
      close: (name) => out.push(`</${name}>`),
      text: (raw) =>
        out.length && out[out.length - 1].startsWith('"') ? (out[out.length - 1] = `${out[out.length - 1].slice(0, -1)}${raw}"`) : out.push(`"${raw}"`),
    };
    const scanner = new XmlScanner(handler);
    for (let i = 0; i < xml.length; i += pieceSize) scanner.write(xml.slice(i, i + pieceSize));
    scanner.end();
    return out;
  };

  const XML = `<?xml version="1.0"?><!-- a > comment --><x:row r="1" spans='1:2' note="a > b"><c r="A1"/><v>1 &amp; 2</v><![CDATA[<b>&</b>]]></x:row>`;

  it('reads tags, attributes (quoted > included), text, CDATA and comments the same whatever the pieces', () => {
    const whole = events(XML, XML.length);
    expect(whole).toEqual(['<row r=1>', '<c r=A1>', '</c>', '<v>', '"1 &amp; 2"', '</v>', '"&lt;b>&amp;&lt;/b>"', '</row>']);
    for (const size of [1, 2, 3, 7, 13]) expect(events(XML, size)).toEqual(whole);
  });

  it('refuses a DOCTYPE, and markup that never ends', () => {
    expect(() => events('<!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>', 5)).toThrow(XmlError);
    expect(() => events(`<c r="${'A'.repeat(2 * 1024 * 1024)}`, 64 * 1024)).toThrow(/longer than/);
    expect(() => events('<c r="A1"', 100)).toThrow(/ends inside a tag/);
  });

  it("finds an attribute by its local name, not inside another attribute's value", () => {
    expect(attr('sheet name="a r:id=x" sheetId="1" r:id="rId7"', 'id')).toBe('rId7');
    expect(attr('c s="3" r="B2" t="s"', 's')).toBe('3');
    expect(attr('c r="B2"', 't')).toBeUndefined();
    expect(attr('numFmt formatCode="&quot;Ngày&quot; dd/mm"', 'formatCode')).toBe('"Ngày" dd/mm');
  });
});

describe('isDateFormat', () => {
  it.each([
    ['yyyy-mm-dd', true],
    ['dd/mm/yyyy', true],
    ['[$-42A]d mmmm yyyy', true],
    ['h:mm', true],
    ['#,##0', false],
    ['0.00', false],
    ['"Ngày "0', false],
    ['[Red]#,##0', false],
    ['General', false],
    ['0.00E+00', false],
  ])('%s → %s', (code, expected) => expect(isDateFormat(code)).toBe(expected));
});

describe('xlsxRows', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vpa-xlsx-'));
  let n = 0;
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const rowsOf = async (content: Buffer, limits: SheetLimits = LIMITS) => {
    const path = join(dir, `f${++n}.xlsx`);
    writeFileSync(path, content);
    const rows: { line: number; cells: unknown[] }[] = [];
    for await (const row of xlsxRows(path, limits)) rows.push({ line: row.line, cells: [...row.cells] });
    return rows;
  };
  const failure = async (content: Buffer, limits: SheetLimits = LIMITS): Promise<unknown> => {
    try {
      await rowsOf(content, limits);
    } catch (err) {
      return err;
    }
    throw new Error('expected the workbook to be refused');
  };
  const sample = (wb: ExcelJS.Workbook | ExcelJS.stream.xlsx.WorkbookWriter) => {
    const ws = wb.addWorksheet('Tài sản');
    ws.addRow(['code', 'name', 'land_area', 'surplus_since', 'flag', 'total']).commit();
    ws.addRow(['08.A.1', 'Trụ sở "A" & <B>'.normalize('NFD'), 5230.5, new Date(Date.UTC(2025, 6, 1)), true, { formula: 'C2*2', result: 10461 }]).commit();
    ws.addRow([]).commit();
    ws.addRow([
      '08.A.2',
      { richText: [{ text: 'Nhà ' }, { font: { bold: true }, text: 'văn hoá' }] },
      null,
      null,
      false,
      { formula: 'NA()', result: { error: '#N/A' } },
    ]).commit();
    ws.addRow(['08.A.3', { text: 'Liên kết', hyperlink: 'https://example.gov.vn' }, '1.234,5', '2025-07-01', null, 'dòng 1\ndòng 2']).commit();
    wb.addWorksheet('Khác').addRow(['not', 'read']).commit();
  };
  const expected = [
    { line: 1, cells: ['code', 'name', 'land_area', 'surplus_since', 'flag', 'total'] },
    { line: 2, cells: ['08.A.1', 'Trụ sở "A" & <B>'.normalize('NFD'), 5230.5, new Date(Date.UTC(2025, 6, 1)), true, 10461] },
    { line: 4, cells: ['08.A.2', 'Nhà văn hoá', undefined, undefined, false, '#N/A'] },
    { line: 5, cells: ['08.A.3', 'Liên kết', '1.234,5', '2025-07-01', undefined, 'dòng 1\ndòng 2'] },
  ];

  it('reads an exceljs workbook (shared strings, styles, dates, formulas, rich text, errors): the first sheet only, blank rows skipped', async () => {
    const wb = new ExcelJS.Workbook();
    sample(wb);
    expect(await rowsOf(Buffer.from(await wb.xlsx.writeBuffer()))).toEqual(expected);
  });

  it("reads a workbook of exceljs's streaming writer (inline strings, data descriptors, the sheet before the workbook)", async () => {
    const path = join(dir, 'streamed.xlsx');
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: false, useStyles: true });
    sample(wb);
    await wb.commit();
    expect(await rowsOf(readFileSync(path))).toEqual(expected);
  });

  it('reads namespace prefixes, phonetic runs, entities, Excel escapes, ISO dates, the 1904 system and cells without references', async () => {
    const file = await zip([
      {
        name: 'xl/worksheets/sheet1.xml',
        pieces: [
          '<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>',
          '<x:row><x:c t="s"><x:v>0</x:v></x:c><x:c t="inlineStr"><x:is><x:t>a&#x1EA1;_x000D_b</x:t></x:is></x:c><x:c s="1"><x:v>0</x:v></x:c><x:c t="d"><x:v>2025-07-01</x:v></x:c></x:row>',
          '<x:row r="9"><x:c r="C9" t="str"><x:f>A1</x:f><x:v>ok</x:v></x:c><x:c r="XFD9" s="1"/></x:row>',
          '</x:sheetData></x:worksheet>',
        ],
      },
      { name: 'xl/sharedStrings.xml', pieces: ['<sst><si><r><t>Hà </t></r><r><t>Giang</t></r><rPh sb="0" eb="1"><t>ハ</t></rPh></si></sst>'] },
      {
        name: 'xl/styles.xml',
        pieces: [
          '<styleSheet><numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts><cellStyleXfs><xf numFmtId="0"/></cellStyleXfs><cellXfs><xf numFmtId="0"/><xf numFmtId="164"/></cellXfs></styleSheet>',
        ],
      },
      {
        name: 'xl/workbook.xml',
        pieces: ['<workbook xmlns:r="r"><workbookPr date1904="1"/><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>'],
      },
      {
        name: 'xl/_rels/workbook.xml.rels',
        pieces: [
          '<Relationships><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/sheet1.xml"/></Relationships>',
        ],
      },
    ]);
    expect(await rowsOf(file)).toEqual([
      { line: 1, cells: ['Hà Giang', 'aạ\rb', new Date(Date.UTC(1904, 0, 1)), new Date(Date.UTC(2025, 6, 1))] },
      { line: 9, cells: [undefined, undefined, 'ok'] },
    ]);
  });

  it('reads stored entries', async () => {
    const stored = (e: ZipEntry): ZipEntry => ({ ...e, store: true });
    const file = await zip([
      stored({ name: 'xl/workbook.xml', pieces: ['<workbook><sheets><sheet r:id="rId1"/></sheets></workbook>'] }),
      stored({
        name: 'xl/_rels/workbook.xml.rels',
        pieces: ['<Relationships><Relationship Id="rId1" Type="x/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'],
      }),
      stored({ name: 'xl/worksheets/sheet1.xml', pieces: [SHEET_HEAD, '<row r="1"><c r="A1"><v>42</v></c></row>', SHEET_TAIL] }),
    ]);
    expect(await rowsOf(file)).toEqual([{ line: 1, cells: [42] }]);
  });

  it('refuses a ZIP without a worksheet (415) and a file that is not a readable ZIP (422)', async () => {
    expect(await failure(await zip([{ name: 'word/document.xml', pieces: ['<w/>'] }]))).toMatchObject({ code: 'unsupported-media-type', status: 415 });
    const broken = await failure(Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(100)]));
    expect(broken).toBeInstanceOf(ImportFileError);
    expect((broken as ImportFileError).errors[0].message.en).toMatch(/not a readable XLSX workbook/);
    expect((broken as ImportFileError).errors[0].message.vi).toMatch(/không phải sổ tính XLSX đọc được/);
    const doctype = await failure(await xlsxPackage(['<!DOCTYPE x><worksheet/>']));
    expect((doctype as ImportFileError).errors[0].message.en).toMatch(/DOCTYPE/);
  });

  describe('limits', () => {
    const sheet = (rows: string) => xlsxPackage([SHEET_HEAD, rows, SHEET_TAIL]);

    it('stops inflating at IMPORT_MAX_INFLATED_BYTES, all entries counted together: 413', async () => {
      const file = await xlsxPackage([SHEET_HEAD, '<row r="1"><c r="A1"><v>1</v></c></row>', { repeat: ' '.repeat(64 * 1024), times: 40 }, SHEET_TAIL]);
      expect(await rowsOf(file, { ...LIMITS, maxInflatedBytes: 3 * 1024 * 1024 })).toEqual([{ line: 1, cells: [1] }]);
      expect(await failure(file, { ...LIMITS, maxInflatedBytes: 2 * 1024 * 1024 })).toMatchObject({
        code: 'import-too-large',
        status: 413,
        extra: { limit: 'IMPORT_MAX_INFLATED_BYTES', max: 2 * 1024 * 1024 },
      });
    });

    it('refuses a shared-strings table past its count or its characters: 413', async () => {
      const table = (count: number, text: string) => [SST_HEAD, { repeat: `<si><t>${text}</t></si>`, times: count }, SST_TAIL];
      const one = '<row r="1"><c r="A1" t="s"><v>0</v></c></row>';
      expect(await rowsOf(await xlsxPackage([SHEET_HEAD, one, SHEET_TAIL], table(1000, 'x')))).toEqual([{ line: 1, cells: ['x'] }]);
      expect(await failure(await xlsxPackage([SHEET_HEAD, one, SHEET_TAIL], table(1001, 'x')))).toMatchObject({
        code: 'import-too-large',
        extra: { limit: 'IMPORT_MAX_SHARED_STRINGS', max: 1000 },
      });
      expect(await failure(await xlsxPackage([SHEET_HEAD, one, SHEET_TAIL], table(101, 'Đ'.repeat(1000))))).toMatchObject({
        code: 'import-too-large',
        extra: { limit: 'IMPORT_MAX_SHARED_STRING_CHARS', max: 100_000 },
      });
    });

    it('refuses a cell (inline, a number or a shared string) past 32,767 characters: 422 naming the line and column, entities counted decoded', async () => {
      const amps = '&amp;'.repeat(32_767);
      expect(await rowsOf(await sheet(`<row r="3"><c r="B3" t="inlineStr"><is><t>${amps}</t></is></c></row>`))).toEqual([
        { line: 3, cells: [undefined, '&'.repeat(32_767)] },
      ]);
      for (const file of [
        await sheet(`<row r="3"><c r="B3" t="inlineStr"><is><t>${'x'.repeat(32_768)}</t></is></c></row>`),
        await sheet(`<row r="3"><c r="B3"><v>${'9'.repeat(400_000)}</v></c></row>`),
      ]) {
        const err = await failure(file);
        expect(err).toBeInstanceOf(ImportFileError);
        expect(err).toMatchObject({
          broken: { limit: 'cell-length', max: 32_767 },
          errors: [
            {
              line: 3,
              field: '(row)',
              message: {
                en: expect.stringMatching(/column B is longer than 32,767 characters/),
                vi: expect.stringMatching(/^ô ở cột B dài quá 32\.767 ký tự/),
              },
            },
          ],
        });
      }
      const shared = await failure(await xlsxPackage([SHEET_HEAD, SHEET_TAIL], [SST_HEAD, `<si><t>${'x'.repeat(32_768)}</t></si>`, SST_TAIL]), {
        ...LIMITS,
        maxSharedStringChars: 1e6,
      });
      expect(shared).toMatchObject({
        broken: { limit: 'cell-length' },
        errors: [{ field: '(file)', message: { en: expect.stringMatching(/shared string is longer than/) } }],
      });
    });

    it('refuses a value beyond the last column read (422), but not an empty formatted cell there', async () => {
      expect(await rowsOf(await sheet('<row r="1"><c r="A1"><v>1</v></c><c r="XFD1" s="1"/><c r="ZZ1" t="inlineStr"><is><t></t></is></c></row>'))).toEqual([
        { line: 1, cells: [1] },
      ]);
      const err = await failure(await sheet('<row r="2"><c r="A2"><v>1</v></c><c r="CW2"><v>2</v></c></row>'));
      expect(err).toMatchObject({
        broken: { limit: 'IMPORT_MAX_COLUMNS', max: 100 },
        errors: [{ line: 2, message: { en: expect.stringContaining('column CW (101)'), vi: expect.stringContaining('cột CW (101)') } }],
      });
    });
  });

  it('keeps DomainError for the 413s', async () => {
    const err = await failure(await xlsxPackage([SHEET_HEAD, SHEET_TAIL], [SST_HEAD, { repeat: '<si><t>x</t></si>', times: 2000 }, SST_TAIL]));
    expect(err).toBeInstanceOf(DomainError);
  });
});
