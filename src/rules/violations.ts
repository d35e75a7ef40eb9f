import type { FieldError, Violation } from '../common/errors';
import type { Localized } from '../common/localized';
import type { ProblemCode } from '../common/problem-codes';

/** A broken rule: `code` becomes the problem type (its status and title are the problem table's). */
export interface RuleViolation extends Violation {
  kind: 'violation';
}

export const violation = (code: ProblemCode, message: Localized, fields?: readonly FieldError[]): RuleViolation => ({
  kind: 'violation',
  code,
  message,
  ...(fields ? { fields } : {}),
});

export const isViolation = (x: unknown): x is RuleViolation => typeof x === 'object' && x !== null && (x as RuleViolation).kind === 'violation';
