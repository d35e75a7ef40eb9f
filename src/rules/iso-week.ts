import { isCalendarDate } from '../common/dates';

/**
 * ISO 8601 weeks (Monday to Sunday; week 1 holds the year's first Thursday), written `YYYY-Www`.
 * A weekly report belongs to the week of its as-of date, and a province signs off one report a week.
 */
export const ISO_WEEK_PATTERN = /^(\d{4})-W(\d{2})$/;

const DAY_MS = 86_400_000;
const utc = (date: string): Date => new Date(`${date}T00:00:00Z`);
const ymd = (d: Date): string => d.toISOString().slice(0, 10);
/** 1 = Monday … 7 = Sunday. */
const isoWeekday = (d: Date): number => ((d.getUTCDay() + 6) % 7) + 1;

/** The Monday of ISO week 1 of `year`: the Monday on or before 4 January. */
function firstMonday(year: number): Date {
  const jan4 = new Date(Date.UTC(year, 0, 4));
  return new Date(jan4.getTime() - (isoWeekday(jan4) - 1) * DAY_MS);
}

/** The ISO week of a calendar date: `2025-12-29` → `2026-W01`, `2025-11-30` → `2025-W48`. */
export function isoWeekOf(date: string): string {
  if (!isCalendarDate(date)) throw new Error(`not a calendar date: ${date}`);
  const d = utc(date);
  // The Thursday of the same week decides the year.
  const thursday = new Date(d.getTime() + (4 - isoWeekday(d)) * DAY_MS);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - firstMonday(year).getTime()) / (7 * DAY_MS)) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The Monday and Sunday of a `YYYY-Www` week, or null when no such week exists (W00, W54, W53 of a 52-week year). */
export function weekBounds(week: string): { monday: string; sunday: string } | null {
  const m = ISO_WEEK_PATTERN.exec(week);
  if (!m) return null;
  const [year, n] = [Number(m[1]), Number(m[2])];
  if (n < 1) return null;
  const monday = new Date(firstMonday(year).getTime() + (n - 1) * 7 * DAY_MS);
  const sunday = new Date(monday.getTime() + 6 * DAY_MS);
  if (!isCalendarDate(ymd(monday)) || !isCalendarDate(ymd(sunday)) || isoWeekOf(ymd(monday)) !== week) return null;
  return { monday: ymd(monday), sunday: ymd(sunday) };
}

export const isIsoWeek = (week: string): boolean => weekBounds(week) !== null;
