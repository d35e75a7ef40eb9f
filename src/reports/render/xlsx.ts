import ExcelJS from 'exceljs';
import { Writable } from 'node:stream';
import { ACTION_STATUS_LABELS, ACTION_TYPE_LABELS, type Labels, METHOD_LABELS } from '../../schema/labels';
import type { ReportItem, ReportLang, StatusReport } from '../report.model';
import { dateText, instantText, LABELS, type ReportLabels, rawValue, scopeText } from './labels';
import { layoutOf, valueColumns } from './layout';
import { fixZipDates } from './zip';

/** Rows of the header block above the table on the figures sheet. */
export const HEADER_ROWS = 7;
/** The table's header: group, column, part. Data rows start right after. */
export const TABLE_HEADER_ROWS = 3;

const BORDER: Partial<ExcelJS.Borders> = { top: { style: 'thin' }, left: { style: 'thin' }, bottom: { style: 'thin' }, right: { style: 'thin' } };

/** A cell's value as a number for the sheet (shares as a fraction for the % format). */
function numeric(v: string | number | null, share: boolean): number | null {
  if (v === null) return null;
  const n = Number(v);
  return share ? n / 100 : n;
}

/**
 * The figures laid out like the provinces' forms: a header block (title, scope, period, as-of,
 * known-at, generation time, a snapshot's event log anchor), then grouped column headers and one row per province, then one sheet
 * per overdue deadline listing the facilities behind it. The bytes depend only on the report (and,
 * as for the PDF, on the zlib build Node ships: the entries are deflated with node:zlib).
 *
 * Written with exceljs's streaming writer: each row goes out as XML as soon as it is filled, so the
 * national report's ~12,000 overdue rows never sit in exceljs's cell model at once (with the
 * in-memory workbook the API peaked at ~350 MB RSS rendering it). The writer only appends, which
 * shapes the code below: rows in increasing order; column widths set before a sheet's first row is
 * committed (they are written just before it); views and page setup passed to addWorksheet (they are
 * written when the sheet is opened, and `ws.views` has no setter); merges declared while their rows
 * are still open.
 */
export async function renderXlsx(report: StatusReport, overdueItems: Record<string, ReportItem[]> = {}): Promise<Buffer> {
  const { lang } = report.params;
  const l = LABELS[lang];
  const at = new Date(report.generatedAt);
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      done();
    },
  });
  // Shared strings, as the in-memory writer wrote them (t="s" cells; without them exceljs writes
  // formula-result cells, t="str"). Only the distinct texts stay in memory. The ZIP library defaults
  // to the fastest deflate level; zlib's usual 6 keeps the national file at ~600 KB instead of ~730 KB.
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink, useStyles: true, useSharedStrings: true, zip: { zlib: { level: 6 } } });
  wb.creator = 'vn-public-assets-api';
  wb.lastModifiedBy = 'vn-public-assets-api';
  // docProps/core.xml would otherwise say when it was rendered (the writer defaults both to now).
  wb.created = at;
  wb.modified = at;
  figuresSheet(wb, report, l);
  report.deadlines.forEach((d, i) => overdueSheet(wb, i + 1, d, overdueItems[d.key] ?? [], report, l));
  await wb.commit();
  // The archive's entries are stamped with the time they were zipped; the rest is fixed by the report.
  return fixZipDates(Buffer.concat(chunks), at);
}

type Writer = ExcelJS.stream.xlsx.WorkbookWriter;

function figuresSheet(wb: Writer, report: StatusReport, l: ReportLabels): void {
  const { lang } = report.params;
  const groups = layoutOf(report, l);
  const cols = valueColumns(groups);
  const top = HEADER_ROWS + 1;
  const ws = wb.addWorksheet(l.sheetFigures, {
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
    views: [{ state: 'frozen', xSplit: 2, ySplit: top + TABLE_HEADER_ROWS - 1 }],
  });
  ws.getColumn(1).width = 10;
  ws.getColumn(2).width = 28;
  cols.forEach((_, i) => (ws.getColumn(3 + i).width = 16));

  ws.getCell(1, 1).value = l.title;
  ws.getCell(1, 1).font = { bold: true, size: 14 };
  ws.getRow(1).commit();
  const meta: [string, string][] = [
    [l.scope, scopeText(report, l)],
    [l.period, l.periods[report.params.period] ?? report.params.period],
    [l.asOf, dateText(report.params.asOf, lang)],
    [l.knownAt, instantText(report.params.knownAt, lang)],
    [l.generatedAt, instantText(report.generatedAt, lang)],
  ];
  // A snapshot's event log anchor takes the header block's last row (blank otherwise).
  if (report.eventChainHead) meta.push([l.eventChainHead, l.eventChainHeadText(report.eventChainHead.seq, report.eventChainHead.hash)]);
  meta.forEach(([k, v], i) => {
    const row = ws.getRow(2 + i);
    row.getCell(1).value = k;
    row.getCell(1).font = { bold: true };
    row.getCell(3).value = v;
    row.commit();
  });

  const head = (r: number, c: number, value: string) => {
    const cell = ws.getCell(r, c);
    cell.value = value;
    cell.font = { bold: true };
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    cell.border = BORDER;
  };
  head(top, 1, l.provinceCode);
  head(top, 2, l.provinceName);
  ws.mergeCells(top, 1, top + 2, 1);
  ws.mergeCells(top, 2, top + 2, 2);
  let c = 3;
  for (const g of groups) {
    const width = g.columns.reduce((n, col) => n + col.parts.length, 0);
    head(top, c, g.group);
    if (width > 1) ws.mergeCells(top, c, top, c + width - 1);
    for (const col of g.columns) {
      head(top + 1, c, col.label);
      if (col.parts.length > 1) ws.mergeCells(top + 1, c, top + 1, c + col.parts.length - 1);
      for (const p of col.parts) head(top + 2, c++, p.label);
    }
  }
  // Committing a row commits every open row above it: the three header rows go out together.
  ws.getRow(top + TABLE_HEADER_ROWS - 1).commit();

  report.rows.forEach((r, i) => {
    const row = ws.getRow(top + TABLE_HEADER_ROWS + i);
    const byKey = new Map(r.cells.map((cell) => [cell.key, cell]));
    row.getCell(1).value = r.provinceCode ?? '';
    row.getCell(2).value = r.provinceName;
    cols.forEach((col, j) => {
      const cell = row.getCell(3 + j);
      const kind = byKey.get(col.key)?.kind;
      cell.value = numeric(rawValue(byKey.get(col.key), col.part), kind === 'share');
      cell.numFmt = col.numFmt;
    });
    for (let j = 1; j <= 2 + cols.length; j++) row.getCell(j).border = BORDER;
    if (r.provinceCode === null) row.font = { bold: true };
    row.commit();
  });
  ws.commit();
}

/** A coded value as its label in the report's language (a value outside the vocabulary as it is). */
function labelOf<T extends string>(labels: Labels<T>, value: string | null, lang: ReportLang): string | null {
  if (value === null) return null;
  return Object.hasOwn(labels, value) ? labels[value as T][lang] : value;
}

/** A YYYY-MM-DD date as a date cell (midnight UTC, as Excel keeps a date without a time). */
const dateCell = (date: string | null): Date | null => (date === null ? null : new Date(`${date}T00:00:00.000Z`));

/** Whole days from `deadline` to `asOf` (both YYYY-MM-DD). */
const daysBetween = (deadline: string, asOf: string): number => Math.round((Date.parse(asOf) - Date.parse(deadline)) / 86_400_000);

/**
 * One overdue list: the facilities behind a deadline, with their custodian, the action they are
 * counted through (type, method and state as labels of the report's language), the deadline and the
 * days past it on the report date. Dates are date cells (dd/mm/yyyy in Vietnamese). Sheet names are
 * short and free of : \ / ? * [ ]; the deadline's label goes in the sheet itself.
 */
function overdueSheet(wb: Writer, n: number, d: StatusReport['deadlines'][number], items: ReportItem[], report: StatusReport, l: ReportLabels): void {
  const { lang, asOf } = report.params;
  const ws = wb.addWorksheet(`${l.sheetOverdue} ${n}`);
  [16, 40, 10, 24, 32, 14, 16, 16, 24, 24, 16, 14, 12].forEach((w, i) => (ws.getColumn(i + 1).width = w));
  // The deadline's clause(s); the approved-plan deadline when no clause sets one says so by its column's label.
  ws.getCell(1, 1).value = `${l.overdueTitle}: ${d.label || (report.columns.find((c) => c.key === d.key)?.label ?? '')}`;
  ws.getCell(1, 1).font = { bold: true, size: 12 };
  ws.getCell(2, 1).value = `${l.deadline}: ${d.deadline ? dateText(d.deadline, lang) : l.noDeadline}`;
  ws.getCell(3, 1).value = `${l.asOf}: ${dateText(asOf, lang)}`;
  const it = l.item;
  const header = [
    it.code,
    it.name,
    it.province,
    it.commune,
    it.custodian,
    it.surplusSince,
    it.landArea,
    it.floorArea,
    it.actionType,
    it.method,
    it.actionState,
    it.deadline,
    it.daysOverdue,
  ];
  const hr = ws.getRow(5);
  header.forEach((h, i) => {
    hr.getCell(i + 1).value = h;
    hr.getCell(i + 1).font = { bold: true };
    hr.getCell(i + 1).border = BORDER;
  });
  hr.commit();
  items.forEach((item, i) => {
    const row = ws.getRow(6 + i);
    const values: (string | number | Date | null)[] = [
      item.code,
      item.name,
      item.provinceCode,
      item.communeName,
      item.custodianName,
      dateCell(item.surplusSince),
      item.landArea === null ? null : Number(item.landArea),
      item.floorArea === null ? null : Number(item.floorArea),
      labelOf(ACTION_TYPE_LABELS, item.actionType, lang),
      labelOf(METHOD_LABELS, item.actionMethod, lang),
      labelOf(ACTION_STATUS_LABELS, item.actionState, lang),
      dateCell(item.deadline),
      item.deadline === null ? null : daysBetween(item.deadline, asOf),
    ];
    values.forEach((v, j) => (row.getCell(j + 1).value = v));
    row.getCell(6).numFmt = l.dateFormat;
    row.getCell(7).numFmt = '#,##0.00';
    row.getCell(8).numFmt = '#,##0.00';
    row.getCell(12).numFmt = l.dateFormat;
    row.commit();
  });
  if (items.length === 0) ws.getCell(6, 1).value = l.noItems;
  ws.commit();
}
