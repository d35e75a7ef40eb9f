import { stringify } from 'csv-stringify/sync';
import type { StatusReport } from '../report.model';
import { LABELS, rawValue, type ReportLabels } from './labels';
import { layoutOf, valueColumns } from './layout';

/**
 * The parameters a CSV states before its table, one line each: `# key`, the value as the API writes
 * it (codes, YYYY-MM-DD, ISO 8601 UTC instants; empty for a national report's province), and the
 * key's label in the report's language. The `#` lets a script skip them (csv-parse `comment: '#'`,
 * pandas `comment='#'`); a spreadsheet shows them as a small block above the table.
 */
export function csvParamLines(report: StatusReport, l: ReportLabels): string[][] {
  const p = report.params;
  return [
    ['# scope', p.scope, l.scope],
    ['# province', p.province ?? '', l.province],
    ['# as_of', p.asOf, l.asOf],
    ['# known_at', p.knownAt, l.knownAt],
    ['# period', p.period, l.period],
    ['# lang', p.lang, l.language],
    ['# generated_at', report.generatedAt, l.generatedAt],
  ];
}

/**
 * The parameter lines (csvParamLines), then one header line, then one line per row (province, then the total). Values are the data's own
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
  return Buffer.from(stringify([...csvParamLines(report, l), header, ...lines], { bom: true, escape_formulas: true, record_delimiter: 'windows' }), 'utf8');
}
