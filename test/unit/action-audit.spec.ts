import { auditOfAction } from '../../src/actions/action.audit';
import type { ActionRow } from '../../src/actions/actions.repository';

const row = (over: Partial<ActionRow>): ActionRow => ({
  id: 'a1',
  asset_id: 's1',
  province_code: '08',
  type: 'retention',
  method: 'permanent',
  status: 'approved',
  justification: null,
  notes: 'not audited',
  asset_status_before: 'surplus',
  decision_no: '12/QĐ-UBND',
  decision_authority: 'UBND tỉnh',
  decision_recorded_at: new Date('2025-11-10T03:00:00Z'),
  receiving_agency_id: null,
  receiving_unit_id: null,
  minutes_confirmed_by_sender: false,
  minutes_confirmed_by_receiver: false,
  sale_method: null,
  buyer: null,
  purpose_code: null,
  target_land_use_category: null,
  category_unchanged_reason: null,
  new_use: 'working_office',
  created_by: 'u1',
  submitted_by: 'u1',
  submitted_at: null,
  approved_by: 'u2',
  approved_at: null,
  rejected_by: null,
  rejected_at: null,
  rejection_reason: null,
  started_at: null,
  completed_by: null,
  completed_at: null,
  cancelled_by: null,
  cancelled_at: null,
  cancellation_reason: null,
  version: 3,
  created_at: new Date(),
  updated_at: new Date(),
  decision_date: '2025-11-10',
  temporary_handover_date: null,
  handover_date: null,
  valuation_date: null,
  proceeds_paid_date: null,
  planned_start: null,
  planned_end: null,
  actual_start: null,
  actual_end: null,
  completed_on: null,
  valuation_amount: null,
  sale_price: null,
  proceeds_paid: null,
  planned_cost: null,
  actual_cost: null,
  valuation_at_approval: null,
  valuation_change_reason: null,
  receiving_province_code: null,
  accepted_by: null,
  accepted_at: null,
  acceptance_decision_no: null,
  acceptance_decision_date: null,
  corrects_action_id: null,
  correction_reason: null,
  superseded_by_id: null,
  superseded_on: null,
  superseded_recorded_at: null,
  created_at_key: '',
  asset_code: 'X',
  asset_name: 'X',
  asset_status: 'action_pending',
  asset_land_use_category: null,
  deadline: '2025-12-31',
  clauses: [{ id: 'c1', directiveNumber: '202-KL/TW', ref: '2', summary: '', deadline: null, authorisedActionTypes: [] }],
  ...over,
});

describe('auditOfAction (what the ledger records of an action)', () => {
  it('records the workflow fields and the decision, never trail, notes or timestamps', () => {
    expect(auditOfAction(row({}))).toEqual({
      status: 'approved',
      method: 'permanent',
      clauses: ['c1'],
      justification: null,
      decision: { number: '12/QĐ-UBND', date: '2025-11-10', authority: 'UBND tỉnh' },
      newUse: 'working_office',
    });
    expect(auditOfAction(row({ decision_no: null })).decision).toBeNull();
  });

  it('records a hand-over to another province with its receiving province and acceptance; one within the province without them', () => {
    const within = auditOfAction(row({ type: 'reallocation', method: 'transfer', receiving_agency_id: 'g1' }));
    expect(within).not.toHaveProperty('receivingProvinceCode');
    expect(within).not.toHaveProperty('acceptance');
    expect(auditOfAction(row({ type: 'reallocation', method: 'transfer', receiving_agency_id: 'g1', receiving_province_code: '01' }))).toMatchObject({
      receivingProvinceCode: '01',
      acceptance: null,
    });
    expect(
      auditOfAction(
        row({
          type: 'reallocation',
          method: 'transfer',
          status: 'accepted',
          receiving_agency_id: 'g1',
          receiving_province_code: '01',
          accepted_by: 'u9',
          accepted_at: new Date(),
          acceptance_decision_no: '88/QĐ-UBND',
          acceptance_decision_date: '2025-11-12',
        }),
      ),
    ).toMatchObject({ receivingProvinceCode: '01', acceptance: { decisionNo: '88/QĐ-UBND', decisionDate: '2025-11-12' } });
  });

  it('adds the fields of its type only, money as numbers', () => {
    expect(
      auditOfAction(row({ type: 'disposal', method: 'sale', sale_method: 'auction', valuation_amount: '9000000000', sale_price: '9500000000', buyer: 'A' })),
    ).toMatchObject({
      saleMethod: 'auction',
      valuationAmount: 9_000_000_000,
      salePrice: 9_500_000_000,
      buyer: 'A',
      proceedsPaid: null,
    });
    const revalued = auditOfAction(
      row({
        type: 'disposal',
        method: 'sale',
        valuation_amount: '8000000000',
        valuation_at_approval: '9000000000',
        valuation_change_reason: 'Thẩm định lại sau khi nhà xuống cấp.',
      }),
    );
    expect(revalued).toMatchObject({
      valuationAmount: 8_000_000_000,
      valuationAtApproval: 9_000_000_000,
      valuationChangeReason: 'Thẩm định lại sau khi nhà xuống cấp.',
    });
    const realloc = auditOfAction(row({ type: 'reallocation', method: 'transfer', temporary_handover_date: '2025-11-01', receiving_agency_id: 'g2' }));
    expect(realloc).toMatchObject({
      receivingAgencyId: 'g2',
      temporaryHandoverDate: '2025-11-01',
      formalDecisionDue: '2025-12-01',
      minutesConfirmedBySender: false,
    });
    expect(realloc).not.toHaveProperty('salePrice');
    // A renovation is not a handling: it records no new use.
    expect(Object.keys(auditOfAction(row({ type: 'renovation', method: 'repair', planned_cost: '800000000', new_use: null })))).toEqual([
      'status',
      'method',
      'clauses',
      'justification',
      'decision',
      'plannedCost',
      'actualCost',
      'plannedStart',
      'plannedEnd',
      'actualStart',
      'actualEnd',
    ]);
    expect(auditOfAction(row({ type: 'repurposing', method: 'change_of_function', purpose_code: 'health' }))).toMatchObject({
      purposeCode: 'health',
      targetLandUseCategory: null,
    });
  });
});
