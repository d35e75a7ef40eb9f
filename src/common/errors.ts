/**
 * Domain errors carry a stable code; the ProblemFilter maps them (and everything else) to
 * RFC 9457 problem details. Throw these from services and repositories, never HttpException.
 */
export interface FieldError {
  field: string;
  message: string;
  /** For file imports: which file and line the error is on. */
  file?: string;
  line?: number;
}

export class DomainError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    readonly title: string,
    detail: string,
    readonly errors?: FieldError[],
    readonly extra?: Record<string, unknown>,
  ) {
    super(detail);
    this.name = 'DomainError';
  }
}

export const notFound = (what: string, id: string | number) =>
  new DomainError('not-found', 404, 'Not found', `${what} ${id} does not exist or is outside your scope`);
export const conflict = (code: string, detail: string, extra?: Record<string, unknown>) =>
  new DomainError(code, 409, 'Conflict', detail, undefined, extra);
export const unprocessable = (code: string, detail: string, errors?: FieldError[]) =>
  new DomainError(code, 422, 'Unprocessable content', detail, errors);
export const badRequest = (code: string, detail: string, errors?: FieldError[]) =>
  new DomainError(code, 400, 'Bad request', detail, errors);
export const forbidden = (detail: string) => new DomainError('forbidden', 403, 'Forbidden', detail);
export const unauthorized = (detail: string) => new DomainError('unauthorized', 401, 'Unauthorized', detail);
export const preconditionRequired = () =>
  new DomainError('if-match-required', 428, 'Precondition required', 'This update needs an If-Match header with the ETag you read');
export const preconditionFailed = (current: number) =>
  new DomainError('stale-version', 412, 'Precondition failed', `The resource changed since you read it (current version ${current}); read it again and retry`, undefined, { currentVersion: current });
