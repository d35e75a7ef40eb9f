import { PROBLEM_CODES } from '../../src/common/problem-codes';
import { CHOSEN_NEW_USES, derivedNewUse, draftNewUse, HANDLING_TYPES, newUseAtCompletion, newUseOf, newUseSource } from '../../src/rules/new-use';
import { isViolation, type RuleViolation } from '../../src/rules/violations';
import { ACTION_TYPES, type ActionType, METHODS, NEW_USES, type NewUse } from '../../src/schema/vocabulary';

/**
 * The new-use rule against the table of ../shared/DOMAIN.md, written out here by hand (not derived
 * from the rule under test), over every type × method × given value × stage.
 */
const CHOSEN: NewUse[] = [
  'working_office',
  'public_service_facility',
  'official_housing',
  'education_training',
  'health',
  'culture_sports',
  'other_public_use',
];
const DISPOSAL_USE: Record<string, NewUse> = {
  sale: 'other_use_under_plan',
  liquidation: 'other_use_under_plan',
  recovery: 'other_use_under_plan',
  payment_in_kind: 'other_use_under_plan',
  destruction: 'other_use_under_plan',
  land_fund: 'land_fund_or_housing_business',
};
const PURPOSE_USE: NewUse = 'health';

/** What the table says an action records, given what the officer gave: a new use, null, or the problem code. */
function expected(type: ActionType, method: string, given: NewUse | null, required: boolean): NewUse | null | string {
  switch (type) {
    case 'retention':
    case 'reallocation':
      if (given === null) return required ? 'new-use-required' : null;
      return CHOSEN.includes(given) ? given : 'new-use-not-applicable';
    case 'disposal':
      return given === null || given === DISPOSAL_USE[method] ? DISPOSAL_USE[method] : 'new-use-not-applicable';
    case 'repurposing':
      return given === null || given === PURPOSE_USE ? PURPOSE_USE : 'new-use-not-applicable';
    case 'renovation':
      return given === null ? null : 'new-use-not-applicable';
  }
}

const outcome = (r: NewUse | null | RuleViolation): NewUse | null | string => (isViolation(r) ? r.code : r);

describe('new use of a handling (rules/new-use.ts)', () => {
  it('has the nine categories of the Ministry, seven of them chosen', () => {
    expect(NEW_USES).toHaveLength(9);
    expect(CHOSEN_NEW_USES).toEqual(CHOSEN);
    expect(HANDLING_TYPES).toEqual(['retention', 'reallocation', 'disposal', 'repurposing']);
    expect(ACTION_TYPES.map(newUseSource)).toEqual(['chosen', 'chosen', 'method', 'none', 'purpose']);
  });

  const cases = ACTION_TYPES.flatMap((type) =>
    METHODS[type].flatMap((method) => [null, ...NEW_USES].flatMap((given) => [true, false].map((required) => [type, method, given, required] as const))),
  );
  it('covers every type × method × given new use × stage', () => expect(cases).toHaveLength(16 * 10 * 2));
  it.each(cases)('%s/%s given %s (required: %s)', (type, method, given, required) => {
    expect(outcome(newUseOf({ type, method, purposeNewUse: PURPOSE_USE }, given, required))).toBe(expected(type, method, given, required));
  });

  it('names the field of each problem, and the problem table gives 422 (content) or 409 (state)', () => {
    expect(newUseOf({ type: 'retention', method: 'permanent' }, undefined, true)).toMatchObject({ fields: [{ field: 'newUse', message: { en: 'required' } }] });
    expect(newUseOf({ type: 'reallocation', method: 'transfer' }, 'land_fund_or_housing_business', false)).toMatchObject({ fields: [{ field: 'newUse' }] });
    expect([PROBLEM_CODES['new-use-required'].status, PROBLEM_CODES['new-use-not-applicable'].status, PROBLEM_CODES['new-use-decided'].status]).toEqual([
      422, 422, 409,
    ]);
  });

  it('derives a repurposing from its purpose, and nothing before a purpose is named', () => {
    expect(derivedNewUse({ type: 'repurposing', method: 'change_of_function', purposeNewUse: 'education_training' })).toBe('education_training');
    expect(newUseOf({ type: 'repurposing', method: 'change_of_land_use', purposeNewUse: null }, null, true)).toBeNull();
    expect(outcome(newUseOf({ type: 'repurposing', method: 'change_of_land_use', purposeNewUse: null }, 'health', true))).toBe('new-use-not-applicable');
    expect(derivedNewUse({ type: 'retention', method: 'permanent' })).toBeNull();
    expect(derivedNewUse({ type: 'renovation', method: 'repair' })).toBeNull();
  });

  it('lets a draft propose a chosen new use only, and nothing else', () => {
    expect(draftNewUse('retention', 'official_housing')).toBe('official_housing');
    expect(draftNewUse('reallocation', undefined)).toBeNull();
    expect(outcome(draftNewUse('reallocation', 'other_use_under_plan'))).toBe('new-use-not-applicable');
    for (const type of ['disposal', 'repurposing', 'renovation'] as const) {
      expect(outcome(draftNewUse(type, 'other_use_under_plan'))).toBe('new-use-not-applicable');
      expect(draftNewUse(type, null)).toBeNull();
    }
  });

  describe('at completion', () => {
    it('keeps the new use recorded with the decision, repeated or not', () => {
      expect(newUseAtCompletion({ type: 'reallocation', method: 'transfer' }, 'health', undefined)).toBe('health');
      expect(newUseAtCompletion({ type: 'reallocation', method: 'transfer' }, 'health', 'health')).toBe('health');
      // a purpose re-mapped after the approval does not change what was decided
      expect(newUseAtCompletion({ type: 'repurposing', method: 'change_of_function', purposeNewUse: 'other_public_use' }, 'health', null)).toBe('health');
    });
    it('refuses another one (409 new-use-decided)', () => {
      expect(newUseAtCompletion({ type: 'retention', method: 'temporary' }, 'health', 'working_office')).toMatchObject({ code: 'new-use-decided' });
    });
    it('asks an action approved before new uses were recorded for its new use, by the approval rule', () => {
      expect(outcome(newUseAtCompletion({ type: 'retention', method: 'permanent' }, null, undefined))).toBe('new-use-required');
      expect(newUseAtCompletion({ type: 'retention', method: 'permanent' }, null, 'official_housing')).toBe('official_housing');
      expect(newUseAtCompletion({ type: 'disposal', method: 'land_fund' }, null, undefined)).toBe('land_fund_or_housing_business');
      expect(newUseAtCompletion({ type: 'renovation', method: 'upgrade' }, null, undefined)).toBeNull();
    });
  });
});
