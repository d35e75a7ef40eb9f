/**
 * The cells of the status report: their keys, order, kinds and labels (vi/en), and the share
 * arithmetic. Pure (no NestJS, no database); the SQL in figures.repository.ts emits these keys.
 *
 * Keys:
 * - `surplus` all surplus facilities; `with_action` with an approved action (approved, in progress
 *   or completed); `in_progress`; `completed`; `without_action` (= surplus − with_action);
 *   `handled_share` completed ÷ surplus in % (not drillable; its parts are);
 * - `type:<type>` and `type:<type>/method:<method>` by the action a facility is counted through;
 *   `purpose:<code>` repurposings by new purpose;
 * - `overdue:clause:<clauseId>` per clause deadline and `overdue:handover_30d` (the 30-day clock);
 * - `proceeds` sale proceeds paid, `renovation:planned` / `renovation:actual` spending (amounts);
 *   `plan_updates_pending` (a count);
 * - `disadvantaged:<flag>` (mountainous, remote, island, ethnic_minority, any) by the facility's
 *   current commune;
 * - `origin:<level>`: the level of the old unit the facility served: `district` (an abolished
 *   district), `commune` (a commune merged into a new one), `province` (an old province), `none`.
 */
import { ACTION_TYPE_LABELS, METHOD_LABELS } from '../../schema/labels';
import { ACTION_TYPES, METHODS, type Method } from '../../schema/vocabulary';
import type { CellKind, ReportDeadline, ReportLang } from '../report.model';

export interface ColumnDef {
  key: string;
  kind: CellKind;
  label: string;
  group: string;
}

export interface PurposeRef {
  code: string;
  nameVi: string;
  nameEn: string;
}

type Labels = Record<ReportLang, string>;

const STATUS: [string, CellKind, Labels][] = [
  ['surplus', 'facilities', { vi: 'Tổng số cơ sở nhà, đất dôi dư', en: 'Surplus facilities' }],
  ['with_action', 'facilities', { vi: 'Đã có phương án được phê duyệt', en: 'With an approved action' }],
  ['in_progress', 'facilities', { vi: 'Đang thực hiện', en: 'In progress' }],
  ['completed', 'facilities', { vi: 'Đã hoàn thành xử lý', en: 'Completed' }],
  ['without_action', 'facilities', { vi: 'Chưa có phương án được phê duyệt', en: 'Without an approved action' }],
  ['handled_share', 'share', { vi: 'Tỷ lệ đã xử lý (%)', en: 'Share handled (%)' }],
];

const MONEY: [string, CellKind, Labels][] = [
  ['proceeds', 'amount', { vi: 'Số tiền bán đã nộp ngân sách (đồng)', en: 'Sale proceeds paid (VND)' }],
  ['renovation:planned', 'amount', { vi: 'Kinh phí cải tạo dự kiến (đồng)', en: 'Renovation spending planned (VND)' }],
  ['renovation:actual', 'amount', { vi: 'Kinh phí cải tạo thực tế (đồng)', en: 'Renovation spending actual (VND)' }],
  ['plan_updates_pending', 'count', { vi: 'Chờ điều chỉnh quy hoạch, kế hoạch sử dụng đất', en: 'Plan updates pending' }],
];

export const DISADVANTAGED_FLAGS = ['mountainous', 'remote', 'island', 'ethnic_minority', 'any'] as const;
const DISADVANTAGED_LABELS: Record<(typeof DISADVANTAGED_FLAGS)[number], Labels> = {
  mountainous: { vi: 'Xã miền núi', en: 'Mountainous communes' },
  remote: { vi: 'Xã vùng sâu, vùng xa', en: 'Remote communes' },
  island: { vi: 'Xã hải đảo', en: 'Island communes' },
  ethnic_minority: { vi: 'Xã vùng đồng bào dân tộc thiểu số', en: 'Ethnic-minority communes' },
  any: { vi: 'Xã thuộc vùng khó khăn (bất kỳ)', en: 'Any disadvantaged commune' },
};

export const ORIGIN_LEVELS = ['district', 'commune', 'province', 'none'] as const;
const ORIGIN_LABELS: Record<(typeof ORIGIN_LEVELS)[number], Labels> = {
  district: { vi: 'Từ cấp huyện kết thúc hoạt động', en: 'From abolished districts' },
  commune: { vi: 'Từ cấp xã sắp xếp, sáp nhập', en: 'From merged communes' },
  province: { vi: 'Từ cấp tỉnh sáp nhập', en: 'From merged provinces' },
  none: { vi: 'Không rõ đơn vị cũ', en: 'Origin not recorded' },
};

export const HANDOVER_KEY = 'overdue:handover_30d';
const HANDOVER_LABELS: Labels = { vi: 'Quá 30 ngày bàn giao tạm chưa có quyết định', en: 'Temporary hand-over past 30 days without a decision' };
const OVERDUE_PREFIX: Labels = { vi: 'Quá hạn', en: 'Overdue' };

const GROUP_LABELS: Record<string, Labels> = {
  status: { vi: 'Tình hình xử lý', en: 'Status' },
  type: { vi: 'Theo phương án xử lý', en: 'By action type and method' },
  purpose: { vi: 'Chuyển đổi công năng theo mục đích', en: 'Repurposing by purpose' },
  overdue: { vi: 'Quá hạn', en: 'Overdue' },
  money: { vi: 'Tài chính, quy hoạch', en: 'Money and plans' },
  disadvantaged: { vi: 'Xã khó khăn', en: 'Disadvantaged communes' },
  origin: { vi: 'Theo nguồn gốc', en: 'By origin' },
};
export const groupLabel = (group: string, lang: ReportLang): string => GROUP_LABELS[group]?.[lang] ?? group;

/** A label as the middle of a phrase: its first letter in lower case ("Bán, thanh lý, thu hồi: bán"). */
const lowerFirst = (label: string): string => label.charAt(0).toLowerCase() + label.slice(1);

/** The overdue key of a clause deadline. */
export const clauseOverdueKey = (clauseId: string): string => `overdue:clause:${clauseId}`;

/** Every column of a report, in display order, labelled in its language. */
export function reportColumns(lang: ReportLang, purposes: PurposeRef[], deadlines: ReportDeadline[]): ColumnDef[] {
  const cols: ColumnDef[] = [];
  const add = (key: string, kind: CellKind, label: string, group: string) => cols.push({ key, kind, label, group });
  for (const [key, kind, l] of STATUS) add(key, kind, l[lang], 'status');
  for (const type of ACTION_TYPES) {
    add(`type:${type}`, 'facilities', ACTION_TYPE_LABELS[type][lang], 'type');
    for (const method of METHODS[type]) add(`type:${type}/method:${method}`, 'facilities', `${ACTION_TYPE_LABELS[type][lang]}: ${lowerFirst(METHOD_LABELS[method as Method][lang])}`, 'type');
  }
  for (const p of purposes) add(`purpose:${p.code}`, 'facilities', lang === 'vi' ? p.nameVi : p.nameEn, 'purpose');
  for (const d of deadlines) add(d.key, 'facilities', d.clauseId === null ? HANDOVER_LABELS[lang] : `${OVERDUE_PREFIX[lang]}: ${d.label}${d.deadline ? ` (${d.deadline})` : ''}`, 'overdue');
  for (const [key, kind, l] of MONEY) add(key, kind, l[lang], 'money');
  for (const f of DISADVANTAGED_FLAGS) add(`disadvantaged:${f}`, 'facilities', DISADVANTAGED_LABELS[f][lang], 'disadvantaged');
  for (const o of ORIGIN_LEVELS) add(`origin:${o}`, 'facilities', ORIGIN_LABELS[o][lang], 'origin');
  return cols;
}

/** The deadlines a report measures: each clause deadline present (in deadline, label order), then the 30-day clock. */
export function orderDeadlines(clauses: { clauseId: string; label: string; deadline: string | null }[]): ReportDeadline[] {
  const sorted = [...clauses].sort((a, b) => (a.deadline ?? '9999').localeCompare(b.deadline ?? '9999') || a.label.localeCompare(b.label) || a.clauseId.localeCompare(b.clauseId));
  return [
    ...sorted.map((c) => ({ key: clauseOverdueKey(c.clauseId), clauseId: c.clauseId, label: c.label, deadline: c.deadline })),
    { key: HANDOVER_KEY, clauseId: null, label: HANDOVER_LABELS.vi, deadline: null },
  ];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The kind of a drillable key, or null when the key is unknown or not drillable (the share). */
export function drillableKind(key: string, purposeCodes: readonly string[]): CellKind | null {
  if (key === 'handled_share') return null;
  const fixed = [...STATUS, ...MONEY].find(([k]) => k === key);
  if (fixed) return fixed[1];
  const type = /^type:([a-z_]+)(?:\/method:([a-z_]+))?$/.exec(key);
  if (type) {
    const t = type[1] as (typeof ACTION_TYPES)[number];
    if (!ACTION_TYPES.includes(t)) return null;
    return type[2] === undefined || METHODS[t].includes(type[2]) ? 'facilities' : null;
  }
  if (key.startsWith('purpose:')) return purposeCodes.includes(key.slice('purpose:'.length)) ? 'facilities' : null;
  if (key === HANDOVER_KEY) return 'facilities';
  if (key.startsWith('overdue:clause:')) return UUID.test(key.slice('overdue:clause:'.length)) ? 'facilities' : null;
  if (key.startsWith('disadvantaged:')) return (DISADVANTAGED_FLAGS as readonly string[]).includes(key.slice(14)) ? 'facilities' : null;
  if (key.startsWith('origin:')) return (ORIGIN_LEVELS as readonly string[]).includes(key.slice(7)) ? 'facilities' : null;
  return null;
}

/**
 * `part` ÷ `whole` as a percentage with two decimals, rounded half up, computed on integers (no
 * floating point): 17,496 of 26,552 is "65.89". A whole of 0 gives "0.00".
 */
export function sharePercent(part: number, whole: number): string {
  if (!Number.isInteger(part) || !Number.isInteger(whole) || part < 0 || whole < 0) throw new RangeError('sharePercent takes non-negative integers');
  if (whole === 0) return '0.00';
  const p = BigInt(part);
  const w = BigInt(whole);
  const hundredths = (p * 10000n * 2n + w) / (2n * w); // round half up
  const s = hundredths.toString().padStart(3, '0');
  return `${s.slice(0, -2)}.${s.slice(-2)}`;
}
