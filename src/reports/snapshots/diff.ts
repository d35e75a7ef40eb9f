/**
 * What changed between two reports, cell by cell: pure, no NestJS, no database.
 */
import type { ReportCell, StatusReport } from '../report.model';

export interface CellValues {
  facilities: number;
  landArea: string | null;
  floorArea: string | null;
  value: string | null;
}

export interface CellChange {
  provinceCode: string | null;
  provinceName: string;
  key: string;
  label: string;
  kind: ReportCell['kind'];
  drillable: boolean;
  before: CellValues;
  after: CellValues;
  delta: CellValues;
}

const ZERO: CellValues = { facilities: 0, landArea: null, floorArea: null, value: null };
const valuesOf = (c: ReportCell | undefined): CellValues =>
  c ? { facilities: c.facilities, landArea: c.landArea, floorArea: c.floorArea, value: c.value } : ZERO;

/** b − a for decimal strings, exactly (BigInt on a common scale); null when both are null. */
export function decimalDelta(a: string | null, b: string | null): string | null {
  if (a === null && b === null) return null;
  const scale = Math.max(...[a, b].map((s) => (s?.split('.')[1] ?? '').length));
  const toInt = (s: string | null): bigint => {
    if (s === null) return 0n;
    const neg = s.startsWith('-');
    const [i, f = ''] = (neg ? s.slice(1) : s).split('.');
    const v = BigInt(i + f.padEnd(scale, '0'));
    return neg ? -v : v;
  };
  const d = toInt(b) - toInt(a);
  const neg = d < 0n;
  const digits = (neg ? -d : d).toString().padStart(scale + 1, '0');
  const out = scale ? `${digits.slice(0, -scale)}.${digits.slice(-scale)}` : digits;
  return neg ? `-${out}` : out;
}

/** Every cell whose values differ, in the order of the later report's rows and columns. */
export function diffReports(before: StatusReport, after: StatusReport): CellChange[] {
  const rowKey = (code: string | null) => code ?? '*';
  const beforeRows = new Map(before.rows.map((r) => [rowKey(r.provinceCode), r]));
  const afterRows = new Map(after.rows.map((r) => [rowKey(r.provinceCode), r]));
  const rowOrder = [...after.rows.map((r) => rowKey(r.provinceCode)), ...before.rows.map((r) => rowKey(r.provinceCode)).filter((k) => !afterRows.has(k))];
  const columns = [...after.columns, ...before.columns.filter((c) => !after.columns.some((x) => x.key === c.key))];
  const changes: CellChange[] = [];
  for (const rk of rowOrder) {
    const rb = beforeRows.get(rk);
    const ra = afterRows.get(rk);
    const cb = new Map((rb?.cells ?? []).map((c) => [c.key, c]));
    const ca = new Map((ra?.cells ?? []).map((c) => [c.key, c]));
    for (const col of columns) {
      const b = valuesOf(cb.get(col.key));
      const a = valuesOf(ca.get(col.key));
      if (JSON.stringify(a) === JSON.stringify(b)) continue;
      changes.push({
        provinceCode: (ra ?? rb)!.provinceCode,
        provinceName: (ra ?? rb)!.provinceName,
        key: col.key,
        label: col.label,
        kind: col.kind,
        drillable: (ca.get(col.key) ?? cb.get(col.key))?.drillable ?? false,
        before: b,
        after: a,
        delta: {
          facilities: a.facilities - b.facilities,
          landArea: decimalDelta(b.landArea, a.landArea),
          floorArea: decimalDelta(b.floorArea, a.floorArea),
          value: decimalDelta(b.value, a.value),
        },
      });
    }
  }
  return changes;
}
