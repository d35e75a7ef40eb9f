import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import type { StatusReport } from '../../src/reports/report.model';
import { renderReport } from '../../src/reports/render/render';
import { HEADER_ROWS } from '../../src/reports/render/xlsx';
import { renderPdfForTest } from '../support/pdf';

const HASH = 'ab'.repeat(32);

/** A one-province report; `anchored` adds a snapshot's event log anchor. */
function report(lang: 'vi' | 'en', anchored: boolean): StatusReport {
  return {
    params: { scope: 'province', province: '08', asOf: '2025-11-30', knownAt: '2025-12-01T01:00:00.000Z', period: 'weekly', lang },
    generatedAt: '2025-12-01T01:30:00.000Z',
    columns: [{ key: 'surplus', kind: 'facilities', label: 'Dôi dư', group: 'Tổng số' }],
    deadlines: [],
    rows: [
      {
        provinceCode: '08',
        provinceName: 'Tỉnh Tuyên Quang',
        cells: [{ key: 'surplus', kind: 'facilities', facilities: 3, landArea: '5230.50', floorArea: '0.00', value: null, drillable: true }],
      },
    ],
    ...(anchored ? { eventChainHead: { seq: 4711, hash: HASH } } : {}),
  };
}

/** The table (the parameter lines before it are `#` comments). */
const csvRows = async (r: StatusReport) => parse((await renderReport(r, 'csv')).subarray(3).toString('utf8'), { comment: '#' }) as string[][];
const figuresSheet = async (r: StatusReport) => {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await renderReport(r, 'xlsx')) as never);
  return wb.worksheets[0];
};
const pdfText = async (r: StatusReport) =>
  renderPdfForTest(await renderReport(r, 'pdf'))
    .text.join(' ')
    .replace(/\s+/g, ' ');

describe("a snapshot's event log anchor in its rendered content", () => {
  it('CSV: two last columns, the same on every line; none without an anchor', async () => {
    const rows = await csvRows(report('vi', true));
    expect(rows[0].slice(-2)).toEqual(['Neo nhật ký sự kiện: số thứ tự', 'Neo nhật ký sự kiện: mã băm SHA-256']);
    expect(rows[1].slice(-2)).toEqual(['4711', HASH]);
    expect((await csvRows(report('en', true)))[0].slice(-2)).toEqual(['Event log anchor: seq', 'Event log anchor: SHA-256']);
    const plain = await csvRows(report('vi', false));
    expect(plain[0]).toHaveLength(rows[0].length - 2);
    expect(plain[1]).toEqual(rows[1].slice(0, -2));
  });

  it("XLSX: the header block's last row; blank without an anchor, the table where it was", async () => {
    const ws = await figuresSheet(report('vi', true));
    expect([ws.getCell(HEADER_ROWS, 1).value, ws.getCell(HEADER_ROWS, 3).value]).toEqual(['Neo nhật ký sự kiện', `sự kiện số 4711, mã băm SHA-256 ${HASH}`]);
    expect((await figuresSheet(report('en', true))).getCell(HEADER_ROWS, 3).value).toBe(`event 4711, SHA-256 ${HASH}`);
    const plain = await figuresSheet(report('vi', false));
    expect([plain.getCell(HEADER_ROWS, 1).value, plain.getCell(HEADER_ROWS, 3).value]).toEqual([null, null]);
    expect(plain.getCell(HEADER_ROWS + 1, 1).value).toBe(ws.getCell(HEADER_ROWS + 1, 1).value);
  });

  it('PDF: a line under the generation time; none without an anchor', async () => {
    expect(await pdfText(report('vi', true))).toContain(`Neo nhật ký sự kiện: sự kiện số 4711, mã băm SHA-256 ${HASH}`);
    expect(await pdfText(report('en', true))).toContain(`Event log anchor: event 4711, SHA-256 ${HASH}`);
    expect(await pdfText(report('vi', false))).not.toContain('Neo nhật ký');
  });
});
