import { sameSubmitterApprover, actorOutsideProvince } from './actors';
import { assetStatusMismatch } from './asset-status';
import { backdatedDecision } from './backdated-decision';
import { datesOutOfOrder } from './dates-out-of-order';
import { legalBasis } from './legal-basis';
import { missingDocuments } from './missing-documents';
import type { AutomaticCheck, CheckFacts, Suggestion } from './model';
import { expiredHandovers, overdueActions } from './overdue';
import { planUpdateMissing } from './plan-update-missing';
import { priorityIgnored } from './priority-ignored';
import { renovatedThenDisposed } from './renovated-then-disposed';
import { saleBelowValuation } from './sale-below-valuation';
import { valuationExpired } from './valuation-expired';
import { valuationLoweredCheck } from './valuation-lowered';

export const ALL_CHECKS: readonly AutomaticCheck[] = [
  saleBelowValuation,
  legalBasis,
  backdatedDecision,
  missingDocuments,
  planUpdateMissing,
  priorityIgnored,
  overdueActions,
  expiredHandovers,
  sameSubmitterApprover,
  actorOutsideProvince,
  assetStatusMismatch,
  valuationLoweredCheck,
  valuationExpired,
  datesOutOfOrder,
  renovatedThenDisposed,
];

const SEVERITY_ORDER = { critical: 0, major: 1, minor: 2, info: 3 } as const;

/** Every check on the facts, most severe first, then by check and subject (a stable order). */
export function runChecks(facts: CheckFacts, checks: readonly AutomaticCheck[] = ALL_CHECKS): Suggestion[] {
  return checks
    .flatMap((c) => c.run(facts))
    .sort(
      (a, b) =>
        SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || a.checkId.localeCompare(b.checkId) || a.subjectIds.join().localeCompare(b.subjectIds.join()),
    );
}
