/**
 * The status report as data: what the figures module computes and every format (JSON, CSV, XLSX,
 * PDF), the snapshots and the diffs are made from. Pure types and key helpers, no NestJS.
 *
 * A report is a list of rows (one per province; national reports add a total row with
 * provinceCode null) and each row holds the same cells. A cell is addressed by its key (below);
 * `GET /reports/status/items?...&key=<key>&province=<code>` returns exactly the facilities a cell
 * counts, so every number can be drilled into and every diff explained.
 */
import { LANGUAGES, type Lang } from '../common/language';

export const REPORT_SCOPES = ['province', 'national'] as const;
export type ReportScope = (typeof REPORT_SCOPES)[number];
export const REPORT_PERIODS = ['weekly', 'monthly'] as const;
export type ReportPeriod = (typeof REPORT_PERIODS)[number];
export const REPORT_FORMATS = ['json', 'csv', 'xlsx', 'pdf'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];
/** A report's labels are in one of the languages the API speaks (src/common/language.ts). */
export const REPORT_LANGS = LANGUAGES;
export type ReportLang = Lang;

/** What a report is computed from: with the same parameters, the same report (and the same bytes). */
export interface ReportParams {
  scope: ReportScope;
  /** New-era province code; required for scope 'province', null for national. */
  province: string | null;
  /** The date the state is reported as of (YYYY-MM-DD, Asia/Ho_Chi_Minh). */
  asOf: string;
  /** Only what was recorded at or before this instant counts (ISO 8601 UTC, millisecond precision). */
  knownAt: string;
  period: ReportPeriod;
  lang: ReportLang;
}

/**
 * How a cell is measured. 'facilities': number of facilities with land and floor area (m², decimal
 * strings with 2 decimals, summed exactly in SQL). 'amount': integer VND as a decimal string
 * (never a JS number). 'count': a plain count (e.g. plan updates pending). 'share': a percentage
 * with two decimals as a string ("65.89"). 'rank': a province's place as a string ("1"; null on
 * the total row).
 */
export const CELL_KINDS = ['facilities', 'amount', 'count', 'share', 'rank'] as const;
export type CellKind = (typeof CELL_KINDS)[number];

export interface ReportCell {
  /** Stable key, e.g. 'surplus', 'type:disposal', 'type:disposal/method:sale', 'overdue:clause:<uuid>'. */
  key: string;
  kind: CellKind;
  /** facilities / count: the number; amount cells: the number of facilities contributing (the drill-down's length); share cells: 0. */
  facilities: number;
  /** facilities cells: total land area m² ("1234.50"); others null. */
  landArea: string | null;
  /** facilities cells: total floor area m²; others null. */
  floorArea: string | null;
  /** amount cells: integer VND as string; share cells: "65.89"; others null. */
  value: string | null;
  /** Whether the cell can be drilled into (share cells cannot; their parts can). */
  drillable: boolean;
}

export interface ReportRow {
  /** null for the national total row. */
  provinceCode: string | null;
  provinceName: string;
  cells: ReportCell[];
}

/** One deadline the overdue cells are measured against (clause deadlines, the approved-plan deadline and the 30-day hand-over clock). */
export interface ReportDeadline {
  /** 'overdue:clause:<clauseId>', 'overdue:no_plan' or 'overdue:handover_30d'. */
  key: string;
  clauseId: string | null;
  /** e.g. "202-KL/TW, điểm 3"; for the approved-plan deadline the clauses that set it ("" when none); the 30-day clock's own label. */
  label: string;
  deadline: string | null;
}

export interface StatusReport {
  /** Report header: everything that determines the content. */
  params: ReportParams;
  /** When it was generated (ISO UTC). Equal to knownAt when the caller did not give one. */
  generatedAt: string;
  /** The keys in display order, with their label in the report's language. */
  columns: { key: string; kind: CellKind; label: string; group: string }[];
  deadlines: ReportDeadline[];
  rows: ReportRow[];
  /**
   * A snapshot's anchor of the event log: its head (seq and hash of the last row; 0 and the genesis
   * hash for an empty log) when the snapshot was made, printed in every format. Absent from reports
   * that are not snapshots, and from snapshots made before anchors (their bytes stay as they were).
   */
  eventChainHead?: { seq: number; hash: string };
}

/** A facility behind a cell, as the drill-down lists it. */
export interface ReportItem {
  assetId: string;
  code: string;
  name: string;
  provinceCode: string;
  communeName: string | null;
  /** The custodian agency's name, as the facility's and the agency's events stood on the report date as known at knownAt (the stored one when none says). */
  custodianName: string | null;
  surplusSince: string;
  landArea: string | null;
  floorArea: string | null;
  /** The action the facility is counted through (null when counted without one). */
  actionId: string | null;
  actionType: string | null;
  actionMethod: string | null;
  /** As of the report date: approved, in_progress, completed (submitted, on overdue cells only), or null. */
  actionState: string | null;
  /** Overdue cells: the deadline missed; amount cells: the amount this facility contributes. */
  deadline: string | null;
  amount: string | null;
}
