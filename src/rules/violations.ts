/** A broken rule: `code` becomes the problem type, `status` 409 (state) or 422 (content). */
export interface RuleViolation {
  kind: 'violation';
  code: string;
  status: 409 | 422;
  message: string;
  fields?: { field: string; message: string }[];
}

export const violation = (code: string, status: 409 | 422, message: string, fields?: { field: string; message: string }[]): RuleViolation => ({
  kind: 'violation', code, status, message, ...(fields ? { fields } : {}),
});

export const isViolation = (x: unknown): x is RuleViolation => typeof x === 'object' && x !== null && (x as RuleViolation).kind === 'violation';
