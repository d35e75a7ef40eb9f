/**
 * What a database error means for the client, decided once for every route: the ProblemFilter asks
 * databaseProblemOf() about any error that is not already a DomainError.
 *
 * - The database cannot be reached (refused, reset or dropped connection, no connection from the pool
 *   within DB_CONNECT_TIMEOUT_MS, the server shutting down or starting, too many connections):
 *   503 `database-unavailable` with Retry-After. Logged once per outage by databaseOutage, not per
 *   request.
 * - A statement cancelled (statement_timeout, or by an operator), a lock not granted in time, or a
 *   session ended by idle_in_transaction_session_timeout: 503 `database-timeout` with Retry-After.
 *   Not 504: that status says an upstream server did not answer a gateway; here the database did
 *   answer (it cancelled the work), the API is no proxy, and clients and balancers treat 503 +
 *   Retry-After as "the same request may succeed later", which is what is true.
 * - unique_violation (23505): 409 with the resource's own `*-taken` code where the constraint is known
 *   (CONSTRAINTS below), else `conflict`. The services' pre-checks give the same answer when nobody
 *   races them; this makes the race (two creates of one code at once) a 409 too, never a 500.
 * - foreign_key_violation (23503): a reference to a row that does not exist is 422 `validation-failed`
 *   naming the field; removing or re-keying a row that others still reference is 409 `conflict`, as is
 *   restrict_violation (23001), what an ON DELETE RESTRICT key raises.
 * - check_violation (23514), not_null_violation (23502), a string longer than its column (22001):
 *   422 `validation-failed` (a few known constraints carry their own code, e.g. `four-eyes`).
 *
 * Errors come from node-postgres as they are, or wrapped by TypeORM in a QueryFailedError (which keeps
 * the original in `driverError` and copies its fields); both are read.
 */
import { QueryRunnerAlreadyReleasedError, QueryRunnerProviderAlreadyReleasedError } from 'typeorm';
import { DomainError, FieldError } from './errors';

/** Seconds a client is asked to wait before retrying after a 503 from the database. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/** The fields of a node-postgres error (a DatabaseError, or a socket error) that the mapping reads. */
export interface PgErrorFields {
  code?: string;
  constraint?: string;
  detail?: string;
  column?: string;
  table?: string;
  message?: string;
}

/** Socket errors of a connection that cannot be made or was lost. */
const CONNECTION_ERRNOS = new Set(['ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'EHOSTDOWN', 'ENETUNREACH', 'ENETDOWN', 'ENOTFOUND', 'EAI_AGAIN']);
/** node-postgres and pg-pool's own messages for the same (they carry no code). */
const CONNECTION_MESSAGES = [
  /^Connection terminated/i, // "Connection terminated unexpectedly", "... due to connection timeout"
  /timeout exceeded when trying to connect/i, // pg-pool: no connection within connectionTimeoutMillis
  /Client has encountered a connection error and is not queryable/i,
  /^Client was closed and is not queryable/i,
  /^The server does not support SSL connections/i,
];
/** SQLSTATEs of an unreachable server: class 08 (connection exception) is matched by prefix. */
const UNAVAILABLE_SQLSTATES = new Set([
  '57P01', // admin_shutdown: the server is shutting down (terminating connection due to administrator command)
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now: the server is starting up or in recovery
  '53300', // too_many_connections
]);
/** Two transactions caught each other: the database rolled one back, which a retry will pass. */
const CONTENTION_SQLSTATES = new Set([
  '40001', // serialization_failure
  '40P01', // deadlock_detected
]);
const TIMEOUT_SQLSTATES = new Set([
  '57014', // query_canceled: statement_timeout, or pg_cancel_backend()
  '55P03', // lock_not_available: lock_timeout
  '25P03', // idle_in_transaction_session_timeout: the session was ended
]);

/**
 * The errors inside `err`, breadth first: itself, a QueryFailedError's driverError, an Error's cause,
 * an AggregateError's errors (Node's connect() to several addresses). Each object once.
 */
function chainOf(err: unknown): (PgErrorFields & { message?: unknown; code?: unknown })[] {
  const out: (PgErrorFields & { message?: unknown; code?: unknown })[] = [];
  const seen = new Set<unknown>();
  const queue: unknown[] = [err];
  while (queue.length) {
    const e = queue.shift();
    if (e === null || typeof e !== 'object' || seen.has(e)) continue;
    seen.add(e);
    const x = e as PgErrorFields & { message?: unknown; code?: unknown; driverError?: unknown; cause?: unknown; errors?: unknown };
    out.push(x);
    queue.push(x.driverError, x.cause, ...(Array.isArray(x.errors) ? x.errors : []));
  }
  return out;
}

/** The node-postgres error inside `err`: the first along its chain with a code (else the first at all). */
export function pgErrorOf(err: unknown): PgErrorFields | undefined {
  const chain = chainOf(err);
  return chain.find((x) => typeof x.code === 'string') ?? chain[0];
}

/** Every error message along the chain (for the connection errors node-postgres leaves without a code). */
const messagesOf = (err: unknown): string[] => chainOf(err).flatMap((x) => (typeof x.message === 'string' ? [x.message] : []));

const codesOf = (err: unknown): string[] => chainOf(err).flatMap((x) => (typeof x.code === 'string' ? [x.code] : []));

/** True when `err` says the database cannot be reached (not that it refused the request). */
export function isDatabaseUnavailable(err: unknown): boolean {
  if (codesOf(err).some((c) => CONNECTION_ERRNOS.has(c) || UNAVAILABLE_SQLSTATES.has(c) || /^08[0-9A-Z]{3}$/.test(c))) return true;
  return messagesOf(err).some((m) => CONNECTION_MESSAGES.some((re) => re.test(m)));
}

/**
 * True for TypeORM's "query runner already released" errors: a transaction went on after its
 * connection was given back. TypeORM gives it back by itself when the connection fails under it (the
 * server went away mid-transaction): then the transaction's next statement, or its COMMIT, throws
 * this instead of the connection error. Otherwise it is a bug (work that outlived its transaction).
 */
export function isReleasedConnectionError(err: unknown): boolean {
  return err instanceof QueryRunnerAlreadyReleasedError || err instanceof QueryRunnerProviderAlreadyReleasedError;
}

/** True when the database gave up on the statement (timeout or cancel). */
export function isDatabaseTimeout(err: unknown): boolean {
  return codesOf(err).some((c) => TIMEOUT_SQLSTATES.has(c));
}

// ---------------------------------------------------------------------------------------------------
// The constraint table

/** A unique constraint: the problem code and the detail, given the value PostgreSQL reports (if any). */
interface UniqueRule {
  code: string;
  detail: (value: string | undefined) => string;
  extra?: (value: string | undefined) => Record<string, unknown>;
}
/** A foreign key: the request field that names the referenced row, and what that row is. */
interface ForeignKeyRule {
  field: string;
  what: string;
}
/** A check constraint: the fields it is about and the message; or its own problem (status and code). */
interface CheckRule {
  fields?: string[];
  message: string;
  problem?: { status: number; code: string; title: string };
}

const either = (value: string | undefined, withValue: (v: string) => string, without: string) => (value ? withValue(value) : without);

/** unique_violation, by constraint (or unique index) name. The codes and details are the services' own. */
export const UNIQUE_CONSTRAINTS: Readonly<Record<string, UniqueRule>> = {
  uq_asset_code: { code: 'asset-code-taken', detail: (v) => either(v, (x) => `An asset with code ${x} already exists`, 'An asset with this code already exists') },
  uq_agency_code: { code: 'agency-code-taken', detail: (v) => either(v, (x) => `An agency with code ${x} already exists`, 'An agency with this code already exists') },
  uq_app_user_username: { code: 'username-taken', detail: (v) => either(v, (x) => `Username ${x} is already taken`, 'This username is already taken') },
  uq_directive_number: { code: 'directive-number-taken', detail: (v) => either(v, (x) => `A directive numbered ${x} already exists`, 'A directive with this number already exists') },
  uq_directive_clause_ref: { code: 'clause-ref-taken', detail: (v) => either(v, (x) => `The directive already has a clause ${x}`, 'The directive already has a clause with this reference') },
  pk_land_use_category: { code: 'land-use-category-code-taken', detail: (v) => either(v, (x) => `A land-use category with code ${x} already exists`, 'A land-use category with this code already exists') },
  pk_repurpose_purpose: { code: 'purpose-code-taken', detail: (v) => either(v, (x) => `A purpose with code ${x} already exists`, 'A purpose with this code already exists') },
  uq_action_one_open_per_asset: { code: 'asset-has-open-action', detail: () => 'The asset already has an open (submitted, approved or in-progress) action' },
  uq_document_supersedes: {
    code: 'document-already-superseded',
    detail: (v) => either(v, (x) => `Document ${x} was already superseded; supersede its replacement instead`, 'That document was already superseded; supersede its replacement instead'),
    extra: (v) => (v ? { supersededId: v } : {}),
  },
  uq_surplus_declaration_open: { code: 'conflict', detail: () => 'The asset already has an open surplus declaration' },
  uq_finding_fingerprint: { code: 'conflict', detail: () => 'The inspection already has this finding' },
  pk_idempotency_key: { code: 'idempotency-key-in-progress', detail: () => 'A request with this Idempotency-Key is being processed; retry shortly' },
};

/** foreign_key_violation on insert or update, by constraint: the request field and the kind of row it names. */
export const FOREIGN_KEYS: Readonly<Record<string, ForeignKeyRule>> = {
  fk_asset_custodian: { field: 'custodianId', what: 'agency' },
  fk_asset_current_unit: { field: 'currentUnit', what: 'administrative unit' },
  fk_asset_origin_unit: { field: 'originUnit', what: 'administrative unit' },
  fk_asset_land_use_category: { field: 'landUseCategory', what: 'land-use category' },
  fk_agency_unit: { field: 'unit', what: 'administrative unit' },
  fk_agency_successor: { field: 'successorId', what: 'agency' },
  fk_action_asset: { field: 'assetId', what: 'asset' },
  fk_action_purpose: { field: 'purposeCode', what: 'purpose' },
  fk_action_receiving_agency: { field: 'receivingAgencyId', what: 'agency' },
  fk_action_receiving_unit: { field: 'receivingUnit', what: 'administrative unit' },
  fk_action_target_land_use: { field: 'targetLandUseCategory', what: 'land-use category' },
  fk_action_clause_clause: { field: 'clauseIds', what: 'directive clause' },
  fk_directive_superseded_by: { field: 'supersededById', what: 'directive' },
  fk_directive_clause_directive: { field: 'directiveId', what: 'directive' },
  fk_document_asset: { field: 'assetId', what: 'asset' },
  fk_document_action: { field: 'actionId', what: 'action' },
  fk_document_inspection: { field: 'inspectionId', what: 'inspection' },
  fk_document_supersedes: { field: 'supersedesId', what: 'document' },
  fk_finding_asset: { field: 'assetId', what: 'asset' },
  fk_finding_action: { field: 'actionId', what: 'action' },
  fk_finding_inspection: { field: 'inspectionId', what: 'inspection' },
  fk_finding_evidence_document: { field: 'evidenceDocumentIds', what: 'document' },
  fk_inspection_asset: { field: 'assetId', what: 'asset' },
  fk_inspection_action: { field: 'actionId', what: 'action' },
  fk_land_use_plan_unit: { field: 'unit', what: 'administrative unit' },
  fk_plan_update_plan: { field: 'planId', what: 'land-use plan' },
  fk_plan_update_asset: { field: 'assetId', what: 'asset' },
  fk_plan_update_action: { field: 'actionId', what: 'action' },
  fk_plan_update_from: { field: 'fromCategory', what: 'land-use category' },
  fk_plan_update_to: { field: 'toCategory', what: 'land-use category' },
  fk_repurpose_purpose_land_use: { field: 'defaultLandUseCategory', what: 'land-use category' },
};

/** check_violation, by constraint, where the request field is known (the others answer without one). */
export const CHECKS: Readonly<Record<string, CheckRule>> = {
  chk_action_four_eyes: { message: 'The user who submitted an action cannot approve it', problem: { status: 409, code: 'four-eyes', title: 'Conflict' } },
  chk_asset_coordinates: { fields: ['latitude', 'longitude'], message: 'coordinates must be given together and fall inside Vietnam' },
  chk_asset_amounts: { fields: ['landArea', 'floorArea', 'originalCost', 'remainingValue'], message: 'must not be negative' },
  chk_asset_year_built: { fields: ['yearBuilt'], message: 'must be from 1800 to 2200' },
  chk_agency_dissolution: { fields: ['dissolvedOn'], message: 'a dissolved agency has a dissolution date, an active one none' },
  chk_app_user_scope: { fields: ['provinceCode'], message: 'required for officers' },
  chk_app_user_username: { fields: ['username'], message: 'must be 3-64 characters of a-z, 0-9, ".", "_" or "-"' },
  chk_directive_validity: { fields: ['validTo'], message: 'must not be before validFrom' },
  chk_directive_not_self_superseded: { fields: ['supersededById'], message: 'a directive cannot supersede itself' },
  chk_inspection_dates: { fields: ['plannedEnd', 'actualEnd'], message: 'an end must not be before its start' },
  chk_inspection_period: { fields: ['periodEnd'], message: 'must not be before periodStart' },
  chk_land_use_category_code: { fields: ['code'], message: 'must be 2-10 capital letters' },
  chk_land_use_plan_period: { fields: ['periodStart', 'periodEnd'], message: 'a period within 2000-2100, its end not before its start' },
  chk_plan_update_area: { fields: ['area'], message: 'must not be negative' },
  chk_repurpose_purpose_code: { fields: ['code'], message: 'must be 2-30 characters of a-z and "_"' },
  chk_repurpose_purpose_rank: { fields: ['priorityRank'], message: 'must be 1 or more' },
};

/** `Key (a, b)=(x, y) already exists.` → the value of the last key column (the one a client chose), at most 200 characters. */
export function keyValueOf(detail: string | undefined): string | undefined {
  const m = /^Key \((.+?)\)=\((.*)\) (?:already exists|is not present in table|is still referenced)/s.exec(detail ?? '');
  if (!m) return undefined;
  const columns = m[1].split(', ').length;
  // The values are joined by ", " too; the leading ones are ids and codes without commas.
  const parts = m[2].split(', ');
  const value = parts.slice(columns - 1).join(', ');
  return value === '' ? undefined : value.slice(0, 200);
}

/** `Key (custodian_id)=(…)` → `custodianId`: the request field of a column without a table entry. */
function fieldOfColumn(column: string | undefined): string | undefined {
  if (!column) return undefined;
  return column.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

function keyColumnOf(detail: string | undefined): string | undefined {
  const m = /^Key \(([a-z0-9_]+)\)=/.exec(detail ?? '');
  return m?.[1];
}

const validationFailed = (detail: string, errors?: FieldError[]) => new DomainError('validation-failed', 422, 'Validation failed', detail, errors);

/**
 * The DomainError a database error stands for, or undefined when it is none of the above (then it is
 * an unexpected error: a 500, logged in full). `connectionLostRecently` says whether a pooled
 * connection failed under its user moments ago (DatabaseOutageLog.lostConnectionWithin): then a
 * released-connection error is that loss, not a bug.
 */
export function databaseProblemOf(err: unknown, { connectionLostRecently = false }: { connectionLostRecently?: boolean } = {}): DomainError | undefined {
  if (isDatabaseUnavailable(err) || (connectionLostRecently && isReleasedConnectionError(err))) {
    return new DomainError('database-unavailable', 503, 'Service unavailable', 'The database is unavailable; retry after the time in Retry-After. A write answered this way may or may not have been recorded: retry it with the same Idempotency-Key, or read before writing again');
  }
  if (isDatabaseTimeout(err)) {
    return new DomainError('database-timeout', 503, 'Service unavailable', 'The database did not finish this request in time and cancelled it; retry after the time in Retry-After');
  }
  if (codesOf(err).some((c) => CONTENTION_SQLSTATES.has(c))) {
    return new DomainError('database-contention', 503, 'Service unavailable', 'This request collided with another one writing the same records and was rolled back; nothing of it was kept: retry it', undefined, {
      retryAfterSeconds: 1,
    });
  }
  const pg = pgErrorOf(err);
  if (!pg || typeof pg.code !== 'string') return undefined;
  const constraint = pg.constraint;
  switch (pg.code) {
    case '23505': {
      const value = keyValueOf(pg.detail);
      const rule = constraint ? UNIQUE_CONSTRAINTS[constraint] : undefined;
      if (rule) return new DomainError(rule.code, 409, 'Conflict', rule.detail(value), undefined, rule.extra?.(value));
      return new DomainError('conflict', 409, 'Conflict', 'The request conflicts with a record that already exists');
    }
    case '23P01':
      return new DomainError('conflict', 409, 'Conflict', 'The request conflicts with a record that already exists');
    case '23001':
      // restrict_violation: an ON DELETE RESTRICT foreign key refused removing a row others still reference.
      return new DomainError('conflict', 409, 'Conflict', 'Other records still refer to this one: it cannot be removed or re-keyed');
    case '23503': {
      // "update or delete on table x violates foreign key constraint y on table z": still referenced.
      if (/is still referenced/.test(pg.detail ?? '') || /^update or delete on table/.test(pg.message ?? '')) {
        return new DomainError('conflict', 409, 'Conflict', 'Other records still refer to this one: it cannot be removed or re-keyed');
      }
      const rule = constraint ? FOREIGN_KEYS[constraint] : undefined;
      const field = rule?.field ?? fieldOfColumn(keyColumnOf(pg.detail));
      const what = rule?.what ?? 'record';
      if (!field) return validationFailed(`A referenced ${what} does not exist`);
      return validationFailed(`${field}: no such ${what} (it does not exist or was just removed)`, [{ field, message: `unknown ${what}` }]);
    }
    case '23514': {
      const rule = constraint ? CHECKS[constraint] : undefined;
      if (rule?.problem) return new DomainError(rule.problem.code, rule.problem.status, rule.problem.title, rule.message);
      if (rule?.fields) return validationFailed(`Invalid field(s): ${rule.fields.join(', ')}`, rule.fields.map((field) => ({ field, message: rule.message })));
      return validationFailed('A value breaks a rule of the stored data');
    }
    case '23502': {
      const field = fieldOfColumn(pg.column);
      if (!field) return validationFailed('A required value is missing');
      return validationFailed(`Invalid field(s): ${field}`, [{ field, message: 'required' }]);
    }
    case '22001':
      return validationFailed('A value is longer than the stored field allows');
    default:
      return undefined;
  }
}
