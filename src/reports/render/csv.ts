import { stringify } from 'csv-stringify/sync';
import type { StatusReport } from '../report.model';
import { LABELS, rawValue } from './labels';
import { layoutOf, valueColumns } from './layout';

/**
 * One header line, then one line per row (province, then the total). Values are the data's own
 * (decimal strings with a dot, integers without separators) so a spreadsheet or a script reads
 * them exactly; the header names each value "group / column / part". UTF-8 with a BOM, and cells
 * Excel would run as formulas are escaped. A snapshot adds its event log anchor (seq, hash) as two
 * last columns.
 */
export function renderCsv(report: StatusReport): Buffer {
  const l = LABELS[report.params.lang];
  const groups = layoutOf(report, l);
  // A snapshot's event log anchor: two last columns, the same on every line (the file stays one table).
  const head = report.eventChainHead;
  const anchorHeader = head ? [l.eventChainSeq, l.eventChainHash] : [];
  const anchorValues = head ? [head.seq, head.hash] : [];
  const header = [
    l.provinceCode,
    l.provinceName,
    ...groups.flatMap((g) => g.columns.flatMap((c) => c.parts.map((p) => [g.group, c.label, p.label].filter(Boolean).join(' / ')))),
    ...anchorHeader,
  ];
  const cols = valueColumns(groups);
  const lines = report.rows.map((r) => {
    const byKey = new Map(r.cells.map((c) => [c.key, c]));
    return [r.provinceCode ?? '', r.provinceName, ...cols.map((c) => rawValue(byKey.get(c.key), c.part) ?? ''), ...anchorValues];
  });
  return Buffer.from(stringify([header, ...lines], { bom: true, escape_formulas: true, record_delimiter: 'windows' }), 'utf8');
}
