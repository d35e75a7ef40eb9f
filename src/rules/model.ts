/**
 * The handling workflow's state machine: which statuses are open or final, the transitions and
 * where each leads (the types, statuses and methods themselves are in src/schema/vocabulary.ts).
 * Pure data (no NestJS, no database): the rules below and the database checks are built from it.
 */
import { ACTION_STATUSES, type ActionStatus } from '../schema/vocabulary';

/** At most one action per asset may be open; the database enforces it with a partial unique index. */
export const OPEN_STATUSES: readonly ActionStatus[] = ['submitted', 'approved', 'accepted', 'in_progress'];
export const FINAL_STATUSES: readonly ActionStatus[] = ['completed', 'rejected', 'cancelled'];
/** Not yet finished: a clause deadline still runs against it. */
export const UNFINISHED_STATUSES: readonly ActionStatus[] = ACTION_STATUSES.filter((s) => !FINAL_STATUSES.includes(s));
/** Approved and not withdrawn: the decision stands (approved, started or carried out). A surplus facility with such a handling is "handled" in the reports. */
export const DECIDED_STATUSES: readonly ActionStatus[] = ['approved', 'accepted', 'in_progress', 'completed'];
/** Ended without its effect (refused or withdrawn). */
export const WITHDRAWN_STATUSES: readonly ActionStatus[] = ['rejected', 'cancelled'];

export const TRANSITIONS = ['submit', 'approve', 'reject', 'accept', 'decline', 'start', 'complete', 'cancel'] as const;
export type Transition = (typeof TRANSITIONS)[number];

/** From which statuses each transition may be taken, and where it leads. */
export const TRANSITION_TABLE: Record<Transition, { from: readonly ActionStatus[]; to: ActionStatus }> = {
  submit: { from: ['draft'], to: 'submitted' },
  approve: { from: ['submitted'], to: 'approved' },
  reject: { from: ['submitted'], to: 'rejected' },
  // A hand-over to another province (src/rules/handover.ts): the receiving province accepts or declines the approved action.
  accept: { from: ['approved'], to: 'accepted' },
  decline: { from: ['approved'], to: 'rejected' },
  start: { from: ['approved', 'accepted'], to: 'in_progress' },
  complete: { from: ['approved', 'accepted', 'in_progress'], to: 'completed' },
  cancel: { from: ['draft', 'submitted', 'approved', 'accepted', 'in_progress'], to: 'cancelled' },
};

/** Days within which a facility handed over temporarily must get its formal decision. */
export const TEMPORARY_HANDOVER_DAYS = 30;
