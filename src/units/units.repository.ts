import { Injectable } from '@nestjs/common';
import { Db } from '../database/transaction';
import type { Era, Level } from '../schema/vocabulary';
import type { ParsedClause, ParsedSuccession, ParsedUnit } from './units-import';

/** A unit row as the read queries return it, with its parent's code. */
export interface UnitRow {
  id: number;
  era: Era;
  level: Level;
  code: string;
  name: string;
  kind: string;
  parent_code: string | null;
  parent_level: Level | null;
  province_code: string;
  valid_from: string | null;
  valid_to: string | null;
  is_mountainous: boolean;
  is_remote: boolean;
  is_island: boolean;
  is_ethnic_minority: boolean;
  version: number;
}

export interface SuccessionRow {
  old_id: number;
  new_id: number;
  share: 'full' | 'partial';
  legal_basis: string | null;
  clause: string | null;
  clause_text: string | null;
}

export interface UnitListFilter {
  era?: Era;
  level?: Level;
  parentLevel?: Level;
  parentCode?: string;
  province?: string;
  q?: string;
}

export interface UnitFlags {
  isMountainous?: boolean;
  isRemote?: boolean;
  isIsland?: boolean;
  isEthnicMinority?: boolean;
}

export interface UpsertCounts {
  inserted: number;
  updated: number;
  unchanged: number;
}

const UNIT_COLUMNS = `u.id, u.era, u.level, u.code, u.name, u.kind, p.code AS parent_code, p.level AS parent_level, u.province_code,
  to_char(u.valid_from, 'YYYY-MM-DD') AS valid_from, to_char(u.valid_to, 'YYYY-MM-DD') AS valid_to,
  u.is_mountainous, u.is_remote, u.is_island, u.is_ethnic_minority, u.version`;
const FROM_UNITS = `admin_unit u LEFT JOIN admin_unit p ON p.id = u.parent_id`;
const SUCCESSION_COLUMNS = `s.old_unit_id AS old_id, s.new_unit_id AS new_id, s.share, s.legal_basis, s.clause, c.text AS clause_text`;
const FROM_SUCCESSIONS = `unit_succession s LEFT JOIN succession_clause c ON c.document = s.legal_basis AND c.clause = s.clause`;
/** Serialises concurrent imports. */
const IMPORT_LOCK_KEY = 2025070101;

/** All SQL about administrative units and their succession. Units are national reference data. */
@Injectable()
export class UnitsRepository {
  constructor(private readonly db: Db) {}

  async newProvinceExists(code: string): Promise<boolean> {
    const rows: unknown[] = await this.db.query(`SELECT 1 FROM admin_unit WHERE era = 'new' AND level = 'province' AND code = $1`, [code]);
    return rows.length > 0;
  }

  async findByKey(era: Era, level: Level, code: string): Promise<UnitRow | null> {
    const rows: UnitRow[] = await this.db.query(`SELECT ${UNIT_COLUMNS} FROM ${FROM_UNITS} WHERE u.era = $1 AND u.level = $2 AND u.code = $3`, [
      era,
      level,
      code,
    ]);
    return rows[0] ?? null;
  }

  /** The new-era province that took an old-era province (provinces merged whole, so there is one). */
  async newProvinceForOld(oldProvinceCode: string): Promise<string | null> {
    const rows: { code: string }[] = await this.db.query(
      `SELECT n.code FROM admin_unit o JOIN unit_succession s ON s.old_unit_id = o.id JOIN admin_unit n ON n.id = s.new_unit_id
       WHERE o.era = 'old' AND o.level = 'province' AND o.code = $1 ORDER BY s.share, n.code LIMIT 1`,
      [oldProvinceCode],
    );
    return rows[0]?.code ?? null;
  }

  async findByIds(ids: number[]): Promise<UnitRow[]> {
    if (ids.length === 0) return [];
    return this.db.query(`SELECT ${UNIT_COLUMNS} FROM ${FROM_UNITS} WHERE u.id = ANY($1::int[])`, [ids]);
  }

  /** Keyset page in (era, level, code) order. */
  async list(filter: UnitListFilter, after: [string, string, string] | undefined, limit: number): Promise<UnitRow[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, ...values: unknown[]) => {
      const start = params.length;
      params.push(...values);
      where.push(sql.replace(/\$(\d+)/g, (_, n: string) => `$${start + Number(n)}`));
    };
    if (filter.era) add('u.era = $1', filter.era);
    if (filter.level) add('u.level = $1', filter.level);
    if (filter.province) add('u.province_code = $1', filter.province);
    if (filter.parentCode) add('p.code = $1 AND p.level = $2', filter.parentCode, filter.parentLevel);
    if (filter.q) add(`search_norm(u.name) LIKE '%' || search_norm($1) || '%'`, filter.q);
    if (after) add('(u.era, u.level, u.code) > ($1, $2, $3)', ...after);
    params.push(limit + 1);
    return this.db.query(
      `SELECT ${UNIT_COLUMNS} FROM ${FROM_UNITS} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY u.era, u.level, u.code LIMIT $${params.length}`,
      params,
    );
  }

  /** Succession rows leaving the given old units (provinces or communes). */
  successionsFrom(oldIds: number[]): Promise<SuccessionRow[]> {
    return this.db.query(`SELECT ${SUCCESSION_COLUMNS} FROM ${FROM_SUCCESSIONS} WHERE s.old_unit_id = ANY($1::int[]) ORDER BY s.new_unit_id, s.old_unit_id`, [
      oldIds,
    ]);
  }

  /** Succession rows arriving at one new unit. */
  successionsTo(newId: number): Promise<SuccessionRow[]> {
    return this.db.query(`SELECT ${SUCCESSION_COLUMNS} FROM ${FROM_SUCCESSIONS} WHERE s.new_unit_id = $1 ORDER BY s.old_unit_id`, [newId]);
  }

  async childIds(parentId: number): Promise<number[]> {
    const rows: { id: number }[] = await this.db.query(`SELECT id FROM admin_unit WHERE parent_id = $1 ORDER BY code`, [parentId]);
    return rows.map((r) => r.id);
  }

  async lockForUpdate(era: Era, level: Level, code: string): Promise<UnitRow | null> {
    await this.db.query(`SELECT 1 FROM admin_unit WHERE era = $1 AND level = $2 AND code = $3 FOR UPDATE`, [era, level, code]);
    return this.findByKey(era, level, code);
  }

  async updateFlagsIfVersion(id: number, version: number, flags: UnitFlags): Promise<boolean> {
    const res: [unknown[], number] = await this.db.query(
      `UPDATE admin_unit SET
         is_mountainous = coalesce($3, is_mountainous), is_remote = coalesce($4, is_remote),
         is_island = coalesce($5, is_island), is_ethnic_minority = coalesce($6, is_ethnic_minority),
         version = version + 1, updated_at = now()
       WHERE id = $1 AND version = $2`,
      [id, version, flags.isMountainous ?? null, flags.isRemote ?? null, flags.isIsland ?? null, flags.isEthnicMinority ?? null],
    );
    return res[1] === 1;
  }

  async lockImports(): Promise<void> {
    await this.db.query('SELECT pg_advisory_xact_lock($1)', [IMPORT_LOCK_KEY]);
  }

  /** Inserts new units, updates changed ones, then links parents. Disadvantaged-area flags are never touched. */
  async upsertUnits(units: ParsedUnit[]): Promise<UpsertCounts> {
    await this.db.query(`CREATE TEMP TABLE import_unit (era text, level text, code text, name text, kind text, parent_level text, parent_code text,
      province_code text, valid_from date, valid_to date) ON COMMIT DROP`);
    const col = <K extends keyof ParsedUnit>(k: K) => units.map((u) => u[k]);
    await this.db.query(
      `INSERT INTO import_unit SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::date[], $10::date[])`,
      [
        col('era'),
        col('level'),
        col('code'),
        col('name'),
        col('kind'),
        col('parentLevel'),
        col('parentCode'),
        col('provinceCode'),
        col('validFrom'),
        col('validTo'),
      ],
    );
    const inserted: { id: number }[] = await this.db.query(
      `INSERT INTO admin_unit (era, level, code, name, kind, province_code, valid_from, valid_to)
       SELECT i.era, i.level, i.code, i.name, i.kind, i.province_code, i.valid_from, i.valid_to FROM import_unit i
       ON CONFLICT (era, level, code) DO NOTHING RETURNING id`,
    );
    const [changed] = (await this.db.query(
      `UPDATE admin_unit a SET name = i.name, kind = i.kind, province_code = i.province_code, valid_from = i.valid_from, valid_to = i.valid_to,
         version = a.version + 1, updated_at = now()
       FROM import_unit i WHERE a.era = i.era AND a.level = i.level AND a.code = i.code
         AND (a.name, a.kind, a.province_code, a.valid_from, a.valid_to) IS DISTINCT FROM (i.name, i.kind, i.province_code, i.valid_from, i.valid_to)
       RETURNING a.id`,
    )) as [{ id: number }[], number];
    const [reparented] = (await this.db.query(
      `UPDATE admin_unit a SET parent_id = p.id
       FROM import_unit i JOIN admin_unit p ON p.era = i.era AND p.level = i.parent_level AND p.code = i.parent_code
       WHERE a.era = i.era AND a.level = i.level AND a.code = i.code AND a.parent_id IS DISTINCT FROM p.id
       RETURNING a.id`,
    )) as [{ id: number }[], number];
    const insertedIds = new Set(inserted.map((r) => r.id));
    const updatedIds = new Set([...changed, ...reparented].map((r) => r.id).filter((id) => !insertedIds.has(id)));
    return { inserted: insertedIds.size, updated: updatedIds.size, unchanged: units.length - insertedIds.size - updatedIds.size };
  }

  async upsertClauses(clauses: ParsedClause[]): Promise<UpsertCounts> {
    const rows: { inserted: boolean }[] = await this.db.query(
      `INSERT INTO succession_clause (document, clause, text) SELECT * FROM unnest($1::text[], $2::text[], $3::text[])
       ON CONFLICT (document, clause) DO UPDATE SET text = excluded.text WHERE succession_clause.text IS DISTINCT FROM excluded.text
       RETURNING (xmax = 0) AS inserted`,
      [clauses.map((c) => c.document), clauses.map((c) => c.clause), clauses.map((c) => c.text)],
    );
    return countUpsert(rows, clauses.length);
  }

  async upsertSuccessions(successions: ParsedSuccession[]): Promise<UpsertCounts> {
    const col = <K extends keyof ParsedSuccession>(k: K) => successions.map((s) => s[k]);
    const rows: { inserted: boolean }[] = await this.db.query(
      `INSERT INTO unit_succession (old_unit_id, new_unit_id, share, legal_basis, clause)
       SELECT o.id, n.id, i.share, i.legal_basis, i.clause
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) AS i(level, old_code, new_code, share, legal_basis, clause)
       JOIN admin_unit o ON o.era = 'old' AND o.level = i.level AND o.code = i.old_code
       JOIN admin_unit n ON n.era = 'new' AND n.level = i.level AND n.code = i.new_code
       ON CONFLICT (old_unit_id, new_unit_id) DO UPDATE SET share = excluded.share, legal_basis = excluded.legal_basis, clause = excluded.clause
         WHERE (unit_succession.share, unit_succession.legal_basis, unit_succession.clause) IS DISTINCT FROM (excluded.share, excluded.legal_basis, excluded.clause)
       RETURNING (xmax = 0) AS inserted`,
      [col('level'), col('oldCode'), col('newCode'), col('share'), col('legalBasis'), col('clause')],
    );
    return countUpsert(rows, successions.length);
  }
}

function countUpsert(rows: { inserted: boolean }[], total: number): UpsertCounts {
  const inserted = rows.filter((r) => r.inserted).length;
  return { inserted, updated: rows.length - inserted, unchanged: total - rows.length };
}
