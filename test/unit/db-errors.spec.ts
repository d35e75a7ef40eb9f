import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseError } from 'pg';
import { QueryFailedError, QueryRunnerAlreadyReleasedError, QueryRunnerProviderAlreadyReleasedError } from 'typeorm';
import {
  CHECKS,
  DATABASE_RETRY_AFTER_SECONDS,
  databaseProblemOf,
  FOREIGN_KEYS,
  isDatabaseTimeout,
  isDatabaseUnavailable,
  isReleasedConnectionError,
  keyValueOf,
  UNIQUE_CONSTRAINTS,
  type UniqueConstraint,
} from '../../src/common/db-errors';
import { loadConfig } from '../../src/common/config';
import { DatabaseOutageLog } from '../../src/common/db-outage';
import { DomainError } from '../../src/common/errors';
import { PROBLEM_BASE, PROBLEM_CODES } from '../../src/common/problem-codes';
import { toProblem } from '../../src/common/problem.filter';
import { dataSourceOptions, poolSettingsOf, sessionLimitsOf } from '../../src/database/data-source-options';

const root = join(__dirname, '..', '..');

/** A PostgreSQL error as node-postgres builds it from the server's ErrorResponse. */
function pgError(code: string, message: string, fields: Partial<Pick<DatabaseError, 'constraint' | 'detail' | 'column' | 'table'>> = {}): DatabaseError {
  const e = new DatabaseError(message, 100, 'error');
  e.severity = 'ERROR';
  e.code = code;
  Object.assign(e, fields);
  return e;
}
/** The same, as TypeORM throws it from a query. */
const wrapped = (e: Error) => new QueryFailedError('INSERT INTO x VALUES ($1)', ['v'], e);
/** Both forms of every error: the mapping must answer the same for each. */
const forms = (e: Error): [string, unknown][] => [
  ['node-postgres', e],
  ['TypeORM QueryFailedError', wrapped(e)],
];

const unique = (constraint: string, detail?: string) =>
  pgError('23505', `duplicate key value violates unique constraint "${constraint}"`, { constraint, detail });
const fkInsert = (constraint: string, column: string, table: string) =>
  pgError('23503', `insert or update on table "x" violates foreign key constraint "${constraint}"`, {
    constraint,
    detail: `Key (${column})=(0b7e6c1e-0000-4000-8000-000000000000) is not present in table "${table}".`,
  });
const check = (constraint: string) => pgError('23514', `new row for relation "x" violates check constraint "${constraint}"`, { constraint });

function sources(dir: string, ext: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? sources(p, ext) : p.endsWith(ext) ? [p] : [];
  });
}
const migrations = sources(join(root, 'migrations'), '.ts')
  .map((f) => readFileSync(f, 'utf8'))
  .join('\n');

describe('databaseProblemOf: unique violations (23505)', () => {
  const sample: Record<string, [string, string, Record<string, unknown>?]> = {
    uq_asset_code: ['Key (code)=(08.024.TS) already exists.', 'An asset with code 08.024.TS already exists'],
    uq_agency_code: ['Key (code)=(08.UBND.00691) already exists.', 'An agency with code 08.UBND.00691 already exists'],
    uq_app_user_username: ['Key (username)=(sotc.tuyenquang) already exists.', 'Username sotc.tuyenquang is already taken'],
    uq_directive_number: ['Key (number)=(1684/NQ-UBTVQH15) already exists.', 'A directive numbered 1684/NQ-UBTVQH15 already exists'],
    uq_directive_clause_ref: [
      'Key (directive_id, ref)=(0b7e6c1e-0000-4000-8000-000000000000, khoản 14, Điều 1) already exists.',
      'The directive already has a clause khoản 14, Điều 1',
    ],
    pk_land_use_category: ['Key (code)=(DYT) already exists.', 'A land-use category with code DYT already exists'],
    pk_repurpose_purpose: ['Key (code)=(health) already exists.', 'A purpose with code health already exists'],
    uq_action_one_open_per_asset: [
      'Key (asset_id)=(0b7e6c1e-0000-4000-8000-000000000000) already exists.',
      'The asset already has an open (submitted, approved or in-progress) action',
    ],
    uq_document_supersedes: [
      'Key (supersedes_id)=(0b7e6c1e-0000-4000-8000-000000000001) already exists.',
      'Document 0b7e6c1e-0000-4000-8000-000000000001 was already superseded; supersede its replacement instead',
      { supersededId: '0b7e6c1e-0000-4000-8000-000000000001' },
    ],
    uq_surplus_declaration_open: ['Key (asset_id)=(0b7e6c1e-0000-4000-8000-000000000000) already exists.', 'The asset already has an open surplus declaration'],
    uq_finding_fingerprint: [
      'Key (inspection_id, fingerprint)=(0b7e6c1e-0000-4000-8000-000000000000, abc) already exists.',
      'The inspection already has this finding',
    ],
    pk_idempotency_key: [
      'Key (user_id, key)=(0b7e6c1e-0000-4000-8000-000000000000, k-1) already exists.',
      'A request with this Idempotency-Key is being processed; retry shortly',
    ],
  };

  it('has a sample here for every constraint in the table, and every constraint exists in the migrations', () => {
    expect(Object.keys(sample).sort()).toEqual(Object.keys(UNIQUE_CONSTRAINTS).sort());
    for (const name of Object.keys(UNIQUE_CONSTRAINTS)) expect([name, migrations.includes(name)]).toEqual([name, true]);
  });

  it('covers every code the services answer a taken key with (the `*-taken` codes)', () => {
    const taken = new Set(sources(join(root, 'src'), '.ts').flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/'([a-z-]+-taken)'/g)].map((m) => m[1])));
    expect(taken.size).toBeGreaterThanOrEqual(7);
    const mapped = new Set<string>(Object.values(UNIQUE_CONSTRAINTS).map((r) => r.code));
    expect([...taken].filter((c) => !mapped.has(c))).toEqual([]);
  });

  it('knows every unique constraint and unique index of the schema, or answers the generic conflict on purpose', () => {
    // uq_report_signoff_province_week: the sign-off's INSERT … ON CONFLICT DO NOTHING answers 409 week-already-signed-off itself.
    const internal = [
      'uq_admin_unit_era_level_code',
      'uq_unit_succession_pair',
      'uq_event_seq',
      'uq_report_job_schedule_due',
      'uq_report_signoff_province_week',
    ];
    const declared = [...migrations.matchAll(/CONSTRAINT (uq_[a-z_]+) UNIQUE|CREATE UNIQUE INDEX (uq_[a-z_]+)/g)].map((m) => m[1] ?? m[2]);
    expect(declared.length).toBeGreaterThanOrEqual(10);
    expect(declared.filter((n) => !(n in UNIQUE_CONSTRAINTS) && !internal.includes(n))).toEqual([]);
    for (const name of internal) {
      expect(databaseProblemOf(unique(name, 'Key (x)=(1) already exists.'))).toMatchObject({ code: 'conflict', status: 409 });
    }
  });

  for (const [constraint, [detail, message, extra]] of Object.entries(sample)) {
    const code = UNIQUE_CONSTRAINTS[constraint as UniqueConstraint].code;
    for (const [form, err] of forms(unique(constraint, detail))) {
      it(`${constraint} (${form}) → 409 ${code}`, () => {
        const p = databaseProblemOf(err)!;
        expect(p).toBeInstanceOf(DomainError);
        expect({ code: p.code, status: p.status, title: p.title.en, detail: p.message, extra: p.extra ?? {} }).toEqual({
          code,
          status: 409,
          title: PROBLEM_CODES[code].en,
          detail: message,
          extra: extra ?? {},
        });
        expect(p.detail.vi).not.toBe(p.detail.en);
      });
    }
  }

  it("says the same as the services' pre-checks (they throw uniqueViolation of the same constraint)", () => {
    const uses = (path: string[], call: string) =>
      expect([path.join('/'), readFileSync(join(root, 'src', ...path), 'utf8').includes(call)]).toEqual([path.join('/'), true]);
    uses(['assets', 'assets.service.ts'], "uniqueViolation('uq_asset_code', values.code)");
    uses(['agencies', 'agencies.service.ts'], "uniqueViolation('uq_agency_code', dto.code)");
    uses(['auth', 'users.service.ts'], "uniqueViolation('uq_app_user_username', dto.username)");
    uses(['directives', 'directives.service.ts'], "uniqueViolation('uq_directive_number', number)");
    uses(['land-use', 'land-use.service.ts'], "uniqueViolation('pk_land_use_category', dto.code)");
    uses(['land-use', 'land-use.service.ts'], "uniqueViolation('pk_repurpose_purpose', dto.code)");
    uses(['documents', 'documents.repository.ts'], "uniqueViolation('uq_document_supersedes', id)");
  });

  it('without a detail (a server that hides it) still answers the code, with a general sentence', () => {
    expect(databaseProblemOf(unique('uq_asset_code'))).toMatchObject({
      code: 'asset-code-taken',
      status: 409,
      message: 'An asset with this code already exists',
    });
    expect(databaseProblemOf(unique('uq_document_supersedes'))!.extra).toEqual({});
  });

  it('an unknown unique constraint (or none named) is 409 conflict', () => {
    for (const err of [unique('uq_something_new', 'Key (x)=(1) already exists.'), pgError('23505', 'duplicate key value')]) {
      expect(databaseProblemOf(err)).toMatchObject({ code: 'conflict', status: 409, title: { en: 'Conflict', vi: 'Xung đột dữ liệu' } });
      expect(databaseProblemOf(wrapped(err))).toMatchObject({ code: 'conflict', status: 409 });
    }
    expect(databaseProblemOf(pgError('23P01', 'conflicting key value violates exclusion constraint'))).toMatchObject({ code: 'conflict', status: 409 });
  });
});

describe('databaseProblemOf: foreign keys (23503)', () => {
  const fks = [...migrations.matchAll(/CONSTRAINT (fk_[a-z_]+) FOREIGN KEY \(([a-z_]+)\) REFERENCES ([a-z_]+)/g)].map((m) => ({
    name: m[1],
    column: m[2],
    table: m[3],
  }));
  // Written only by the API itself (or cascading), never from a field a client sends.
  const internal = [
    'fk_admin_unit_parent',
    'fk_unit_succession_old',
    'fk_unit_succession_new',
    'fk_action_clause_action',
    'fk_clause_province_deadline_clause',
    'fk_finding_evidence_finding',
    'fk_surplus_declaration_asset',
    'fk_report_content_snapshot',
    'fk_report_job_report',
    'fk_report_job_requested_by',
    'fk_report_job_schedule',
    'fk_report_schedule_created_by',
    'fk_report_snapshot_generated_by',
    'fk_report_snapshot_previous',
    'fk_surplus_declaration_handled_action',
    'fk_asset_version_asset',
    'fk_admin_unit_flags_version_unit',
    'fk_admin_unit_name_version_unit',
    // The service finds the corrected action in scope before it writes either link; actions are never deleted.
    'fk_action_corrects',
    'fk_action_superseded_by',
    // The service finds the snapshot in the signer's scope first (snapshots are never deleted); the signer is the caller.
    'fk_report_signoff_snapshot',
    'fk_report_signoff_signed_by',
  ];

  it('every foreign key of the schema is in the table, or written only by the API itself', () => {
    expect(fks.length).toBeGreaterThan(30);
    expect(fks.filter((f) => !(f.name in FOREIGN_KEYS) && !internal.includes(f.name)).map((f) => f.name)).toEqual([]);
    for (const name of Object.keys(FOREIGN_KEYS)) expect([name, fks.some((f) => f.name === name)]).toEqual([name, true]);
  });

  for (const [constraint, rule] of Object.entries(FOREIGN_KEYS)) {
    it(`${constraint} on insert → 422 validation-failed naming ${rule.field}`, () => {
      const fk = fks.find((f) => f.name === constraint)!;
      for (const [, err] of forms(fkInsert(constraint, fk.column, fk.table))) {
        const p = databaseProblemOf(err)!;
        expect({ code: p.code, status: p.status, errors: p.errors }).toEqual({
          code: 'validation-failed',
          status: 422,
          errors: [{ field: rule.field, message: { vi: `không tìm thấy ${rule.what.vi}`, en: `unknown ${rule.what.en}` } }],
        });
        expect(p.message).toContain(rule.field);
      }
    });
  }

  it('an unknown foreign key names the field from the key column', () => {
    const p = databaseProblemOf(wrapped(fkInsert('fk_report_job_requested_by', 'requested_by', 'app_user')))!;
    expect(p).toMatchObject({
      code: 'validation-failed',
      status: 422,
      errors: [{ field: 'requestedBy', message: { vi: 'không tìm thấy bản ghi', en: 'unknown record' } }],
    });
    expect(databaseProblemOf(pgError('23503', 'insert or update on table "x" violates foreign key constraint "fk_x"'))).toMatchObject({
      code: 'validation-failed',
      status: 422,
      errors: undefined,
    });
  });

  it('removing a row others still refer to is 409 conflict, not a validation error', () => {
    const err = pgError('23503', 'update or delete on table "asset" violates foreign key constraint "fk_action_asset" on table "action"', {
      constraint: 'fk_action_asset',
      detail: 'Key (id)=(0b7e6c1e-0000-4000-8000-000000000000) is still referenced from table "action".',
    });
    for (const [, e] of forms(err)) expect(databaseProblemOf(e)).toMatchObject({ code: 'conflict', status: 409 });
  });

  it('an ON DELETE RESTRICT key (23001) is 409 conflict too (was a 500, found by the fuzzer)', () => {
    const err = pgError(
      '23001',
      'update or delete on table "asset" violates RESTRICT setting of foreign key constraint "fk_document_asset" on table "document"',
      {
        constraint: 'fk_document_asset',
        detail: 'Key (id)=(0b7e6c1e-0000-4000-8000-000000000000) is referenced from table "document".',
      },
    );
    for (const [, e] of forms(err)) expect(databaseProblemOf(e)).toMatchObject({ code: 'conflict', status: 409 });
  });
});

describe('databaseProblemOf: checks (23514), not null (23502), too long (22001)', () => {
  it('every check in the table exists in the migrations', () => {
    for (const name of Object.keys(CHECKS)) expect([name, migrations.includes(name)]).toEqual([name, true]);
  });

  for (const [constraint, rule] of Object.entries(CHECKS)) {
    it(`${constraint} → ${rule.code ? `${PROBLEM_CODES[rule.code].status} ${rule.code}` : '422 validation-failed'}`, () => {
      for (const [, err] of forms(check(constraint))) {
        const p = databaseProblemOf(err)!;
        if (rule.code) {
          expect({ code: p.code, status: p.status, errors: p.errors }).toEqual({ code: rule.code, status: PROBLEM_CODES[rule.code].status, errors: undefined });
        } else {
          expect({ code: p.code, status: p.status, errors: p.errors }).toEqual({
            code: 'validation-failed',
            status: 422,
            errors: rule.fields!.map((field) => ({ field, message: rule.message })),
          });
        }
      }
    });
  }

  it('an unknown check is 422 validation-failed without field', () => {
    for (const [, err] of forms(check('chk_report_job_percent')))
      expect(databaseProblemOf(err)).toMatchObject({ code: 'validation-failed', status: 422, errors: undefined });
  });

  it('not null names the column as the field; a too-long value is 422', () => {
    const nn = pgError('23502', 'null value in column "custodian_id" of relation "asset" violates not-null constraint', {
      column: 'custodian_id',
      table: 'asset',
    });
    for (const [, err] of forms(nn))
      expect(databaseProblemOf(err)).toMatchObject({
        code: 'validation-failed',
        status: 422,
        errors: [{ field: 'custodianId', message: { vi: 'bắt buộc', en: 'required' } }],
      });
    expect(databaseProblemOf(pgError('23502', 'null value violates not-null constraint'))).toMatchObject({ code: 'validation-failed', status: 422 });
    for (const [, err] of forms(pgError('22001', 'value too long for type character varying(200)')))
      expect(databaseProblemOf(err)).toMatchObject({ code: 'validation-failed', status: 422 });
  });
});

describe('databaseProblemOf: an unreachable database, a cancelled statement', () => {
  const sys = (code: string, message: string) => Object.assign(new Error(message), { code, errno: -111, syscall: 'connect' });
  const unavailable: [string, Error][] = [
    ['ECONNREFUSED', sys('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432')],
    ['ECONNRESET', sys('ECONNRESET', 'read ECONNRESET')],
    ['ETIMEDOUT', sys('ETIMEDOUT', 'connect ETIMEDOUT 10.0.0.5:5432')],
    ['ENOTFOUND', sys('ENOTFOUND', 'getaddrinfo ENOTFOUND db')],
    [
      'AggregateError of ECONNREFUSED (localhost: ::1 and 127.0.0.1)',
      Object.assign(
        new AggregateError([sys('ECONNREFUSED', 'connect ECONNREFUSED ::1:5432'), sys('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432')], ''),
        { code: 'ECONNREFUSED' },
      ),
    ],
    ['Connection terminated unexpectedly', new Error('Connection terminated unexpectedly')],
    [
      'Connection terminated due to connection timeout',
      new Error('Connection terminated due to connection timeout', { cause: new Error('Connection terminated unexpectedly') }),
    ],
    ['pool acquisition timeout', new Error('timeout exceeded when trying to connect')],
    ['client not queryable', new Error('Client has encountered a connection error and is not queryable')],
    ['08006 connection_failure', pgError('08006', 'connection failure')],
    ['08P01 protocol_violation', pgError('08P01', 'protocol violation')],
    ['57P01 admin_shutdown', pgError('57P01', 'terminating connection due to administrator command')],
    ['57P02 crash_shutdown', pgError('57P02', 'terminating connection due to crash of another server process')],
    ['57P03 cannot_connect_now', pgError('57P03', 'the database system is starting up')],
    ['53300 too_many_connections', pgError('53300', 'sorry, too many clients already')],
  ];
  for (const [name, err] of unavailable) {
    it(`${name} → 503 database-unavailable`, () => {
      for (const [, e] of forms(err)) {
        expect(isDatabaseUnavailable(e)).toBe(true);
        expect(databaseProblemOf(e)).toMatchObject({ code: 'database-unavailable', status: 503 });
        const outcome = toProblem(e, 'en', '/api/v1/assets');
        expect(outcome).toMatchObject({
          unexpected: false,
          database: 'unavailable',
          retryAfter: DATABASE_RETRY_AFTER_SECONDS,
          problem: { type: `${PROBLEM_BASE}database-unavailable`, status: 503, instance: '/api/v1/assets' },
        });
      }
    });
  }

  for (const [code, message] of [
    ['57014', 'canceling statement due to statement timeout'],
    ['57014', 'canceling statement due to user request'],
    ['55P03', 'canceling statement due to lock timeout'],
    ['25P03', 'terminating connection due to idle-in-transaction timeout'],
  ]) {
    it(`${code} (${message}) → 503 database-timeout`, () => {
      for (const [, e] of forms(pgError(code, message))) {
        expect(isDatabaseTimeout(e)).toBe(true);
        expect(isDatabaseUnavailable(e)).toBe(false);
        expect(toProblem(e, 'en')).toMatchObject({
          unexpected: false,
          database: 'timeout',
          retryAfter: DATABASE_RETRY_AFTER_SECONDS,
          problem: { type: `${PROBLEM_BASE}database-timeout`, status: 503 },
        });
      }
    });
  }

  for (const [code, message] of [
    ['40P01', 'deadlock detected'],
    ['40001', 'could not serialize access due to concurrent update'],
  ]) {
    it(`${code} (${message}) → 503 database-contention, retry after 1 s`, () => {
      for (const [, e] of forms(pgError(code, message))) {
        expect(isDatabaseUnavailable(e)).toBe(false);
        expect(toProblem(e, 'en')).toMatchObject({
          unexpected: false,
          retryAfter: 1,
          problem: { type: `${PROBLEM_BASE}database-contention`, status: 503, retryAfterSeconds: 1 },
        });
      }
    });
  }

  it('anything else stays an unexpected 500 (a bug to look at, not to hide)', () => {
    for (const err of [
      pgError('42P01', 'relation "nope" does not exist'),
      pgError('22P02', 'invalid input syntax for type uuid'),
      new Error('boom'),
      new TypeError('x is undefined'),
      'a string',
      null,
    ]) {
      expect(databaseProblemOf(err)).toBeUndefined();
      expect(toProblem(err, 'en')).toMatchObject({ unexpected: true, problem: { status: 500, type: `${PROBLEM_BASE}internal-error` } });
      expect(toProblem(err, 'en').retryAfter).toBeUndefined();
    }
    // The driver's state errors are not an outage: the pool was closed by the app itself.
    expect(isDatabaseUnavailable(new Error('Cannot use a pool after calling end on the pool'))).toBe(false);
    expect(isDatabaseUnavailable(new Error('Driver not Connected'))).toBe(false);
  });

  it("TypeORM's released-connection errors are the outage only right after a connection failed under its user; else a bug (500)", () => {
    for (const err of [new QueryRunnerAlreadyReleasedError(), new QueryRunnerProviderAlreadyReleasedError()]) {
      expect(isReleasedConnectionError(err)).toBe(true);
      expect(databaseProblemOf(err)).toBeUndefined();
      expect(databaseProblemOf(err, { connectionLostRecently: true })).toMatchObject({ code: 'database-unavailable', status: 503 });
    }
    expect(isReleasedConnectionError(new Error('Query runner already released. Cannot run queries anymore.'))).toBe(false);
  });

  it('toProblem maps a constraint violation and keeps a DomainError as it is', () => {
    expect(toProblem(wrapped(unique('uq_asset_code', 'Key (code)=(X) already exists.')), 'en', '/api/v1/assets')).toEqual({
      unexpected: false,
      database: 'constraint',
      problem: {
        type: `${PROBLEM_BASE}asset-code-taken`,
        title: 'Asset code taken',
        status: 409,
        detail: 'An asset with code X already exists',
        instance: '/api/v1/assets',
      },
    });
    expect(toProblem(new DomainError('service-unavailable', { vi: 'x', en: 'x' }), 'en')).toMatchObject({
      retryAfter: DATABASE_RETRY_AFTER_SECONDS,
      unexpected: false,
    });
  });
});

describe('keyValueOf', () => {
  it("reads the last key column's value from a PostgreSQL detail", () => {
    expect(keyValueOf('Key (code)=(08.024.TS) already exists.')).toBe('08.024.TS');
    expect(keyValueOf('Key (directive_id, ref)=(0b7e6c1e-0000-4000-8000-000000000000, 2.6) already exists.')).toBe('2.6');
    expect(keyValueOf('Key (code)=(a, b) already exists.')).toBe('a, b');
    expect(keyValueOf('Key (code)=() already exists.')).toBeUndefined();
    expect(keyValueOf(undefined)).toBeUndefined();
    expect(keyValueOf('something else')).toBeUndefined();
    expect(keyValueOf(`Key (code)=(${'x'.repeat(500)}) already exists.`)).toHaveLength(200);
  });
});

describe('DatabaseOutageLog', () => {
  function setup() {
    const lines: [string, string][] = [];
    let now = 1_000_000;
    const log = new DatabaseOutageLog(
      { error: (m) => lines.push(['error', m]), warn: (m) => lines.push(['warn', m]), log: (m) => lines.push(['log', m]) },
      30_000,
      () => now,
    );
    return { lines, log, tick: (ms: number) => (now += ms) };
  }
  const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });

  it('logs an outage once, then at most every 30 s with a count, then its end', () => {
    const { lines, log, tick } = setup();
    log.recovered(); // nothing to end
    expect(lines).toEqual([]);
    for (let i = 0; i < 500; i++) {
      log.failure(refused);
      tick(50); // 500 failed requests over 25 s
    }
    expect(log.isDown).toBe(true);
    expect(lines).toEqual([
      ['error', 'Database unavailable (connect ECONNREFUSED 127.0.0.1:5432, seen by a request); requests answer 503 database-unavailable until it is back'],
    ]);
    tick(5_000);
    log.failure(refused);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toEqual(['warn', expect.stringMatching(/still unavailable after 30 s .*; 500 failure\(s\) since the last message, 501 in all$/)]);
    log.failure(refused);
    expect(lines).toHaveLength(2);
    tick(10_000);
    log.recovered();
    log.recovered();
    expect(lines).toHaveLength(3);
    expect(lines[2]).toEqual(['log', 'Database available again after 40 s; 502 failure(s) while it was not']);
    expect(log.isDown).toBe(false);
    log.failure(pgError('57P01', 'terminating connection due to administrator command'), 'an idle pooled connection');
    expect(lines[3]).toEqual([
      'error',
      expect.stringContaining('57P01: terminating connection due to administrator command, seen by an idle pooled connection'),
    ]);
  });

  it('remembers for a while that a connection failed in use; a session ended by a timeout is no outage', () => {
    const { lines, log, tick } = setup();
    expect(log.lostConnectionWithin(10_000)).toBe(false);
    log.connectionLost(pgError('25P03', 'terminating connection due to idle-in-transaction timeout'));
    expect([log.lostConnectionWithin(10_000), log.isDown, lines]).toEqual([true, false, []]);
    tick(10_001);
    expect(log.lostConnectionWithin(10_000)).toBe(false);
    log.connectionLost(new Error('Connection terminated unexpectedly'));
    expect([log.lostConnectionWithin(10_000), log.isDown]).toEqual([true, true]);
    expect(lines).toEqual([['error', expect.stringContaining('(Connection terminated unexpectedly, seen by a connection in use)')]]);
  });
});

describe('the database limits in the configuration', () => {
  it('has defaults, validates at boot, and becomes node-postgres settings (0 turns a server limit off)', () => {
    const c = loadConfig({});
    expect([c.dbConnectTimeoutMs, c.dbStatementTimeoutMs, c.dbIdleInTransactionTimeoutMs, c.shutdownGraceMs]).toEqual([5000, 30_000, 60_000, 10_000]);
    expect(poolSettingsOf(sessionLimitsOf(c))).toEqual({
      connectionTimeoutMillis: 5000,
      statement_timeout: 30_000,
      idle_in_transaction_session_timeout: 60_000,
      keepAlive: true,
    });
    const off = loadConfig({ DB_STATEMENT_TIMEOUT_MS: '0', DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: '0', DB_CONNECT_TIMEOUT_MS: '250', SHUTDOWN_GRACE_MS: '0' });
    expect(poolSettingsOf(sessionLimitsOf(off))).toEqual({ connectionTimeoutMillis: 250, keepAlive: true });
    expect(off.shutdownGraceMs).toBe(0);
    expect(() => loadConfig({ DB_CONNECT_TIMEOUT_MS: '0' })).toThrow(/DB_CONNECT_TIMEOUT_MS must be a whole number from 100 to 600000/);
    expect(() => loadConfig({ DB_STATEMENT_TIMEOUT_MS: '30s' })).toThrow(/DB_STATEMENT_TIMEOUT_MS/);
    expect(() => loadConfig({ DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: '-1' })).toThrow(/DB_IDLE_IN_TRANSACTION_TIMEOUT_MS/);
    expect(() => loadConfig({ SHUTDOWN_GRACE_MS: '700000' })).toThrow(/SHUTDOWN_GRACE_MS must be a whole number from 0 to 600000/);
  });

  it("the app's data source carries them and logs idle connection errors as an outage; migrations run without them", () => {
    const app = dataSourceOptions('postgres://u:p@h/db', { poolMax: 7, limits: sessionLimitsOf(loadConfig({})) }) as {
      extra: Record<string, unknown>;
      poolErrorHandler?: unknown;
    };
    expect(app.extra).toMatchObject({ max: 7, connectionTimeoutMillis: 5000, statement_timeout: 30_000, idle_in_transaction_session_timeout: 60_000 });
    expect(typeof app.poolErrorHandler).toBe('function');
    const migrations = dataSourceOptions('postgres://u:p@h/db') as { extra: Record<string, unknown>; poolErrorHandler?: unknown };
    expect(migrations.extra).toEqual({ max: 20, application_name: 'vn-public-assets' });
    expect(migrations.poolErrorHandler).toBeUndefined();
  });
});
