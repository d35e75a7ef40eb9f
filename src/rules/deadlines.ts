/** Deadlines of actions on calendar dates (YYYY-MM-DD, Asia/Ho_Chi_Minh). Pure. */
import { daysBetween } from '../common/dates';

/**
 * An action's deadline: the earliest among its cited clauses, where a province's own earlier
 * deadline for a clause replaces the clause's (a later one does not).
 */
export function actionDeadline(clauses: { deadline: string | null; provinceDeadline?: string | null }[]): string | null {
  let best: string | null = null;
  for (const c of clauses) {
    const candidates = [c.deadline, c.provinceDeadline].filter((d): d is string => !!d);
    const own = candidates.length ? candidates.reduce((a, b) => (a < b ? a : b)) : null;
    if (own && (best === null || own < best)) best = own;
  }
  return best;
}

export interface Overdue {
  deadline: string;
  daysOverdue: number;
}

/** Overdue: the deadline has passed and the required state was not reached by then. */
export function overdue(deadline: string | null, reachedOn: string | null, today: string): Overdue | null {
  if (!deadline) return null;
  if (reachedOn !== null && reachedOn <= deadline) return null;
  const end = reachedOn ?? today;
  if (end <= deadline) return null;
  return { deadline, daysOverdue: daysBetween(deadline, end) };
}
