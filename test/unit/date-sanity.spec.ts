import {
  completionDateProblems,
  decisionDateProblems,
  type DecisionDateFacts,
  handoverDateProblems,
  valuationChangeProblems,
  valuationLowered,
} from '../../src/rules/date-sanity';

const KL202 = { directiveNumber: '202-KL/TW', ref: 'Quy hoạch', issuedOn: '2025-10-31' };
const KL155 = { directiveNumber: '155-KL/TW', ref: '2.6', issuedOn: '2025-05-16' };
const KL221 = { directiveNumber: '221-KL/TW', ref: 'Phụ lục', issuedOn: '2025-11-28' };
const facts = (over: Partial<DecisionDateFacts> = {}): DecisionDateFacts => ({
  decisionDate: '2025-11-10',
  yearBuilt: 1998,
  surplusSince: '2025-07-01',
  cited: [KL155, KL202],
  ...over,
});
const codes = (ps: { code: string }[]) => ps.map((p) => p.code);

describe('decisionDateProblems', () => {
  it('accepts a decision after the asset was built, after it became surplus and after every cited directive', () => {
    expect(decisionDateProblems(facts())).toEqual([]);
  });

  it.each([
    ['built that very year', { yearBuilt: 2025 }],
    ['the day it became surplus', { surplusSince: '2025-11-10' }],
    ['the day the directive was issued', { cited: [{ ...KL202, issuedOn: '2025-11-10' }] }],
    ['an asset of unknown age', { yearBuilt: null }],
    ['an asset that is not surplus', { surplusSince: null }],
    ['no directive cited', { cited: [] }],
  ])('accepts the boundary: %s', (_, over) => {
    expect(decisionDateProblems(facts(over))).toEqual([]);
  });

  it('refuses a decision dated in a year before the asset was built', () => {
    expect(decisionDateProblems(facts({ decisionDate: '2025-12-31', yearBuilt: 2026 }))).toEqual([
      {
        code: 'decision-before-asset',
        field: 'decisionDate',
        detail: {
          vi: 'Quyết định ghi ngày 2025-12-31, trước khi tài sản được xây dựng (năm 2026)',
          en: 'The decision is dated 2025-12-31, before the asset was built (2026)',
        },
        fieldMessage: { vi: 'không được trước năm xây dựng tài sản (2026)', en: 'not before the asset was built (2026)' },
      },
    ]);
  });

  it('refuses a decision dated the day before the asset became surplus', () => {
    expect(decisionDateProblems(facts({ decisionDate: '2025-06-30', cited: [KL155] }))).toEqual([
      {
        code: 'decision-before-surplus',
        field: 'decisionDate',
        detail: {
          vi: 'Quyết định ghi ngày 2025-06-30, trước khi tài sản dôi dư (từ 2025-07-01)',
          en: 'The decision is dated 2025-06-30, before the asset became surplus (2025-07-01)',
        },
        fieldMessage: { vi: 'không được trước ngày tài sản dôi dư (2025-07-01)', en: 'not before the asset became surplus (2025-07-01)' },
      },
    ]);
  });

  it('refuses a decision dated before a directive it cites, naming the latest first', () => {
    const [p] = decisionDateProblems(facts({ decisionDate: '2025-10-30', cited: [KL155, KL202, KL221] }));
    expect(p).toEqual({
      code: 'decision-before-directive',
      field: 'decisionDate',
      detail: {
        vi: 'Quyết định ghi ngày 2025-10-30, trước ngày ban hành văn bản mà phương án viện dẫn: 221-KL/TW (2025-11-28), 202-KL/TW (2025-10-31)',
        en: 'The decision is dated 2025-10-30, before the directive it cites was issued: 221-KL/TW (2025-11-28), 202-KL/TW (2025-10-31)',
      },
      fieldMessage: { vi: 'không được trước ngày ban hành 221-KL/TW (2025-11-28)', en: 'not before 221-KL/TW was issued (2025-11-28)' },
    });
  });

  it('lists every impossibility at once, in the order asset, surplus, directive', () => {
    expect(codes(decisionDateProblems({ decisionDate: '1990-01-01', yearBuilt: 1995, surplusSince: '2025-07-01', cited: [KL155] }))).toEqual([
      'decision-before-asset',
      'decision-before-surplus',
      'decision-before-directive',
    ]);
  });
});

describe('completionDateProblems', () => {
  it.each([
    ['the same day as the decision', '2025-11-10', '2025-11-10', []],
    ['after the decision', '2025-11-20', '2025-11-10', []],
    ['without a decision recorded', '2025-11-20', null, []],
    ['the day before the decision', '2025-11-09', '2025-11-10', ['completion-before-decision']],
    ['a year before it', '2024-11-10', '2025-11-10', ['completion-before-decision']],
  ])('%s', (_, completedOn, decisionDate, expected) => {
    expect(codes(completionDateProblems(completedOn as string, decisionDate as string | null))).toEqual(expected);
  });

  it('names completedOn and the decision date', () => {
    expect(completionDateProblems('2025-11-09', '2025-11-10')).toEqual([
      {
        code: 'completion-before-decision',
        field: 'completedOn',
        detail: {
          vi: 'Ngày hoàn thành 2025-11-09 trước ngày quyết định 2025-11-10',
          en: 'The completion is dated 2025-11-09, before the decision of 2025-11-10',
        },
        fieldMessage: { vi: 'không được trước ngày quyết định (2025-11-10)', en: 'not before the decision (2025-11-10)' },
      },
    ]);
  });
});

describe('handoverDateProblems', () => {
  it.each([
    ['the same day as the decision', '2025-11-10', '2025-11-10', []],
    ['after the decision', '2025-11-20', '2025-11-10', []],
    ['no hand-over recorded', null, '2025-11-10', []],
    ['without a decision recorded', '2025-11-01', null, []],
    ['the day before the decision', '2025-11-09', '2025-11-10', ['handover-before-decision']],
    ['a year before it', '2024-11-10', '2025-11-10', ['handover-before-decision']],
  ])('%s', (_, handoverDate, decisionDate, expected) => {
    expect(codes(handoverDateProblems(handoverDate as string | null, decisionDate as string | null))).toEqual(expected);
  });

  it('names handoverDate and the decision date', () => {
    expect(handoverDateProblems('2025-11-09', '2025-11-10')).toEqual([
      {
        code: 'handover-before-decision',
        field: 'handoverDate',
        detail: {
          vi: 'Ngày bàn giao 2025-11-09 trước ngày quyết định 2025-11-10',
          en: 'The hand-over is dated 2025-11-09, before the decision of 2025-11-10',
        },
        fieldMessage: { vi: 'không được trước ngày quyết định (2025-11-10)', en: 'not before the decision (2025-11-10)' },
      },
    ]);
  });
});

describe('the valuation between approval and completion', () => {
  const REASON = 'Hội đồng thẩm định lại giá do hiện trạng nhà xuống cấp sau bão số 3.';

  it.each([
    ['unchanged (stored text, sent number)', '9000000000', 9_000_000_000, null, []],
    ['none recorded at approval', null, 8_000_000_000, null, []],
    ['lowered, with a reason', '9000000000', 8_000_000_000, REASON, []],
    ['raised, with a reason', '9000000000', 9_500_000_000, REASON, []],
    ['lowered without a reason', '9000000000', 8_000_000_000, null, ['valuation-change-unexplained']],
    ['raised without a reason', '9000000000', 9_500_000_000, undefined, ['valuation-change-unexplained']],
    ['lowered by 1 VND with a reason too short', '9000000000', 8_999_999_999, 'thẩm định lại', ['valuation-change-unexplained']],
    ['removed at completion', '9000000000', null, null, ['valuation-change-unexplained']],
  ])('%s', (_, before, after, reason, expected) => {
    expect(codes(valuationChangeProblems(before as string | null, after as number | null, reason as string | null | undefined))).toEqual(expected);
  });

  it('names valuationChangeReason and both amounts, exactly (no floating point)', () => {
    expect(valuationChangeProblems('9007199254740993', '9007199254740992', null)).toEqual([
      {
        code: 'valuation-change-unexplained',
        field: 'valuationChangeReason',
        detail: {
          vi: 'Giá thẩm định đã thay đổi sau khi phê duyệt (9007199254740993 VND → 9007199254740992 VND): ghi rõ lý do (ít nhất một câu)',
          en: 'The valuation changed after approval (9007199254740993 VND → 9007199254740992 VND): record why (at least a sentence)',
        },
        fieldMessage: { vi: 'ít nhất một câu', en: 'at least a sentence' },
      },
    ]);
  });

  it.each([
    ['9000000000', 8_000_000_000, true],
    ['9000000000', '8999999999', true],
    ['9000000000', 9_000_000_000, false],
    ['9000000000', 9_000_000_001, false],
    [null, 8_000_000_000, false],
    ['9000000000', null, false],
  ])('valuationLowered(%s, %s) is %s', (before, after, lowered) => {
    expect(valuationLowered(before, after)).toBe(lowered);
  });
});
