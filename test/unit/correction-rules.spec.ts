import { type CorrectedFacts, guardCorrection, guardCorrectionDates } from '../../src/rules/correction';

describe('guardCorrection', () => {
  const done: CorrectedFacts = { assetId: 'a1', type: 'reallocation', status: 'completed', supersededById: null };
  it('lets a handling correct a completed handling of the same asset, not yet superseded', () => {
    expect(guardCorrection(done, { assetId: 'a1', type: 'retention' })).toBeNull();
    expect(guardCorrection({ ...done, type: 'disposal' }, { assetId: 'a1', type: 'reallocation' })).toBeNull();
  });
  it("refuses another asset's action and a renovation on either side (422 naming correctsActionId)", () => {
    expect(guardCorrection(done, { assetId: 'a2', type: 'retention' })).toMatchObject({ code: 'validation-failed', fields: [{ field: 'correctsActionId' }] });
    expect(guardCorrection({ ...done, type: 'renovation' }, { assetId: 'a1', type: 'retention' })).toMatchObject({ code: 'validation-failed' });
    expect(guardCorrection(done, { assetId: 'a1', type: 'renovation' })).toMatchObject({ code: 'validation-failed' });
  });
  it.each(['draft', 'submitted', 'approved', 'accepted', 'in_progress', 'rejected', 'cancelled'] as const)('refuses an action that is %s (409)', (status) => {
    expect(guardCorrection({ ...done, status }, { assetId: 'a1', type: 'retention' })).toMatchObject({
      code: 'action-not-correctable',
      message: { en: expect.stringContaining(`is ${status}`) },
    });
  });
  it('refuses an action already superseded (409)', () => {
    expect(guardCorrection({ ...done, supersededById: 'x' }, { assetId: 'a1', type: 'retention' })).toMatchObject({
      code: 'action-not-correctable',
      message: { en: expect.stringContaining('already superseded') },
    });
  });
});

describe('guardCorrectionDates', () => {
  it.each([
    ['2025-12-01', '2025-11-20', null],
    ['2025-11-20', '2025-11-20', null],
    ['2025-11-19', '2025-11-20', 'correction-predates-corrected'],
    ['2025-11-19', null, null],
  ])('%s against the corrected %s: %s', (date, corrected, code) => {
    const v = guardCorrectionDates('completedOn', date, corrected);
    if (code === null) expect(v).toBeNull();
    else expect(v).toMatchObject({ code, fields: [{ field: 'completedOn' }] });
  });
});
