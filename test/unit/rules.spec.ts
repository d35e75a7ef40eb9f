import { crossFieldErrors, inVietnam } from '../../src/assets/asset-rules';
import { isArea, isVnd } from '../../src/common/quantities';
import { currentYearInVietnam, isCalendarDate, todayInVietnam } from '../../src/common/dates';
import { canonicalJson } from '../../src/idempotency/idempotency.interceptor';
import { changedFields } from '../../src/events/events.repository';

describe('asset rules', () => {
  it.each([
    [0, true],
    [12.5, true],
    [12.34, true],
    [999999999999.99, true],
    [1234567.89, true],
    [-0.01, false],
    [12.345, false],
    [Number.NaN, false],
    [Number.POSITIVE_INFINITY, false],
    [1e13, false],
  ])('isArea(%p) = %p', (v, ok) => expect(isArea(v)).toBe(ok));

  it.each([
    [0, true],
    [35_000_000_000, true],
    [Number.MAX_SAFE_INTEGER, true],
    [-1, false],
    [1.5, false],
    [Number.MAX_SAFE_INTEGER + 1, false],
    [Number.NaN, false],
  ])('isVnd(%p) = %p', (v, ok) => expect(isVnd(v)).toBe(ok));

  it.each([
    [21.0285, 105.8542, true], // Hà Nội
    [22.8233, 104.9836, true], // Hà Giang
    [10.7769, 106.7009, true], // TP Hồ Chí Minh
    [8.68, 106.61, true], // Côn Đảo
    [16.5, 112.0, true], // Hoàng Sa
    [8.65, 111.92, true], // Trường Sa
    [48.85, 2.35, false], // Paris
    [13.75, 100.5, false], // Bangkok (west of the box)
    [25.03, 121.56, false], // Taipei
  ])('inVietnam(%p, %p) = %p', (lat, lon, ok) => expect(inVietnam(lat, lon)).toBe(ok));

  describe('crossFieldErrors', () => {
    it('accepts a consistent asset', () => {
      expect(crossFieldErrors({ latitude: 21, longitude: 105, yearBuilt: 2004, originalCost: 10, remainingValue: 5 }, 2026)).toEqual([]);
      expect(crossFieldErrors({}, 2026)).toEqual([]);
      expect(crossFieldErrors({ latitude: null, longitude: null, yearBuilt: null }, 2026)).toEqual([]);
    });
    it('needs latitude and longitude together', () => {
      const together = { vi: 'vĩ độ và kinh độ phải có cùng nhau', en: 'latitude and longitude go together' };
      expect(crossFieldErrors({ latitude: 21 }, 2026)).toEqual([{ field: 'longitude', message: together }]);
      expect(crossFieldErrors({ longitude: 105, latitude: null }, 2026)).toEqual([{ field: 'latitude', message: together }]);
    });
    it('needs the point inside Vietnam', () => {
      expect(crossFieldErrors({ latitude: 48.85, longitude: 2.35 }, 2026)[0].field).toBe('latitude');
    });
    it('refuses a year in the future or too old', () => {
      expect(crossFieldErrors({ yearBuilt: 2027 }, 2026)).toEqual([
        { field: 'yearBuilt', message: { vi: 'phải từ 1800 đến 2026', en: 'must be from 1800 to 2026' } },
      ]);
      expect(crossFieldErrors({ yearBuilt: 2026 }, 2026)).toEqual([]);
      expect(crossFieldErrors({ yearBuilt: 1799 }, 2026)[0].field).toBe('yearBuilt');
    });
    it('refuses a remaining value above the original cost', () => {
      expect(crossFieldErrors({ originalCost: 10, remainingValue: 11 }, 2026)).toEqual([
        { field: 'remainingValue', message: { vi: 'không được lớn hơn nguyên giá', en: 'cannot exceed the original cost' } },
      ]);
      expect(crossFieldErrors({ originalCost: null, remainingValue: 11 }, 2026)).toEqual([]);
    });
  });
});

describe('dates in Asia/Ho_Chi_Minh', () => {
  it('turns the date over at midnight Vietnam time, not UTC', () => {
    expect(todayInVietnam(new Date('2025-06-30T16:59:59Z'))).toBe('2025-06-30');
    expect(todayInVietnam(new Date('2025-06-30T17:00:00Z'))).toBe('2025-07-01');
    expect(currentYearInVietnam(new Date('2025-12-31T17:30:00Z'))).toBe(2026);
  });
  it.each([
    ['2025-07-01', true],
    ['2024-02-29', true],
    ['2025-02-29', false],
    ['2025-02-30', false],
    ['2025-13-01', false],
    ['2025-7-1', false],
    ['01/07/2025', false],
    ['', false],
  ])('isCalendarDate(%p) = %p', (v, ok) => expect(isCalendarDate(v)).toBe(ok));
});

describe('canonicalJson (idempotency request hash)', () => {
  it('ignores key order but not values', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, 2], c: 'x' } })).toBe(canonicalJson({ a: { c: 'x', d: [1, 2] }, b: 1 }));
    expect(canonicalJson({ a: [1, 2] })).not.toBe(canonicalJson({ a: [2, 1] }));
    expect(canonicalJson({ a: 1 })).not.toBe(canonicalJson({ a: '1' }));
    expect(canonicalJson(null)).toBe('null');
    expect(canonicalJson(undefined)).toBe('null');
  });
});

describe('changedFields (event before/after)', () => {
  it('keeps only what changed, with nulls for cleared values', () => {
    expect(changedFields({ a: 1, b: 'x', c: null, d: [1] }, { a: 1, b: 'y', c: 2, d: [1] })).toEqual({ before: { b: 'x', c: null }, after: { b: 'y', c: 2 } });
    expect(changedFields({ a: 1 }, { a: 1 })).toEqual({ before: {}, after: {} });
    expect(changedFields({ a: 'x' }, { a: null })).toEqual({ before: { a: 'x' }, after: { a: null } });
  });
});
