import { Injectable } from '@nestjs/common';
import type { ActionType, DirectiveKind } from '../schema/vocabulary';
import { NATIONAL, scopeSql, type ProvinceScope } from '../common/scope';
import { containsSql } from '../common/search';
import { Db } from '../database/transaction';

export interface DirectiveRow {
  id: string;
  number: string;
  kind: DirectiveKind;
  issuer: string;
  issued_on: string;
  title: string;
  province_code: string | null;
  valid_from: string | null;
  valid_to: string | null;
  superseded_by_id: string | null;
  superseded_by_number: string | null;
  superseded_by_title: string | null;
  version: number;
  created_at: Date;
  updated_at: Date;
}

export interface ProvinceDeadlineRow {
  provinceCode: string;
  deadline: string;
}

export interface ClauseRow {
  id: string;
  directive_id: string;
  directive_number: string;
  ref: string;
  summary: string;
  full_text: string | null;
  deadline: string | null;
  authorised_action_types: ActionType[];
  authorised_methods: string[];
  plan_deadline: boolean;
  /** Only the caller's province's when scoped. */
  province_deadlines: ProvinceDeadlineRow[];
  version: number;
  created_at: Date;
  updated_at: Date;
}

export interface DirectiveFilter {
  province?: string;
  kind?: DirectiveKind;
  q?: string;
}

export interface DirectiveValues {
  kind: DirectiveKind;
  issuer: string;
  issuedOn: string;
  title: string;
  validFrom: string | null;
  validTo: string | null;
  supersededById: string | null;
}

export interface ClauseValues {
  ref: string;
  summary: string;
  fullText: string | null;
  deadline: string | null;
  authorisedActionTypes: ActionType[];
  authorisedMethods: string[];
  planDeadline: boolean;
}

const DIRECTIVE_COLUMNS = `d.id, d.number, d.kind, d.issuer, to_char(d.issued_on, 'YYYY-MM-DD') AS issued_on, d.title, d.province_code,
  to_char(d.valid_from, 'YYYY-MM-DD') AS valid_from, to_char(d.valid_to, 'YYYY-MM-DD') AS valid_to,
  d.superseded_by_id, s.number AS superseded_by_number, s.title AS superseded_by_title, d.version, d.created_at, d.updated_at`;
const DIRECTIVE_FROM = `directive d LEFT JOIN directive s ON s.id = d.superseded_by_id`;
/** The same expression as the trigram index idx_directive_search. */
const SEARCH_EXPR = `search_norm(d.number || ' ' || d.title)`;

/** A clause's columns, with the province deadlines the scope may see (all of them for national users). */
function clauseColumns(scope: ProvinceScope, params: unknown[]): string {
  const wallSql = scopeSql(scope, 'p.province_code', params);
  return `c.id, c.directive_id, d.number AS directive_number, c.ref, c.summary, c.full_text, to_char(c.deadline, 'YYYY-MM-DD') AS deadline,
    c.authorised_action_types, c.authorised_methods, c.plan_deadline, c.version, c.created_at, c.updated_at,
    coalesce((SELECT json_agg(json_build_object('provinceCode', p.province_code, 'deadline', to_char(p.deadline, 'YYYY-MM-DD')) ORDER BY p.province_code)
      FROM clause_province_deadline p WHERE p.clause_id = c.id${wallSql}), '[]'::json) AS province_deadlines`;
}
const CLAUSE_FROM = `directive_clause c JOIN directive d ON d.id = c.directive_id`;

/** National directives are visible to everyone; a provincial one only in its province (and nationally). */
function visibleIn(scope: ProvinceScope, params: unknown[]): string {
  // National directives (no province) are visible everywhere; a province's own only in it.
  const wall = scopeSql(scope, 'd.province_code', params);
  return wall ? ` AND (d.province_code IS NULL OR ${wall.slice(' AND '.length)})` : '';
}

/** True when `err` is PostgreSQL's unique violation of `constraint`. */
export function isUniqueViolation(err: unknown, constraint: string): boolean {
  const e = err as { code?: unknown; constraint?: unknown; driverError?: { code?: unknown; constraint?: unknown } };
  return (e?.code ?? e?.driverError?.code) === '23505' && (e?.constraint ?? e?.driverError?.constraint) === constraint;
}

/** All SQL about directives, their clauses and provinces' own clause deadlines; every read takes the caller's province scope. */
@Injectable()
export class DirectivesRepository {
  constructor(private readonly db: Db) {}

  async findInScope(scope: ProvinceScope, id: string): Promise<DirectiveRow | null> {
    const params: unknown[] = [id];
    const rows: DirectiveRow[] = await this.db.query(`SELECT ${DIRECTIVE_COLUMNS} FROM ${DIRECTIVE_FROM} WHERE d.id = $1${visibleIn(scope, params)}`, params);
    return rows[0] ?? null;
  }

  async lockInScope(scope: ProvinceScope, id: string): Promise<DirectiveRow | null> {
    const params: unknown[] = [id];
    const locked: unknown[] = await this.db.query(`SELECT 1 FROM directive d WHERE d.id = $1${visibleIn(scope, params)} FOR UPDATE`, params);
    return locked.length ? this.findInScope(scope, id) : null;
  }

  async numberExists(number: string): Promise<boolean> {
    return (await this.db.query(`SELECT 1 FROM directive WHERE number = $1`, [number])).length > 0;
  }

  /** Keyset page, newest first: (issued_on desc, id asc). */
  async listInScope(scope: ProvinceScope, filter: DirectiveFilter, after: [string, string] | undefined, limit: number): Promise<DirectiveRow[]> {
    const params: unknown[] = [];
    const p = (v: unknown) => `$${params.push(v)}`;
    const where: string[] = ['TRUE'];
    if (filter.province) where.push(`(d.province_code IS NULL OR d.province_code = ${p(filter.province)})`);
    if (filter.kind) where.push(`d.kind = ${p(filter.kind)}`);
    if (filter.q) where.push(containsSql(SEARCH_EXPR, p(filter.q)));
    if (after) {
      const on = p(after[0]);
      where.push(`(d.issued_on < ${on}::date OR (d.issued_on = ${on}::date AND d.id > ${p(after[1])}::uuid))`);
    }
    const wallSql = visibleIn(scope, params);
    return this.db.query(
      `SELECT ${DIRECTIVE_COLUMNS} FROM ${DIRECTIVE_FROM} WHERE ${where.join(' AND ')}${wallSql} ORDER BY d.issued_on DESC, d.id LIMIT ${p(limit + 1)}`,
      params,
    );
  }

  async insert(number: string, provinceCode: string | null, v: DirectiveValues): Promise<string> {
    const rows: { id: string }[] = await this.db.query(
      `INSERT INTO directive (number, kind, issuer, issued_on, title, province_code, valid_from, valid_to, superseded_by_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
      [number, v.kind, v.issuer, v.issuedOn, v.title, provinceCode, v.validFrom, v.validTo, v.supersededById],
    );
    return rows[0].id;
  }

  /** Optimistic update: true when the row still had `version` (then it is bumped). */
  async updateIfVersion(id: string, version: number, v: DirectiveValues): Promise<boolean> {
    const [, count] = (await this.db.query(
      `UPDATE directive SET kind = $3, issuer = $4, issued_on = $5, title = $6, valid_from = $7, valid_to = $8, superseded_by_id = $9,
         version = version + 1, updated_at = now() WHERE id = $1 AND version = $2`,
      [id, version, v.kind, v.issuer, v.issuedOn, v.title, v.validFrom, v.validTo, v.supersededById],
    )) as [unknown, number];
    return count === 1;
  }

  /** True when following superseded_by from `from` reaches `target` (so making target superseded by from would close a loop). */
  async supersessionChainReaches(from: string, target: string): Promise<boolean> {
    const rows: unknown[] = await this.db.query(
      `WITH RECURSIVE chain (id, depth) AS (
         SELECT $1::uuid, 0
         UNION ALL
         SELECT d.superseded_by_id, chain.depth + 1 FROM directive d JOIN chain ON d.id = chain.id WHERE d.superseded_by_id IS NOT NULL AND chain.depth < 1000
       ) SELECT 1 FROM chain WHERE id = $2::uuid LIMIT 1`,
      [from, target],
    );
    return rows.length > 0;
  }

  async clausesOf(scope: ProvinceScope, directiveId: string): Promise<ClauseRow[]> {
    const params: unknown[] = [directiveId];
    return this.db.query(`SELECT ${clauseColumns(scope, params)} FROM ${CLAUSE_FROM} WHERE c.directive_id = $1 ORDER BY c.ref`, params);
  }

  /** Keyset page of a directive's clauses by ref. */
  async clausePage(scope: ProvinceScope, directiveId: string, after: string | undefined, limit: number): Promise<ClauseRow[]> {
    const params: unknown[] = [directiveId];
    const columns = clauseColumns(scope, params);
    const afterSql = after === undefined ? '' : ` AND c.ref > $${params.push(after)}`;
    return this.db.query(`SELECT ${columns} FROM ${CLAUSE_FROM} WHERE c.directive_id = $1${afterSql} ORDER BY c.ref LIMIT $${params.push(limit + 1)}`, params);
  }

  async findClause(scope: ProvinceScope, directiveId: string, clauseId: string): Promise<ClauseRow | null> {
    const params: unknown[] = [clauseId, directiveId];
    const rows: ClauseRow[] = await this.db.query(`SELECT ${clauseColumns(scope, params)} FROM ${CLAUSE_FROM} WHERE c.id = $1 AND c.directive_id = $2`, params);
    return rows[0] ?? null;
  }

  /** Locks a clause: FOR UPDATE to change it, FOR SHARE to change its province deadlines (which must stay earlier than its deadline). */
  async lockClause(directiveId: string, clauseId: string, mode: 'update' | 'share'): Promise<ClauseRow | null> {
    const locked: unknown[] = await this.db.query(
      `SELECT 1 FROM directive_clause WHERE id = $1 AND directive_id = $2 FOR ${mode === 'update' ? 'UPDATE' : 'SHARE'}`,
      [clauseId, directiveId],
    );
    return locked.length ? this.findClause(NATIONAL, directiveId, clauseId) : null;
  }

  async clauseRefExists(directiveId: string, ref: string, exceptId?: string): Promise<boolean> {
    const rows: unknown[] = await this.db.query(`SELECT 1 FROM directive_clause WHERE directive_id = $1 AND ref = $2 AND id IS DISTINCT FROM $3::uuid`, [
      directiveId,
      ref,
      exceptId ?? null,
    ]);
    return rows.length > 0;
  }

  async insertClause(directiveId: string, v: ClauseValues): Promise<string> {
    const rows: { id: string }[] = await this.db.query(
      `INSERT INTO directive_clause (directive_id, ref, summary, full_text, deadline, authorised_action_types, plan_deadline, authorised_methods)
       VALUES ($1, $2, $3, $4, $5, $6::varchar(20)[], $7, $8::varchar(30)[]) RETURNING id`,
      [directiveId, v.ref, v.summary, v.fullText, v.deadline, v.authorisedActionTypes, v.planDeadline, v.authorisedMethods],
    );
    return rows[0].id;
  }

  async updateClauseIfVersion(id: string, version: number, v: ClauseValues): Promise<boolean> {
    const [, count] = (await this.db.query(
      `UPDATE directive_clause SET ref = $3, summary = $4, full_text = $5, deadline = $6, authorised_action_types = $7::varchar(20)[], plan_deadline = $8,
         authorised_methods = $9::varchar(30)[], version = version + 1, updated_at = now() WHERE id = $1 AND version = $2`,
      [id, version, v.ref, v.summary, v.fullText, v.deadline, v.authorisedActionTypes, v.planDeadline, v.authorisedMethods],
    )) as [unknown, number];
    return count === 1;
  }

  /** Provinces whose own deadline under the clause is not earlier than `deadline`. */
  async provincesWithDeadlineNotBefore(clauseId: string, deadline: string): Promise<ProvinceDeadlineRow[]> {
    return this.db.query(
      `SELECT province_code AS "provinceCode", to_char(deadline, 'YYYY-MM-DD') AS deadline FROM clause_province_deadline WHERE clause_id = $1 AND deadline >= $2::date ORDER BY province_code`,
      [clauseId, deadline],
    );
  }

  async lockProvinceDeadline(clauseId: string, provinceCode: string): Promise<ProvinceDeadlineRow | null> {
    const rows: ProvinceDeadlineRow[] = await this.db.query(
      `SELECT province_code AS "provinceCode", to_char(deadline, 'YYYY-MM-DD') AS deadline FROM clause_province_deadline WHERE clause_id = $1 AND province_code = $2 FOR UPDATE`,
      [clauseId, provinceCode],
    );
    return rows[0] ?? null;
  }

  async upsertProvinceDeadline(clauseId: string, provinceCode: string, deadline: string): Promise<void> {
    await this.db.query(
      `INSERT INTO clause_province_deadline (clause_id, province_code, deadline) VALUES ($1, $2, $3)
       ON CONFLICT (clause_id, province_code) DO UPDATE SET deadline = EXCLUDED.deadline`,
      [clauseId, provinceCode, deadline],
    );
  }

  async deleteProvinceDeadline(clauseId: string, provinceCode: string): Promise<void> {
    await this.db.query(`DELETE FROM clause_province_deadline WHERE clause_id = $1 AND province_code = $2`, [clauseId, provinceCode]);
  }
}
