import { guardComplete } from '../../src/rules/guards';
import { completionEffect } from '../../src/rules/effects';
import { changesLandUseCategory, NEW_USE_LAND_USE, neededLandUseCategory, PLAN_FOLLOWING_TYPES } from '../../src/rules/land-use-change';
import { CHOSEN_NEW_USES } from '../../src/rules/new-use';
import { ACTION_TYPES, NEW_USES, type NewUse } from '../../src/schema/vocabulary';

const today = '2025-12-01';
const codes = (vs: { code: string }[]) => vs.map((v) => v.code);

describe('the land-use category an action needs', () => {
  it('a new use implies a category only where one category fits it', () => {
    expect(NEW_USE_LAND_USE).toEqual({
      working_office: 'TSC',
      public_service_facility: 'DTS',
      official_housing: null,
      education_training: 'DGD',
      health: 'DYT',
      culture_sports: null,
      other_public_use: null,
      land_fund_or_housing_business: null,
      other_use_under_plan: null,
    });
    expect(Object.keys(NEW_USE_LAND_USE).sort()).toEqual([...NEW_USES].sort());
  });

  it('only repurposings and reallocations follow the plan', () => {
    expect(PLAN_FOLLOWING_TYPES).toEqual(['repurposing', 'reallocation']);
  });

  it('a reallocation needs what its new use implies, unless its own target says otherwise', () => {
    for (const use of NEW_USES) {
      expect(neededLandUseCategory({ type: 'reallocation', newUse: use })).toBe(NEW_USE_LAND_USE[use]);
      expect(neededLandUseCategory({ type: 'reallocation', newUse: use, targetLandUseCategory: 'DVH' })).toBe('DVH');
    }
    expect(neededLandUseCategory({ type: 'reallocation' })).toBeNull();
    expect(neededLandUseCategory({ type: 'reallocation', newUse: null, targetLandUseCategory: null })).toBeNull();
    expect(neededLandUseCategory({ type: 'reallocation', newUse: null, targetLandUseCategory: 'DTT' })).toBe('DTT');
  });

  it('a repurposing needs its target whatever its new use', () => {
    expect(neededLandUseCategory({ type: 'repurposing', targetLandUseCategory: 'DYT', newUse: 'education_training' })).toBe('DYT');
    expect(neededLandUseCategory({ type: 'repurposing', newUse: 'education_training' })).toBeNull();
  });

  it('retention, renovation and disposal need no category', () => {
    for (const type of ACTION_TYPES.filter((t) => !PLAN_FOLLOWING_TYPES.includes(t)))
      for (const use of [...NEW_USES, null]) expect(neededLandUseCategory({ type, newUse: use, targetLandUseCategory: 'DGD' })).toBeNull();
  });

  it('the category changes when the needed one differs from the asset’s, or the asset has none recorded', () => {
    const edu = { type: 'reallocation' as const, newUse: 'education_training' as NewUse };
    expect(changesLandUseCategory(edu, 'TSC')).toBe(true);
    expect(changesLandUseCategory(edu, null)).toBe(true);
    expect(changesLandUseCategory(edu, undefined)).toBe(true);
    expect(changesLandUseCategory(edu, 'DGD')).toBe(false);
    expect(changesLandUseCategory({ type: 'reallocation', newUse: 'culture_sports' }, 'TSC')).toBe(false);
    expect(changesLandUseCategory({ type: 'reallocation', newUse: 'culture_sports', targetLandUseCategory: 'DVH' }, 'TSC')).toBe(true);
    expect(changesLandUseCategory({ type: 'retention', newUse: 'education_training' }, 'TSC')).toBe(false);
  });
});

describe('completing a reallocation waits for the plan when the category changes', () => {
  const base = {
    type: 'reallocation' as const,
    method: 'transfer',
    documents: ['decision', 'handover_minutes'] as const,
    receivingAgencyId: 'a1',
    handoverDate: '2025-11-20',
    minutesConfirmedBySender: true,
    minutesConfirmedByReceiver: true,
    assetLandUseCategory: 'TSC',
  };

  it('for every chosen new use: refused without an approved plan update exactly when the category changes', () => {
    for (const newUse of CHOSEN_NEW_USES) {
      const needed = NEW_USE_LAND_USE[newUse];
      const changes = needed !== null && needed !== 'TSC';
      expect(codes(guardComplete({ ...base, newUse, approvedPlanUpdate: false }, today))).toEqual(changes ? ['plan-update-required'] : []);
      expect(guardComplete({ ...base, newUse, approvedPlanUpdate: true }, today)).toEqual([]);
    }
  });

  it('names the change in both languages', () => {
    const [v] = guardComplete({ ...base, newUse: 'education_training' }, today);
    expect(v.code).toBe('plan-update-required');
    expect(v.message).toEqual({
      vi: 'Loại đất thay đổi (TSC → DGD): trước hết cần một điều chỉnh quy hoạch sử dụng đất đã được duyệt, gắn với phương án này',
      en: 'The land-use category changes (TSC → DGD): an approved land-use plan update linked to this action is needed first',
    });
    expect(guardComplete({ ...base, assetLandUseCategory: null, newUse: 'health' }, today)[0].message).toEqual(
      expect.objectContaining({ en: expect.stringContaining('(none → DYT)') }),
    );
  });

  it('a recorded target wins over the new use, both ways', () => {
    expect(codes(guardComplete({ ...base, newUse: 'culture_sports', targetLandUseCategory: 'DVH' }, today))).toEqual(['plan-update-required']);
    expect(guardComplete({ ...base, newUse: 'education_training', targetLandUseCategory: 'TSC' }, today)).toEqual([]);
  });

  it('keeping the category needs no plan update and, unlike a repurposing, no written reason', () => {
    expect(guardComplete({ ...base, newUse: 'working_office' }, today)).toEqual([]);
    expect(guardComplete({ ...base, assetLandUseCategory: 'DGD', newUse: 'education_training' }, today)).toEqual([]);
  });

  it('every method of reallocation is held the same way (transfer, hand-over to a locality, assignment)', () => {
    for (const method of ['transfer', 'handover_to_locality', 'assignment'])
      expect(codes(guardComplete({ ...base, method, newUse: 'health' }, today))).toEqual(['plan-update-required']);
  });

  it('other evidence problems come first', () => {
    expect(codes(guardComplete({ ...base, handoverDate: null, newUse: 'health' }, today))).toEqual(['evidence-missing', 'plan-update-required']);
  });
});

describe('a completed reallocation takes the category it needs', () => {
  it('sets it with the new custodian and unit', () => {
    expect(completionEffect({ type: 'reallocation', method: 'transfer', receivingAgencyId: 'a1', receivingUnitId: 7, targetLandUseCategory: 'DGD' })).toEqual({
      status: 'in_use',
      custodianId: 'a1',
      currentUnitId: 7,
      landUseCategory: 'DGD',
      clearSurplus: true,
      closeEpisode: true,
    });
    expect(completionEffect({ type: 'reallocation', method: 'transfer', receivingAgencyId: 'a1' }).landUseCategory).toBeUndefined();
  });
});
