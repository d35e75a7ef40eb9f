import type { RequestContext } from '../../common/auth-user';
import type { ReportItem, ReportParams, StatusReport } from '../report.model';

/**
 * What snapshots, jobs and diffs need from the figures (FiguresService, bound in ReportsModule).
 * A port so this side is typed and tested on its own.
 */
export abstract class ReportFiguresPort {
  /** The report for these parameters (scope-checked for ctx); generatedAt defaults to knownAt. */
  abstract generate(ctx: RequestContext, params: ReportParams, generatedAt?: string): Promise<StatusReport>;
  /** The facilities behind each overdue figure of a report, by cell key (no scope check). */
  abstract overdueItems(params: ReportParams, report: StatusReport): Promise<Record<string, ReportItem[]>>;
  /** The facilities behind several cells at once, each with its key and province (no scope check). */
  abstract itemsOfKeys(params: ReportParams, keys: string[]): Promise<(ReportItem & { key: string })[]>;
}
