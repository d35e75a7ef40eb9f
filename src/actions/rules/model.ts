/**
 * The handling workflow's vocabulary: action types and their methods, statuses, transitions.
 * Pure data (no NestJS, no database): the rules below and the database checks are built from it.
 */
export const ACTION_TYPES = ['retention', 'reallocation', 'disposal', 'renovation', 'repurposing'] as const;
export type ActionType = (typeof ACTION_TYPES)[number];

export const METHODS: Record<ActionType, readonly string[]> = {
  retention: ['permanent', 'temporary'],
  reallocation: ['transfer', 'handover_to_locality', 'assignment'],
  disposal: ['sale', 'liquidation', 'recovery', 'land_fund', 'payment_in_kind', 'destruction'],
  renovation: ['repair', 'upgrade', 'extension'],
  repurposing: ['change_of_function', 'change_of_land_use'],
};
export const ALL_METHODS = [...new Set(Object.values(METHODS).flat())];

export const ACTION_STATUSES = ['draft', 'submitted', 'approved', 'in_progress', 'completed', 'rejected', 'cancelled'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];
/** At most one action per asset may be open; the database enforces it with a partial unique index. */
export const OPEN_STATUSES: readonly ActionStatus[] = ['submitted', 'approved', 'in_progress'];
export const FINAL_STATUSES: readonly ActionStatus[] = ['completed', 'rejected', 'cancelled'];
/** Not yet finished: a clause deadline still runs against it. */
export const UNFINISHED_STATUSES: readonly ActionStatus[] = ACTION_STATUSES.filter((s) => !FINAL_STATUSES.includes(s));
/** Ended without its effect (refused or withdrawn). */
export const WITHDRAWN_STATUSES: readonly ActionStatus[] = ['rejected', 'cancelled'];

export const TRANSITIONS = ['submit', 'approve', 'reject', 'start', 'complete', 'cancel'] as const;
export type Transition = (typeof TRANSITIONS)[number];

/** From which statuses each transition may be taken, and where it leads. */
export const TRANSITION_TABLE: Record<Transition, { from: readonly ActionStatus[]; to: ActionStatus }> = {
  submit: { from: ['draft'], to: 'submitted' },
  approve: { from: ['submitted'], to: 'approved' },
  reject: { from: ['submitted'], to: 'rejected' },
  start: { from: ['approved'], to: 'in_progress' },
  complete: { from: ['approved', 'in_progress'], to: 'completed' },
  cancel: { from: ['draft', 'submitted', 'approved', 'in_progress'], to: 'cancelled' },
};

export const DOCUMENT_KINDS = ['decision', 'land_certificate', 'handover_minutes', 'valuation_report', 'auction_result', 'contract', 'acceptance_minutes', 'plan', 'photo', 'other'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/** Days within which a facility handed over temporarily must get its formal decision. */
export const TEMPORARY_HANDOVER_DAYS = 30;
