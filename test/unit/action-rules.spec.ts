import { actionDeadline, overdue } from '../../src/rules/deadlines';
import { addDays, daysBetween } from '../../src/common/dates';
import { completionEffect, openEffect, closeWithoutEffect, TERMINAL_ASSET_STATUSES } from '../../src/rules/effects';
import {
  type ActionFacts,
  type ClauseInForce,
  clauseInForce,
  formalDecisionDue,
  guardApprove,
  guardComplete,
  guardSubmit,
  isSentence,
  needsJustification,
  requiredDocuments,
} from '../../src/rules/guards';
import { type Transition, TRANSITIONS } from '../../src/rules/model';
import { ACTION_STATUSES, type ActionStatus, METHODS } from '../../src/schema/vocabulary';
import { nextStatus } from '../../src/rules/state-machine';
import { isViolation } from '../../src/rules/violations';

describe('state machine', () => {
  // Written out by hand (not derived from the table under test): status × transition → result.
  const expected: Record<ActionStatus, Partial<Record<Transition, ActionStatus>>> = {
    draft: { submit: 'submitted', cancel: 'cancelled' },
    submitted: { approve: 'approved', reject: 'rejected', cancel: 'cancelled' },
    approved: { accept: 'accepted', decline: 'rejected', start: 'in_progress', complete: 'completed', cancel: 'cancelled' },
    accepted: { start: 'in_progress', complete: 'completed', cancel: 'cancelled' },
    in_progress: { complete: 'completed', cancel: 'cancelled' },
    completed: {},
    rejected: {},
    cancelled: {},
  };
  const cases = ACTION_STATUSES.flatMap((s) => TRANSITIONS.map((t) => [s, t, expected[s][t] ?? null] as const));
  it('covers all 64 status × transition pairs', () => expect(cases).toHaveLength(64));
  it.each(cases)('%s --%s--> %s', (status, transition, to) => {
    const result = nextStatus(status, transition);
    if (to === null) {
      expect(isViolation(result)).toBe(true);
      expect(result).toMatchObject({
        code: 'invalid-transition',
        message: { en: expect.stringContaining(`is ${status}`), vi: expect.stringContaining(`trạng thái ${status}`) },
      });
    } else {
      expect(result).toBe(to);
    }
  });
});

const clause = (over: Partial<ClauseInForce> = {}): ClauseInForce => ({
  id: 'c1',
  directiveNumber: '202-KL/TW',
  ref: '3',
  authorisedTypes: ['repurposing', 'reallocation', 'disposal'],
  validFrom: '2025-10-31',
  validTo: null,
  supersededFrom: null,
  ...over,
});
const facts = (over: Partial<ActionFacts> = {}): ActionFacts => ({
  type: 'reallocation',
  method: 'transfer',
  justification: null,
  receivingAgencyId: 'g2',
  receivingAgencyActive: true,
  ...over,
});
const codes = (v: { code: string }[]) => v.map((x) => x.code);

describe('clauseInForce', () => {
  it.each([
    ['2025-10-31', true],
    ['2025-10-30', false],
    ['2030-01-01', true],
  ])('open-ended from 2025-10-31, on %s: %s', (date, ok) => expect(clauseInForce(clause(), date)).toBe(ok));
  it('respects the end of validity and supersession', () => {
    expect(clauseInForce(clause({ validTo: '2025-12-31' }), '2025-12-31')).toBe(true);
    expect(clauseInForce(clause({ validTo: '2025-12-31' }), '2026-01-01')).toBe(false);
    expect(clauseInForce(clause({ supersededFrom: '2025-11-28' }), '2025-11-27')).toBe(true);
    expect(clauseInForce(clause({ supersededFrom: '2025-11-28' }), '2025-11-28')).toBe(false);
    expect(clauseInForce(clause({ validFrom: null }), '1990-01-01')).toBe(true);
  });
});

describe('justification', () => {
  it.each([
    ['', false],
    [null, false],
    ['Too short.', false],
    ['short but has four words', true],
    ['Không có nhu cầu y tế, giáo dục tại khu vực này.', true],
    ['aaaaaaaaaaaaaaaaaaaaaaaaa', false],
  ])('isSentence(%p) = %p', (t, ok) => expect(isSentence(t)).toBe(ok));
  const priority = { code: 'health', priorityRank: 1, isPriority: true };
  const office = { code: 'office', priorityRank: 6, isPriority: false };
  it.each([
    [{ type: 'disposal', method: 'sale' }, true],
    [{ type: 'disposal', method: 'liquidation' }, false],
    [{ type: 'repurposing', method: 'change_of_function', purpose: office }, true],
    [{ type: 'repurposing', method: 'change_of_function', purpose: priority }, false],
    [{ type: 'reallocation', method: 'transfer' }, false],
    [{ type: 'retention', method: 'permanent' }, false],
  ])('needsJustification(%j) = %p', (a, ok) => expect(needsJustification(a as never)).toBe(ok));
});

describe('guardSubmit', () => {
  const today = '2025-11-20';
  it('passes a complete, authorised action', () => expect(guardSubmit(facts(), [clause()], today)).toEqual([]));
  it('needs a cited clause', () => expect(codes(guardSubmit(facts(), [], today))).toEqual(['no-authorising-clause']));
  it('needs a clause that authorises this type', () =>
    expect(codes(guardSubmit(facts({ type: 'renovation', method: 'repair', plannedCost: 1 }), [clause()], today))).toEqual(['no-authorising-clause']));
  it('needs the authorising clause in force', () => {
    expect(codes(guardSubmit(facts(), [clause({ validFrom: '2025-12-01' })], today))).toEqual(['clause-not-in-force']);
    expect(codes(guardSubmit(facts(), [clause({ supersededFrom: '2025-11-01' })], today))).toEqual(['clause-not-in-force']);
    expect(guardSubmit(facts(), [clause({ supersededFrom: '2025-11-01' }), clause({ id: 'c2' })], today)).toEqual([]);
  });
  it("needs each type's fields", () => {
    expect(guardSubmit(facts({ receivingAgencyId: null }), [clause()], today)[0]).toMatchObject({
      code: 'action-incomplete',
      fields: [{ field: 'receivingAgencyId' }],
    });
    expect(guardSubmit(facts({ receivingAgencyActive: false }), [clause()], today)[0]).toMatchObject({ code: 'action-incomplete' });
    const rep = guardSubmit(facts({ type: 'repurposing', method: 'change_of_function', purpose: null, targetLandUseCategory: null }), [clause()], today);
    expect(rep[0].fields!.map((f) => f.field)).toEqual(['purpose', 'targetLandUseCategory']);
    expect(
      codes(guardSubmit(facts({ type: 'renovation', method: 'repair', plannedCost: null }), [clause({ authorisedTypes: ['renovation'] })], today)),
    ).toEqual(['action-incomplete']);
  });
  it('needs a justification for a sale or a non-priority purpose', () => {
    expect(codes(guardSubmit(facts({ type: 'disposal', method: 'sale' }), [clause()], today))).toEqual(['justification-required']);
    expect(
      guardSubmit(facts({ type: 'disposal', method: 'sale', justification: 'No public use for it in this commune; auction it.' }), [clause()], today),
    ).toEqual([]);
    const office = { code: 'office', priorityRank: 6, isPriority: false };
    expect(
      codes(guardSubmit(facts({ type: 'repurposing', method: 'change_of_function', purpose: office, targetLandUseCategory: 'TSC' }), [clause()], today)),
    ).toEqual(['justification-required']);
  });
  it('reports every broken rule at once', () => {
    expect(codes(guardSubmit(facts({ type: 'disposal', method: 'sale' }), [], today))).toEqual(['justification-required', 'no-authorising-clause']);
  });
});

describe('guardApprove', () => {
  const ok = { number: '123/QĐ-UBND', date: '2025-11-10', authority: 'UBND tỉnh Tuyên Quang' };
  it('passes a full decision by another user', () => expect(guardApprove(ok, 'u2', 'u1', '2025-11-20')).toEqual([]));
  it('is four-eyes', () => expect(guardApprove(ok, 'u1', 'u1', '2025-11-20')).toEqual([expect.objectContaining({ code: 'four-eyes' })]));
  it.each(['number', 'date', 'authority'] as const)('needs the decision %s', (k) => {
    const v = guardApprove({ ...ok, [k]: k === 'date' ? null : '  ' }, 'u2', 'u1', '2025-11-20');
    expect(v[0]).toMatchObject({ code: 'decision-incomplete', fields: [{ field: `decision${k[0].toUpperCase()}${k.slice(1)}` }] });
  });
  it('refuses a decision dated in the future', () => {
    expect(codes(guardApprove({ ...ok, date: '2025-11-21' }, 'u2', 'u1', '2025-11-20'))).toEqual(['decision-date-in-future']);
    expect(guardApprove({ ...ok, date: '2025-11-20' }, 'u2', 'u1', '2025-11-20')).toEqual([]);
  });
});

describe('guardComplete', () => {
  const today = '2025-12-01';
  it('lists the documents each type needs', () => {
    expect(requiredDocuments('reallocation', 'transfer')).toEqual(['decision', 'handover_minutes']);
    expect(requiredDocuments('disposal', 'sale')).toEqual(['decision', 'valuation_report', 'auction_result']);
    expect(requiredDocuments('disposal', 'liquidation')).toEqual(['decision']);
    expect(requiredDocuments('renovation', 'repair')).toEqual(['acceptance_minutes']);
    expect(requiredDocuments('repurposing', 'change_of_function')).toEqual(['decision']);
    expect(requiredDocuments('retention', 'permanent')).toEqual(['decision']);
  });
  it('reallocation: receiving agency, hand-over date, minutes confirmed by both sides', () => {
    const base = {
      type: 'reallocation' as const,
      method: 'transfer',
      documents: ['decision', 'handover_minutes'] as const,
      receivingAgencyId: 'g',
      handoverDate: '2025-11-30',
      minutesConfirmedBySender: true,
      minutesConfirmedByReceiver: true,
    };
    expect(guardComplete(base, today)).toEqual([]);
    expect(guardComplete({ ...base, minutesConfirmedByReceiver: false }, today)[0].fields).toEqual([
      { field: 'minutesConfirmed', message: { vi: 'biên bản bàn giao được cả hai bên xác nhận', en: 'hand-over minutes confirmed by both sides' } },
    ]);
    expect(codes(guardComplete({ ...base, handoverDate: null }, today))).toEqual(['evidence-missing']);
    expect(codes(guardComplete({ ...base, handoverDate: '2025-12-02' }, today))).toEqual(['date-in-future']);
    expect(codes(guardComplete({ ...base, documents: ['decision'] }, today))).toEqual(['documents-missing']);
  });
  it('sale: valuation, price, buyer, proceeds and the papers', () => {
    const base = {
      type: 'disposal' as const,
      method: 'sale',
      documents: ['decision', 'valuation_report', 'auction_result'] as const,
      valuationAmount: 10,
      salePrice: 12,
      buyer: 'Công ty A',
      proceedsPaid: 12,
    };
    expect(guardComplete(base, today)).toEqual([]);
    expect(guardComplete({ ...base, buyer: null, proceedsPaid: null }, today)[0].fields!.map((f) => f.field)).toEqual(['buyer', 'proceedsPaid']);
    expect(guardComplete({ ...base, documents: ['decision'] }, today)[0].fields).toEqual([
      { field: 'documents', message: { vi: 'thiếu valuation_report', en: 'missing valuation_report' } },
      { field: 'documents', message: { vi: 'thiếu auction_result', en: 'missing auction_result' } },
    ]);
  });
  it('other disposals need only the decision', () => {
    for (const m of METHODS.disposal.filter((x) => x !== 'sale'))
      expect(guardComplete({ type: 'disposal', method: m, documents: ['decision'] }, today)).toEqual([]);
  });
  it('renovation: actual cost and end date', () => {
    const base = { type: 'renovation' as const, method: 'repair', documents: ['acceptance_minutes'] as const, actualCost: 5, actualEndDate: '2025-11-30' };
    expect(guardComplete(base, today)).toEqual([]);
    expect(guardComplete({ ...base, actualCost: null }, today)[0].fields).toEqual([
      { field: 'actualCost', message: { vi: 'chi phí thực tế', en: 'the actual cost' } },
    ]);
    expect(codes(guardComplete({ ...base, actualEndDate: '2026-01-01' }, today))).toEqual(['date-in-future']);
  });
  it('repurposing: an approved plan update when the category changes, else a reason', () => {
    const base = {
      type: 'repurposing' as const,
      method: 'change_of_function',
      documents: ['decision'] as const,
      assetLandUseCategory: 'TSC',
      targetLandUseCategory: 'DYT',
    };
    expect(guardComplete({ ...base, approvedPlanUpdate: false }, today)).toEqual([expect.objectContaining({ code: 'plan-update-required' })]);
    expect(guardComplete({ ...base, approvedPlanUpdate: true }, today)).toEqual([]);
    expect(codes(guardComplete({ ...base, targetLandUseCategory: 'TSC' }, today))).toEqual(['category-reason-required']);
    expect(
      guardComplete({ ...base, targetLandUseCategory: 'TSC', categoryUnchangedReason: 'The new office use fits the current office land category.' }, today),
    ).toEqual([]);
  });
  it('retention needs its decision document', () => {
    expect(codes(guardComplete({ type: 'retention', method: 'permanent', documents: [] }, today))).toEqual(['documents-missing']);
    expect(guardComplete({ type: 'retention', method: 'temporary', documents: ['decision'] }, today)).toEqual([]);
  });
});

describe('deadlines', () => {
  it('adds days across months and years', () => {
    expect(addDays('2025-12-15', 30)).toBe('2026-01-14');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(daysBetween('2025-12-15', '2026-01-14')).toBe(30);
    expect(daysBetween('2025-12-15', '2025-12-10')).toBe(-5);
  });
  it("takes the earliest clause deadline, with a province's earlier one replacing its clause's", () => {
    expect(actionDeadline([])).toBeNull();
    expect(actionDeadline([{ deadline: null }])).toBeNull();
    expect(actionDeadline([{ deadline: '2025-12-31' }, { deadline: '2025-12-15' }])).toBe('2025-12-15');
    expect(actionDeadline([{ deadline: '2025-12-31', provinceDeadline: '2025-12-10' }, { deadline: '2025-12-15' }])).toBe('2025-12-10');
    expect(actionDeadline([{ deadline: '2025-12-15', provinceDeadline: '2026-01-31' }])).toBe('2025-12-15');
    expect(actionDeadline([{ deadline: null, provinceDeadline: '2025-12-01' }])).toBe('2025-12-01');
  });
  it('is overdue only when the deadline passed without the required state', () => {
    expect(overdue(null, null, '2026-01-01')).toBeNull();
    expect(overdue('2025-12-15', null, '2025-12-15')).toBeNull();
    expect(overdue('2025-12-15', null, '2025-12-20')).toEqual({ deadline: '2025-12-15', daysOverdue: 5 });
    expect(overdue('2025-12-15', '2025-12-14', '2026-01-20')).toBeNull();
    expect(overdue('2025-12-15', '2025-12-18', '2026-01-20')).toEqual({ deadline: '2025-12-15', daysOverdue: 3 });
  });
  it('gives a temporary hand-over 30 days to its formal decision', () => {
    expect(formalDecisionDue('2025-11-20')).toBe('2025-12-20');
    expect(overdue(formalDecisionDue('2025-11-20'), null, '2025-12-21')).toEqual({ deadline: '2025-12-20', daysOverdue: 1 });
  });
});

describe('effects on the asset', () => {
  it.each([
    [
      { type: 'retention', method: 'permanent' },
      { status: 'in_use', clearSurplus: true, closeEpisode: true },
    ],
    [{ type: 'renovation', method: 'repair' }, { status: 'in_use' }],
    // A reallocated or repurposed facility stays in the register, in use, no longer surplus (not a terminal status).
    [
      { type: 'reallocation', method: 'transfer', receivingAgencyId: 'g2', receivingUnitId: 7 },
      { status: 'in_use', custodianId: 'g2', currentUnitId: 7, clearSurplus: true, closeEpisode: true },
    ],
    [
      { type: 'reallocation', method: 'handover_to_locality', receivingAgencyId: 'g2' },
      { status: 'in_use', custodianId: 'g2', currentUnitId: undefined, clearSurplus: true, closeEpisode: true },
    ],
    [
      { type: 'repurposing', method: 'change_of_function', targetLandUseCategory: 'DYT' },
      { status: 'in_use', landUseCategory: 'DYT', clearSurplus: true, closeEpisode: true },
    ],
    [
      { type: 'disposal', method: 'sale' },
      { status: 'sold', closeEpisode: true },
    ],
    [
      { type: 'disposal', method: 'payment_in_kind' },
      { status: 'sold', closeEpisode: true },
    ],
    [
      { type: 'disposal', method: 'liquidation' },
      { status: 'liquidated', closeEpisode: true },
    ],
    [
      { type: 'disposal', method: 'destruction' },
      { status: 'liquidated', closeEpisode: true },
    ],
    [
      { type: 'disposal', method: 'recovery' },
      { status: 'recovered', closeEpisode: true },
    ],
    [
      { type: 'disposal', method: 'land_fund' },
      { status: 'transferred', closeEpisode: true },
    ],
  ])('completing %j gives %j', (a, change) => expect(completionEffect(a as never)).toEqual(change));
  it('has terminal statuses only for an asset that leaves the public books', () => {
    expect([...TERMINAL_ASSET_STATUSES].sort()).toEqual(['liquidated', 'recovered', 'sold', 'transferred']);
  });
  it('keeps an open action visible on the asset and gives the status back when it closes unexecuted', () => {
    expect(openEffect('disposal', false)).toEqual({ status: 'action_pending' });
    expect(openEffect('renovation', false)).toEqual({ status: 'action_pending' });
    expect(openEffect('renovation', true)).toEqual({ status: 'under_renovation' });
    expect(closeWithoutEffect('surplus')).toEqual({ status: 'surplus' });
  });
});
