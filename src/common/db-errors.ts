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
import { DomainError, invalidFields, THINGS } from './errors';
import type { Localized } from './localized';
import type { ProblemCode } from './problem-codes';

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
const CONNECTION_ERRNOS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
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
  code: ProblemCode;
  detail: (value: string | undefined) => Localized;
  extra?: (value: string | undefined) => Record<string, unknown>;
}
/** A foreign key: the request field that names the referenced row, and what that row is. */
interface ForeignKeyRule {
  field: string;
  what: Localized;
}
/** A check constraint: the fields it is about and the message; or its own problem code. */
interface CheckRule {
  fields?: string[];
  message: Localized;
  code?: ProblemCode;
}

/** The detail with the value PostgreSQL reported, or the one without it. */
const either = (value: string | undefined, withValue: (v: string) => Localized, without: Localized): Localized => (value ? withValue(value) : without);

/** unique_violation, by constraint (or unique index) name. The codes and details are the services' own. */
export const UNIQUE_CONSTRAINTS = {
  uq_asset_code: {
    code: 'asset-code-taken',
    detail: (v) =>
      either(v, (x) => ({ vi: `Đã có tài sản với mã ${x}`, en: `An asset with code ${x} already exists` }), {
        vi: 'Đã có tài sản với mã này',
        en: 'An asset with this code already exists',
      }),
  },
  uq_agency_code: {
    code: 'agency-code-taken',
    detail: (v) =>
      either(v, (x) => ({ vi: `Đã có cơ quan, đơn vị với mã ${x}`, en: `An agency with code ${x} already exists` }), {
        vi: 'Đã có cơ quan, đơn vị với mã này',
        en: 'An agency with this code already exists',
      }),
  },
  uq_app_user_username: {
    code: 'username-taken',
    detail: (v) =>
      either(v, (x) => ({ vi: `Tên đăng nhập ${x} đã được dùng`, en: `Username ${x} is already taken` }), {
        vi: 'Tên đăng nhập này đã được dùng',
        en: 'This username is already taken',
      }),
  },
  uq_directive_number: {
    code: 'directive-number-taken',
    detail: (v) =>
      either(v, (x) => ({ vi: `Đã có văn bản số ${x}`, en: `A directive numbered ${x} already exists` }), {
        vi: 'Đã có văn bản với số hiệu này',
        en: 'A directive with this number already exists',
      }),
  },
  uq_directive_clause_ref: {
    code: 'clause-ref-taken',
    detail: (v) =>
      either(v, (x) => ({ vi: `Văn bản đã có điều khoản ${x}`, en: `The directive already has a clause ${x}` }), {
        vi: 'Văn bản đã có điều khoản với số hiệu này',
        en: 'The directive already has a clause with this reference',
      }),
  },
  pk_land_use_category: {
    code: 'land-use-category-code-taken',
    detail: (v) =>
      either(v, (x) => ({ vi: `Đã có loại đất với mã ${x}`, en: `A land-use category with code ${x} already exists` }), {
        vi: 'Đã có loại đất với mã này',
        en: 'A land-use category with this code already exists',
      }),
  },
  pk_repurpose_purpose: {
    code: 'purpose-code-taken',
    detail: (v) =>
      either(v, (x) => ({ vi: `Đã có mục đích sử dụng với mã ${x}`, en: `A purpose with code ${x} already exists` }), {
        vi: 'Đã có mục đích sử dụng với mã này',
        en: 'A purpose with this code already exists',
      }),
  },
  uq_action_one_open_per_asset: {
    code: 'asset-has-open-action',
    detail: () => ({
      vi: 'Tài sản đã có một phương án xử lý chưa kết thúc (đã trình, đã phê duyệt hoặc đang thực hiện)',
      en: 'The asset already has an open (submitted, approved or in-progress) action',
    }),
  },
  uq_document_supersedes: {
    code: 'document-already-superseded',
    detail: (v) =>
      either(
        v,
        (x) => ({
          vi: `Tài liệu ${x} đã được thay thế; hãy thay thế tài liệu thay thế nó`,
          en: `Document ${x} was already superseded; supersede its replacement instead`,
        }),
        {
          vi: 'Tài liệu đó đã được thay thế; hãy thay thế tài liệu thay thế nó',
          en: 'That document was already superseded; supersede its replacement instead',
        },
      ),
    extra: (v) => (v ? { supersededId: v } : {}),
  },
  uq_surplus_declaration_open: {
    code: 'conflict',
    detail: () => ({ vi: 'Tài sản đã có một tuyên bố dôi dư chưa khép lại', en: 'The asset already has an open surplus declaration' }),
  },
  uq_finding_fingerprint: { code: 'conflict', detail: () => ({ vi: 'Cuộc kiểm tra đã có phát hiện này', en: 'The inspection already has this finding' }) },
  pk_idempotency_key: {
    code: 'idempotency-key-in-progress',
    detail: () => ({
      vi: 'Một yêu cầu với Idempotency-Key này đang được xử lý; hãy thử lại sau ít phút',
      en: 'A request with this Idempotency-Key is being processed; retry shortly',
    }),
  },
} as const satisfies Record<string, UniqueRule>;
export type UniqueConstraint = keyof typeof UNIQUE_CONSTRAINTS;

/**
 * The 409 of a unique constraint, given the value that collided: what the database's refusal is
 * mapped to, and what a service's own check before the write throws, so both answer alike.
 */
export function uniqueViolation(constraint: UniqueConstraint, value: string | undefined): DomainError {
  const rule: UniqueRule = UNIQUE_CONSTRAINTS[constraint];
  return new DomainError(rule.code, rule.detail(value), { extra: rule.extra?.(value) });
}

const AGENCY = THINGS.agency;
const UNIT: Localized = { vi: 'đơn vị hành chính', en: 'administrative unit' };
const CATEGORY = THINGS['land-use-category'];
const ACTION = THINGS.action;
const ASSET = THINGS.asset;

/** foreign_key_violation on insert or update, by constraint: the request field and the kind of row it names. */
export const FOREIGN_KEYS: Readonly<Record<string, ForeignKeyRule>> = {
  fk_asset_custodian: { field: 'custodianId', what: AGENCY },
  fk_asset_current_unit: { field: 'currentUnit', what: UNIT },
  fk_asset_origin_unit: { field: 'originUnit', what: UNIT },
  fk_asset_land_use_category: { field: 'landUseCategory', what: CATEGORY },
  fk_agency_unit: { field: 'unit', what: UNIT },
  fk_agency_successor: { field: 'successorId', what: AGENCY },
  fk_action_asset: { field: 'assetId', what: ASSET },
  fk_action_purpose: { field: 'purposeCode', what: THINGS.purpose },
  fk_action_receiving_agency: { field: 'receivingAgencyId', what: AGENCY },
  fk_action_receiving_unit: { field: 'receivingUnit', what: UNIT },
  fk_action_target_land_use: { field: 'targetLandUseCategory', what: CATEGORY },
  fk_action_clause_clause: { field: 'clauseIds', what: { vi: 'điều khoản văn bản', en: 'directive clause' } },
  fk_directive_superseded_by: { field: 'supersededById', what: THINGS.directive },
  fk_directive_clause_directive: { field: 'directiveId', what: THINGS.directive },
  fk_document_asset: { field: 'assetId', what: ASSET },
  fk_document_action: { field: 'actionId', what: ACTION },
  fk_document_inspection: { field: 'inspectionId', what: THINGS.inspection },
  fk_document_supersedes: { field: 'supersedesId', what: THINGS.document },
  fk_finding_asset: { field: 'assetId', what: ASSET },
  fk_finding_action: { field: 'actionId', what: ACTION },
  fk_obstacle_asset: { field: 'assetId', what: ASSET },
  fk_obstacle_action: { field: 'actionId', what: ACTION },
  fk_finding_inspection: { field: 'inspectionId', what: THINGS.inspection },
  fk_finding_evidence_document: { field: 'evidenceDocumentIds', what: THINGS.document },
  fk_inspection_asset: { field: 'assetId', what: ASSET },
  fk_inspection_action: { field: 'actionId', what: ACTION },
  fk_land_use_plan_unit: { field: 'unit', what: UNIT },
  fk_plan_update_plan: { field: 'planId', what: THINGS['land-use-plan'] },
  fk_plan_update_asset: { field: 'assetId', what: ASSET },
  fk_plan_update_action: { field: 'actionId', what: ACTION },
  fk_plan_update_from: { field: 'fromCategory', what: CATEGORY },
  fk_plan_update_to: { field: 'toCategory', what: CATEGORY },
  fk_repurpose_purpose_land_use: { field: 'defaultLandUseCategory', what: CATEGORY },
};

const NOT_NEGATIVE: Localized = { vi: 'không được âm', en: 'must not be negative' };

/** check_violation, by constraint, where the request field is known (the others answer without one). */
export const CHECKS: Readonly<Record<string, CheckRule>> = {
  chk_action_four_eyes: {
    code: 'four-eyes',
    message: { vi: 'Người đã trình phương án không được tự phê duyệt phương án đó', en: 'The user who submitted an action cannot approve it' },
  },
  chk_asset_coordinates: {
    fields: ['latitude', 'longitude'],
    message: { vi: 'vĩ độ và kinh độ phải có cùng nhau và nằm trong lãnh thổ Việt Nam', en: 'coordinates must be given together and fall inside Vietnam' },
  },
  chk_asset_amounts: { fields: ['landArea', 'floorArea', 'originalCost', 'remainingValue'], message: NOT_NEGATIVE },
  chk_asset_year_built: { fields: ['yearBuilt'], message: { vi: 'phải từ 1800 đến 2200', en: 'must be from 1800 to 2200' } },
  chk_agency_dissolution: {
    fields: ['dissolvedOn'],
    message: {
      vi: 'cơ quan đã giải thể phải có ngày giải thể, cơ quan đang hoạt động thì không',
      en: 'a dissolved agency has a dissolution date, an active one none',
    },
  },
  chk_app_user_scope: { fields: ['provinceCode'], message: { vi: 'bắt buộc đối với cán bộ', en: 'required for officers' } },
  chk_app_user_username: {
    fields: ['username'],
    message: { vi: 'phải gồm 3-64 ký tự a-z, 0-9, ".", "_" hoặc "-"', en: 'must be 3-64 characters of a-z, 0-9, ".", "_" or "-"' },
  },
  chk_directive_validity: { fields: ['validTo'], message: { vi: 'không được trước validFrom', en: 'must not be before validFrom' } },
  chk_directive_not_self_superseded: {
    fields: ['supersededById'],
    message: { vi: 'văn bản không thể tự thay thế chính nó', en: 'a directive cannot supersede itself' },
  },
  chk_inspection_dates: {
    fields: ['plannedEnd', 'actualEnd'],
    message: { vi: 'ngày kết thúc không được trước ngày bắt đầu', en: 'an end must not be before its start' },
  },
  chk_inspection_period: { fields: ['periodEnd'], message: { vi: 'không được trước periodStart', en: 'must not be before periodStart' } },
  chk_land_use_category_code: { fields: ['code'], message: { vi: 'phải gồm 2-10 chữ cái in hoa', en: 'must be 2-10 capital letters' } },
  chk_land_use_plan_period: {
    fields: ['periodStart', 'periodEnd'],
    message: { vi: 'kỳ quy hoạch trong khoảng 2000-2100, năm cuối không trước năm đầu', en: 'a period within 2000-2100, its end not before its start' },
  },
  chk_plan_update_area: { fields: ['area'], message: NOT_NEGATIVE },
  chk_repurpose_purpose_code: { fields: ['code'], message: { vi: 'phải gồm 2-30 ký tự a-z và "_"', en: 'must be 2-30 characters of a-z and "_"' } },
  chk_repurpose_purpose_rank: { fields: ['priorityRank'], message: { vi: 'phải từ 1 trở lên', en: 'must be 1 or more' } },
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

const validationFailed = (detail: Localized) => new DomainError('validation-failed', detail);

const STILL_REFERENCED: Localized = {
  vi: 'Bản ghi này vẫn đang được các bản ghi khác tham chiếu: không thể xoá hoặc đổi khoá',
  en: 'Other records still refer to this one: it cannot be removed or re-keyed',
};
const EXISTS_ALREADY: Localized = { vi: 'Yêu cầu xung đột với một bản ghi đã có', en: 'The request conflicts with a record that already exists' };

/**
 * The DomainError a database error stands for, or undefined when it is none of the above (then it is
 * an unexpected error: a 500, logged in full). `connectionLostRecently` says whether a pooled
 * connection failed under its user moments ago (DatabaseOutageLog.lostConnectionWithin): then a
 * released-connection error is that loss, not a bug.
 */
export function databaseProblemOf(err: unknown, { connectionLostRecently = false }: { connectionLostRecently?: boolean } = {}): DomainError | undefined {
  if (isDatabaseUnavailable(err) || (connectionLostRecently && isReleasedConnectionError(err))) {
    return new DomainError('database-unavailable', {
      vi: 'Cơ sở dữ liệu tạm thời không truy cập được; hãy thử lại sau khoảng thời gian ghi trong Retry-After. Một yêu cầu ghi nhận câu trả lời này có thể đã hoặc chưa được ghi: hãy gửi lại với cùng Idempotency-Key, hoặc đọc lại trước khi ghi tiếp',
      en: 'The database is unavailable; retry after the time in Retry-After. A write answered this way may or may not have been recorded: retry it with the same Idempotency-Key, or read before writing again',
    });
  }
  if (isDatabaseTimeout(err)) {
    return new DomainError('database-timeout', {
      vi: 'Cơ sở dữ liệu không xử lý xong yêu cầu này kịp thời và đã huỷ nó; hãy thử lại sau khoảng thời gian ghi trong Retry-After',
      en: 'The database did not finish this request in time and cancelled it; retry after the time in Retry-After',
    });
  }
  if (codesOf(err).some((c) => CONTENTION_SQLSTATES.has(c))) {
    return new DomainError(
      'database-contention',
      {
        vi: 'Yêu cầu này trùng lúc với một yêu cầu khác ghi cùng dữ liệu và đã bị huỷ; không có gì được lưu: hãy gửi lại',
        en: 'This request collided with another one writing the same records and was rolled back; nothing of it was kept: retry it',
      },
      { extra: { retryAfterSeconds: 1 } },
    );
  }
  const pg = pgErrorOf(err);
  if (!pg || typeof pg.code !== 'string') return undefined;
  const constraint = pg.constraint;
  switch (pg.code) {
    case '23505': {
      if (constraint && Object.prototype.hasOwnProperty.call(UNIQUE_CONSTRAINTS, constraint))
        return uniqueViolation(constraint as UniqueConstraint, keyValueOf(pg.detail));
      return new DomainError('conflict', EXISTS_ALREADY);
    }
    case '23P01':
      return new DomainError('conflict', EXISTS_ALREADY);
    case '23001':
      // restrict_violation: an ON DELETE RESTRICT foreign key refused removing a row others still reference.
      return new DomainError('conflict', STILL_REFERENCED);
    case '23503': {
      // "update or delete on table x violates foreign key constraint y on table z": still referenced.
      if (/is still referenced/.test(pg.detail ?? '') || /^update or delete on table/.test(pg.message ?? ''))
        return new DomainError('conflict', STILL_REFERENCED);
      const rule = constraint ? FOREIGN_KEYS[constraint] : undefined;
      const field = rule?.field ?? fieldOfColumn(keyColumnOf(pg.detail));
      const what = rule?.what ?? { vi: 'bản ghi', en: 'record' };
      if (!field) return validationFailed({ vi: `Không có ${what.vi} được tham chiếu`, en: `A referenced ${what.en} does not exist` });
      return new DomainError(
        'validation-failed',
        { vi: `${field}: không có ${what.vi} này (không tồn tại hoặc vừa bị xoá)`, en: `${field}: no such ${what.en} (it does not exist or was just removed)` },
        { errors: [{ field, message: { vi: `không tìm thấy ${what.vi}`, en: `unknown ${what.en}` } }] },
      );
    }
    case '23514': {
      const rule = constraint ? CHECKS[constraint] : undefined;
      if (rule?.code) return new DomainError(rule.code, rule.message);
      if (rule?.fields) return invalidFields(rule.fields.map((field) => ({ field, message: rule.message })));
      return validationFailed({ vi: 'Một giá trị vi phạm quy tắc của dữ liệu lưu trữ', en: 'A value breaks a rule of the stored data' });
    }
    case '23502': {
      const field = fieldOfColumn(pg.column);
      if (!field) return validationFailed({ vi: 'Thiếu một giá trị bắt buộc', en: 'A required value is missing' });
      return invalidFields([{ field, message: { vi: 'bắt buộc', en: 'required' } }]);
    }
    case '22001':
      return validationFailed({ vi: 'Một giá trị dài hơn độ dài trường lưu trữ cho phép', en: 'A value is longer than the stored field allows' });
    default:
      return undefined;
  }
}
