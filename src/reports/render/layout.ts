import type { StatusReport } from '../report.model';
import { type ReportLabels, partsOf, type ValueColumn } from './labels';

export interface ColumnGroup {
  group: string;
  columns: { key: string; label: string; kind: StatusReport['columns'][number]['kind']; parts: ValueColumn[] }[];
}

/** The report's columns in display order, grouped by consecutive equal `group`, each split into its value parts. */
export function layoutOf(report: StatusReport, l: ReportLabels): ColumnGroup[] {
  const groups: ColumnGroup[] = [];
  for (const c of report.columns) {
    const parts = partsOf(c.kind, l).map((p) => ({ ...p, key: c.key }));
    const last = groups[groups.length - 1];
    const col = { key: c.key, label: c.label, kind: c.kind, parts };
    if (last && last.group === c.group) last.columns.push(col);
    else groups.push({ group: c.group, columns: [col] });
  }
  return groups;
}

export const valueColumns = (groups: ColumnGroup[]): ValueColumn[] => groups.flatMap((g) => g.columns.flatMap((c) => c.parts));
