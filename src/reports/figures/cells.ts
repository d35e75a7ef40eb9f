/**
 * The cells of the status report: their keys, order, kinds and labels (vi/en), and the share
 * arithmetic. Pure (no NestJS, no database); the SQL in figures.repository.ts emits these keys.
 *
 * Keys:
 * - the headline, as the Ministry of Finance publishes it: `surplus` all surplus facilities =
 *   `handled` (with an approved handling decision: approved, in progress or completed; a renovation
 *   is not a handling) + `remaining`; of the handled, `completed` and `in_progress`; `handled_share`
 *   handled ÷ surplus in % (not drillable; its parts are); on a national report `remaining_rank`,
 *   each province's rank by remaining facilities (1 = the most; equal counts share a rank);
 * - `new_use:<code>` the handled facilities by the new use their handling records (the nine
 *   categories of NEW_USES, adding up to `handled`), and `new_use:not_recorded` for handlings
 *   approved before new uses were recorded (a column only when a report has any);
 * - `type:<type>` and `type:<type>/method:<method>` by the action a facility is counted through;
 *   `purpose:<code>` repurposings by new purpose;
 * - `overdue:clause:<clauseId>` per clause deadline, `overdue:no_plan` (still remaining after the
 *   approved-plan deadline of the facility's province) and `overdue:handover_30d` (the 30-day clock);
 * - `proceeds` sale proceeds paid, `renovation:planned` / `renovation:actual` spending (amounts);
 *   `plan_updates_pending` (a count);
 * - `disadvantaged:<flag>` (mountainous, remote, island, ethnic_minority, any) by the facility's
 *   current commune;
 * - `origin:<level>`: the level of the old unit the facility served: `district` (an abolished
 *   district), `commune` (a commune merged into a new one), `province` (an old province), `none`.
 * - `obstacles:open` the obstacles the province has raised and not had answered (counts, not
 *   facilities: not drillable, GET /obstacles lists them), and `obstacles:open:<kind>` by kind.
 */
import { ACTION_TYPE_LABELS, METHOD_LABELS, NEW_USE_LABELS, OBSTACLE_KIND_LABELS } from '../../schema/labels';
import { ACTION_TYPES, METHODS, type Method, NEW_USES, OBSTACLE_KINDS } from '../../schema/vocabulary';
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
  ['handled', 'facilities', { vi: 'Đã xử lý (có phương án được phê duyệt)', en: 'Handled (approved plan)' }],
  ['completed', 'facilities', { vi: 'Trong đó: đã thực hiện xong', en: 'Of which completed' }],
  ['in_progress', 'facilities', { vi: 'Trong đó: đang thực hiện', en: 'Of which in progress' }],
  ['remaining', 'facilities', { vi: 'Còn phải xử lý', en: 'Remaining to handle' }],
  ['handled_share', 'share', { vi: 'Tỷ lệ đã xử lý (%)', en: 'Share handled (%)' }],
];
export const RANK_KEY = 'remaining_rank';
const RANK_LABELS: Labels = { vi: 'Xếp hạng theo số cơ sở còn phải xử lý', en: 'Rank by facilities remaining' };

export const NEW_USE_NOT_RECORDED = 'not_recorded';
const NOT_RECORDED_LABELS: Labels = { vi: 'Chưa ghi nhận mục đích sử dụng mới', en: 'New use not recorded' };
/** The by-new-use key of a new use (or of NEW_USE_NOT_RECORDED). */
export const newUseKey = (use: string): string => `new_use:${use}`;

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

/** Open obstacles (raised by the report's date, not answered by it, as known at its time): all of them, then by kind. */
export const OBSTACLES_OPEN_KEY = 'obstacles:open';
export const obstacleKindKey = (kind: string): string => `${OBSTACLES_OPEN_KEY}:${kind}`;
/** Obstacle cells count obstacles, not facilities: there is no drill-down (GET /obstacles?status=open&kind= lists them). */
export const isObstacleKey = (key: string): boolean => key === OBSTACLES_OPEN_KEY || key.startsWith(`${OBSTACLES_OPEN_KEY}:`);
const OBSTACLES_OPEN_LABELS: Labels = { vi: 'Tổng số khó khăn, vướng mắc chưa được trả lời', en: 'Open obstacles, all kinds' };

export const HANDOVER_KEY = 'overdue:handover_30d';
export const NO_PLAN_KEY = 'overdue:no_plan';
const NO_PLAN_LABELS: Labels = { vi: 'Quá hạn chưa có phương án được phê duyệt', en: 'Past the deadline without an approved plan' };
const HANDOVER_LABELS: Labels = { vi: 'Quá 30 ngày bàn giao tạm chưa có quyết định', en: 'Temporary hand-over past 30 days without a decision' };
const OVERDUE_PREFIX: Labels = { vi: 'Quá hạn', en: 'Overdue' };

const GROUP_LABELS: Record<string, Labels> = {
  status: { vi: 'Tình hình xử lý', en: 'Status' },
  new_use: { vi: 'Đã xử lý theo mục đích sử dụng mới', en: 'Handled, by new use' },
  type: { vi: 'Theo phương án xử lý', en: 'By action type and method' },
  purpose: { vi: 'Chuyển đổi công năng theo mục đích', en: 'Repurposing by purpose' },
  overdue: { vi: 'Quá hạn', en: 'Overdue' },
  money: { vi: 'Tài chính, quy hoạch', en: 'Money and plans' },
  disadvantaged: { vi: 'Xã khó khăn', en: 'Disadvantaged communes' },
  origin: { vi: 'Theo nguồn gốc', en: 'By origin' },
  obstacles: { vi: 'Khó khăn, vướng mắc chưa được trả lời, theo loại', en: 'Open obstacles, by kind' },
};
export const groupLabel = (group: string, lang: ReportLang): string => GROUP_LABELS[group]?.[lang] ?? group;

/** A label as the middle of a phrase: its first letter in lower case ("Bán, thanh lý, thu hồi: bán"). */
const lowerFirst = (label: string): string => label.charAt(0).toLowerCase() + label.slice(1);

/** The overdue key of a clause deadline. */
export const clauseOverdueKey = (clauseId: string): string => `overdue:clause:${clauseId}`;

/** What else decides a report's columns: the national rank, and a "not recorded" new use when some handled facility has one. */
export interface ColumnOptions {
  rank?: boolean;
  newUseNotRecorded?: boolean;
}

/** Every column of a report, in display order, labelled in its language. */
export function reportColumns(lang: ReportLang, purposes: PurposeRef[], deadlines: ReportDeadline[], opts: ColumnOptions = {}): ColumnDef[] {
  const cols: ColumnDef[] = [];
  const add = (key: string, kind: CellKind, label: string, group: string) => cols.push({ key, kind, label, group });
  for (const [key, kind, l] of STATUS) add(key, kind, l[lang], 'status');
  if (opts.rank) add(RANK_KEY, 'rank', RANK_LABELS[lang], 'status');
  for (const use of NEW_USES) add(newUseKey(use), 'facilities', NEW_USE_LABELS[use][lang], 'new_use');
  if (opts.newUseNotRecorded) add(newUseKey(NEW_USE_NOT_RECORDED), 'facilities', NOT_RECORDED_LABELS[lang], 'new_use');
  for (const type of ACTION_TYPES) {
    add(`type:${type}`, 'facilities', ACTION_TYPE_LABELS[type][lang], 'type');
    for (const method of METHODS[type])
      add(`type:${type}/method:${method}`, 'facilities', `${ACTION_TYPE_LABELS[type][lang]}: ${lowerFirst(METHOD_LABELS[method as Method][lang])}`, 'type');
  }
  for (const p of purposes) add(`purpose:${p.code}`, 'facilities', lang === 'vi' ? p.nameVi : p.nameEn, 'purpose');
  for (const d of deadlines) add(d.key, 'facilities', deadlineLabel(d, lang), 'overdue');
  for (const [key, kind, l] of MONEY) add(key, kind, l[lang], 'money');
  add(OBSTACLES_OPEN_KEY, 'count', OBSTACLES_OPEN_LABELS[lang], 'obstacles');
  for (const k of OBSTACLE_KINDS) add(obstacleKindKey(k), 'count', OBSTACLE_KIND_LABELS[k][lang], 'obstacles');
  for (const f of DISADVANTAGED_FLAGS) add(`disadvantaged:${f}`, 'facilities', DISADVANTAGED_LABELS[f][lang], 'disadvantaged');
  for (const o of ORIGIN_LEVELS) add(`origin:${o}`, 'facilities', ORIGIN_LABELS[o][lang], 'origin');
  return cols;
}

/** An overdue column's label: the 30-day clock, the approved-plan deadline (with the clauses that set it), or a clause's deadline. */
function deadlineLabel(d: ReportDeadline, lang: ReportLang): string {
  const date = d.deadline ? ` (${d.deadline})` : '';
  if (d.key === HANDOVER_KEY) return HANDOVER_LABELS[lang];
  if (d.key === NO_PLAN_KEY) return `${NO_PLAN_LABELS[lang]}${d.label ? `: ${d.label}` : ''}${date}`;
  return `${OVERDUE_PREFIX[lang]}: ${d.label}${date}`;
}

type ClauseDeadline = { clauseId: string; label: string; deadline: string | null };
const byDeadline = (a: ClauseDeadline, b: ClauseDeadline) =>
  (a.deadline ?? '9999').localeCompare(b.deadline ?? '9999') || a.label.localeCompare(b.label) || a.clauseId.localeCompare(b.clauseId);

/**
 * The deadlines a report measures: each clause deadline present (in deadline, label order), then the
 * approved-plan deadline (the earliest of the clauses that set it, labelled with them; none when no
 * clause does), then the 30-day clock.
 */
export function orderDeadlines(clauses: ClauseDeadline[], planClauses: ClauseDeadline[] = []): ReportDeadline[] {
  const plans = [...planClauses].sort(byDeadline);
  return [
    ...[...clauses].sort(byDeadline).map((c) => ({ key: clauseOverdueKey(c.clauseId), clauseId: c.clauseId, label: c.label, deadline: c.deadline })),
    { key: NO_PLAN_KEY, clauseId: null, label: plans.map((c) => c.label).join('; '), deadline: plans.find((c) => c.deadline)?.deadline ?? null },
    { key: HANDOVER_KEY, clauseId: null, label: HANDOVER_LABELS.vi, deadline: null },
  ];
}

/**
 * Each province's rank by its remaining facilities, most first; equal counts share a rank and the
 * next rank skips (1, 2, 2, 4). The order among equals is the caller's (province code).
 */
export function remainingRanks(rows: { provinceCode: string; remaining: number }[]): Map<string, number> {
  const sorted = [...rows].sort((a, b) => b.remaining - a.remaining);
  const ranks = new Map<string, number>();
  sorted.forEach((r, i) => ranks.set(r.provinceCode, i > 0 && sorted[i - 1].remaining === r.remaining ? ranks.get(sorted[i - 1].provinceCode)! : i + 1));
  return ranks;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The kind of a drillable key, or null when the key is unknown or not drillable (the share). */
export function drillableKind(key: string, purposeCodes: readonly string[]): CellKind | null {
  if (key === 'handled_share' || key === RANK_KEY) return null;
  const fixed = [...STATUS, ...MONEY].find(([k]) => k === key);
  if (fixed) return fixed[1];
  const type = /^type:([a-z_]+)(?:\/method:([a-z_]+))?$/.exec(key);
  if (type) {
    const t = type[1] as (typeof ACTION_TYPES)[number];
    if (!ACTION_TYPES.includes(t)) return null;
    return type[2] === undefined || METHODS[t].includes(type[2]) ? 'facilities' : null;
  }
  if (key.startsWith('purpose:')) return purposeCodes.includes(key.slice('purpose:'.length)) ? 'facilities' : null;
  if (key === HANDOVER_KEY || key === NO_PLAN_KEY) return 'facilities';
  if (key.startsWith('new_use:')) return [...NEW_USES, NEW_USE_NOT_RECORDED].includes(key.slice('new_use:'.length)) ? 'facilities' : null;
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
