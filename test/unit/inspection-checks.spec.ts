import { actorOutsideProvince, sameSubmitterApprover } from '../../src/inspections/checks/actors';
import { assetStatusMismatch, expectedAssetStatus } from '../../src/inspections/checks/asset-status';
import { backdatedDecision } from '../../src/inspections/checks/backdated-decision';
import { datesOutOfOrder } from '../../src/inspections/checks/dates-out-of-order';
import { ALL_CHECKS, runChecks } from '../../src/inspections/checks/index';
import { legalBasis } from '../../src/inspections/checks/legal-basis';
import { missingDocuments } from '../../src/inspections/checks/missing-documents';
import { type ActionFact, type AssetFact, type CheckFacts, type ClauseFact, fingerprintOf } from '../../src/inspections/checks/model';
import { expiredHandovers, overdueActions } from '../../src/inspections/checks/overdue';
import { planUpdateMissing } from '../../src/inspections/checks/plan-update-missing';
import { priorityIgnored } from '../../src/inspections/checks/priority-ignored';
import { renovatedThenDisposed } from '../../src/inspections/checks/renovated-then-disposed';
import { saleBelowValuation } from '../../src/inspections/checks/sale-below-valuation';
import { valuationExpired } from '../../src/inspections/checks/valuation-expired';
import { valuationLoweredCheck } from '../../src/inspections/checks/valuation-lowered';
import { addMonths } from '../../src/common/dates';

const TODAY = '2025-12-20';
const clause = (over: Partial<ClauseFact> = {}): ClauseFact => ({
  id: 'c1',
  directiveNumber: '202-KL/TW',
  ref: '(2)',
  authorisedTypes: ['retention', 'reallocation', 'disposal', 'renovation', 'repurposing'],
  validFrom: '2025-10-31',
  validTo: null,
  supersededFrom: null,
  deadline: '2025-12-15',
  provinceDeadline: null,
  ...over,
});
const action = (over: Partial<ActionFact> = {}): ActionFact => ({
  id: 'a1',
  assetId: 's1',
  assetCode: '08.TSC.1',
  provinceCode: '08',
  type: 'retention',
  method: 'permanent',
  status: 'completed',
  justification: null,
  purpose: null,
  valuationAmount: null,
  valuationDate: null,
  valuationAtApproval: null,
  valuationChangeReason: null,
  salePrice: null,
  decisionDate: '2025-11-10',
  decisionRecordedOn: '2025-11-10',
  temporaryHandoverDate: null,
  handoverDate: null,
  surplusSince: null,
  assetRenovations: [],
  completedOn: '2025-11-20',
  targetLandUseCategory: null,
  categoryChanged: false,
  approvedPlanUpdate: false,
  documentKinds: ['decision'],
  submittedBy: 'u1',
  approvedBy: 'u2',
  clauses: [clause()],
  actors: [
    { userId: 'u1', username: 'officer.a', role: 'officer', provinceCode: '08' },
    { userId: 'u2', username: 'officer.b', role: 'officer', provinceCode: '08' },
  ],
  ...over,
});
const facts = (actions: ActionFact[], assets: AssetFact[] = [], valuationValidityMonths = 6, renovationDisposalWindowMonths = 24): CheckFacts => ({
  today: TODAY,
  actions,
  assets,
  limits: { valuationValidityMonths, renovationDisposalWindowMonths },
});
const JUSTIFIED = 'No health, school or cultural need in this ward; the provincial plan sells it by auction.';
const sale = (over: Partial<ActionFact> = {}) =>
  action({ type: 'disposal', method: 'sale', justification: JUSTIFIED, documentKinds: ['decision', 'valuation_report', 'auction_result'], ...over });

describe('automatic checks', () => {
  describe('sale below the valuation', () => {
    it('flags a price below the valuation (critical) and a sale with no valuation (major)', () => {
      const [below] = saleBelowValuation.run(facts([sale({ valuationAmount: '9000000000', salePrice: '8500000000' })]));
      expect(below).toMatchObject({
        checkId: 'sale-below-valuation',
        category: 'below_valuation',
        severity: 'critical',
        actionId: 'a1',
        assetId: 's1',
        subjectIds: ['a1'],
      });
      expect(below.description).toContain('500000000 VND below');
      const [none] = saleBelowValuation.run(facts([sale({ valuationAmount: null, salePrice: '100' })]));
      expect(none).toMatchObject({ severity: 'major', category: 'below_valuation' });
    });
    it('passes a price at or above the valuation, drafts, and other disposals; compares beyond 2^53 exactly', () => {
      expect(saleBelowValuation.run(facts([sale({ valuationAmount: '9000000000', salePrice: '9000000000' })]))).toEqual([]);
      expect(saleBelowValuation.run(facts([sale({ status: 'draft', valuationAmount: null, salePrice: '1' })]))).toEqual([]);
      expect(saleBelowValuation.run(facts([action({ type: 'disposal', method: 'liquidation' })]))).toEqual([]);
      expect(saleBelowValuation.run(facts([sale({ status: 'approved', valuationAmount: null, salePrice: null })]))).toEqual([]);
      // 2^53 + 1 vs 2^53: equal as floats, not as integers.
      expect(saleBelowValuation.run(facts([sale({ valuationAmount: '9007199254740993', salePrice: '9007199254740992' })]))).toHaveLength(1);
    });
  });

  describe('valuation older than its validity at the decision date', () => {
    it('flags a sale decided more than the validity after its valuation, citing both dates', () => {
      const stale = sale({ valuationAmount: '9000000000', salePrice: '9000000000', valuationDate: '2025-05-09', decisionDate: '2025-11-10' });
      const [s] = valuationExpired.run(facts([stale]));
      expect(s).toMatchObject({ checkId: 'valuation-expired', category: 'valuation_expired', severity: 'major', actionId: 'a1', subjectIds: ['a1'] });
      expect(s.description).toContain('decided on 2025-11-10 on a valuation dated 2025-05-09 (9000000000 VND), valid for 6 months, that is until 2025-11-09');
      expect(s.recommendation).toMatch(/revalued/);
      // a shorter configured validity catches a younger valuation
      expect(valuationExpired.run(facts([sale({ valuationDate: '2025-09-01', decisionDate: '2025-11-10' })], [], 2))).toHaveLength(1);
      expect(valuationExpired.run(facts([sale({ status: 'approved', valuationDate: '2025-01-01', decisionDate: '2025-11-10' })]))).toHaveLength(1);
    });

    it('leaves a valuation within its validity (to the day), undated ones, unapproved sales and other methods', () => {
      expect(valuationExpired.run(facts([sale({ valuationDate: '2025-05-10', decisionDate: '2025-11-10' })]))).toEqual([]);
      expect(valuationExpired.run(facts([sale({ valuationDate: '2025-09-01', decisionDate: '2025-11-10' })]))).toEqual([]);
      expect(valuationExpired.run(facts([sale({ valuationDate: null, decisionDate: '2025-11-10' })]))).toEqual([]);
      expect(valuationExpired.run(facts([sale({ valuationDate: '2025-01-01', decisionDate: null })]))).toEqual([]);
      expect(valuationExpired.run(facts([sale({ status: 'submitted', valuationDate: '2025-01-01' })]))).toEqual([]);
      expect(valuationExpired.run(facts([action({ type: 'disposal', method: 'liquidation', valuationDate: '2025-01-01' })]))).toEqual([]);
    });

    it('adds months on the calendar, clamping to the end of a shorter month', () => {
      expect(addMonths('2025-05-09', 6)).toBe('2025-11-09');
      expect(addMonths('2025-08-31', 6)).toBe('2026-02-28');
      expect(addMonths('2023-08-31', 6)).toBe('2024-02-29');
      expect(addMonths('2025-12-15', 1)).toBe('2026-01-15');
      expect(addMonths('2026-01-31', -2)).toBe('2025-11-30');
    });
  });

  describe('renovated, then disposed of within the window', () => {
    const renovation = { id: 'r1', completedOn: '2024-12-01', actualCost: '850000000' };
    it('flags a disposal decided within 24 months of a completed renovation, once per renovation', () => {
      const [s] = renovatedThenDisposed.run(facts([sale({ assetRenovations: [renovation] })]));
      expect(s).toMatchObject({
        checkId: 'renovated-then-disposed',
        category: 'renovated_then_disposed',
        severity: 'major',
        actionId: 'a1',
        subjectIds: ['a1', 'r1'],
      });
      expect(s.description).toContain('was decided on 2025-11-10, within 24 months of the renovation r1 completed on 2024-12-01 at a cost of 850000000 VND');
      const two = renovatedThenDisposed.run(facts([sale({ assetRenovations: [renovation, { id: 'r2', completedOn: '2025-11-10', actualCost: null }] })]));
      expect(two.map((x) => x.subjectIds)).toEqual([
        ['a1', 'r1'],
        ['a1', 'r2'],
      ]);
      expect(two[1].description).toMatch(/\(cost not recorded\)$/);
      expect(
        renovatedThenDisposed.run(facts([action({ type: 'disposal', method: 'liquidation', status: 'approved', assetRenovations: [renovation] })])),
      ).toHaveLength(1);
      // the window's last day counts
      expect(renovatedThenDisposed.run(facts([sale({ assetRenovations: [{ ...renovation, completedOn: '2023-11-10' }] })]))).toHaveLength(1);
    });

    it('leaves a renovation outside the window (or a shorter one configured), one completed after the decision, undecided disposals and other actions', () => {
      expect(renovatedThenDisposed.run(facts([sale({ assetRenovations: [{ ...renovation, completedOn: '2023-11-09' }] })]))).toEqual([]);
      expect(renovatedThenDisposed.run(facts([sale({ assetRenovations: [renovation] })], [], 6, 6))).toEqual([]);
      expect(renovatedThenDisposed.run(facts([sale({ assetRenovations: [{ ...renovation, completedOn: '2025-11-11' }] })]))).toEqual([]);
      expect(renovatedThenDisposed.run(facts([sale({ status: 'submitted', assetRenovations: [renovation] })]))).toEqual([]);
      expect(renovatedThenDisposed.run(facts([sale({ decisionDate: null, assetRenovations: [renovation] })]))).toEqual([]);
      expect(renovatedThenDisposed.run(facts([action({ type: 'reallocation', method: 'transfer', assetRenovations: [renovation] })]))).toEqual([]);
      expect(renovatedThenDisposed.run(facts([sale()]))).toEqual([]);
    });
  });

  describe('dates out of order', () => {
    it('flags a decision before the surplus declaration, and a completion or hand-over before the decision, in one suggestion', () => {
      const [s] = datesOutOfOrder.run(facts([action({ surplusSince: '2025-11-15', completedOn: '2025-11-05', handoverDate: '2025-11-01' })]));
      expect(s).toMatchObject({ checkId: 'dates-out-of-order', category: 'dates_inconsistent', severity: 'major', actionId: 'a1', subjectIds: ['a1'] });
      expect(s.description).toContain(
        'the decision is dated 2025-11-10, before the surplus declaration of 2025-11-15; the completion is dated 2025-11-05, before the decision of 2025-11-10; the hand-over is dated 2025-11-01, before the decision of 2025-11-10',
      );
      expect(datesOutOfOrder.run(facts([action({ status: 'approved', completedOn: null, surplusSince: '2025-11-11' })]))).toHaveLength(1);
      expect(datesOutOfOrder.run(facts([action({ handoverDate: '2025-11-09' })]))[0].description).toMatch(
        /hand-over is dated 2025-11-09, before the decision of 2025-11-10$/,
      );
    });

    it('leaves dates in order (the same day included), a temporary hand-over before the decision, undecided and withdrawn actions', () => {
      expect(datesOutOfOrder.run(facts([action({ surplusSince: '2025-11-10', completedOn: '2025-11-10', handoverDate: '2025-11-10' })]))).toEqual([]);
      expect(datesOutOfOrder.run(facts([action({ surplusSince: '2025-07-01', handoverDate: '2025-11-20' })]))).toEqual([]);
      expect(datesOutOfOrder.run(facts([action({ type: 'reallocation', method: 'transfer', temporaryHandoverDate: '2025-10-01' })]))).toEqual([]);
      expect(datesOutOfOrder.run(facts([action({ decisionDate: null, completedOn: '2025-01-01', surplusSince: '2025-07-01' })]))).toEqual([]);
      expect(datesOutOfOrder.run(facts([action({ status: 'cancelled', completedOn: '2025-01-01' })]))).toEqual([]);
      expect(datesOutOfOrder.run(facts([action({ status: 'rejected', surplusSince: '2025-12-01' })]))).toEqual([]);
    });
  });

  describe('valuation lowered between approval and completion', () => {
    it('flags a completed sale whose valuation went down after approval, with the reason given', () => {
      const lowered = sale({
        valuationAtApproval: '9000000000',
        valuationAmount: '8000000000',
        salePrice: '8000000000',
        valuationChangeReason: 'Thẩm định lại sau bão.',
      });
      const [s] = valuationLoweredCheck.run(facts([lowered]));
      expect(s).toMatchObject({ checkId: 'valuation-lowered', category: 'below_valuation', severity: 'major', actionId: 'a1', subjectIds: ['a1'] });
      expect(s.description).toContain(
        'approved on a valuation of 9000000000 VND and completed on 8000000000 VND, 1000000000 VND lower (reason given: Thẩm định lại sau bão.)',
      );
      // The price equals the final valuation: the below-valuation check alone sees nothing.
      expect(saleBelowValuation.run(facts([lowered]))).toEqual([]);
    });

    it('leaves a valuation unchanged, raised, unknown at approval, not yet completed, or not a sale', () => {
      expect(valuationLoweredCheck.run(facts([sale({ valuationAtApproval: '9000000000', valuationAmount: '9000000000' })]))).toEqual([]);
      expect(valuationLoweredCheck.run(facts([sale({ valuationAtApproval: '9000000000', valuationAmount: '9500000000' })]))).toEqual([]);
      expect(valuationLoweredCheck.run(facts([sale({ valuationAtApproval: null, valuationAmount: '1' })]))).toEqual([]);
      expect(valuationLoweredCheck.run(facts([sale({ status: 'in_progress', valuationAtApproval: '9000000000', valuationAmount: '1' })]))).toEqual([]);
      expect(
        valuationLoweredCheck.run(facts([action({ type: 'disposal', method: 'liquidation', valuationAtApproval: '9000000000', valuationAmount: '1' })])),
      ).toEqual([]);
      // 2^53 + 1 vs 2^53: equal as floats, not as integers.
      expect(valuationLoweredCheck.run(facts([sale({ valuationAtApproval: '9007199254740993', valuationAmount: '9007199254740992' })]))).toHaveLength(1);
    });
  });

  describe('legal basis', () => {
    it('flags a completed action citing no authorising clause, and one whose clause was not in force at the decision date', () => {
      expect(legalBasis.run(facts([action({ clauses: [] })]))[0]).toMatchObject({ category: 'no_legal_basis', checkId: 'legal-basis' });
      expect(legalBasis.run(facts([action({ clauses: [clause({ authorisedTypes: ['disposal'] })] })]))[0]).toMatchObject({ category: 'no_legal_basis' });
      // A clause listing methods authorises only those: a permanent retention under a temporary-only clause has no legal basis.
      expect(legalBasis.run(facts([action({ clauses: [clause({ authorisedMethods: ['temporary'] })] })]))[0]).toMatchObject({
        category: 'no_legal_basis',
        description: expect.stringContaining('authorising a retention by permanent'),
      });
      expect(legalBasis.run(facts([action({ clauses: [clause({ authorisedMethods: ['temporary', 'permanent'] })] })]))).toEqual([]);
      const [late] = legalBasis.run(facts([action({ decisionDate: '2025-10-01', clauses: [clause({ validFrom: '2025-10-31' })] })]));
      expect(late).toMatchObject({ category: 'clause_not_in_force', severity: 'major' });
      expect(legalBasis.run(facts([action({ decisionDate: '2025-11-10', clauses: [clause({ supersededFrom: '2025-11-01' })] })]))[0].category).toBe(
        'clause_not_in_force',
      );
    });
    it('passes a clause in force on the decision date, and unfinished actions', () => {
      expect(legalBasis.run(facts([action()]))).toEqual([]);
      expect(legalBasis.run(facts([action({ decisionDate: '2025-10-31' })]))).toEqual([]);
      expect(legalBasis.run(facts([action({ status: 'in_progress', clauses: [] })]))).toEqual([]);
    });
  });

  describe('backdated decision', () => {
    it('flags decision_date <= deadline < recorded date', () => {
      const [s] = backdatedDecision.run(facts([action({ decisionDate: '2025-12-10', decisionRecordedOn: '2025-12-20' })]));
      expect(s).toMatchObject({ category: 'backdated_decision', checkId: 'backdated-decision' });
      expect(s.description).toContain('2025-12-15');
      // the deadline is the day it was signed: still backdated when recorded later
      expect(backdatedDecision.run(facts([action({ decisionDate: '2025-12-15', decisionRecordedOn: '2025-12-16' })]))).toHaveLength(1);
      // a province's earlier deadline counts
      expect(
        backdatedDecision.run(
          facts([action({ decisionDate: '2025-12-01', decisionRecordedOn: '2025-12-12', clauses: [clause({ provinceDeadline: '2025-12-05' })] })]),
        ),
      ).toHaveLength(1);
    });
    it('passes a decision recorded by the deadline, one dated after it, and actions without a deadline', () => {
      expect(backdatedDecision.run(facts([action({ decisionDate: '2025-12-10', decisionRecordedOn: '2025-12-15' })]))).toEqual([]);
      expect(backdatedDecision.run(facts([action({ decisionDate: '2025-12-16', decisionRecordedOn: '2025-12-20' })]))).toEqual([]);
      expect(
        backdatedDecision.run(facts([action({ decisionDate: '2025-12-10', decisionRecordedOn: '2025-12-20', clauses: [clause({ deadline: null })] })])),
      ).toEqual([]);
      expect(backdatedDecision.run(facts([action({ decisionDate: null, decisionRecordedOn: null })]))).toEqual([]);
    });
  });

  describe('missing documents', () => {
    it('flags a completed reallocation without hand-over minutes and a sale without the auction result', () => {
      const [r] = missingDocuments.run(facts([action({ type: 'reallocation', method: 'transfer', documentKinds: ['decision'] })]));
      expect(r).toMatchObject({ category: 'missing_document', severity: 'major' });
      expect(r.description).toContain('handover_minutes');
      const [s] = missingDocuments.run(facts([sale({ documentKinds: ['decision', 'valuation_report'] })]));
      expect(s.description).toMatch(/lacks: auction_result$/);
    });
    it('passes complete files and unfinished actions', () => {
      expect(missingDocuments.run(facts([action({ type: 'reallocation', method: 'transfer', documentKinds: ['decision', 'handover_minutes'] })]))).toEqual([]);
      expect(missingDocuments.run(facts([sale()]))).toEqual([]);
      expect(missingDocuments.run(facts([action({ status: 'approved', documentKinds: [] })]))).toEqual([]);
    });
  });

  describe('plan update missing', () => {
    const rep = (over: Partial<ActionFact> = {}) =>
      action({ type: 'repurposing', method: 'change_of_function', targetLandUseCategory: 'DYT', categoryChanged: true, ...over });
    it('flags a completed repurposing that changed the category without an approved plan update', () => {
      expect(planUpdateMissing.run(facts([rep()]))[0]).toMatchObject({ category: 'plan_update_missing', checkId: 'plan-update-missing' });
    });
    it('passes one with an approved update, one that kept its category, and unfinished ones', () => {
      expect(planUpdateMissing.run(facts([rep({ approvedPlanUpdate: true })]))).toEqual([]);
      expect(planUpdateMissing.run(facts([rep({ categoryChanged: false })]))).toEqual([]);
      expect(planUpdateMissing.run(facts([rep({ status: 'in_progress' })]))).toEqual([]);
    });
  });

  describe('priority order ignored', () => {
    const office = { code: 'office', priorityRank: 6, isPriority: false };
    it('flags a sale and a non-priority purpose past submission without justification', () => {
      expect(priorityIgnored.run(facts([sale({ justification: null, status: 'submitted' })]))[0]).toMatchObject({ category: 'priority_ignored' });
      expect(
        priorityIgnored.run(facts([action({ type: 'repurposing', method: 'change_of_function', purpose: office, justification: 'too short' })]))[0].description,
      ).toContain('office');
    });
    it('passes justified choices, priority purposes and drafts', () => {
      expect(priorityIgnored.run(facts([sale()]))).toEqual([]);
      expect(
        priorityIgnored.run(
          facts([action({ type: 'repurposing', method: 'change_of_function', purpose: { code: 'health', priorityRank: 1, isPriority: true } })]),
        ),
      ).toEqual([]);
      expect(priorityIgnored.run(facts([sale({ justification: null, status: 'draft' })]))).toEqual([]);
    });
  });

  describe('overdue', () => {
    it('flags an unfinished action past its deadline (major after 30 days)', () => {
      const [s] = overdueActions.run(facts([action({ status: 'in_progress' })]));
      expect(s).toMatchObject({ category: 'overdue', severity: 'minor', checkId: 'overdue-action' });
      expect(s.description).toContain('5 day(s) past its deadline 2025-12-15');
      expect(overdueActions.run({ ...facts([action({ status: 'approved' })]), today: '2026-01-15' })[0].severity).toBe('major');
    });
    it('passes completed actions and those not yet due', () => {
      expect(overdueActions.run(facts([action()]))).toEqual([]);
      expect(overdueActions.run(facts([action({ status: 'submitted', clauses: [clause({ deadline: '2025-12-31' })] })]))).toEqual([]);
      expect(overdueActions.run(facts([action({ status: 'cancelled' })]))).toEqual([]);
    });
    it('flags a temporary hand-over past 30 days without its decision, or with a late one', () => {
      const base = { type: 'reallocation' as const, method: 'transfer', status: 'in_progress' as const, temporaryHandoverDate: '2025-11-01' };
      const [missing] = expiredHandovers.run(facts([action({ ...base, decisionDate: null })]));
      expect(missing).toMatchObject({ category: 'overdue', severity: 'major', checkId: 'handover-decision-overdue' });
      expect(missing.description).toContain('19 day(s) after it was due on 2025-12-01');
      expect(expiredHandovers.run(facts([action({ ...base, decisionDate: '2025-12-05' })]))[0].severity).toBe('minor');
    });
    it('passes a hand-over decided within 30 days, or not yet due', () => {
      const base = { type: 'reallocation' as const, method: 'transfer', status: 'in_progress' as const };
      expect(expiredHandovers.run(facts([action({ ...base, temporaryHandoverDate: '2025-11-01', decisionDate: '2025-12-01' })]))).toEqual([]);
      expect(expiredHandovers.run(facts([action({ ...base, temporaryHandoverDate: '2025-12-01', decisionDate: null })]))).toEqual([]);
    });
  });

  describe('actors', () => {
    it('flags the same user submitting and approving', () => {
      const [s] = sameSubmitterApprover.run(facts([action({ approvedBy: 'u1' })]));
      expect(s).toMatchObject({ severity: 'critical', checkId: 'four-eyes' });
      expect(s.description).toContain('officer.a');
    });
    it('passes two different users, and an action not yet approved', () => {
      expect(sameSubmitterApprover.run(facts([action()]))).toEqual([]);
      expect(sameSubmitterApprover.run(facts([action({ approvedBy: null, status: 'submitted' })]))).toEqual([]);
    });
    it('flags a provincial user of another province, once per user', () => {
      const out = actorOutsideProvince.run(facts([action({ actors: [{ userId: 'u9', username: 'officer.hn', role: 'officer', provinceCode: '01' }] })]));
      expect(out).toEqual([expect.objectContaining({ category: 'unauthorised_use', subjectIds: ['a1', 'u9'] })]);
      expect(fingerprintOf(out[0])).toBe('actor-outside-province:a1+u9');
    });
    it('passes national users and users of the province', () => {
      expect(actorOutsideProvince.run(facts([action({ actors: [{ userId: 'u0', username: 'admin', role: 'admin', provinceCode: null }] })]))).toEqual([]);
      expect(actorOutsideProvince.run(facts([action()]))).toEqual([]);
    });
  });

  describe('asset status against its actions', () => {
    const asset = (over: Partial<AssetFact> = {}): AssetFact => ({
      id: 's1',
      code: '08.TSC.1',
      provinceCode: '08',
      status: 'surplus',
      openAction: null,
      lastCompleted: null,
      ...over,
    });
    const sold = { id: 'a1', type: 'disposal' as const, method: 'sale', receivingAgencyId: null, targetLandUseCategory: null };
    it('flags a sold asset still surplus, a pending asset without an open action, and an open action on a surplus asset', () => {
      expect(assetStatusMismatch.run(facts([], [asset({ lastCompleted: sold })]))[0]).toMatchObject({
        category: 'other',
        assetId: 's1',
        actionId: 'a1',
        subjectIds: ['s1'],
      });
      expect(assetStatusMismatch.run(facts([], [asset({ status: 'action_pending' })]))[0].description).toContain('in_use or surplus');
      expect(
        assetStatusMismatch.run(facts([], [asset({ openAction: { id: 'a2', type: 'renovation', started: true }, status: 'action_pending' })]))[0].description,
      ).toContain('under_renovation');
      expect(assetStatusMismatch.run(facts([], [asset({ status: 'sold' })]))).toHaveLength(1);
    });
    it('passes assets that agree with their actions', () => {
      expect(assetStatusMismatch.run(facts([], [asset({ status: 'sold', lastCompleted: sold })]))).toEqual([]);
      expect(assetStatusMismatch.run(facts([], [asset({ status: 'action_pending', openAction: { id: 'a2', type: 'disposal', started: false } })]))).toEqual([]);
      expect(assetStatusMismatch.run(facts([], [asset({ status: 'surplus', lastCompleted: { ...sold, type: 'retention', method: 'permanent' } })]))).toEqual(
        [],
      );
      // A repurposed or reallocated facility stays in the register (in use, or surplus again later); a land-fund disposal leaves the books.
      expect(expectedAssetStatus(asset({ lastCompleted: { ...sold, type: 'repurposing', method: 'change_of_function' } }))).toEqual(['in_use', 'surplus']);
      expect(expectedAssetStatus(asset({ lastCompleted: { ...sold, type: 'reallocation', method: 'transfer', receivingAgencyId: 'g2' } }))).toEqual([
        'in_use',
        'surplus',
      ]);
      expect(expectedAssetStatus(asset({ lastCompleted: { ...sold, method: 'land_fund' } }))).toEqual(['transferred']);
      expect(
        assetStatusMismatch.run(
          facts([], [asset({ status: 'transferred', lastCompleted: { ...sold, type: 'reallocation', method: 'transfer', receivingAgencyId: 'g2' } })]),
        ),
      ).toHaveLength(1);
    });
  });

  describe('runChecks', () => {
    it('runs every check, most severe first, with distinct check ids', () => {
      expect(new Set(ALL_CHECKS.map((c) => c.id)).size).toBe(ALL_CHECKS.length);
      const out = runChecks(facts([sale({ valuationAmount: '10', salePrice: '5', status: 'in_progress', clauses: [] })]));
      expect(out.map((s) => [s.checkId, s.severity])).toEqual([['sale-below-valuation', 'critical']]);
      const many = runChecks(facts([sale({ valuationAmount: '10', salePrice: '5', documentKinds: [], approvedBy: 'u1' })]));
      expect(many.map((s) => s.checkId)).toEqual(['four-eyes', 'sale-below-valuation', 'missing-documents']);
      expect(runChecks(facts([action()]))).toEqual([]);
    });
  });
});
