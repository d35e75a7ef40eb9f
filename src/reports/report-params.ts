import { isCalendarDate, todayInVietnam } from '../common/dates';
import type { Localized } from '../common/localized';
import type { ReportParams } from './report.model';

/** What a caller asked for: a query (GET /reports/status) or a body (POST /reports), already typed. */
export interface RequestedReport {
  scope: ReportParams['scope'];
  province: string | null;
  asOf?: string;
  /** An instant already parsed; NaN when the caller's text was not one. */
  knownAt?: Date;
  period?: ReportParams['period'];
  lang?: ReportParams['lang'];
}

/**
 * A report's parameters in their one order (scope, province, asOf, knownAt, period, lang), whatever
 * object they came from: a job row's `jsonb` gives its keys back in its own order (by length), and
 * the report's header is part of the bytes a snapshot is verified by. Every place that stores,
 * renders or hashes parameters takes them through here.
 */
export function canonicalParams(p: ReportParams): ReportParams {
  return { scope: p.scope, province: p.province, asOf: p.asOf, knownAt: p.knownAt, period: p.period, lang: p.lang };
}

/** The parameters as stored text: canonicalParams, serialised. */
export const paramsJson = (p: ReportParams): string => JSON.stringify(canonicalParams(p));

export interface ReportParamProblem {
  field: 'province' | 'asOf' | 'knownAt';
  message: Localized;
}

/** A provincial report (or schedule) names its province and a national one does not: what is wrong, or null. */
export function provinceProblemOf(scope: ReportParams['scope'], province: string | null): Localized | null {
  if (scope === 'province' && province === null) return { vi: 'bắt buộc khi scope là "province"', en: 'required when scope is "province"' };
  if (scope === 'national' && province !== null) return { vi: 'không được có khi scope là "national"', en: 'must be absent when scope is "national"' };
  return null;
}

/**
 * The rules every report request follows, whoever asks: a provincial report names its province and a
 * national one does not; `asOf` is a calendar date not after today in Vietnam; `knownAt` is not in the
 * future. Defaults: as of today in Vietnam, known at `now` (to the millisecond), weekly, Vietnamese.
 * Returns the parameters, or every problem found (each caller words them as its own error).
 */
export function reportParamsOf(r: RequestedReport, now: Date): { params: ReportParams; problems: [] } | { params: null; problems: ReportParamProblem[] } {
  const problems: ReportParamProblem[] = [];
  const scopeProblem = provinceProblemOf(r.scope, r.province);
  if (scopeProblem) problems.push({ field: 'province', message: scopeProblem });
  const today = todayInVietnam(now);
  const asOf = r.asOf ?? today;
  if (!isCalendarDate(asOf))
    problems.push({ field: 'asOf', message: { vi: 'không phải ngày hợp lệ theo lịch (YYYY-MM-DD)', en: 'not a calendar date (YYYY-MM-DD)' } });
  else if (asOf > today)
    problems.push({ field: 'asOf', message: { vi: `sau ngày hôm nay (${today} theo giờ Việt Nam)`, en: `after today (${today} in Vietnam)` } });
  const knownAt = r.knownAt ?? now;
  if (Number.isNaN(knownAt.getTime()))
    problems.push({ field: 'knownAt', message: { vi: 'không phải thời điểm ISO 8601 có múi giờ', en: 'not an ISO 8601 instant with a time zone' } });
  else if (knownAt.getTime() > now.getTime()) problems.push({ field: 'knownAt', message: { vi: 'ở tương lai', en: 'in the future' } });
  if (problems.length > 0) return { params: null, problems };
  return {
    params: canonicalParams({ scope: r.scope, province: r.province, asOf, knownAt: knownAt.toISOString(), period: r.period ?? 'weekly', lang: r.lang ?? 'vi' }),
    problems: [],
  };
}
