/**
 * A report as JSON: what GET /reports/status answers, the drill-down's items, a diff's values and the
 * bytes of a snapshot's JSON format. Every area (m²) and amount (integer VND) is a JSON number, as on
 * the asset; a share is a number with two decimals. The figures themselves stay exact decimal strings
 * (summed in SQL, printed as they are in CSV, XLSX and PDF); decimalNumber refuses any it cannot carry
 * exactly. Pure.
 */
import { decimalNumber } from '../common/quantities';
import type { ReportCell, ReportItem, StatusReport } from './report.model';

/** The measured values of a cell (or of a diff's before, after and delta). */
interface CellValues {
  facilities: number;
  landArea: string | null;
  floorArea: string | null;
  value: string | null;
}
type Numbers<T extends CellValues> = Omit<T, 'landArea' | 'floorArea' | 'value'> & { landArea: number | null; floorArea: number | null; value: number | null };

export type ReportCellJson = Numbers<ReportCell>;
export type StatusReportJson = Omit<StatusReport, 'rows'> & { rows: { provinceCode: string | null; provinceName: string; cells: ReportCellJson[] }[] };
export type ReportItemJson = Omit<ReportItem, 'landArea' | 'floorArea' | 'amount'> & {
  landArea: number | null;
  floorArea: number | null;
  amount: number | null;
};

export function valuesJson<T extends CellValues>(v: T): Numbers<T> {
  return { ...v, landArea: decimalNumber(v.landArea), floorArea: decimalNumber(v.floorArea), value: decimalNumber(v.value) };
}

export function reportJson(r: StatusReport): StatusReportJson {
  return { ...r, rows: r.rows.map((row) => ({ provinceCode: row.provinceCode, provinceName: row.provinceName, cells: row.cells.map((c) => valuesJson(c)) })) };
}

export function reportItemJson(i: ReportItem): ReportItemJson {
  return { ...i, landArea: decimalNumber(i.landArea), floorArea: decimalNumber(i.floorArea), amount: decimalNumber(i.amount) };
}

/** A page of the drill-down, its items as JSON. */
export const itemsPageJson = <P extends { items: ReportItem[] }>(p: P): Omit<P, 'items'> & { items: ReportItemJson[] } => ({
  ...p,
  items: p.items.map(reportItemJson),
});
