import { DECIDED_STATUSES, TEMPORARY_HANDOVER_DAYS, UNFINISHED_STATUSES, WITHDRAWN_STATUSES } from './model';
import { HANDLING_TYPES } from './new-use';

/**
 * The overdue rules in SQL, for the lists and the reports (the same rules as rules/deadlines.ts and
 * action.mapper.ts, which a test compares): an unfinished action past the earliest deadline of its
 * clauses (a province's own earlier one counts), or a temporary hand-over past TEMPORARY_HANDOVER_DAYS
 * without its decision. Every status list and number here is written from rules/model.ts, never again.
 */

/** A list of workflow constants as SQL literals (constants only: never a value from a request). */
const sqlList = (values: readonly string[]): string => values.map((v) => `'${v.replace(/'/g, "''")}'`).join(', ');

export const UNFINISHED_SQL = sqlList(UNFINISHED_STATUSES);
/** A withdrawn action's temporary hand-over no longer waits for its decision. */
export const WITHDRAWN_SQL = sqlList(WITHDRAWN_STATUSES);
/** An approved decision that stands (approved, in progress, completed). */
export const DECIDED_SQL = sqlList(DECIDED_STATUSES);
/** The action types that handle a surplus facility (a renovation alone does not). */
export const HANDLING_TYPES_SQL = sqlList(HANDLING_TYPES);

/**
 * The date by which every surplus facility of province `p` (an SQL expression) must have an approved
 * handling plan: the earliest deadline of the clauses marked plan_deadline, where the province's own
 * earlier deadline for a clause replaces the clause's (as for actions). NULL when no clause sets one.
 * `clauses` and `provinceDeadlines` name relations shaped like the tables (the reports pass the
 * clauses and deadlines as known at their time).
 */
export const PLAN_DEADLINE_SQL = (
  p: string,
  clauses = 'directive_clause',
  provinceDeadlines = 'clause_province_deadline',
): string => `(SELECT min(least(c.deadline, pd.deadline)) FROM ${clauses} c
  LEFT JOIN ${provinceDeadlines} pd ON pd.clause_id = c.id AND pd.province_code = ${p} WHERE c.plan_deadline)`;

/** When the formal decision of action `x`'s temporary hand-over is due, as a date. */
export const HANDOVER_DUE_SQL = (x: string): string => `(${x}.temporary_handover_date::date + ${TEMPORARY_HANDOVER_DAYS})`;

/** The deadline of action `x` (a row alias), as a date. */
export const ACTION_DEADLINE_SQL = (
  x: string,
) => `(SELECT min(least(c.deadline, pd.deadline)) FROM action_clause ac JOIN directive_clause c ON c.id = ac.clause_id
  LEFT JOIN clause_province_deadline pd ON pd.clause_id = c.id AND pd.province_code = ${x}.province_code WHERE ac.action_id = ${x}.id)`;

/** The most overdue open matter of asset `a` on `today` (a date parameter): action id, kind, deadline. */
export const ASSET_OVERDUE_LATERAL = (a: string, today: string) => `LEFT JOIN LATERAL (
    SELECT o.action_id, o.kind, o.deadline FROM (
      SELECT x.id AS action_id, 'clause_deadline' AS kind, ${ACTION_DEADLINE_SQL('x')} AS deadline
        FROM action x WHERE x.asset_id = ${a}.id AND x.status IN (${UNFINISHED_SQL})
      UNION ALL
      SELECT x.id, 'temporary_handover', ${HANDOVER_DUE_SQL('x')}
        FROM action x WHERE x.asset_id = ${a}.id AND x.type = 'reallocation' AND x.temporary_handover_date IS NOT NULL
          AND x.decision_date IS NULL AND x.status NOT IN (${WITHDRAWN_SQL})
    ) o WHERE o.deadline < ${today}::date ORDER BY o.deadline, o.kind LIMIT 1
  ) od ON TRUE`;
