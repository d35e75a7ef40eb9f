import { findingTransition, guardClose, inspectionTransition } from '../../src/inspections/inspection-rules';
import { INSPECTION_STATUSES } from '../../src/schema/vocabulary';

describe('inspection rules', () => {
  it('moves planned → in_progress → closed, one step at a time; closed is final', () => {
    const allowed: string[] = [];
    for (const from of INSPECTION_STATUSES)
      for (const to of INSPECTION_STATUSES) if (from !== to && inspectionTransition(from, to) === null) allowed.push(`${from}>${to}`);
    expect(allowed).toEqual(['planned>in_progress', 'in_progress>closed']);
    expect(inspectionTransition('planned', 'closed')).toMatchObject({ code: 'invalid-transition' });
    expect(inspectionTransition('in_progress', 'planned')).toMatchObject({ code: 'invalid-transition' });
    expect(inspectionTransition('closed', 'in_progress')).toMatchObject({ code: 'inspection-closed' });
    expect(inspectionTransition('closed', 'closed')).toBeNull();
  });

  it('closes with a conclusion; open critical findings need an override reason', () => {
    const base = { conclusion: 'Kết luận: đúng quy định', actualStart: '2025-12-01', actualEnd: '2025-12-10', unresolvedCritical: 0, overrideReason: null };
    expect(guardClose(base)).toEqual([]);
    expect(guardClose({ ...base, conclusion: '  ' }).map((v) => v.fields?.[0].field)).toEqual(['conclusion']);
    expect(guardClose({ ...base, actualEnd: '2025-11-30' }).map((v) => v.fields?.[0].field)).toEqual(['actualEnd']);
    expect(guardClose({ ...base, unresolvedCritical: 2 })).toEqual([expect.objectContaining({ code: 'critical-findings-open' })]);
    expect(guardClose({ ...base, unresolvedCritical: 2, overrideReason: ' ' })).toHaveLength(1);
    expect(guardClose({ ...base, unresolvedCritical: 2, overrideReason: 'Đã chuyển cơ quan điều tra' })).toEqual([]);
  });

  it('accepts or dismisses a suggestion, resolves or dismisses an open finding; resolved and dismissed are final', () => {
    expect(findingTransition('suggested', 'accept')).toBe('open');
    expect(findingTransition('suggested', 'dismiss')).toBe('dismissed');
    expect(findingTransition('open', 'resolve')).toBe('resolved');
    expect(findingTransition('open', 'dismiss')).toBe('dismissed');
    for (const [from, t] of [
      ['suggested', 'resolve'],
      ['open', 'accept'],
      ['resolved', 'dismiss'],
      ['dismissed', 'accept'],
      ['resolved', 'resolve'],
    ] as const) {
      expect(findingTransition(from, t)).toMatchObject({ code: 'invalid-finding-transition' });
    }
  });
});
