/**
 * The fixed texts of a rendered report in Vietnamese and English, and number and date formatting
 * that never depends on the server's locale or clock.
 */
import type { ReportCell, ReportLang, StatusReport } from '../report.model';

export interface ReportLabels {
  title: string;
  scope: string;
  national: string;
  province: string;
  period: string;
  periods: Record<string, string>;
  asOf: string;
  knownAt: string;
  generatedAt: string;
  /** The report's language, as the CSV's parameter lines name it. */
  language: string;
  /** The PDF's first page and its detail. */
  headline: string;
  figure: string;
  mostRemaining: string;
  detail: string;
  zeroRowsLeftOut: (n: number) => string;
  /** The event log anchor of a snapshot: its label, the CSV's two column headers, and its text. */
  eventChainHead: string;
  eventChainSeq: string;
  eventChainHash: string;
  eventChainHeadText: (seq: number, hash: string) => string;
  provinceCode: string;
  provinceName: string;
  total: string;
  facilities: string;
  landArea: string;
  floorArea: string;
  amount: string;
  count: string;
  share: string;
  rank: string;
  page: (page: number, pages: number) => string;
  sheetFigures: string;
  sheetOverdue: string;
  overdueTitle: string;
  deadline: string;
  noDeadline: string;
  item: {
    code: string;
    name: string;
    province: string;
    commune: string;
    custodian: string;
    surplusSince: string;
    landArea: string;
    floorArea: string;
    actionType: string;
    method: string;
    actionState: string;
    deadline: string;
    daysOverdue: string;
  };
  /** How a date cell of a sheet shows its date. */
  dateFormat: string;
  noItems: string;
}

export const LABELS: Record<ReportLang, ReportLabels> = {
  vi: {
    title: 'Báo cáo tình hình xử lý trụ sở, tài sản công dôi dư',
    scope: 'Phạm vi',
    national: 'Toàn quốc',
    province: 'Tỉnh, thành phố',
    period: 'Kỳ báo cáo',
    periods: { weekly: 'Hằng tuần', monthly: 'Hằng tháng' },
    asOf: 'Số liệu tính đến ngày',
    knownAt: 'Dữ liệu ghi nhận đến',
    generatedAt: 'Thời điểm lập báo cáo',
    language: 'Ngôn ngữ',
    headline: 'Số liệu chính',
    figure: 'Chỉ tiêu',
    mostRemaining: 'Các tỉnh, thành phố còn nhiều cơ sở phải xử lý nhất',
    detail: 'Chi tiết theo tỉnh, thành phố',
    zeroRowsLeftOut: (n) => `Không in ${n} tỉnh, thành phố có mọi số liệu bằng 0 (thêm zeros=true để in cả các dòng này).`,
    eventChainHead: 'Neo nhật ký sự kiện',
    eventChainSeq: 'Neo nhật ký sự kiện: số thứ tự',
    eventChainHash: 'Neo nhật ký sự kiện: mã băm SHA-256',
    eventChainHeadText: (seq, hash) => `sự kiện số ${seq}, mã băm SHA-256 ${hash}`,
    provinceCode: 'Mã tỉnh',
    provinceName: 'Tỉnh, thành phố',
    total: 'Tổng cộng',
    facilities: 'Số cơ sở',
    landArea: 'Diện tích đất (m²)',
    floorArea: 'Diện tích sàn (m²)',
    amount: 'Số tiền (đồng)',
    count: 'Số lượng',
    share: 'Tỷ lệ (%)',
    rank: 'Thứ hạng',
    page: (p, n) => `Trang ${p}/${n}`,
    sheetFigures: 'Báo cáo',
    sheetOverdue: 'Quá hạn',
    overdueTitle: 'Danh sách cơ sở quá hạn',
    deadline: 'Thời hạn',
    noDeadline: 'không có',
    item: {
      code: 'Mã tài sản',
      name: 'Tên tài sản',
      province: 'Mã tỉnh',
      commune: 'Xã, phường',
      custodian: 'Đơn vị quản lý',
      surplusSince: 'Ngày dôi dư',
      landArea: 'Diện tích đất (m²)',
      floorArea: 'Diện tích sàn (m²)',
      actionType: 'Hình thức xử lý',
      method: 'Phương thức',
      actionState: 'Trạng thái',
      deadline: 'Thời hạn',
      daysOverdue: 'Số ngày quá hạn',
    },
    dateFormat: 'dd/mm/yyyy',
    noItems: 'Không có cơ sở nào.',
  },
  en: {
    title: 'Status report on surplus public facilities and assets',
    scope: 'Scope',
    national: 'National',
    province: 'Province',
    period: 'Period',
    periods: { weekly: 'Weekly', monthly: 'Monthly' },
    asOf: 'Figures as of',
    knownAt: 'Data recorded up to',
    generatedAt: 'Generated at',
    language: 'Language',
    headline: 'Headline figures',
    figure: 'Figure',
    mostRemaining: 'Provinces with the most facilities remaining to handle',
    detail: 'Detail by province',
    zeroRowsLeftOut: (n) => `${n} province(s) whose figures are all zero are left out (add zeros=true to include them).`,
    eventChainHead: 'Event log anchor',
    eventChainSeq: 'Event log anchor: seq',
    eventChainHash: 'Event log anchor: SHA-256',
    eventChainHeadText: (seq, hash) => `event ${seq}, SHA-256 ${hash}`,
    provinceCode: 'Province code',
    provinceName: 'Province',
    total: 'Total',
    facilities: 'Facilities',
    landArea: 'Land area (m²)',
    floorArea: 'Floor area (m²)',
    amount: 'Amount (VND)',
    count: 'Count',
    share: 'Share (%)',
    rank: 'Rank',
    page: (p, n) => `Page ${p} of ${n}`,
    sheetFigures: 'Report',
    sheetOverdue: 'Overdue',
    overdueTitle: 'Overdue facilities',
    deadline: 'Deadline',
    noDeadline: 'none',
    item: {
      code: 'Asset code',
      name: 'Asset name',
      province: 'Province code',
      commune: 'Commune',
      custodian: 'Custodian',
      surplusSince: 'Surplus since',
      landArea: 'Land area (m²)',
      floorArea: 'Floor area (m²)',
      actionType: 'Action',
      method: 'Method',
      actionState: 'State',
      deadline: 'Deadline',
      daysOverdue: 'Days overdue',
    },
    dateFormat: 'yyyy-mm-dd',
    noItems: 'No facilities.',
  },
};

/** One value column of the table: a cell kind splits into the values it carries. */
export interface ValueColumn {
  key: string;
  part: 'facilities' | 'landArea' | 'floorArea' | 'value';
  numFmt: string;
  label: string;
}

/** The values each kind of cell shows, in order. */
export function partsOf(kind: ReportCell['kind'], l: ReportLabels): Omit<ValueColumn, 'key'>[] {
  switch (kind) {
    case 'facilities':
      return [
        { part: 'facilities', numFmt: '#,##0', label: l.facilities },
        { part: 'landArea', numFmt: '#,##0.00', label: l.landArea },
        { part: 'floorArea', numFmt: '#,##0.00', label: l.floorArea },
      ];
    case 'amount':
      return [{ part: 'value', numFmt: '#,##0', label: l.amount }];
    case 'count':
      return [{ part: 'facilities', numFmt: '#,##0', label: l.count }];
    case 'share':
      return [{ part: 'value', numFmt: '0.00%', label: l.share }];
    case 'rank':
      return [{ part: 'value', numFmt: '0', label: l.rank }];
  }
}

/** The raw value of one part of a cell, as the data has it (decimal strings stay strings). */
export function rawValue(cell: ReportCell | undefined, part: ValueColumn['part']): string | number | null {
  if (!cell) return null;
  if (part === 'facilities') return cell.facilities;
  return cell[part];
}

/** "Toàn quốc", or the province's own name and code ("Tỉnh Tuyên Quang (08)": the name says what kind of unit it is). */
export function scopeText(report: StatusReport, l: ReportLabels): string {
  if (report.params.scope === 'national') return l.national;
  const row = report.rows.find((r) => r.provinceCode === report.params.province);
  return row ? `${row.provinceName} (${report.params.province})` : `${l.province} ${report.params.province ?? ''}`;
}

/** YYYY-MM-DD as the language writes it. */
export function dateText(date: string | null, lang: ReportLang): string {
  if (!date) return '';
  const [y, m, d] = date.split('-');
  return lang === 'vi' ? `${d}/${m}/${y}` : date;
}

/** An instant in Vietnam time (UTC+7, no daylight saving), to the second. */
export function instantText(iso: string, lang: ReportLang): string {
  const t = new Date(new Date(iso).getTime() + 7 * 3600_000).toISOString();
  const date = t.slice(0, 10);
  const time = t.slice(11, 19);
  return lang === 'vi' ? `${time} ngày ${dateText(date, 'vi')} (giờ Việt Nam)` : `${date} ${time} (Vietnam time, UTC+7)`;
}

/** Groups digits of a decimal string: vi 1.234.567,50 and en 1,234,567.50 (exact, no float). */
export function numberText(value: string | number | null, lang: ReportLang, decimals?: number): string {
  if (value === null) return '';
  let s = typeof value === 'number' ? String(value) : value;
  const neg = s.startsWith('-');
  if (neg) s = s.slice(1);
  let [int, frac = ''] = s.split('.');
  if (decimals !== undefined) frac = frac.padEnd(decimals, '0').slice(0, decimals);
  const [sep, dec] = lang === 'vi' ? ['.', ','] : [',', '.'];
  int = int.replace(/\B(?=(\d{3})+(?!\d))/g, sep);
  return `${neg ? '-' : ''}${int}${frac ? dec + frac : ''}`;
}

/** A cell part written for people (PDF). */
export function partText(cell: ReportCell | undefined, part: ValueColumn['part'], kind: ReportCell['kind'], lang: ReportLang): string {
  const v = rawValue(cell, part);
  if (v === null) return '';
  if (part === 'landArea' || part === 'floorArea') return numberText(v, lang, 2);
  if (kind === 'share') return `${numberText(v, lang, 2)} %`;
  return numberText(v, lang);
}
