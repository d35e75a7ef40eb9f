/**
 * When a report schedule runs: pure functions, no NestJS, no database. Times are Vietnam time
 * (Asia/Ho_Chi_Minh = UTC+7 all year, no daylight saving).
 */
import type { Localized } from '../../common/localized';
import { provinceProblemOf } from '../report-params';
import type { ReportPeriod, ReportScope } from '../report.model';

const VN_OFFSET_MS = 7 * 3600_000;
const DAY_MS = 24 * 3600_000;
export const TIME_OF_DAY = /^([01]\d|2[0-3]):[0-5]\d$/;

export interface ScheduleTiming {
  period: ReportPeriod;
  /** Weekly: ISO weekday, 1 = Monday … 7 = Sunday. */
  weekday: number | null;
  /** Monthly: 1-31; in a shorter month the run falls on its last day. */
  dayOfMonth: number | null;
  /** HH:MM in Vietnam time. */
  timeOfDay: string;
}

/** A problem with a schedule's values, named by its field in the API. */
export interface ScheduleProblem {
  field: 'province' | 'weekday' | 'dayOfMonth';
  message: Localized;
}

/**
 * The cross-field rules of a schedule, all problems at once: its scope and province as for any
 * report (provinceProblemOf); a weekly one names a weekday and no day of the month, a monthly one
 * the reverse. (Whether the province exists is the database's to say.)
 */
export function scheduleProblems(v: ScheduleTiming & { scope: ReportScope; provinceCode: string | null }): ScheduleProblem[] {
  const problems: ScheduleProblem[] = [];
  const province = provinceProblemOf(v.scope, v.provinceCode);
  if (province) problems.push({ field: 'province', message: province });
  if (v.period === 'weekly') {
    if (v.weekday === null) problems.push({ field: 'weekday', message: { vi: 'bắt buộc với lịch hằng tuần', en: 'required for a weekly schedule' } });
    if (v.dayOfMonth !== null)
      problems.push({ field: 'dayOfMonth', message: { vi: 'không dùng cho lịch hằng tuần', en: 'not allowed for a weekly schedule' } });
  } else {
    if (v.dayOfMonth === null) problems.push({ field: 'dayOfMonth', message: { vi: 'bắt buộc với lịch hằng tháng', en: 'required for a monthly schedule' } });
    if (v.weekday !== null) problems.push({ field: 'weekday', message: { vi: 'không dùng cho lịch hằng tháng', en: 'not allowed for a monthly schedule' } });
  }
  return problems;
}

const daysInMonth = (year: number, month0: number): number => new Date(Date.UTC(year, month0 + 1, 0)).getUTCDate();

/** The instant of a Vietnam wall-clock time on a Vietnam calendar day. */
function vnInstant(year: number, month0: number, day: number, timeOfDay: string): Date {
  const [h, m] = timeOfDay.split(':').map(Number);
  return new Date(Date.UTC(year, month0, day, h, m) - VN_OFFSET_MS);
}

/** The first run strictly after `after`. */
export function nextRun(s: ScheduleTiming, after: Date): Date {
  if (!TIME_OF_DAY.test(s.timeOfDay)) throw new Error(`bad time of day ${s.timeOfDay}`);
  const local = new Date(after.getTime() + VN_OFFSET_MS);
  const y = local.getUTCFullYear();
  const m = local.getUTCMonth();
  const d = local.getUTCDate();
  if (s.period === 'weekly') {
    if (s.weekday === null || s.weekday < 1 || s.weekday > 7) throw new Error('a weekly schedule needs a weekday 1-7');
    const isoToday = ((local.getUTCDay() + 6) % 7) + 1;
    const ahead = (s.weekday - isoToday + 7) % 7;
    const candidate = vnInstant(y, m, d + ahead, s.timeOfDay);
    return candidate.getTime() > after.getTime() ? candidate : new Date(candidate.getTime() + 7 * DAY_MS);
  }
  if (s.dayOfMonth === null || s.dayOfMonth < 1 || s.dayOfMonth > 31) throw new Error('a monthly schedule needs a day of month 1-31');
  for (let i = 0; i < 3; i++) {
    const month = m + i;
    const yy = y + Math.floor(month / 12);
    const mm = month % 12;
    const candidate = vnInstant(yy, mm, Math.min(s.dayOfMonth, daysInMonth(yy, mm)), s.timeOfDay);
    if (candidate.getTime() > after.getTime()) return candidate;
  }
  throw new Error('unreachable');
}

/** The Vietnam calendar date (YYYY-MM-DD) of an instant: a run's report is as of that date. */
export function vnDateOf(at: Date): string {
  return new Date(at.getTime() + VN_OFFSET_MS).toISOString().slice(0, 10);
}
