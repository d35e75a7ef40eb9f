import { guardAccept, guardHandoverSubmit, handoverViolation, type HandoverSide } from '../../src/rules/handover';
import { type Transition, TRANSITIONS } from '../../src/rules/model';
import { nextStatus } from '../../src/rules/state-machine';
import { isViolation } from '../../src/rules/violations';
import { ACTION_STATUSES, type ActionStatus } from '../../src/schema/vocabulary';

/** What a side gets when it takes a transition: the status it leads to, or the problem code refusing it (side first, then the state machine). */
function outcome(status: ActionStatus, transition: Transition, crossProvince: boolean, side: HandoverSide): string {
  const refused = handoverViolation(transition, status, crossProvince, side);
  if (refused) return refused.code;
  const to = nextStatus(status, transition);
  return isViolation(to) ? to.code : to;
}

describe('two-sided hand-over: which transitions each side may take in each status', () => {
  // Written out by hand: the transitions that succeed, and where they lead; every other pair is refused.
  const sending: Record<ActionStatus, Partial<Record<Transition, ActionStatus>>> = {
    draft: { submit: 'submitted', cancel: 'cancelled' },
    submitted: { approve: 'approved', reject: 'rejected', cancel: 'cancelled' },
    approved: { cancel: 'cancelled' },
    accepted: { start: 'in_progress', complete: 'completed', cancel: 'cancelled' },
    in_progress: { complete: 'completed', cancel: 'cancelled' },
    completed: {},
    rejected: {},
    cancelled: {},
  };
  const receiving: Record<ActionStatus, Partial<Record<Transition, ActionStatus>>> = {
    draft: {},
    submitted: {},
    approved: { accept: 'accepted', decline: 'rejected' },
    accepted: {},
    in_progress: {},
    completed: {},
    rejected: {},
    cancelled: {},
  };
  const admin: Record<ActionStatus, Partial<Record<Transition, ActionStatus>>> = {
    ...sending,
    approved: { accept: 'accepted', decline: 'rejected', cancel: 'cancelled' },
  };
  const withinProvince: Record<ActionStatus, Partial<Record<Transition, ActionStatus>>> = {
    ...sending,
    approved: { start: 'in_progress', complete: 'completed', cancel: 'cancelled' },
    accepted: { start: 'in_progress', complete: 'completed', cancel: 'cancelled' },
  };
  const tables: [string, boolean, HandoverSide, Record<ActionStatus, Partial<Record<Transition, ActionStatus>>>][] = [
    ['sending officer, to another province', true, 'sending', sending],
    ['receiving officer, to another province', true, 'receiving', receiving],
    ['admin, to another province', true, 'both', admin],
    ['officer, within the province', false, 'sending', withinProvince],
    ['admin, within the province', false, 'both', withinProvince],
  ];
  const cases = tables.flatMap(([who, cross, side, table]) =>
    ACTION_STATUSES.flatMap((s) => TRANSITIONS.map((t) => [who, s, t, cross, side, table[s][t] ?? null] as const)),
  );
  it('covers every side × status × transition', () => expect(cases).toHaveLength(5 * 8 * 8));
  it.each(cases)('%s: %s --%s-->', (_who, status, transition, cross, side, to) => {
    const got = outcome(status, transition, cross, side);
    if (to === null) expect(got).toMatch(/^(invalid-transition|wrong-handover-side|handover-not-accepted)$/);
    else expect(got).toBe(to);
  });

  it("names why: the other side's step (403), not yet accepted (409), nothing to accept (409)", () => {
    expect(outcome('approved', 'accept', true, 'sending')).toBe('wrong-handover-side');
    expect(outcome('approved', 'decline', true, 'sending')).toBe('wrong-handover-side');
    for (const t of ['submit', 'approve', 'reject', 'start', 'complete', 'cancel'] as const)
      expect(outcome('approved', t, true, 'receiving')).toBe('wrong-handover-side');
    expect(outcome('approved', 'start', true, 'sending')).toBe('handover-not-accepted');
    expect(outcome('approved', 'complete', true, 'both')).toBe('handover-not-accepted');
    expect(outcome('approved', 'accept', false, 'both')).toBe('invalid-transition');
    expect(outcome('accepted', 'accept', true, 'receiving')).toBe('invalid-transition');
    expect(outcome('completed', 'decline', true, 'receiving')).toBe('invalid-transition');
  });
});

describe('guardHandoverSubmit', () => {
  const base = { crossProvince: true, receivingUnitId: 7, receivingUnitProvince: '01', receivingProvince: '01' };
  it('passes a hand-over naming a unit of the receiving province, and a reallocation within the province', () => {
    expect(guardHandoverSubmit(base)).toBeNull();
    expect(guardHandoverSubmit({ crossProvince: false, receivingUnitId: null, receivingUnitProvince: null, receivingProvince: '08' })).toBeNull();
  });
  it('needs the receiving unit of a hand-over to another province', () => {
    expect(guardHandoverSubmit({ ...base, receivingUnitId: null, receivingUnitProvince: null })).toMatchObject({
      code: 'action-incomplete',
      fields: [{ field: 'receivingUnit' }],
    });
  });
  it('refuses a receiving unit outside the receiving province', () => {
    expect(guardHandoverSubmit({ ...base, receivingUnitProvince: '08' })).toMatchObject({
      code: 'receiving-unit-mismatch',
      fields: [{ field: 'receivingUnit' }],
    });
    expect(guardHandoverSubmit({ crossProvince: false, receivingUnitId: 7, receivingUnitProvince: '01', receivingProvince: '08' })).toMatchObject({
      code: 'receiving-unit-mismatch',
    });
  });
});

describe('guardAccept', () => {
  it.each([
    ['2025-11-12', null],
    ['2025-11-10', null],
    ['2025-11-09', 'acceptance-before-decision'],
    ['2025-12-02', 'decision-date-in-future'],
  ])('accepted on %s (decision 2025-11-10, today 2025-12-01): %s', (decisionDate, code) => {
    const v = guardAccept({ decisionDate, approvalDate: '2025-11-10', today: '2025-12-01' });
    if (code === null) expect(v).toBeNull();
    else expect(v).toMatchObject({ code, fields: [{ field: 'decisionDate' }] });
  });
});
