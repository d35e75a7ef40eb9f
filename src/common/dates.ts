/** Calendar dates are dates in Asia/Ho_Chi_Minh (UTC+7, no daylight saving). */
export const VN_TIME_ZONE = 'Asia/Ho_Chi_Minh';

const fmt = new Intl.DateTimeFormat('en-CA', { timeZone: VN_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

/** Today's date in Vietnam as YYYY-MM-DD. */
export const todayInVietnam = (now: Date = new Date()): string => fmt.format(now);

export const currentYearInVietnam = (now: Date = new Date()): number => Number(todayInVietnam(now).slice(0, 4));

/**
 * The years a date (or instant) the API accepts may fall in. Every date field, query parameter and
 * cursor goes through isCalendarDate / parseInstant below, so year 0000 (which PostgreSQL refuses)
 * or 9999 never reaches SQL.
 */
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2100;

/** A real calendar date written YYYY-MM-DD with a year from MIN_YEAR to MAX_YEAR (2025-02-30 and 0000-01-01 are not). */
export function isCalendarDate(value: string): boolean {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const year = Number(value.slice(0, 4));
  if (year < MIN_YEAR || year > MAX_YEAR) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/** An ISO 8601 instant with its offset: `2025-07-01T08:30Z`, `2025-07-01T08:30:00.123+07:00`. */
const INSTANT = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):(\d{2}))$/;

/**
 * The instant an ISO 8601 date-time with its offset names, or null when it is not one: the date part
 * must pass isCalendarDate (so the year is sane), the time be a real time of day (no 24:00, no leap
 * second) and the offset at most ±14:00.
 */
export function parseInstant(value: string): Date | null {
  if (typeof value !== 'string' || value.length > 40) return null;
  const m = INSTANT.exec(value);
  if (!m || !isCalendarDate(m[1])) return null;
  const [hh, mm, ss, oh, om] = [m[2], m[3], m[4] ?? '0', m[5] ?? '0', m[6] ?? '0'].map(Number);
  if (hh > 23 || mm > 59 || ss > 59 || oh > 14 || om > 59) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

export const isInstant = (value: string): boolean => parseInstant(value) !== null;

/* Arithmetic on calendar dates (YYYY-MM-DD). */
const DAY_MS = 86_400_000;
const toUtc = (d: string): number => Date.parse(`${d}T00:00:00Z`);

export function addDays(date: string, days: number): string {
  return new Date(toUtc(date) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The same day `months` later (or earlier), clamped to the month's last day: 2025-08-31 + 6 → 2026-02-28. */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = index - year * 12;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month + 1).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** Whole days from `from` to `to` (positive when `to` is later). */
export const daysBetween = (from: string, to: string): number => Math.round((toUtc(to) - toUtc(from)) / DAY_MS);
