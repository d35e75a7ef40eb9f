import type { RequestContext } from '../../auth/auth-user';
import type { ReportItem, ReportParams, StatusReport } from '../report.model';

/**
 * What snapshots, jobs and diffs need from the figures (R1's FiguresService, bound in ReportsModule).
 * A port so this side is typed and tested on its own.
 */
export abstract class ReportFiguresPort {
  /** The report for these parameters (scope-checked for ctx); generatedAt defaults to knownAt. */
  abstract generate(ctx: RequestContext, params: ReportParams, generatedAt?: string): Promise<StatusReport>;
  /** Every facility behind a cell (no scope check). */
  abstract allItems(params: ReportParams, key: string, province: string | null): Promise<ReportItem[]>;
  /** The facilities behind each overdue figure of a report, by cell key (no scope check). */
  abstract overdueItems(params: ReportParams, report: StatusReport): Promise<Record<string, ReportItem[]>>;
  /** The ids of the facilities behind a cell (no scope check). */
  abstract itemIds(params: ReportParams, key: string, province: string | null): Promise<string[]>;
}
