import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { RequestContext } from '../../auth/auth-user';
import { SYSTEM_USER_ID } from '../../auth/auth-user';
import { conflict } from '../../common/errors';
import type { Tx } from '../../database/transaction';
import type { NewEvent } from '../../events/events.repository';
import type { Era, Level } from '../../units/admin-unit.entity';
import { ASSET_COLUMNS, ASSET_FROM, type AssetRow } from '../assets.repository';
import type { ImportedAsset, PlannedWrite, UnitRef } from './asset-import-planner';

/** PostgreSQL unique_violation on the asset code. */
function isCodeTaken(err: unknown): boolean {
  const e = err as { code?: string; constraint?: string; driverError?: { code?: string; constraint?: string } };
  return (e.code ?? e.driverError?.code) === '23505' && (e.constraint ?? e.driverError?.constraint) === 'uq_asset_code';
}

/** Serialises spreadsheet imports of assets (two at once could update the same rows in opposite orders). */
const ASSET_IMPORT_LOCK_KEY = 2025070102;

/** The stored columns an import writes, with their SQL types. */
const WRITE_COLUMNS: readonly (readonly [keyof ImportedAsset, string])[] = [
  ['name', 'text'], ['category', 'text'], ['current_unit_id', 'int'], ['province_code', 'text'], ['origin_unit_id', 'int'], ['custodian_id', 'uuid'],
  ['address', 'text'], ['latitude', 'numeric'], ['longitude', 'numeric'], ['land_area', 'numeric'], ['floor_area', 'numeric'], ['year_built', 'int'],
  ['original_cost', 'bigint'], ['remaining_value', 'bigint'], ['land_certificate_no', 'text'], ['land_use_category', 'text'], ['condition', 'text'],
  ['notes', 'text'], ['status', 'text'], ['surplus_since', 'date'], ['surplus_reason', 'text'], ['surplus_basis', 'text'],
];
const COLUMN_NAMES = WRITE_COLUMNS.map(([c]) => c).join(', ');
/** The record type json_to_recordset reads a batch as. */
const RECORD_TYPE = WRITE_COLUMNS.map(([c, type]) => `${c} ${type}`).join(', ');
/**
 * A batch as one JSON parameter: JSON.stringify is native and PostgreSQL parses it in one pass, where
 * one array parameter per column cost node-postgres a JavaScript escape per value (a tenth of the
 * import's CPU). Money (bigint) travels as strings, so no value passes through a float.
 */
const recordset = <T>(rows: T[], pick: (row: T) => Record<string, unknown>) => JSON.stringify(rows.map(pick));
const columnsOf = (a: ImportedAsset) => Object.fromEntries(WRITE_COLUMNS.map(([c]) => [c, a[c]]));

/** All SQL of the spreadsheet import: bulk look-ups by code and multi-row writes, one statement per batch. */
@Injectable()
export class AssetImportRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** Units by (era, level, code), in one query. */
  findUnits(keys: { era: Era; level: Level; code: string }[]): Promise<UnitRef[]> {
    if (keys.length === 0) return Promise.resolve([]);
    return this.ds.query(
      `SELECT u.id, u.era, u.level, u.code, u.province_code
       FROM unnest($1::text[], $2::text[], $3::text[]) AS k(era, level, code)
       JOIN admin_unit u ON u.era = k.era AND u.level = k.level AND u.code = k.code`,
      [keys.map((k) => k.era), keys.map((k) => k.level), keys.map((k) => k.code)],
    );
  }

  /** Which of these land-use category codes exist. */
  async existingLandUseCategories(codes: string[]): Promise<string[]> {
    if (codes.length === 0) return [];
    const rows: { code: string }[] = await this.ds.query(`SELECT code FROM land_use_category WHERE code = ANY($1::text[])`, [codes]);
    return rows.map((r) => r.code);
  }

  /** The assets stored under these codes, in any province: the import checks scope itself, to name the rows it refuses. */
  findAssetsByCodes(codes: string[]): Promise<AssetRow[]> {
    if (codes.length === 0) return Promise.resolve([]);
    return this.ds.query(`SELECT ${ASSET_COLUMNS} FROM ${ASSET_FROM} WHERE a.code = ANY($1::text[])`, [codes]);
  }

  async lockAssetImports(tx: Tx): Promise<void> {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [ASSET_IMPORT_LOCK_KEY]);
    // A larger pending list lets the trigram (GIN) index take the import's rows in bulk instead of
    // one by one (measured +25-50 % on the asset inserts); it applies to this transaction only.
    await tx.query(`SET LOCAL gin_pending_list_limit = '64MB'`);
  }

  /** Inserts new assets in one statement and returns their ids by code; a code someone else took meanwhile is a 409 (the statement fails). */
  async insertAssets(tx: Tx, writes: PlannedWrite[]): Promise<Map<string, string>> {
    if (writes.length === 0) return new Map();
    try {
      const rows: { id: string; code: string }[] = await tx.query(
        `INSERT INTO asset (code, ${COLUMN_NAMES}, version)
         SELECT code, ${COLUMN_NAMES}, version FROM json_to_recordset($1::json) AS v(code text, ${RECORD_TYPE}, version int)
         RETURNING id, code`,
        [recordset(writes, (w) => ({ code: w.asset.code, ...columnsOf(w.asset), version: 1 + w.bump }))],
      );
      return new Map(rows.map((r) => [r.code, r.id]));
    } catch (err) {
      if (isCodeTaken(err)) throw conflict('import-conflict', 'While the file was being checked, someone else recorded an asset under one of its new codes; nothing was imported: import the file again');
      throw err;
    }
  }

  /** Updates stored assets in one statement, each only if still at the version it was read at; returns how many were. */
  async updateAssets(tx: Tx, writes: PlannedWrite[]): Promise<number> {
    if (writes.length === 0) return 0;
    const set = WRITE_COLUMNS.map(([c]) => `${c} = v.${c}`).join(', ');
    const [, count] = (await tx.query(
      `UPDATE asset a SET ${set}, version = a.version + v.bump, updated_at = now()
       FROM json_to_recordset($1::json) AS v(id uuid, version int, bump int, ${RECORD_TYPE})
       WHERE a.id = v.id AND a.version = v.version`,
      [recordset(writes, (w) => ({ id: w.id, version: w.version, bump: w.bump, ...columnsOf(w.asset) }))],
    )) as [unknown, number];
    return count;
  }

  /** Records the import's surplus declarations in the projection the reports read (one statement). */
  async recordSurplusDeclarations(tx: Tx, writes: PlannedWrite[]): Promise<void> {
    const declared = writes.filter((w) => w.surplus && w.id);
    if (declared.length === 0) return;
    await tx.query(
      `INSERT INTO surplus_declaration (asset_id, province_code, since, reason, declared_recorded_at)
       SELECT v.id, v.province_code, v.since, v.reason, now() FROM unnest($1::uuid[], $2::text[], $3::date[], $4::text[]) AS v(id, province_code, since, reason)`,
      [declared.map((w) => w.id), declared.map((w) => w.asset.province_code), declared.map((w) => w.asset.surplus_since), declared.map((w) => w.asset.surplus_reason)],
    );
  }

  /**
   * Events are staged in a temporary table (dropped at commit) batch by batch while the file is
   * read, and appended to the log in one statement at the end: the process keeps no event in memory
   * (holding 110,000 of them made the garbage collector a third of the import's CPU), and the
   * chain's lock is still taken only after every row lock the import needs.
   */
  async createEventStage(tx: Tx): Promise<void> {
    await tx.query(`CREATE TEMPORARY TABLE asset_import_event (n bigserial, entity_id text NOT NULL, action text NOT NULL, before jsonb, after jsonb) ON COMMIT DROP`);
  }

  /** Stages one batch's events, in order. */
  async stageEvents(tx: Tx, events: NewEvent[]): Promise<void> {
    if (events.length === 0) return;
    await tx.query(
      `INSERT INTO asset_import_event (entity_id, action, before, after)
       SELECT e.value->>'id', e.value->>'action', e.value->'before', e.value->'after' FROM json_array_elements($1::json) WITH ORDINALITY AS e(value, i) ORDER BY e.i`,
      [JSON.stringify(events.map((e) => ({ id: String(e.entityId), action: e.action, before: e.before ?? null, after: e.after ?? null })))],
    );
  }

  /** Appends the staged events to the log in staging order; the trigger numbers and hash-chains each row. */
  async appendStagedEvents(tx: Tx, ctx: RequestContext): Promise<void> {
    await tx.query(
      `INSERT INTO event (actor_id, request_id, entity_type, entity_id, action, before, after)
       SELECT $1::uuid, $2, 'asset', entity_id, action, nullif(before, 'null'::jsonb), nullif(after, 'null'::jsonb) FROM asset_import_event ORDER BY n`,
      [ctx.user.id === SYSTEM_USER_ID ? null : ctx.user.id, ctx.requestId.slice(0, 128)],
    );
  }
}
