import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { RequestContext } from '../../common/auth-user';
import { SYSTEM_USER_ID } from '../../common/auth-user';
import { DomainError } from '../../common/errors';
import type { Localized } from '../../common/localized';
import { copyLine } from '../../database/copy-text';
import { DedicatedConnections } from '../../database/dedicated-pool';
import { Db } from '../../database/transaction';
import type { NewEvent } from '../../events/events.repository';
import type { Era, Level } from '../../schema/vocabulary';
import { ASSET_COLUMNS, ASSET_FROM, type AssetRow } from '../assets.repository';
import type { ImportedAsset, PlannedWrite, UnitRef } from './asset-import-planner';

/** PostgreSQL unique_violation on the asset code. */
function isCodeTaken(err: unknown): boolean {
  const e = err as { code?: string; constraint?: string; driverError?: { code?: string; constraint?: string } };
  return (e.code ?? e.driverError?.code) === '23505' && (e.constraint ?? e.driverError?.constraint) === 'uq_asset_code';
}

/** Serialises spreadsheet imports of assets (two at once could update the same rows in opposite orders). */
const ASSET_IMPORT_LOCK_KEY = 2025070102;
/** The search index's pending list an import may fill (about 1.3 KB a row: 100,000 rows take 130 MB, the default 50 MB upload limit at most ~400 MB). */
const PENDING_LIST_LIMIT = '2GB';

/** The stored columns an import writes, with their SQL types. */
const WRITE_COLUMNS: readonly (readonly [keyof ImportedAsset, string])[] = [
  ['name', 'text'],
  ['category', 'text'],
  ['current_unit_id', 'int'],
  ['province_code', 'text'],
  ['origin_unit_id', 'int'],
  ['custodian_id', 'uuid'],
  ['address', 'text'],
  ['latitude', 'numeric'],
  ['longitude', 'numeric'],
  ['land_area', 'numeric'],
  ['floor_area', 'numeric'],
  ['year_built', 'int'],
  ['original_cost', 'bigint'],
  ['remaining_value', 'bigint'],
  ['land_certificate_no', 'text'],
  ['land_use_category', 'text'],
  ['condition', 'text'],
  ['notes', 'text'],
  ['status', 'text'],
  ['surplus_since', 'date'],
  ['surplus_reason', 'text'],
  ['surplus_basis', 'text'],
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
/** Empties both scratch tables of the import's stage (see the BulkWrites migration). */
const STAGE_CLEAR = `TRUNCATE asset_import_row_stage, asset_import_event_stage RESTART IDENTITY`;

/** All SQL of the spreadsheet import: bulk look-ups by code and multi-row writes, one statement per batch. */
@Injectable()
export class AssetImportRepository {
  constructor(
    private readonly db: Db,
    private readonly dedicated: DedicatedConnections,
  ) {}

  /** Units by (era, level, code), in one query. */
  findUnits(keys: { era: Era; level: Level; code: string }[]): Promise<UnitRef[]> {
    if (keys.length === 0) return Promise.resolve([]);
    return this.db.query(
      `SELECT u.id, u.era, u.level, u.code, u.province_code
       FROM unnest($1::text[], $2::text[], $3::text[]) AS k(era, level, code)
       JOIN admin_unit u ON u.era = k.era AND u.level = k.level AND u.code = k.code`,
      [keys.map((k) => k.era), keys.map((k) => k.level), keys.map((k) => k.code)],
    );
  }

  /** Which of these land-use category codes exist. */
  async existingLandUseCategories(codes: string[]): Promise<string[]> {
    if (codes.length === 0) return [];
    const rows: { code: string }[] = await this.db.query(`SELECT code FROM land_use_category WHERE code = ANY($1::text[])`, [codes]);
    return rows.map((r) => r.code);
  }

  /** Every land-use category, by code: the template's drop-down list. */
  landUseCategories(): Promise<{ code: string; name_vi: string; name_en: string }[]> {
    return this.db.query(`SELECT code, name_vi, name_en FROM land_use_category ORDER BY code`, []);
  }

  /** The assets stored under these codes, in any province: the import checks scope itself, to name the rows it refuses. */
  findAssetsByCodes(codes: string[]): Promise<AssetRow[]> {
    if (codes.length === 0) return Promise.resolve([]);
    return this.db.query(`SELECT ${ASSET_COLUMNS} FROM ${ASSET_FROM} WHERE a.code = ANY($1::text[])`, [codes]);
  }

  async lockAssetImports(): Promise<void> {
    // Waiting behind another import is expected, and may take longer than a statement may run
    // (DB_STATEMENT_TIMEOUT_MS; a 300,000-row import runs about a minute): no limit on the wait, the
    // connection's own back for the import's statements.
    await this.db.query('SET LOCAL statement_timeout = 0');
    await this.db.query('SELECT pg_advisory_xact_lock($1)', [ASSET_IMPORT_LOCK_KEY]);
    await this.db.query('SET LOCAL statement_timeout = DEFAULT');
    // The trigram (GIN) index takes the import's rows into its pending list, in bulk, instead of one
    // by one into the index proper (+25-50 % on the asset inserts). The list is large enough for any
    // upload, so the transaction does not stop to merge it (3.5 s of a 100,000-row import);
    // SearchIndexMerge merges it once the import has committed. This transaction only.
    await this.db.query(`SET LOCAL gin_pending_list_limit = '${PENDING_LIST_LIMIT}'`);
  }

  /** Merges the asset search index's pending list into the index proper; returns the pages it emptied. */
  async mergePendingSearchEntries(): Promise<number> {
    const [row]: { pages: string }[] = await this.db.query(`SELECT gin_clean_pending_list('idx_asset_search'::regclass) AS pages`);
    return Number(row.pages);
  }

  /**
   * Inserts a batch of new assets, staged beforehand (ImportStage.stageRows), in one statement and
   * returns their ids by code; a code someone else took meanwhile is a 409 (the statement fails).
   */
  async insertStagedAssets(batch: number): Promise<Map<string, string>> {
    try {
      const rows: { id: string; code: string }[] = await this.db.query(
        `INSERT INTO asset (code, ${COLUMN_NAMES}, version)
         SELECT code, ${COLUMN_NAMES}, version FROM asset_import_row_stage WHERE batch = $1
         RETURNING id, code`,
        [batch],
      );
      return new Map(rows.map((r) => [r.code, r.id]));
    } catch (err) {
      if (isCodeTaken(err)) {
        throw importConflict({
          vi: 'người khác đã ghi nhận một tài sản với một trong các mã mới của tệp',
          en: 'someone else recorded an asset under one of its new codes',
        });
      }
      throw err;
    }
  }

  /** Updates stored assets in one statement, each only if still at the version it was read at; returns how many were. */
  async updateAssets(writes: PlannedWrite[]): Promise<number> {
    if (writes.length === 0) return 0;
    const set = WRITE_COLUMNS.map(([c]) => `${c} = v.${c}`).join(', ');
    const [, count] = (await this.db.query(
      `UPDATE asset a SET ${set}, version = a.version + v.bump, updated_at = now()
       FROM json_to_recordset($1::json) AS v(id uuid, version int, bump int, ${RECORD_TYPE})
       WHERE a.id = v.id AND a.version = v.version`,
      [recordset(writes, (w) => ({ id: w.id, version: w.version, bump: w.bump, ...columnsOf(w.asset) }))],
    )) as [unknown, number];
    return count;
  }

  /** Records the import's surplus declarations in the projection the reports read (one statement). */
  async recordSurplusDeclarations(writes: PlannedWrite[]): Promise<void> {
    const declared = writes.filter((w) => w.surplus && w.id);
    if (declared.length === 0) return;
    await this.db.query(
      `INSERT INTO surplus_declaration (asset_id, province_code, since, reason, declared_recorded_at)
       SELECT v.id, v.province_code, v.since, v.reason, now() FROM unnest($1::uuid[], $2::text[], $3::date[], $4::text[]) AS v(id, province_code, since, reason)`,
      [
        declared.map((w) => w.id),
        declared.map((w) => w.asset.province_code),
        declared.map((w) => w.asset.surplus_since),
        declared.map((w) => w.asset.surplus_reason),
      ],
    );
  }

  /**
   * Opens the import's stage: a dedicated connection (DedicatedConnections, not the main pool), outside the import's transaction, that copies each
   * batch's new rows (into typed columns) and events (into jsonb) into scratch tables while the
   * transaction writes the batch before (parsing them in the transaction cost its backend a third of
   * the import). The transaction inserts the assets from there and appends the events to the log at
   * the end, so the process keeps no event in memory and the chain's lock is taken after every row
   * lock the import needs. Call it holding the import lock: one import at a time uses the stage, and it
   * starts empty.
   */
  async openStage(): Promise<ImportStage> {
    const client = await this.dedicated.connect();
    try {
      await client.query(STAGE_CLEAR);
      return new ImportStage(client);
    } catch (err) {
      client.release(true);
      throw err;
    }
  }

  /**
   * Appends the staged events to the log in staging order (the trigger numbers and hash-chains each
   * row) and empties the stage, both in the import's transaction: the stage is emptied only if the
   * import commits, and a rolled-back import's leftovers are cleared when the next one opens its own.
   */
  async appendStagedEvents(ctx: RequestContext): Promise<void> {
    await this.db.query(
      `INSERT INTO event (actor_id, request_id, entity_type, entity_id, action, before, after)
       SELECT $1::uuid, $2, 'asset', entity_id, action, nullif(before, 'null'::jsonb), nullif(after, 'null'::jsonb) FROM asset_import_event_stage ORDER BY n`,
      [ctx.user.id === SYSTEM_USER_ID ? null : ctx.user.id, ctx.requestId.slice(0, 128)],
    );
    await this.db.query(STAGE_CLEAR);
  }
}

/**
 * The connection an import stages its rows and events through (see AssetImportRepository.openStage).
 * Rows and events travel by COPY: the server parsed the same batches sent as one JSON parameter
 * (json_to_recordset) three times slower, 5.6 s against 1.7 s for a 100,000-row import's events.
 * Each call commits on its own. Calls may overlap (the import pipelines them); they run one after the
 * other in call order, queued here rather than in node-postgres (whose own queue is deprecated).
 */
export class ImportStage {
  private tail: Promise<unknown> = Promise.resolve();

  constructor(private readonly client: PoolClient) {}

  /** Copies rows (COPY text format) into a stage table once the calls before it are done. */
  private copy(sql: string, text: string): Promise<unknown> {
    const run = this.tail.then(() => pipeline(Readable.from([Buffer.from(text)]), this.client.query(copyFrom(sql))));
    this.tail = run.catch(() => undefined);
    return run;
  }

  /** Stages one batch of new assets under its number, for AssetImportRepository.insertStagedAssets. */
  async stageRows(batch: number, writes: PlannedWrite[]): Promise<void> {
    let text = '';
    for (const w of writes) text += copyLine([batch, w.asset.code, ...WRITE_COLUMNS.map(([c]) => w.asset[c]), 1 + w.bump]);
    await this.copy(`COPY asset_import_row_stage (batch, code, ${COLUMN_NAMES}, version) FROM STDIN`, text);
  }

  /** Stages one batch's events, in order (the stage numbers them as they arrive). */
  async stageEvents(events: NewEvent[]): Promise<void> {
    if (events.length === 0) return;
    let text = '';
    for (const e of events) text += copyLine([String(e.entityId), e.action, e.before ?? null, e.after ?? null]);
    await this.copy('COPY asset_import_event_stage (entity_id, action, before, after) FROM STDIN', text);
  }

  async close(): Promise<void> {
    await this.tail;
    this.client.release();
  }
}

/** 409 `import-conflict`: someone changed what the file was checked against while it was checked (`what` happened); nothing was written. */
export const importConflict = (what: Localized): DomainError =>
  new DomainError('import-conflict', {
    vi: `Trong lúc tệp đang được kiểm tra, ${what.vi}; không có gì được nhập: hãy nhập lại tệp`,
    en: `While the file was being checked, ${what.en}; nothing was imported: import the file again`,
  });
