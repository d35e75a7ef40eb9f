/**
 * The facts the automatic checks read, and what they suggest. Pure data: a repository loads the
 * facts for a subject (an asset, an action, a province over a period) in a few set-based queries;
 * the checks are plain functions of them, so each is unit-tested without a database.
 */
import type { ClauseInForce, Purpose } from '../../rules/guards';
import { UNFINISHED_STATUSES } from '../../rules/model';
import { type ActionStatus, type ActionType } from '../../schema/vocabulary';
import type { FindingCategory, Severity } from '../../schema/vocabulary';

export interface ClauseFact extends ClauseInForce {
  deadline: string | null;
  /** The province's own (earlier) deadline under this clause, if it set one. */
  provinceDeadline: string | null;
}

/** A user who did something to an action (created, submitted, approved, completed, or any event on it). */
export interface ActorFact {
  userId: string;
  username: string;
  role: string;
  /** The user's province today; null = national. */
  provinceCode: string | null;
}

export interface ActionFact {
  id: string;
  assetId: string;
  assetCode: string;
  provinceCode: string;
  type: ActionType;
  method: string;
  status: ActionStatus;
  justification: string | null;
  purpose: Purpose | null;
  /** Integer VND as decimal strings (never floats). */
  valuationAmount: string | null;
  /** The date of the valuation (YYYY-MM-DD), if recorded. */
  valuationDate: string | null;
  /** The valuation the decision was approved with (null: none then, or approved before it was kept). */
  valuationAtApproval: string | null;
  valuationChangeReason: string | null;
  salePrice: string | null;
  decisionDate: string | null;
  /** The Vietnam calendar date on which the decision was recorded in the system. */
  decisionRecordedOn: string | null;
  temporaryHandoverDate: string | null;
  /** The date the facility was handed over at completion (hand-over minutes). */
  handoverDate: string | null;
  /**
   * The date of the surplus declaration the action answers: the one it handled, or (while it is
   * unfinished) the asset's declaration in force; null when there is none.
   */
  surplusSince: string | null;
  /** The completed renovations of the action's asset (whatever the period looked at), with their completion date and actual cost. */
  assetRenovations: RenovationFact[];
  completedOn: string | null;
  targetLandUseCategory: string | null;
  /** Did completing it change the asset's land-use category (from the asset's event, or by the action's own fields)? */
  categoryChanged: boolean;
  approvedPlanUpdate: boolean;
  documentKinds: string[];
  submittedBy: string | null;
  approvedBy: string | null;
  clauses: ClauseFact[];
  actors: ActorFact[];
}

export interface RenovationFact {
  id: string;
  completedOn: string;
  /** Integer VND as a decimal string; null when not recorded. */
  actualCost: string | null;
}

export interface AssetFact {
  id: string;
  code: string;
  provinceCode: string;
  status: string;
  /** Its open (submitted, approved, in-progress) action, if any. */
  openAction: { id: string; type: ActionType; started: boolean } | null;
  /** Its most recently completed action, if any. */
  lastCompleted: { id: string; type: ActionType; method: string; receivingAgencyId: string | null; targetLandUseCategory: string | null } | null;
}

export interface CheckFacts {
  /** Today in Vietnam (YYYY-MM-DD). */
  today: string;
  assets: AssetFact[];
  actions: ActionFact[];
  /** The configured limits the checks apply (from the application's configuration). */
  limits: CheckLimits;
}

export interface CheckLimits {
  /** Months a valuation stays valid (VALUATION_VALIDITY_MONTHS). */
  valuationValidityMonths: number;
  /** Months after a completed renovation within which a disposal is flagged (RENOVATION_DISPOSAL_WINDOW_MONTHS). */
  renovationDisposalWindowMonths: number;
}

/** A finding an automatic check suggests; its fingerprint (check id + subject ids) makes re-runs idempotent. */
export interface Suggestion {
  checkId: string;
  category: FindingCategory;
  severity: Severity;
  assetId: string | null;
  actionId: string | null;
  /** The ids the fingerprint is made of (besides the check id), e.g. the action, or the action and a user. */
  subjectIds: string[];
  description: string;
  recommendation: string;
}

export interface AutomaticCheck {
  id: string;
  title: string;
  run(facts: CheckFacts): Suggestion[];
}

/** The stable identity of a suggestion: the check and what it is about. */
export const fingerprintOf = (s: Pick<Suggestion, 'checkId' | 'subjectIds'>): string => `${s.checkId}:${[...s.subjectIds].sort().join('+')}`;

/** The statuses of an action that has passed submission and is not abandoned. */
export const PAST_SUBMISSION: readonly ActionStatus[] = ['submitted', 'approved', 'accepted', 'in_progress', 'completed'];
export const UNFINISHED: readonly ActionStatus[] = UNFINISHED_STATUSES;

export const suggestion = (
  checkId: string,
  a: Pick<ActionFact, 'id' | 'assetId'>,
  s: Omit<Suggestion, 'checkId' | 'assetId' | 'actionId' | 'subjectIds'> & { subjectIds?: string[] },
): Suggestion => ({
  checkId,
  assetId: a.assetId,
  actionId: a.id,
  subjectIds: s.subjectIds ?? [a.id],
  category: s.category,
  severity: s.severity,
  description: s.description,
  recommendation: s.recommendation,
});

/** "Sale of 08.TSC.1 (disposal/sale, 3f2a…)": how a description names an action. */
export const nameOf = (a: Pick<ActionFact, 'assetCode' | 'type' | 'method' | 'id'>): string => `${a.type}/${a.method} ${a.id} on asset ${a.assetCode}`;
