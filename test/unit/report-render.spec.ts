import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import type { ReportItem, StatusReport } from '../../src/reports/report.model';
import { instantText, numberText } from '../../src/reports/render/labels';
import { createHash } from 'node:crypto';
import { RENDERER_VERSIONS, renderReport } from '../../src/reports/render/render';
import { reportJson } from '../../src/reports/report-json';
import { HEADER_ROWS, TABLE_HEADER_ROWS } from '../../src/reports/render/xlsx';
import { fixZipDates } from '../../src/reports/render/zip';
import { decimalDelta, diffReports } from '../../src/reports/snapshots/diff';
import { groupLabel, orderDeadlines, reportColumns } from '../../src/reports/figures/cells';
import { renderPdfForTest } from '../support/pdf';

const CLAUSE = '11111111-1111-4111-8111-111111111111';

/** A hand-made national report: two provinces and the total, one cell of every kind and an overdue cell. */
function report(lang: 'vi' | 'en' = 'vi', generatedAt = '2025-12-01T01:30:00.000Z'): StatusReport {
  const cells = (surplus: [number, string, string], sale: number, value: string, share: string, overdue: number, name = '') => {
    void name;
    return [
      { key: 'surplus', kind: 'facilities' as const, facilities: surplus[0], landArea: surplus[1], floorArea: surplus[2], value: null, drillable: true },
      { key: 'type:disposal/method:sale', kind: 'count' as const, facilities: sale, landArea: null, floorArea: null, value: null, drillable: true },
      { key: 'proceeds', kind: 'amount' as const, facilities: 0, landArea: null, floorArea: null, value, drillable: true },
      { key: 'handled_share', kind: 'share' as const, facilities: 0, landArea: null, floorArea: null, value: share, drillable: false },
      { key: `overdue:clause:${CLAUSE}`, kind: 'count' as const, facilities: overdue, landArea: null, floorArea: null, value: null, drillable: true },
    ];
  };
  return {
    params: { scope: 'national', province: null, asOf: '2025-11-30', knownAt: '2025-12-01T01:00:00.000Z', period: 'weekly', lang },
    generatedAt,
    columns: [
      { key: 'surplus', kind: 'facilities', label: lang === 'vi' ? 'Dôi dư' : 'Surplus', group: lang === 'vi' ? 'Tổng số' : 'Totals' },
      { key: 'type:disposal/method:sale', kind: 'count', label: lang === 'vi' ? 'Bán' : 'Sale', group: lang === 'vi' ? 'Xử lý' : 'Handling' },
      { key: 'proceeds', kind: 'amount', label: lang === 'vi' ? 'Số tiền thu được' : 'Proceeds', group: lang === 'vi' ? 'Xử lý' : 'Handling' },
      { key: 'handled_share', kind: 'share', label: lang === 'vi' ? 'Tỷ lệ đã xử lý' : 'Handled', group: lang === 'vi' ? 'Xử lý' : 'Handling' },
      {
        key: `overdue:clause:${CLAUSE}`,
        kind: 'count',
        label: lang === 'vi' ? 'Quá hạn 202-KL/TW' : 'Overdue 202-KL/TW',
        group: lang === 'vi' ? 'Quá hạn' : 'Overdue',
      },
    ],
    deadlines: [{ key: `overdue:clause:${CLAUSE}`, clauseId: CLAUSE, label: '202-KL/TW, Nhiệm vụ tồn đọng', deadline: '2025-12-31' }],
    rows: [
      { provinceCode: '01', provinceName: 'Thành phố Hà Nội', cells: cells([2, '1200.50', '300.25'], 1, '35000000000', '50.00', 0) },
      { provinceCode: '08', provinceName: 'Tỉnh Tuyên Quang', cells: cells([3, '5230.50', '0.00'], 0, '0', '33.33', 2) },
      { provinceCode: null, provinceName: lang === 'vi' ? 'Toàn quốc' : 'National', cells: cells([5, '6431.00', '300.25'], 1, '35000000000', '40.00', 2) },
    ],
  };
}

const items: ReportItem[] = [
  {
    assetId: 'a1',
    code: '08.024.TS',
    name: 'Trụ sở UBND thành phố Hà Giang (cũ)',
    provinceCode: '08',
    communeName: 'Phường Hà Giang 2',
    custodianName: 'UBND phường Hà Giang 2',
    surplusSince: '2025-07-01',
    landArea: '5230.50',
    floorArea: null,
    actionId: null,
    actionType: null,
    actionMethod: null,
    actionState: null,
    deadline: '2025-10-31',
    amount: null,
  },
  {
    assetId: 'a2',
    code: '=HYPERLINK("x")',
    name: '+cmd',
    provinceCode: '08',
    communeName: null,
    custodianName: null,
    surplusSince: '2025-07-02',
    landArea: null,
    floorArea: '12.00',
    actionId: null,
    actionType: 'disposal',
    actionMethod: 'sale',
    actionState: 'approved',
    deadline: '2025-10-31',
    amount: null,
  },
];
const extras = { overdueItems: { [`overdue:clause:${CLAUSE}`]: items } };

describe('report rendering', () => {
  describe('CSV', () => {
    it('has a UTF-8 BOM, a header naming group / column / part, one line per row with the exact values', async () => {
      const buf = await renderReport(report(), 'csv');
      expect([...buf.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const rows = parse(buf.subarray(3).toString('utf8'), { comment: '#' }) as string[][];
      expect(rows[0]).toEqual([
        'Mã tỉnh',
        'Tỉnh, thành phố',
        'Tổng số / Dôi dư / Số cơ sở',
        'Tổng số / Dôi dư / Diện tích đất (m²)',
        'Tổng số / Dôi dư / Diện tích sàn (m²)',
        'Xử lý / Bán / Số lượng',
        'Xử lý / Số tiền thu được / Số tiền (đồng)',
        'Xử lý / Tỷ lệ đã xử lý / Tỷ lệ (%)',
        'Quá hạn / Quá hạn 202-KL/TW / Số lượng',
      ]);
      expect(rows.slice(1)).toEqual([
        ['01', 'Thành phố Hà Nội', '2', '1200.50', '300.25', '1', '35000000000', '50.00', '0'],
        ['08', 'Tỉnh Tuyên Quang', '3', '5230.50', '0.00', '0', '0', '33.33', '2'],
        ['', 'Toàn quốc', '5', '6431.00', '300.25', '1', '35000000000', '40.00', '2'],
      ]);
    });

    it('states its parameters in its first lines, each `# key,value,label`, skipped by a comment-aware parser', async () => {
      const text = (await renderReport(report(), 'csv')).subarray(3).toString('utf8');
      const lines = parse(text, { relax_column_count: true }) as string[][];
      expect(lines.slice(0, 7)).toEqual([
        ['# scope', 'national', 'Phạm vi'],
        ['# province', '', 'Tỉnh, thành phố'],
        ['# as_of', '2025-11-30', 'Số liệu tính đến ngày'],
        ['# known_at', '2025-12-01T01:00:00.000Z', 'Dữ liệu ghi nhận đến'],
        ['# period', 'weekly', 'Kỳ báo cáo'],
        ['# lang', 'vi', 'Ngôn ngữ'],
        ['# generated_at', '2025-12-01T01:30:00.000Z', 'Thời điểm lập báo cáo'],
      ]);
      expect(lines[7][0]).toBe('Mã tỉnh');
      const r = report('en');
      r.params = { ...r.params, scope: 'province', province: '08' };
      const english = parse((await renderReport(r, 'csv')).subarray(3).toString('utf8'), { relax_column_count: true }) as string[][];
      expect(english.slice(0, 2)).toEqual([
        ['# scope', 'province', 'Scope'],
        ['# province', '08', 'Province'],
      ]);
      expect(english[5]).toEqual(['# lang', 'en', 'Language']);
    });

    it('escapes cells Excel would run as formulas', async () => {
      const r = report('en');
      r.rows[0].provinceName = '=1+2';
      r.rows[1].provinceName = '@SUM(A1)';
      const rows = parse((await renderReport(r, 'csv')).subarray(3).toString('utf8'), { comment: '#' }) as string[][];
      expect(rows[1][1]).toBe("'=1+2");
      expect(rows[2][1]).toBe("'@SUM(A1)");
      expect(rows[0][2]).toBe('Totals / Surplus / Facilities');
    });
  });

  describe('XLSX', () => {
    async function read(buf: Buffer): Promise<ExcelJS.Workbook> {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(buf as unknown as ArrayBuffer);
      return wb;
    }

    it('lays out the header block, grouped headers and one row per province, cell by cell equal to the figures with number formats', async () => {
      const r = report();
      const wb = await read(await renderReport(r, 'xlsx', extras));
      expect(wb.worksheets.map((w) => w.name)).toEqual(['Báo cáo', 'Quá hạn 1']);
      const ws = wb.worksheets[0];
      expect(ws.getCell('A1').value).toBe('Báo cáo tình hình xử lý trụ sở, tài sản công dôi dư');
      expect([2, 3, 4, 5, 6].map((i) => [ws.getCell(i, 1).value, ws.getCell(i, 3).value])).toEqual([
        ['Phạm vi', 'Toàn quốc'],
        ['Kỳ báo cáo', 'Hằng tuần'],
        ['Số liệu tính đến ngày', '30/11/2025'],
        ['Dữ liệu ghi nhận đến', '08:00:00 ngày 01/12/2025 (giờ Việt Nam)'],
        ['Thời điểm lập báo cáo', '08:30:00 ngày 01/12/2025 (giờ Việt Nam)'],
      ]);
      const top = HEADER_ROWS + 1;
      // Grouped headers: the group spans its columns' parts (merged), each column spans its parts.
      expect(ws.getCell(top, 3).value).toBe('Tổng số');
      expect(ws.getCell(top, 5).isMerged && ws.getCell(top, 5).master.address).toBe(ws.getCell(top, 3).address);
      expect(ws.getCell(top, 6).value).toBe('Xử lý');
      expect(ws.getCell(top, 8).master.address).toBe(ws.getCell(top, 6).address);
      expect(ws.getCell(top, 9).value).toBe('Quá hạn');
      expect([3, 6, 7, 8, 9].map((c) => ws.getCell(top + 1, c).value)).toEqual(['Dôi dư', 'Bán', 'Số tiền thu được', 'Tỷ lệ đã xử lý', 'Quá hạn 202-KL/TW']);
      expect([3, 4, 5].map((c) => ws.getCell(top + 2, c).value)).toEqual(['Số cơ sở', 'Diện tích đất (m²)', 'Diện tích sàn (m²)']);

      const first = top + TABLE_HEADER_ROWS;
      r.rows.forEach((row, i) => {
        const x = ws.getRow(first + i);
        const cell = (key: string) => row.cells.find((c) => c.key === key)!;
        expect(x.getCell(1).value).toBe(row.provinceCode ?? '');
        expect(x.getCell(2).value).toBe(row.provinceName);
        expect(x.getCell(3).value).toBe(cell('surplus').facilities);
        expect(x.getCell(4).value).toBe(Number(cell('surplus').landArea));
        expect(x.getCell(5).value).toBe(Number(cell('surplus').floorArea));
        expect(x.getCell(6).value).toBe(cell('type:disposal/method:sale').facilities);
        expect(x.getCell(7).value).toBe(Number(cell('proceeds').value));
        expect(x.getCell(8).value as number).toBeCloseTo(Number(cell('handled_share').value) / 100, 10);
        expect(x.getCell(9).value).toBe(cell(`overdue:clause:${CLAUSE}`).facilities);
        expect([3, 4, 5, 6, 7, 8, 9].map((c) => x.getCell(c).numFmt)).toEqual(['#,##0', '#,##0.00', '#,##0.00', '#,##0', '#,##0', '0.00%', '#,##0']);
      });
      expect(ws.getRow(first + 1).getCell(4).value).toBe(5230.5);
      expect(ws.getRow(first + 2).getCell(7).value).toBe(35000000000);
      expect(ws.getRow(first + 3).getCell(1).value).toBeNull();
    });

    it('lists the facilities behind each overdue deadline on its own sheet', async () => {
      const ws = (await read(await renderReport(report(), 'xlsx', extras))).getWorksheet('Quá hạn 1')!;
      expect(ws.getCell('A1').value).toBe('Danh sách cơ sở quá hạn: 202-KL/TW, Nhiệm vụ tồn đọng');
      expect(ws.getCell('A2').value).toBe('Thời hạn: 31/12/2025');
      expect(ws.getRow(5).getCell(1).value).toBe('Mã tài sản');
      expect(ws.getRow(5).values).toEqual([
        undefined,
        'Mã tài sản',
        'Tên tài sản',
        'Mã tỉnh',
        'Xã, phường',
        'Đơn vị quản lý',
        'Ngày dôi dư',
        'Diện tích đất (m²)',
        'Diện tích sàn (m²)',
        'Hình thức xử lý',
        'Phương thức',
        'Trạng thái',
        'Thời hạn',
        'Số ngày quá hạn',
      ]);
      const date = (d: string) => new Date(`${d}T00:00:00.000Z`);
      expect(ws.getRow(6).values).toEqual([
        undefined,
        '08.024.TS',
        'Trụ sở UBND thành phố Hà Giang (cũ)',
        '08',
        'Phường Hà Giang 2',
        'UBND phường Hà Giang 2',
        date('2025-07-01'),
        5230.5,
        undefined,
        undefined,
        undefined,
        undefined,
        date('2025-10-31'),
        30,
      ]);
      expect([6, 7, 12].map((c) => ws.getRow(6).getCell(c).numFmt)).toEqual(['dd/mm/yyyy', '#,##0.00', 'dd/mm/yyyy']);
      // The action as labels of the report's language, never codes.
      expect([9, 10, 11].map((c) => ws.getRow(7).getCell(c).value)).toEqual(['Bán, thanh lý, thu hồi', 'Bán', 'Đã phê duyệt']);
      // A text cell is never a formula in XLSX.
      expect(ws.getRow(7).getCell(1).value).toBe('=HYPERLINK("x")');
      expect(ws.getRow(7).getCell(8).value).toBe(12);
      const english = (await read(await renderReport(report('en'), 'xlsx', extras))).getWorksheet('Overdue 1')!;
      expect([9, 10, 11, 13].map((c) => english.getRow(7).getCell(c).value)).toEqual(['Disposal', 'Sale', 'Approved', 30]);
      expect(english.getRow(7).getCell(12).numFmt).toBe('yyyy-mm-dd');
      const empty = (await read(await renderReport(report('en'), 'xlsx'))).getWorksheet('Overdue 1')!;
      expect(empty.getCell('A6').value).toBe('No facilities.');
    });

    it('gives the same bytes for the same report, rendered a second apart', async () => {
      const a = await renderReport(report(), 'xlsx', extras);
      await new Promise((r) => setTimeout(r, 1100));
      const b = await renderReport(report(), 'xlsx', extras);
      expect(a.equals(b)).toBe(true);
      const c = await renderReport(report('vi', '2025-12-02T01:30:00.000Z'), 'xlsx', extras);
      expect(a.equals(c)).toBe(false);
      const wb = await read(a);
      expect(wb.created.toISOString()).toBe('2025-12-01T01:30:00.000Z');
    });

    it('streams thousands of overdue rows: the same bytes twice, every row read back with its values and formats', async () => {
      const many: ReportItem[] = Array.from({ length: 3000 }, (_, i) => ({
        ...items[i % 2],
        assetId: `a${i}`,
        code: `08.${String(i).padStart(4, '0')}.TS`,
        name: `Cơ sở số ${i}`,
        landArea: i % 3 ? `${i}.25` : null,
        floorArea: i % 5 ? null : '12.00',
      }));
      const big = { overdueItems: { [`overdue:clause:${CLAUSE}`]: many } };
      const a = await renderReport(report(), 'xlsx', big);
      expect(a.equals(await renderReport(report(), 'xlsx', big))).toBe(true);

      const wb = await read(a);
      const ws = wb.getWorksheet('Quá hạn 1')!;
      expect(ws.rowCount).toBe(5 + many.length);
      expect(ws.actualRowCount).toBe(3 + 1 + many.length);
      expect(ws.getRow(5).getCell(2).value).toBe('Tên tài sản');
      const row = ws.getRow(6 + 2999);
      expect(row.values).toEqual([
        undefined,
        '08.2999.TS',
        'Cơ sở số 2999',
        '08',
        undefined,
        undefined,
        new Date('2025-07-02T00:00:00.000Z'),
        2999.25,
        undefined,
        'Bán, thanh lý, thu hồi',
        'Bán',
        'Đã phê duyệt',
        new Date('2025-10-31T00:00:00.000Z'),
        30,
      ]);
      expect([row.getCell(7).numFmt, row.getCell(8).numFmt]).toEqual(['#,##0.00', '#,##0.00']);
      expect(ws.getRow(6 + 1000).getCell(8).value).toBe(12);
      expect(ws.getRow(6 + 3000).hasValues).toBe(false);
      // What the streaming writer only honours when set before the first row goes out.
      expect(ws.getColumn(2).width).toBe(40);
      expect(ws.getRow(5).getCell(1).font?.bold).toBe(true);
      const figures = wb.worksheets[0];
      expect(figures.views[0]).toMatchObject({ state: 'frozen', xSplit: 2, ySplit: HEADER_ROWS + TABLE_HEADER_ROWS });
      expect(figures.pageSetup).toMatchObject({ orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 });
      expect([1, 2, 3].map((c) => figures.getColumn(c).width)).toEqual([10, 28, 16]);
      expect(figures.getCell(HEADER_ROWS + 1, 1).border?.top?.style).toBe('thin');
      expect(figures.getRow(HEADER_ROWS + TABLE_HEADER_ROWS + 3).getCell(2).font?.bold).toBe(true);
    });

    it('fixZipDates rejects what is not a ZIP', () => {
      expect(() => fixZipDates(Buffer.alloc(40), new Date())).toThrow('not a ZIP archive');
    });
  });

  describe('PDF', () => {
    it('renders title, scope, dates, province names with diacritics, figures and page numbers (Vietnamese)', async () => {
      const pdf = await renderReport(report(), 'pdf');
      const out = renderPdfForTest(pdf);
      // The first page, then the detail.
      expect(out.pages).toBe(2);
      const text = out.text.join('\n');
      expect(text).toContain('Báo cáo tình hình xử lý trụ sở, tài sản công dôi dư');
      expect(text).toContain('Phạm vi: Toàn quốc');
      expect(text).toContain('Số liệu tính đến ngày: 30/11/2025');
      expect(text).toContain('Thời điểm lập báo cáo: 08:30:00 ngày 01/12/2025 (giờ Việt Nam)');
      expect(text).toContain('Tỉnh Tuyên Quang');
      expect(text).toContain('Thành phố Hà Nội');
      expect(text).toContain('5.230,50');
      expect(text).toContain('35.000.000.000');
      expect(text).toContain('33,33 %');
      expect(text).toContain('Trang 2/2');
    });

    it('in English, with "Page x of y", is A4 landscape and deterministic', async () => {
      const a = await renderReport(report('en'), 'pdf');
      const out = renderPdfForTest(a);
      const text = out.text.join('\n');
      expect(text).toContain('Status report on surplus public facilities and assets');
      expect(text).toContain('35,000,000,000');
      expect(text).toContain('Page 2 of 2');
      // The first page portrait, the detail landscape.
      expect(a.toString('latin1')).toMatch(/\/MediaBox \[0 0 595\.28 841\.89\]/);
      expect(a.toString('latin1')).toMatch(/\/MediaBox \[0 0 841\.89 595\.28\]/);
      expect(a.equals(await renderReport(report('en'), 'pdf'))).toBe(true);
    });

    it('continues a wide report on further tables and pages', async () => {
      const r = report();
      for (let i = 0; i < 12; i++) {
        r.columns.push({ key: `extra:${i}`, kind: 'facilities', label: `Cột ${i}`, group: 'Thêm' });
        for (const row of r.rows)
          row.cells.push({ key: `extra:${i}`, kind: 'facilities', facilities: i, landArea: '1.00', floorArea: '2.00', value: null, drillable: true });
      }
      for (let i = 0; i < 40; i++) r.rows.splice(1, 0, { ...r.rows[0], provinceCode: String(10 + i), provinceName: `Tỉnh số ${i}` });
      const out = renderPdfForTest(await renderReport(r, 'pdf'));
      expect(out.pages).toBeGreaterThan(1);
      expect(out.text[out.pages - 1]).toContain(`Trang ${out.pages}/${out.pages}`);
      expect(out.text.join('\n')).toContain('Cột 11');
    });
  });

  describe('the headline, by new use and the rank by remaining', () => {
    /** A national report as the figures make it (its columns from reportColumns), Vietnamese: 3 surplus in 08, 1 in 01. */
    function published(): StatusReport {
      const columns = reportColumns('vi', [], orderDeadlines([]), { rank: true, newUseNotRecorded: true });
      const values: Record<string, [string | null, Record<string, number>]> = {
        '01': ['2', { surplus: 1, handled: 0, remaining: 1 }],
        '08': ['1', { surplus: 3, handled: 2, completed: 1, in_progress: 1, remaining: 1, 'new_use:health': 1, 'new_use:not_recorded': 1 }],
        '*': [null, { surplus: 4, handled: 2, completed: 1, in_progress: 1, remaining: 2, 'new_use:health': 1, 'new_use:not_recorded': 1 }],
      };
      const cells = (row: string) =>
        columns.map((c) => {
          const [rank, n] = values[row];
          if (c.kind === 'rank') return { key: c.key, kind: c.kind, facilities: 0, landArea: null, floorArea: null, value: rank, drillable: false };
          if (c.kind === 'share')
            return { key: c.key, kind: c.kind, facilities: 0, landArea: null, floorArea: null, value: row === '01' ? '0.00' : '50.00', drillable: false };
          return {
            key: c.key,
            kind: c.kind,
            facilities: n[c.key] ?? 0,
            landArea: `${(n[c.key] ?? 0) * 100}.00`,
            floorArea: '0.00',
            value: null,
            drillable: true,
          };
        });
      return {
        params: { scope: 'national', province: null, asOf: '2025-12-26', knownAt: '2025-12-27T00:00:00.000Z', period: 'weekly', lang: 'vi' },
        generatedAt: '2025-12-27T00:00:00.000Z',
        columns: columns.map((c) => ({ ...c, group: groupLabel(c.group, 'vi') })),
        deadlines: orderDeadlines([]),
        rows: [
          { provinceCode: '01', provinceName: 'Thành phố Hà Nội', cells: cells('01') },
          { provinceCode: '08', provinceName: 'Tỉnh Tuyên Quang', cells: cells('08') },
          { provinceCode: null, provinceName: 'Toàn quốc', cells: cells('*') },
        ],
      };
    }
    const header = (h: string) => h.split(' / ');

    it('CSV: a column per headline figure, new use and the rank, in Vietnamese, with their values', async () => {
      const rows = parse((await renderReport(published(), 'csv')).subarray(3).toString('utf8'), { comment: '#' }) as string[][];
      const col = (group: string, label: string, part: string) => rows[0].findIndex((h) => h === [group, label, part].join(' / '));
      const at = (label: string, part = 'Số cơ sở', group = 'Tình hình xử lý') => rows.slice(1).map((r) => r[col(group, label, part)]);
      expect(at('Tổng số cơ sở nhà, đất dôi dư')).toEqual(['1', '3', '4']);
      expect(at('Đã xử lý (có phương án được phê duyệt)')).toEqual(['0', '2', '2']);
      expect(at('Trong đó: đã thực hiện xong')).toEqual(['0', '1', '1']);
      expect(at('Còn phải xử lý')).toEqual(['1', '1', '2']);
      expect(at('Còn phải xử lý', 'Diện tích đất (m²)')).toEqual(['100.00', '100.00', '200.00']);
      expect(at('Xếp hạng theo số cơ sở còn phải xử lý', 'Thứ hạng')).toEqual(['2', '1', '']);
      expect(at('Y tế', 'Số cơ sở', 'Đã xử lý theo mục đích sử dụng mới')).toEqual(['0', '1', '1']);
      expect(at('Chưa ghi nhận mục đích sử dụng mới', 'Số cơ sở', 'Đã xử lý theo mục đích sử dụng mới')).toEqual(['0', '1', '1']);
      expect(rows[0].filter((h) => header(h)[0] === 'Đã xử lý theo mục đích sử dụng mới' && header(h)[2] === 'Số cơ sở')).toHaveLength(10);
    });

    it('XLSX: the same columns under their group, the rank as a number', async () => {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load((await renderReport(published(), 'xlsx')) as unknown as ArrayBuffer);
      const ws = wb.worksheets[0];
      const top = HEADER_ROWS + 1;
      const labels = Array.from({ length: ws.columnCount }, (_, i) => String(ws.getCell(top + 1, i + 1).value ?? ''));
      const groups = Array.from({ length: ws.columnCount }, (_, i) => String(ws.getCell(top, i + 1).value ?? ''));
      const rank = labels.indexOf('Xếp hạng theo số cơ sở còn phải xử lý') + 1;
      expect([1, 2, 3].map((i) => ws.getCell(top + TABLE_HEADER_ROWS + i - 1, rank).value)).toEqual([2, 1, null]);
      const health = labels.indexOf('Y tế') + 1;
      expect(groups[health - 1]).toBe('Đã xử lý theo mục đích sử dụng mới');
      expect(ws.getCell(top + TABLE_HEADER_ROWS + 1, health).value).toBe(1);
      expect(labels).toEqual(
        expect.arrayContaining([
          'Đã xử lý (có phương án được phê duyệt)',
          'Còn phải xử lý',
          'Giao tổ chức phát triển quỹ đất, tổ chức kinh doanh nhà quản lý, khai thác',
        ]),
      );
      expect(wb.worksheets.map((w) => w.name)).toEqual(['Báo cáo', 'Quá hạn 1', 'Quá hạn 2']);
      expect(wb.worksheets[1].getCell('A1').value).toBe('Danh sách cơ sở quá hạn: Quá hạn chưa có phương án được phê duyệt');
    });

    /** published() with a third province whose figures are all zero (its rank is still a rank). */
    function withZeroRow(): StatusReport {
      const r = published();
      const zero = r.rows[0].cells.map((c) => ({
        ...c,
        facilities: 0,
        landArea: c.landArea === null ? null : '0.00',
        floorArea: c.floorArea === null ? null : '0.00',
        value: c.kind === 'rank' ? '3' : c.kind === 'share' ? '0.00' : null,
      }));
      r.rows.splice(1, 0, { provinceCode: '02', provinceName: 'Tỉnh Hà Giang', cells: zero });
      return r;
    }
    const flat = (t: string) => t.replace(/\s+/g, ' ');

    it('PDF: a first page with the headline figures, by new use and the provinces with the most remaining', async () => {
      const out = renderPdfForTest(await renderReport(withZeroRow(), 'pdf'));
      const first = flat(out.text[0]);
      for (const label of [
        'Số liệu chính',
        'Tổng số cơ sở nhà, đất dôi dư',
        'Đã xử lý (có phương án được phê duyệt)',
        'Trong đó: đã thực hiện xong',
        'Còn phải xử lý',
        'Tỷ lệ đã xử lý (%)',
        'Đã xử lý theo mục đích sử dụng mới',
        'Y tế',
        'Các tỉnh, thành phố còn nhiều cơ sở phải xử lý nhất',
        'Thành phố Hà Nội',
        'Tỉnh Tuyên Quang',
      ])
        expect({ label, found: first.includes(label) }).toEqual({ label, found: true });
      // The national figures: surplus 4 (400,00 m²), handled 2, completed 1, remaining 2, handled 50 %.
      expect(first).toMatch(/Tổng số cơ sở nhà, đất dôi dư 4 400,00 0,00/);
      expect(first).toMatch(/Đã xử lý \(có phương án được phê duyệt\) 2 200,00 0,00/);
      expect(first).toMatch(/Trong đó: đã thực hiện xong 1 100,00 0,00/);
      expect(first).toMatch(/Còn phải xử lý 2 200,00 0,00/);
      expect(first).toMatch(/Tỷ lệ đã xử lý \(%\) 50,00 %/);
      // The detail starts on the next page; a province with nothing to report is on neither.
      expect(first).not.toContain('Chi tiết theo tỉnh, thành phố');
      expect(first).not.toContain('Tỉnh Hà Giang');
      const detail = flat(out.text.slice(1).join('\n'));
      expect(detail).toContain('Chi tiết theo tỉnh, thành phố');
      expect(detail).not.toContain('Tỉnh Hà Giang');
      expect(detail).toContain('Không in 1 tỉnh, thành phố có mọi số liệu bằng 0 (thêm zeros=true để in cả các dòng này).');
      expect(detail).toContain('Tỉnh Tuyên Quang');
    });

    it('PDF: the all-zero rows when asked (zeros)', async () => {
      const out = renderPdfForTest(await renderReport(withZeroRow(), 'pdf', { zeros: true }));
      const detail = flat(out.text.slice(1).join('\n'));
      expect(detail).toContain('Tỉnh Hà Giang');
      expect(detail).not.toContain('Không in');
    });

    it('PDF and XLSX: a provincial report names its province once ("Tỉnh Tuyên Quang (08)")', async () => {
      const r = published();
      r.params = { ...r.params, scope: 'province', province: '08' };
      r.rows = [r.rows[1]];
      const out = renderPdfForTest(await renderReport(r, 'pdf'));
      const first = flat(out.text[0]);
      expect(first).toContain('Phạm vi: Tỉnh Tuyên Quang (08)');
      expect(first).not.toContain('Tỉnh, thành phố Tỉnh');
      expect(first).not.toContain('Các tỉnh, thành phố còn nhiều cơ sở phải xử lý nhất');
      expect(first).toMatch(/Tổng số cơ sở nhà, đất dôi dư 3 300,00 0,00/);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load((await renderReport(r, 'xlsx')) as unknown as ArrayBuffer);
      expect(wb.worksheets[0].getCell(2, 3).value).toBe('Tỉnh Tuyên Quang (08)');
    });

    it('PDF: the headline, by-new-use and rank labels in Vietnamese', async () => {
      const text = renderPdfForTest(await renderReport(published(), 'pdf'))
        .text.join('\n')
        .replace(/\s+/g, ' ');
      for (const label of [
        'Đã xử lý (có phương án được phê duyệt)',
        'Còn phải xử lý',
        'Trong đó: đã thực hiện xong',
        'Đã xử lý theo mục đích sử dụng mới',
        'Trụ sở làm việc',
        'Thiết chế văn hóa, thể thao',
        'Chưa ghi nhận mục đích sử dụng mới',
        'Xếp hạng theo số cơ sở còn phải xử lý',
        'Thứ hạng',
      ]) {
        expect({ label, found: text.includes(label) }).toEqual({ label, found: true });
      }
    });
  });

  describe('renderer versions', () => {
    /**
     * The bytes each renderer version makes of the hand-made report. When a change alters them, stored
     * snapshots of that format no longer regenerate byte for byte: raise the format's number in
     * RENDERER_VERSIONS (then /verify checks those snapshots' hashes instead of calling them different)
     * and record the new hash here under the new version. JSON is the report as the generator stores it.
     */
    const KNOWN: Record<string, string> = {
      'json@1': 'e6cd1e94b1bb726a54559f6f5bbd8f6aeda7f2b9155842bf4d201193816e269e',
      'csv@1': '3d35702fdca6bed685c519c790da80135318483bc244173bf8d76329ebfcf155',
      'xlsx@2': 'b8323de4688ec62e9d24ec43aa7e7880e2b0afbb03de49721121185ac0ddf38f',
      'pdf@1': '67fa0c36ec1085114181c324d38acf37ceb6147a818c01cb9b2f90355999f698',
      // Raised with the published categories' figures (the same parameters give another report); the same report renders the same bytes.
      'json@2': 'e6cd1e94b1bb726a54559f6f5bbd8f6aeda7f2b9155842bf4d201193816e269e',
      'csv@2': '3d35702fdca6bed685c519c790da80135318483bc244173bf8d76329ebfcf155',
      'xlsx@3': 'b8323de4688ec62e9d24ec43aa7e7880e2b0afbb03de49721121185ac0ddf38f',
      'pdf@2': '67fa0c36ec1085114181c324d38acf37ceb6147a818c01cb9b2f90355999f698',
      // Raised with the open obstacles by kind (new columns of the same parameters' report); the same report renders the same bytes.
      'json@3': 'e6cd1e94b1bb726a54559f6f5bbd8f6aeda7f2b9155842bf4d201193816e269e',
      'csv@3': '3d35702fdca6bed685c519c790da80135318483bc244173bf8d76329ebfcf155',
      'xlsx@4': 'b8323de4688ec62e9d24ec43aa7e7880e2b0afbb03de49721121185ac0ddf38f',
      'pdf@3': '67fa0c36ec1085114181c324d38acf37ceb6147a818c01cb9b2f90355999f698',
      // Areas and amounts as JSON numbers (report-json.ts): the generator's JSON of the same report.
      'json@4': '1e12b8624661e2957abd1a0f4038a7d376d3189fdd5b4ac469632f08cd00f98d',
      // The overdue lists' custodian, method, labels, date cells and days overdue.
      'xlsx@5': '525166e33035e3aa612fc8a2f214e4e9cc048c25e41b1e1fcbef1f98b1497ac6',
      // The parameters in `# key,value,label` lines before the table.
      'csv@4': '2daea89c47066a0283d27e3e4eec4202d227958aa89558bb1d54898a15d5b85a',
      // A provincial scope named once; the PDF's first page and its detail without all-zero rows (this national report's XLSX is unchanged).
      'xlsx@6': '525166e33035e3aa612fc8a2f214e4e9cc048c25e41b1e1fcbef1f98b1497ac6',
      'pdf@4': '7afab7ca551ca985ec757c51dcf5c7b3eab1bc83a4d1006e4283d3bd2d839897',
    };
    const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

    it.each(['json', 'csv', 'xlsx', 'pdf'] as const)('%s: the running version makes the bytes recorded for it', async (format) => {
      const bytes = format === 'json' ? Buffer.from(JSON.stringify(reportJson(report())), 'utf8') : await renderReport(report(), format, extras);
      const key = `${format}@${RENDERER_VERSIONS[format]}`;
      expect({ [key]: sha(bytes) }).toEqual({ [key]: KNOWN[key] });
    });
  });

  describe('formatting', () => {
    it('groups digits exactly in each language', () => {
      expect(numberText('35000000000', 'vi')).toBe('35.000.000.000');
      expect(numberText('1234567.5', 'en', 2)).toBe('1,234,567.50');
      expect(numberText('-1234.5', 'vi', 2)).toBe('-1.234,50');
      expect(numberText(null, 'vi')).toBe('');
      expect(numberText(999, 'vi')).toBe('999');
    });
    it('writes instants in Vietnam time', () => {
      expect(instantText('2025-12-31T17:00:00.000Z', 'en')).toBe('2026-01-01 00:00:00 (Vietnam time, UTC+7)');
    });
  });

  describe('diff between two reports', () => {
    it('subtracts decimal strings exactly', () => {
      expect(decimalDelta('1200.50', '1000.25')).toBe('-200.25');
      expect(decimalDelta('0.00', '0.10')).toBe('0.10');
      expect(decimalDelta(null, '35000000000')).toBe('35000000000');
      expect(decimalDelta('9007199254740993', '9007199254740995')).toBe('2');
      expect(decimalDelta('65.89', '50')).toBe('-15.89');
      expect(decimalDelta(null, null)).toBeNull();
    });
    it('lists only the cells that changed, with before, after and delta', () => {
      const a = report();
      const b = report();
      const surplus = b.rows[1].cells.find((c) => c.key === 'surplus')!;
      surplus.facilities = 4;
      surplus.landArea = '5300.75';
      b.rows[1].cells.find((c) => c.key === 'handled_share')!.value = '25.00';
      const changes = diffReports(a, b);
      expect(changes.map((c) => [c.provinceCode, c.key, c.drillable])).toEqual([
        ['08', 'surplus', true],
        ['08', 'handled_share', false],
      ]);
      expect(changes[0].delta).toEqual({ facilities: 1, landArea: '70.25', floorArea: '0.00', value: null });
      expect(changes[1]).toMatchObject({ before: { value: '33.33' }, after: { value: '25.00' }, delta: { value: '-8.33' } });
      expect(diffReports(a, report())).toEqual([]);
    });
  });
});
