import { clauseOverdueKey, drillableKind, HANDOVER_KEY, orderDeadlines, reportColumns, sharePercent } from '../../src/reports/figures/cells';

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
    for (const key of ['surplus', 'with_action', 'in_progress', 'completed', 'without_action', 'type:disposal', 'type:disposal/method:sale', 'purpose:health',
      clauseOverdueKey(clause), HANDOVER_KEY, 'disadvantaged:any', 'disadvantaged:island', 'origin:district', 'origin:none']) {
      expect([key, drillableKind(key, ['health'])]).toEqual([key, 'facilities']);
    }
    expect(drillableKind('proceeds', [])).toBe('amount');
    expect(drillableKind('renovation:planned', [])).toBe('amount');
    expect(drillableKind('plan_updates_pending', [])).toBe('count');
    for (const key of ['handled_share', 'type:teleport', 'type:disposal/method:transfer', 'purpose:casino', 'overdue:clause:42', 'disadvantaged:flat', 'origin:ward', '', 'surplus ']) {
      expect([key, drillableKind(key, ['health'])]).toEqual([key, null]);
    }
  });

  it('orders the columns: status, types with their methods, purposes, deadlines, money, disadvantaged, origin', () => {
    const deadlines = orderDeadlines([{ clauseId: clause, label: '202-KL/TW, 3', deadline: '2025-12-31' }]);
    const cols = reportColumns('en', purposes, deadlines);
    expect(cols.slice(0, 6).map((c) => c.key)).toEqual(['surplus', 'with_action', 'in_progress', 'completed', 'without_action', 'handled_share']);
    expect(cols.find((c) => c.key === 'handled_share')!.kind).toBe('share');
    expect(cols.slice(6, 9).map((c) => c.key)).toEqual(['type:retention', 'type:retention/method:permanent', 'type:retention/method:temporary']);
    const keys = cols.map((c) => c.key);
    expect(keys.indexOf('purpose:health')).toBeLessThan(keys.indexOf(clauseOverdueKey(clause)));
    expect(keys.indexOf(clauseOverdueKey(clause)) + 1).toBe(keys.indexOf(HANDOVER_KEY));
    expect(keys.slice(-4)).toEqual(['origin:district', 'origin:commune', 'origin:province', 'origin:none']);
    expect(new Set(keys).size).toBe(keys.length);
    expect(cols.find((c) => c.key === clauseOverdueKey(clause))!.label).toBe('Overdue: 202-KL/TW, 3 (2025-12-31)');
    expect(reportColumns('vi', purposes, deadlines).find((c) => c.key === 'purpose:health')!.label).toBe('Y tế');
  });

  it('orders the deadlines by date then label, the 30-day clock last', () => {
    const a = '00000000-0000-4000-8000-00000000000a';
    const b = '00000000-0000-4000-8000-00000000000b';
    const out = orderDeadlines([{ clauseId: a, label: 'B', deadline: '2026-01-01' }, { clauseId: b, label: 'A', deadline: '2025-10-31' }]);
    expect(out.map((d) => d.key)).toEqual([clauseOverdueKey(b), clauseOverdueKey(a), HANDOVER_KEY]);
    expect(out[2]).toMatchObject({ clauseId: null, deadline: null });
  });
});
