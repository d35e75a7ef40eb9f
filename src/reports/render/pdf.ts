import type { Content, TableCell } from 'pdfmake/interfaces';
import { type PdfDocument, renderPdf as renderPdfDoc } from '../../common/pdf';
import type { ReportCell, ReportRow, StatusReport } from '../report.model';
import { dateText, instantText, LABELS, partsOf, partText, type ReportLabels, scopeText } from './labels';
import { type ColumnGroup, layoutOf } from './layout';

/** Value columns per table: wider reports continue in further tables that repeat the province column. */
export const PDF_COLUMNS_PER_TABLE = 9;

/** Splits the groups into chunks of at most `max` value columns (a column's parts stay together). */
function chunks(groups: ColumnGroup[], max: number): ColumnGroup[][] {
  const out: ColumnGroup[][] = [[]];
  let used = 0;
  for (const g of groups) {
    for (const col of g.columns) {
      if (used > 0 && used + col.parts.length > max) {
        out.push([]);
        used = 0;
      }
      const cur = out[out.length - 1];
      const last = cur[cur.length - 1];
      if (last && last.group === g.group) last.columns.push(col);
      else cur.push({ group: g.group, columns: [col] });
      used += col.parts.length;
    }
  }
  return out.filter((c) => c.length);
}

function table(report: StatusReport, rows: ReportRow[], groups: ColumnGroup[], l: ReportLabels): Content {
  const { lang } = report.params;
  const h = (text: string, extra: Record<string, unknown> = {}): TableCell => ({ text, bold: true, alignment: 'center', fillColor: '#eeeeee', ...extra });
  const parts = groups.flatMap((g) => g.columns.flatMap((c) => c.parts.map((p) => ({ ...p, kind: c.kind }))));
  const row1: TableCell[] = [h(l.provinceName, { rowSpan: 3 })];
  const row2: TableCell[] = [{}];
  const row3: TableCell[] = [{}];
  for (const g of groups) {
    const width = g.columns.reduce((n, c) => n + c.parts.length, 0);
    row1.push(h(g.group, { colSpan: width }), ...Array<TableCell>(width - 1).fill({}));
    for (const c of g.columns) {
      row2.push(h(c.label, { colSpan: c.parts.length }), ...Array<TableCell>(c.parts.length - 1).fill({}));
      for (const p of c.parts) row3.push(h(p.label));
    }
  }
  const body: TableCell[][] = [row1, row2, row3];
  for (const r of rows) {
    const byKey = new Map(r.cells.map((c) => [c.key, c]));
    body.push([
      { text: r.provinceName, bold: r.provinceCode === null },
      ...parts.map((p): TableCell => ({ text: partText(byKey.get(p.key), p.part, p.kind, lang), alignment: 'right', bold: r.provinceCode === null })),
    ]);
  }
  return { table: { headerRows: 3, widths: ['auto', ...parts.map(() => '*')], body }, fontSize: 7, margin: [0, 0, 0, 12] };
}

/** A cell that counts nothing: no facility, no area, no amount, a zero share (a rank says nothing by itself). */
const isZero = (c: ReportCell): boolean =>
  c.kind === 'rank' || (c.facilities === 0 && [c.landArea, c.floorArea, c.value].every((v) => v === null || Number(v) === 0));
/** A province row whose every cell is zero (the total row is never left out). */
export const isAllZeroRow = (r: ReportRow): boolean => r.provinceCode !== null && r.cells.every(isZero);

/** The figures the first page leads with, in this order, when the report has them. */
const HEADLINE_KEYS = ['surplus', 'handled', 'completed', 'remaining', 'handled_share'];
/** How many provinces the first page ranks by remaining facilities. */
export const PDF_MOST_REMAINING = 10;

const heading = (text: string): Content => ({ text, fontSize: 11, bold: true, margin: [0, 10, 0, 4] });

/** A small table: a label column, then each value part of the cells (facilities, land m², floor m²…). */
function figureTable(report: StatusReport, row: ReportRow, keys: string[], l: ReportLabels): Content | null {
  const { lang } = report.params;
  const byKey = new Map(row.cells.map((c) => [c.key, c]));
  const cols = keys.map((k) => report.columns.find((c) => c.key === k)).filter((c) => c !== undefined);
  if (cols.length === 0) return null;
  const parts = partsOf('facilities', l);
  const h = (text: string): TableCell => ({ text, bold: true, alignment: 'center', fillColor: '#eeeeee' });
  const body: TableCell[][] = [[h(l.figure), ...parts.map((p) => h(p.label))]];
  for (const c of cols) {
    const cell = byKey.get(c.key);
    // A share (or a count, an amount) fills the first value column; the areas only belong to facilities.
    const values =
      c.kind === 'facilities' ? parts.map((p) => partText(cell, p.part, c.kind, lang)) : [partText(cell, partsOf(c.kind, l)[0].part, c.kind, lang), '', ''];
    body.push([c.label, ...values.map((text): TableCell => ({ text, alignment: 'right' }))]);
  }
  return { table: { headerRows: 1, widths: ['*', 70, 90, 90], body }, fontSize: 9, margin: [0, 0, 0, 6] };
}

/** The provinces with the most facilities remaining (none that has none), most first, then by rank and code. */
function mostRemaining(report: StatusReport, l: ReportLabels): Content | null {
  const { lang } = report.params;
  const remaining = (r: ReportRow) => r.cells.find((c) => c.key === 'remaining');
  const rankOf = (r: ReportRow) => r.cells.find((c) => c.kind === 'rank')?.value ?? '';
  const rows = report.rows
    .filter((r) => r.provinceCode !== null && (remaining(r)?.facilities ?? 0) > 0)
    .sort(
      (a, b) =>
        remaining(b)!.facilities - remaining(a)!.facilities ||
        Number(rankOf(a)) - Number(rankOf(b)) ||
        (a.provinceCode ?? '').localeCompare(b.provinceCode ?? ''),
    )
    .slice(0, PDF_MOST_REMAINING);
  const label = report.columns.find((c) => c.key === 'remaining')?.label;
  if (rows.length === 0 || !label) return null;
  const h = (text: string): TableCell => ({ text, bold: true, alignment: 'center', fillColor: '#eeeeee' });
  const body: TableCell[][] = [[h(l.rank), h(l.provinceName), h(`${label}: ${l.facilities}`), h(l.landArea)]];
  for (const r of rows) {
    const cell = remaining(r);
    body.push([
      { text: rankOf(r), alignment: 'right' },
      r.provinceName,
      { text: partText(cell, 'facilities', 'facilities', lang), alignment: 'right' },
      { text: partText(cell, 'landArea', 'facilities', lang), alignment: 'right' },
    ]);
  }
  return { table: { headerRows: 1, widths: [40, '*', 110, 90], body }, fontSize: 9 };
}

export interface PdfOptions {
  /** Print the province rows whose figures are all zero too (the caller's zeros=true). */
  zeros?: boolean;
}

/**
 * A first page (A4 portrait): title, scope, period, as-of, known-at, generation time and a snapshot's
 * event log anchor; the headline figures (surplus, handled, completed, remaining, handled share) of
 * the total row (a provincial report: its province), the handled ones by new use and, nationally, the
 * provinces with the most remaining. Then the detail, A4 landscape: every figure by province (split
 * into several tables when wide), leaving out the provinces whose figures are all zero unless
 * `zeros` (a line says how many were left out). Page numbers at the foot. The PDF's dates come from
 * the report, never the clock, so the bytes are deterministic.
 */
export function renderReportPdf(report: StatusReport, opts: PdfOptions = {}): Promise<Buffer> {
  const { lang } = report.params;
  const l = LABELS[lang];
  const meta = (k: string, v: string, margin?: [number, number, number, number]): Content => ({
    text: [{ text: `${k}: `, bold: true }, v],
    ...(margin ? { margin } : {}),
  });
  const layout = layoutOf(report, l);
  const headlineRow = report.rows.find((r) => r.provinceCode === null) ?? report.rows.find((r) => r.provinceCode === report.params.province) ?? report.rows[0];
  const newUses = report.columns.filter((c) => c.key.startsWith('new_use:'));
  const firstPage: Content[] = [];
  if (headlineRow) {
    const headline = figureTable(report, headlineRow, HEADLINE_KEYS, l);
    if (headline) firstPage.push(heading(l.headline), headline);
    const byUse = figureTable(
      report,
      headlineRow,
      newUses.map((c) => c.key),
      l,
    );
    if (byUse) firstPage.push(heading(newUses[0].group), byUse);
  }
  if (report.params.scope === 'national') {
    const most = mostRemaining(report, l);
    if (most) firstPage.push(heading(l.mostRemaining), most);
  }
  const rows = opts.zeros ? report.rows : report.rows.filter((r) => !isAllZeroRow(r));
  const leftOut = report.rows.length - rows.length;
  const doc: PdfDocument = {
    pageSize: 'A4',
    pageOrientation: 'portrait',
    pageMargins: [28, 28, 28, 36],
    info: { title: l.title },
    content: [
      { text: l.title, fontSize: 14, bold: true, alignment: 'center', margin: [0, 0, 0, 8] },
      meta(l.scope, scopeText(report, l)),
      meta(l.period, l.periods[report.params.period] ?? report.params.period),
      meta(l.asOf, dateText(report.params.asOf, lang)),
      meta(l.knownAt, instantText(report.params.knownAt, lang)),
      ...(report.eventChainHead
        ? [
            meta(l.generatedAt, instantText(report.generatedAt, lang)),
            meta(l.eventChainHead, l.eventChainHeadText(report.eventChainHead.seq, report.eventChainHead.hash), [0, 0, 0, 10]),
          ]
        : [meta(l.generatedAt, instantText(report.generatedAt, lang), [0, 0, 0, 10])]),
      ...firstPage,
      { text: l.detail, fontSize: 12, bold: true, margin: [0, 0, 0, 6], pageBreak: 'before', pageOrientation: 'landscape' },
      ...(leftOut > 0 ? [{ text: l.zeroRowsLeftOut(leftOut), fontSize: 8, italics: true, margin: [0, 0, 0, 6] } as Content] : []),
      ...chunks(layout, PDF_COLUMNS_PER_TABLE).map((g) => table(report, rows, g, l)),
    ],
    footer: (page: number, pages: number) => ({ text: l.page(page, pages), alignment: 'center', fontSize: 8 }),
  };
  return renderPdfDoc(doc, new Date(report.generatedAt));
}
