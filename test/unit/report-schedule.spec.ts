import { nextRun, scheduleProblems, vnDateOf, type ScheduleTiming } from '../../src/reports/schedules/schedule-rules';

const weekly = (weekday: number, timeOfDay = '08:30'): ScheduleTiming => ({ period: 'weekly', weekday, dayOfMonth: null, timeOfDay });
const monthly = (dayOfMonth: number, timeOfDay = '08:00'): ScheduleTiming => ({ period: 'monthly', weekday: null, dayOfMonth, timeOfDay });
const iso = (d: Date) => d.toISOString();

describe('report schedule: next run (Vietnam time, UTC+7)', () => {
  // 2025-12-01 is a Monday.
  it('weekly: later the same day, when the time has not passed yet in Vietnam', () => {
    // Monday 2025-12-01 07:00 VN = 00:00 UTC → Monday 08:30 VN = 01:30 UTC
    expect(iso(nextRun(weekly(1), new Date('2025-12-01T00:00:00Z')))).toBe('2025-12-01T01:30:00.000Z');
  });
  it('weekly: next week once the time has passed, and exactly at the run time', () => {
    expect(iso(nextRun(weekly(1), new Date('2025-12-01T01:30:00Z')))).toBe('2025-12-08T01:30:00.000Z');
    expect(iso(nextRun(weekly(1), new Date('2025-12-01T05:00:00Z')))).toBe('2025-12-08T01:30:00.000Z');
  });
  it('weekly: uses the Vietnam date, not the UTC date', () => {
    // Sunday 2025-11-30 18:00 UTC is already Monday 01:00 in Vietnam → Monday 08:30 VN the same VN day.
    expect(iso(nextRun(weekly(1), new Date('2025-11-30T18:00:00Z')))).toBe('2025-12-01T01:30:00.000Z');
    // Sunday 23:30 VN (16:30 UTC) → Sunday 23:45 VN run at 16:45 UTC
    expect(iso(nextRun(weekly(7, '23:45'), new Date('2025-11-30T16:30:00Z')))).toBe('2025-11-30T16:45:00.000Z');
    // A run at 00:15 VN Tuesday is 17:15 UTC Monday.
    expect(iso(nextRun(weekly(2, '00:15'), new Date('2025-12-01T00:00:00Z')))).toBe('2025-12-01T17:15:00.000Z');
  });
  it('weekly: every weekday from a Wednesday', () => {
    const wed = new Date('2025-12-03T03:00:00Z'); // Wednesday 10:00 VN
    expect([1, 2, 3, 4, 5, 6, 7].map((d) => iso(nextRun(weekly(d, '09:00'), wed)).slice(0, 10))).toEqual([
      '2025-12-08',
      '2025-12-09',
      '2025-12-10',
      '2025-12-04',
      '2025-12-05',
      '2025-12-06',
      '2025-12-07',
    ]);
  });
  it('weekly: across a year end', () => {
    expect(iso(nextRun(weekly(4, '09:00'), new Date('2025-12-26T03:00:00Z')))).toBe('2026-01-01T02:00:00.000Z');
  });

  it('monthly: this month when still ahead, else next month', () => {
    expect(iso(nextRun(monthly(5), new Date('2025-12-01T00:00:00Z')))).toBe('2025-12-05T01:00:00.000Z');
    expect(iso(nextRun(monthly(5), new Date('2025-12-05T01:00:00Z')))).toBe('2026-01-05T01:00:00.000Z');
    expect(iso(nextRun(monthly(1), new Date('2025-12-31T17:30:00Z')))).toBe('2026-01-01T01:00:00.000Z');
  });
  it('monthly: day 31 falls on the last day of shorter months (and 29 Feb in leap years)', () => {
    expect(iso(nextRun(monthly(31), new Date('2026-01-31T02:00:00Z')))).toBe('2026-02-28T01:00:00.000Z');
    expect(iso(nextRun(monthly(31), new Date('2026-02-28T01:00:00Z')))).toBe('2026-03-31T01:00:00.000Z');
    expect(iso(nextRun(monthly(31), new Date('2026-04-01T00:00:00Z')))).toBe('2026-04-30T01:00:00.000Z');
    expect(iso(nextRun(monthly(30), new Date('2028-02-01T00:00:00Z')))).toBe('2028-02-29T01:00:00.000Z');
    expect(iso(nextRun(monthly(31), new Date('2025-12-31T00:59:00Z')))).toBe('2025-12-31T01:00:00.000Z');
  });
  it('monthly: the VN month, not the UTC month', () => {
    // 2026-01-31 20:00 UTC is already 1 Feb 03:00 in Vietnam: the day-1 run at 08:00 VN is that morning.
    expect(iso(nextRun(monthly(1), new Date('2026-01-31T20:00:00Z')))).toBe('2026-02-01T01:00:00.000Z');
  });

  it('refuses malformed timings', () => {
    expect(() => nextRun(weekly(0), new Date())).toThrow('weekday');
    expect(() => nextRun(weekly(8), new Date())).toThrow('weekday');
    expect(() => nextRun(monthly(32), new Date())).toThrow('day of month');
    expect(() => nextRun({ ...weekly(1), timeOfDay: '24:00' }, new Date())).toThrow('time of day');
  });

  it('vnDateOf gives the Vietnam calendar date', () => {
    expect(vnDateOf(new Date('2025-11-30T17:00:00Z'))).toBe('2025-12-01');
    expect(vnDateOf(new Date('2025-11-30T16:59:59Z'))).toBe('2025-11-30');
  });
});

describe('report schedule: cross-field rules', () => {
  const national = { scope: 'national' as const, provinceCode: null };
  const province08 = { scope: 'province' as const, provinceCode: '08' };

  it('accepts a weekly schedule with a weekday and a monthly one with a day, national or provincial', () => {
    expect(scheduleProblems({ ...national, ...weekly(1) })).toEqual([]);
    expect(scheduleProblems({ ...province08, ...monthly(31) })).toEqual([]);
  });

  it.each([
    [
      'a provincial schedule without its province',
      { scope: 'province' as const, provinceCode: null, ...weekly(1) },
      [{ field: 'province', message: 'required when scope is "province"' }],
    ],
    [
      'a national schedule with a province',
      { scope: 'national' as const, provinceCode: '08', ...weekly(1) },
      [{ field: 'province', message: 'must be absent when scope is "national"' }],
    ],
    [
      'a weekly schedule without a weekday',
      { ...national, period: 'weekly' as const, weekday: null, dayOfMonth: null, timeOfDay: '08:00' },
      [{ field: 'weekday', message: 'required for a weekly schedule' }],
    ],
    [
      'a weekly schedule with a day of the month',
      { ...national, ...weekly(2), dayOfMonth: 5 },
      [{ field: 'dayOfMonth', message: 'not allowed for a weekly schedule' }],
    ],
    [
      'a monthly schedule without a day',
      { ...national, period: 'monthly' as const, weekday: null, dayOfMonth: null, timeOfDay: '08:00' },
      [{ field: 'dayOfMonth', message: 'required for a monthly schedule' }],
    ],
    ['a monthly schedule with a weekday', { ...national, ...monthly(1), weekday: 3 }, [{ field: 'weekday', message: 'not allowed for a monthly schedule' }]],
  ])('refuses %s', (_name, values, problems) => {
    expect(scheduleProblems(values)).toEqual(problems.map((p) => ({ ...p, message: { vi: expect.any(String), en: p.message } })));
  });

  it('lists every problem at once', () => {
    expect(
      scheduleProblems({ scope: 'province', provinceCode: null, period: 'weekly', weekday: null, dayOfMonth: 9, timeOfDay: '08:00' }).map((p) => p.field),
    ).toEqual(['province', 'weekday', 'dayOfMonth']);
  });
});
