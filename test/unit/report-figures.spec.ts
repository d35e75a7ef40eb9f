import {
  clauseOverdueKey,
  drillableKind,
  groupLabel,
  HANDOVER_KEY,
  isObstacleKey,
  NO_PLAN_KEY,
  obstacleKindKey,
  OBSTACLES_OPEN_KEY,
  orderDeadlines,
  RANK_KEY,
  remainingRanks,
  reportColumns,
  sharePercent,
} from '../../src/reports/figures/cells';
import { NEW_USES, OBSTACLE_KINDS } from '../../src/schema/vocabulary';

describe('report figures: the share handled', () => {
  it('is 65.89 % for 17,496 of 26,552 (the published figure of 1 December 2025)', () => {
    expect(sharePercent(17496, 26552)).toBe('65.89');
    expect(sharePercent(26552 - 17496, 26552)).toBe('34.11');
  });

  it.each([
    [1, 32, '3.13'], // 3.125 → half up
    [3, 32, '9.38'], // 9.375 → half up
    [1, 64, '1.56'], // 1.5625 → down
    [1, 20000, '0.01'], // 0.005 → half up
    [1, 200000, '0.00'], // 0.0005 → down
    [1, 3, '33.33'],
    [2, 3, '66.67'],
    [1, 8, '12.50'],
    [0, 7, '0.00'],
    [5, 5, '100.00'],
    [0, 0, '0.00'],
    [123456789, 123456790, '100.00'],
  ])('%i of %i is %s', (part, whole, expected) => {
    expect(sharePercent(part, whole)).toBe(expected);
  });

  it('refuses what is not a count', () => {
    expect(() => sharePercent(-1, 5)).toThrow(RangeError);
    expect(() => sharePercent(1.5, 5)).toThrow(RangeError);
  });
});

describe('report figures: keys and columns', () => {
  const purposes = [{ code: 'health', nameVi: 'Y tế', nameEn: 'Health' }];
  const clause = '7d3c1f52-3b1e-4d0a-9a36-0e3c8a1b2c4d';

  it('knows every drillable key and refuses the rest', () => {
    for (const key of [
      'surplus',
      'handled',
      'in_progress',
      'completed',
      'remaining',
      'type:disposal',
      'type:disposal/method:sale',
      'purpose:health',
      clauseOverdueKey(clause),
      NO_PLAN_KEY,
      HANDOVER_KEY,
      'disadvantaged:any',
      'disadvantaged:island',
      'origin:district',
      'origin:none',
      ...NEW_USES.map((u) => `new_use:${u}`),
      'new_use:not_recorded',
    ]) {
      expect([key, drillableKind(key, ['health'])]).toEqual([key, 'facilities']);
    }
    expect(drillableKind('proceeds', [])).toBe('amount');
    expect(drillableKind('renovation:planned', [])).toBe('amount');
    expect(drillableKind('plan_updates_pending', [])).toBe('count');
    for (const key of [
      'handled_share',
      RANK_KEY,
      'with_action',
      'without_action',
      'new_use:casino',
      'new_use:',
      'type:teleport',
      'type:disposal/method:transfer',
      'purpose:casino',
      'overdue:clause:42',
      'disadvantaged:flat',
      'origin:ward',
      '',
      'surplus ',
    ]) {
      expect([key, drillableKind(key, ['health'])]).toEqual([key, null]);
    }
  });

  it('orders the columns: the headline, by new use, types with their methods, purposes, deadlines, money, disadvantaged, origin', () => {
    const deadlines = orderDeadlines([{ clauseId: clause, label: '202-KL/TW, 3', deadline: '2025-12-31' }]);
    const cols = reportColumns('en', purposes, deadlines);
    expect(cols.slice(0, 6).map((c) => c.key)).toEqual(['surplus', 'handled', 'completed', 'in_progress', 'remaining', 'handled_share']);
    expect(cols.find((c) => c.key === 'handled_share')!.kind).toBe('share');
    expect(cols.slice(6, 15).map((c) => [c.key, c.group])).toEqual(NEW_USES.map((u) => [`new_use:${u}`, 'new_use']));
    expect(cols[6].label).toBe('Working offices');
    expect(cols.slice(15, 18).map((c) => c.key)).toEqual(['type:retention', 'type:retention/method:permanent', 'type:retention/method:temporary']);
    const keys = cols.map((c) => c.key);
    expect(keys).not.toContain(RANK_KEY);
    expect(keys).not.toContain('new_use:not_recorded');
    expect(keys.indexOf('purpose:health')).toBeLessThan(keys.indexOf(clauseOverdueKey(clause)));
    expect(keys.indexOf(clauseOverdueKey(clause)) + 1).toBe(keys.indexOf(NO_PLAN_KEY));
    expect(keys.indexOf(NO_PLAN_KEY) + 1).toBe(keys.indexOf(HANDOVER_KEY));
    expect(keys.slice(-4)).toEqual(['origin:district', 'origin:commune', 'origin:province', 'origin:none']);
    expect(new Set(keys).size).toBe(keys.length);
    expect(cols.find((c) => c.key === clauseOverdueKey(clause))!.label).toBe('Overdue: 202-KL/TW, 3 (2025-12-31)');
    expect(reportColumns('vi', purposes, deadlines).find((c) => c.key === 'purpose:health')!.label).toBe('Y tế');
    expect(cols.find((c) => c.key === NO_PLAN_KEY)!.label).toBe('Past the deadline without an approved plan');
  });

  it('lists the open obstacles after money and plans: all of them, then one column per kind; counts never drilled into', () => {
    const cols = reportColumns('en', purposes, orderDeadlines([]));
    const keys = cols.map((c) => c.key);
    const obstacles = cols.filter((c) => c.group === 'obstacles');
    expect(obstacles.map((c) => c.key)).toEqual([OBSTACLES_OPEN_KEY, ...OBSTACLE_KINDS.map(obstacleKindKey)]);
    expect(obstacles.every((c) => c.kind === 'count')).toBe(true);
    expect(keys.indexOf(OBSTACLES_OPEN_KEY)).toBe(keys.indexOf('plan_updates_pending') + 1);
    expect(keys.indexOf('disadvantaged:mountainous')).toBe(keys.indexOf(obstacleKindKey('other')) + 1);
    expect(obstacles.map((c) => c.label).slice(0, 3)).toEqual(['Open obstacles, all kinds', 'Legal framework and policy', 'Competence to decide']);
    expect(groupLabel('obstacles', 'vi')).toBe('Khó khăn, vướng mắc chưa được trả lời, theo loại');
    for (const key of [OBSTACLES_OPEN_KEY, obstacleKindKey('valuation')]) {
      expect(isObstacleKey(key)).toBe(true);
      expect(drillableKind(key, [])).toBeNull();
    }
    for (const key of ['obstacles', 'plan_updates_pending', 'surplus']) expect(isObstacleKey(key)).toBe(false);
  });

  it('adds the rank (national reports) and "not recorded" (when a report has it) where asked, in Vietnamese when asked', () => {
    const cols = reportColumns('vi', purposes, orderDeadlines([]), { rank: true, newUseNotRecorded: true });
    const keys = cols.map((c) => c.key);
    expect(keys.slice(0, 7)).toEqual(['surplus', 'handled', 'completed', 'in_progress', 'remaining', 'handled_share', RANK_KEY]);
    expect(cols[6]).toEqual({ key: RANK_KEY, kind: 'rank', label: 'Xếp hạng theo số cơ sở còn phải xử lý', group: 'status' });
    expect(keys.indexOf('new_use:not_recorded')).toBe(keys.indexOf('new_use:other_use_under_plan') + 1);
    expect(cols.filter((c) => c.group === 'new_use').map((c) => c.label)).toEqual([
      'Trụ sở làm việc',
      'Cơ sở hoạt động sự nghiệp (trừ giáo dục và đào tạo, y tế, văn hóa, thể thao)',
      'Nhà ở công vụ',
      'Giáo dục và đào tạo',
      'Y tế',
      'Thiết chế văn hóa, thể thao',
      'Mục đích công cộng khác',
      'Giao tổ chức phát triển quỹ đất, tổ chức kinh doanh nhà quản lý, khai thác',
      'Sử dụng vào mục đích khác theo phương án được duyệt',
      'Chưa ghi nhận mục đích sử dụng mới',
    ]);
    expect(cols.find((c) => c.key === 'handled')!.label).toBe('Đã xử lý (có phương án được phê duyệt)');
    expect(cols.find((c) => c.key === 'remaining')!.label).toBe('Còn phải xử lý');
  });

  it('ranks provinces by remaining facilities, most first, equal counts sharing a rank', () => {
    const ranks = remainingRanks([
      { provinceCode: '01', remaining: 3 },
      { provinceCode: '08', remaining: 7 },
      { provinceCode: '11', remaining: 3 },
      { provinceCode: '12', remaining: 0 },
      { provinceCode: '14', remaining: 9 },
    ]);
    expect(Object.fromEntries(ranks)).toEqual({ 14: 1, '08': 2, '01': 3, 11: 3, 12: 5 });
    expect(remainingRanks([]).size).toBe(0);
  });

  it('orders the deadlines by date then label, then the approved-plan deadline, the 30-day clock last', () => {
    const a = '00000000-0000-4000-8000-00000000000a';
    const b = '00000000-0000-4000-8000-00000000000b';
    const out = orderDeadlines([
      { clauseId: a, label: 'B', deadline: '2026-01-01' },
      { clauseId: b, label: 'A', deadline: '2025-10-31' },
    ]);
    expect(out.map((d) => d.key)).toEqual([clauseOverdueKey(b), clauseOverdueKey(a), NO_PLAN_KEY, HANDOVER_KEY]);
    expect(out[2]).toEqual({ key: NO_PLAN_KEY, clauseId: null, label: '', deadline: null });
    expect(out[3]).toMatchObject({ clauseId: null, deadline: null });
  });

  it('takes the approved-plan deadline from the earliest clause that sets it, labelled with all of them', () => {
    const plans = [
      { clauseId: '00000000-0000-4000-8000-0000000000c2', label: '1234/BTC-QLCS, 2', deadline: '2026-03-31' },
      { clauseId: '00000000-0000-4000-8000-0000000000c1', label: '999/BTC-QLCS, 1', deadline: '2025-12-31' },
    ];
    const [noPlan] = orderDeadlines([], plans);
    expect(noPlan).toEqual({ key: NO_PLAN_KEY, clauseId: null, label: '999/BTC-QLCS, 1; 1234/BTC-QLCS, 2', deadline: '2025-12-31' });
    expect(reportColumns('vi', [], [noPlan]).find((c) => c.key === NO_PLAN_KEY)!.label).toBe(
      'Quá hạn chưa có phương án được phê duyệt: 999/BTC-QLCS, 1; 1234/BTC-QLCS, 2 (2025-12-31)',
    );
  });
});
