import type { Content, TableCell } from 'pdfmake/interfaces';
import { type PdfDocument, renderPdf as renderPdfDoc } from '../../common/pdf';
import type { StatusReport } from '../report.model';
import { dateText, instantText, LABELS, type ReportLabels, partText, scopeText } from './labels';
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

function table(report: StatusReport, groups: ColumnGroup[], l: ReportLabels): Content {
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
  for (const r of report.rows) {
    const byKey = new Map(r.cells.map((c) => [c.key, c]));
    body.push([
      { text: r.provinceName, bold: r.provinceCode === null },
      ...parts.map((p): TableCell => ({ text: partText(byKey.get(p.key), p.part, p.kind, lang), alignment: 'right', bold: r.provinceCode === null })),
    ]);
  }
  return { table: { headerRows: 3, widths: ['auto', ...parts.map(() => '*')], body }, fontSize: 7, margin: [0, 0, 0, 12] };
}

/**
 * A4 landscape: title, scope, period, as-of, known-at, generation time and a snapshot's event log anchor, then the figures
 * (split into several tables when wide), page numbers at the foot. The PDF's dates come from the
 * report, never the clock, so the bytes are deterministic.
 */
export function renderReportPdf(report: StatusReport): Promise<Buffer> {
  const { lang } = report.params;
  const l = LABELS[lang];
  const meta = (k: string, v: string, margin?: [number, number, number, number]): Content => ({
    text: [{ text: `${k}: `, bold: true }, v],
    ...(margin ? { margin } : {}),
  });
  const doc: PdfDocument = {
    pageSize: 'A4',
    pageOrientation: 'landscape',
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
      ...chunks(layoutOf(report, l), PDF_COLUMNS_PER_TABLE).map((g) => table(report, g, l)),
    ],
    footer: (page: number, pages: number) => ({ text: l.page(page, pages), alignment: 'center', fontSize: 8 }),
  };
  return renderPdfDoc(doc, new Date(report.generatedAt));
}
