import { isIsoWeek, isoWeekOf, weekBounds } from '../../src/rules/iso-week';

describe('ISO weeks (the week a weekly report is signed off for)', () => {
  it.each([
    ['2025-11-30', '2025-W48'], // a Sunday: the end of its week
    ['2025-12-01', '2025-W49'], // the Monday after
    ['2025-12-29', '2026-W01'], // the year of the week's Thursday
    ['2027-01-01', '2026-W53'], // 2026 has 53 weeks
    ['2021-01-03', '2020-W53'],
    ['2024-12-30', '2025-W01'],
  ])('%s is in %s', (date, week) => {
    expect(isoWeekOf(date)).toBe(week);
  });

  it('gives a week its Monday and Sunday', () => {
    expect(weekBounds('2025-W48')).toEqual({ monday: '2025-11-24', sunday: '2025-11-30' });
    expect(weekBounds('2026-W01')).toEqual({ monday: '2025-12-29', sunday: '2026-01-04' });
    expect(weekBounds('2026-W53')).toEqual({ monday: '2026-12-28', sunday: '2027-01-03' });
  });

  it('knows which weeks do not exist', () => {
    expect(isIsoWeek('2025-W53')).toBe(false); // 2025 has 52 weeks
    expect(isIsoWeek('2026-W53')).toBe(true);
    expect(isIsoWeek('2025-W00')).toBe(false);
    expect(isIsoWeek('2025-W54')).toBe(false);
    expect(isIsoWeek('2025-48')).toBe(false);
    expect(isIsoWeek('2025-W5')).toBe(false);
    expect(() => isoWeekOf('2025-02-30')).toThrow();
  });
});
