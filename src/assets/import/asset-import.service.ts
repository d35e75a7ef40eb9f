import { Inject, Injectable } from '@nestjs/common';
import { AgenciesRepository, type AgencyRow } from '../../agencies/agencies.repository';
import type { AuthUser, RequestContext } from '../../common/auth-user';
import { APP_CONFIG, type AppConfig } from '../../common/config';
import type { Lang } from '../../common/language';
import { todayInVietnam } from '../../common/dates';
import { scopeOf } from '../../common/scope';
import { Transactions } from '../../database/transaction';
import type { Era, Level } from '../../schema/vocabulary';
import type { AssetRow } from '../assets.repository';
import { type ImportLookups, type PlannedWrite, planRow, type UnitRef } from './asset-import-planner';
import { AssetImportQueryDto, AssetImportResultDto } from './asset-import.dto';
import { AssetImportRepository } from './asset-import.repository';
import { AssetImportWriter } from './asset-import.writer';
import {
  AssetRowParser,
  ImportFileError,
  importRejected,
  type ImportRowError,
  MAX_REPORTED_ERRORS,
  type ParsedAssetRow,
  parseHeader,
} from './asset-row-parser';
import { buildTemplate, templateFileName } from './asset-template';
import { IMPORT_MESSAGES as M } from './import-messages';
import { SearchIndexMerge } from './search-index-merge';
import { type ArrivingUpload, fileTooLarge, type SheetUpload } from './sheet-reader';
import { importTooLarge, type SheetLimits, sheetLimitsOf } from './sheet-limits';

/** Rows checked against the database (and then written) per round of bulk look-ups. */
const BATCH = 2000;

/** What an import has found so far: the counts and the errors of the lowest lines. */
class ImportTally {
  rows = 0;
  created = 0;
  updated = 0;
  unchanged = 0;
  surplusDeclared = 0;
  rejected = 0;
  errorCount = 0;
  readonly errors: ImportRowError[] = [];

  constructor(
    readonly dryRun: boolean,
    readonly partial: boolean,
  ) {}

  /** Whether checked rows are written: never in a dry run, and not once a row is refused unless partial. */
  get writing(): boolean {
    return !this.dryRun && (this.partial || this.errorCount === 0);
  }

  reject(errors: ImportRowError[]): void {
    this.rejected++;
    this.errorCount += errors.length;
    for (const e of errors) this.keep(e);
  }

  /** Keeps the errors of the lowest lines, in line order (they arrive nearly sorted: format errors first, references per batch). */
  private keep(e: ImportRowError): void {
    const list = this.errors;
    if (list.length >= MAX_REPORTED_ERRORS && list[list.length - 1].line <= e.line) return;
    let at = list.length;
    while (at > 0 && list[at - 1].line > e.line) at--;
    list.splice(at, 0, e);
    if (list.length > MAX_REPORTED_ERRORS) list.pop();
  }

  /** The answer, its row errors in `lang`. */
  result(durationMs: number, lang: Lang): AssetImportResultDto {
    const errors = this.errors.map((e) => ({ line: e.line, field: e.field, message: e.message[lang] }));
    return {
      dryRun: this.dryRun,
      partial: this.partial,
      rows: this.rows,
      created: this.created,
      updated: this.updated,
      unchanged: this.unchanged,
      surplusDeclared: this.surplusDeclared,
      rejected: this.rejected,
      errors,
      errorCount: this.errorCount,
      errorsOmitted: this.errorCount - this.errors.length,
      durationMs,
    };
  }
}

/** Units, agencies and land-use categories by code, looked up in bulk once per batch and remembered for the next ones. */
class ReferenceCache {
  readonly units = new Map<string, UnitRef | null>();
  readonly agencies = new Map<string, AgencyRow | null>();
  readonly landUse = new Map<string, boolean>();

  static unitKey = (era: Era, level: Level, code: string) => `${era}|${level}|${code}`;
}

const NEW_LEVEL = (code: string): Level => (code.length === 5 ? 'commune' : 'province');
const OLD_LEVEL: Record<number, Level> = { 2: 'province', 3: 'district', 5: 'commune' };

/**
 * The spreadsheet import of assets. The file is read as a stream (an import: from the temporary file
 * it was first received into, so the import lock is not held while it arrives) and checked in batches (bulk
 * look-ups by code); a real import runs in one transaction, writing each checked batch while the next
 * is read, and the events last. A refused row (unless partial) or a failure rolls everything back.
 */
@Injectable()
export class AssetImportService {
  private readonly limits: SheetLimits;

  constructor(
    private readonly repo: AssetImportRepository,
    private readonly agencies: AgenciesRepository,
    private readonly tx: Transactions,
    private readonly searchIndex: SearchIndexMerge,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.limits = sheetLimitsOf(config);
  }

  /**
   * Imports (or with dry_run checks) the file. Row errors are written in both languages: a 200 answer
   * gives them in `lang`; a 422 problem carries both, and the problem filter answers in the same
   * Accept-Language.
   */
  async importFile(ctx: RequestContext, arriving: ArrivingUpload, query: AssetImportQueryDto, lang: Lang): Promise<AssetImportResultDto> {
    const started = Date.now();
    const tally = new ImportTally(query.dry_run ?? false, query.partial ?? false);
    const run = async (upload: SheetUpload, writer: AssetImportWriter | null): Promise<AssetImportResultDto> => {
      try {
        await this.readAndCheck(ctx.user, upload, tally, writer);
        if (tally.errorCount > 0 && !tally.partial) {
          const { rejected, rows, errorCount } = tally;
          const detail = {
            vi: `${rejected}/${rows} dòng có lỗi (tổng cộng ${errorCount} lỗi); không có gì được nhập`,
            en: `${rejected} of ${rows} row(s) have errors (${errorCount} in all); nothing was imported`,
          };
          throw importRejected(detail, tally.errors, errorCount, rows);
        }
        await writer?.finish(ctx);
        return tally.result(Date.now() - started, lang);
      } finally {
        await writer?.settle();
      }
    };
    // A dry run takes no lock: it reads the rows as they arrive.
    if (tally.dryRun) return run(arriving, null);
    // An import takes the lock that serialises imports only once the whole file is here.
    const upload = await arriving.spool();
    try {
      if (upload.truncated()) throw fileTooLarge();
      const result = await this.tx.run(async () => {
        await this.repo.lockAssetImports();
        const stage = await this.repo.openStage();
        try {
          return await run(upload, new AssetImportWriter(this.repo, stage));
        } finally {
          await stage.close();
        }
      });
      if (result.created + result.updated > 0) this.searchIndex.request();
      return result;
    } finally {
      await upload.dispose();
    }
  }

  async template(lang: Lang): Promise<{ content: Buffer; filename: string }> {
    const landUse = (await this.repo.landUseCategories()).map((l) => ({ code: l.code, name: lang === 'vi' ? l.name_vi : l.name_en }));
    return { content: await buildTemplate(lang, this.limits.maxRows, landUse), filename: templateFileName(lang) };
  }

  /**
   * Streams the rows: the header, then each row parsed and batched. A full batch is checked (bulk
   * look-ups) and handed to the writer while the next one is read: at most one batch is being
   * checked and one written at a time.
   */
  private async readAndCheck(user: AuthUser, upload: SheetUpload, tally: ImportTally, writer: AssetImportWriter | null): Promise<void> {
    const today = todayInVietnam();
    const cache = new ReferenceCache();
    let parser: AssetRowParser | undefined;
    let blank = 0;
    let batch: ParsedAssetRow[] = [];
    let pending: Promise<void> = Promise.resolve();
    const flush = async () => {
      const rows = batch;
      batch = [];
      await pending;
      pending = (async () => {
        const writes = await this.checkBatch(user, rows, parser!, cache, tally);
        if (writer && tally.writing && (writes.creates.length || writes.updates.length)) await writer.submit(writes.creates, writes.updates);
      })();
      pending.catch(() => undefined);
    };
    try {
      for await (const { line, cells } of upload.rows(this.limits)) {
        if (!parser) {
          parser = new AssetRowParser(parseHeader(cells, line), today);
          continue;
        }
        const result = parser.parse(line, cells);
        // Blank rows are capped too (a CSV of empty lines costs CPU to read, ~25 µs a line in csv-parse).
        if (!result) {
          if (++blank > this.limits.maxRows)
            throw importTooLarge('IMPORT_MAX_ROWS', this.limits.maxRows, { vi: 'nhiều dòng trống hơn số dòng được đọc', en: 'more blank rows than are read' });
          continue;
        }
        if (++tally.rows > this.limits.maxRows)
          throw importTooLarge('IMPORT_MAX_ROWS', this.limits.maxRows, { vi: 'nhiều dòng dữ liệu hơn số dòng được đọc', en: 'more data rows than are read' });
        if (result.errors) tally.reject(result.errors);
        else if (batch.push(result.row) >= BATCH) await flush();
      }
      if (upload.truncated()) throw fileTooLarge();
      if (!parser) throw new ImportFileError([{ line: 1, field: '(file)', message: M.emptyFile }]);
      await flush();
      await pending;
    } catch (err) {
      await pending.catch(() => undefined);
      if (upload.truncated()) throw fileTooLarge();
      if (err instanceof ImportFileError) {
        throw importRejected(
          { vi: `Không thể nhập tệp: ${err.summary.vi}`, en: `The file cannot be imported: ${err.summary.en}` },
          err.errors,
          err.errors.length,
          tally.rows,
          err.broken,
        );
      }
      throw err;
    } finally {
      await upload.drain();
    }
  }

  /** Resolves one batch's references and stored assets in bulk, then decides each row; returns what to write. */
  private async checkBatch(
    user: AuthUser,
    batch: ParsedAssetRow[],
    parser: AssetRowParser,
    cache: ReferenceCache,
    tally: ImportTally,
  ): Promise<{ creates: PlannedWrite[]; updates: PlannedWrite[] }> {
    const creates: PlannedWrite[] = [];
    const updates: PlannedWrite[] = [];
    if (batch.length === 0) return { creates, updates };
    const [existingRows] = await Promise.all([this.repo.findAssetsByCodes(batch.map((r) => r.code)), this.loadReferences(user, batch, cache)]);
    const existing = new Map<string, AssetRow>(existingRows.map((a) => [a.code, a]));
    const lookups: ImportLookups = {
      unit: (era, level, code) => cache.units.get(ReferenceCache.unitKey(era, level, code)) ?? null,
      agency: (code) => cache.agencies.get(code) ?? null,
      landUseCategoryExists: (code) => cache.landUse.get(code) ?? false,
      existing: (code) => existing.get(code) ?? null,
    };
    const currentYear = Number(todayInVietnam().slice(0, 4));
    for (const row of batch) {
      const plan = planRow(row, user, lookups, (key) => parser.columnName(key), currentYear);
      if (plan.kind === 'rejected') tally.reject(plan.errors);
      else if (plan.kind === 'unchanged') tally.unchanged++;
      else {
        if (plan.kind === 'create') tally.created++;
        else tally.updated++;
        if (plan.write.surplus) tally.surplusDeclared++;
        (plan.kind === 'create' ? creates : updates).push(plan.write);
      }
    }
    return { creates, updates };
  }

  /** Fills the cache with the units, agencies (in the caller's scope) and land-use categories the batch names and it lacks. */
  private async loadReferences(user: AuthUser, batch: ParsedAssetRow[], cache: ReferenceCache): Promise<void> {
    const units = new Map<string, { era: Era; level: Level; code: string }>();
    const wantUnit = (era: Era, level: Level, code: string) => {
      const key = ReferenceCache.unitKey(era, level, code);
      if (!cache.units.has(key)) units.set(key, { era, level, code });
    };
    const agencies = new Set<string>();
    const landUse = new Set<string>();
    for (const r of batch) {
      wantUnit('new', NEW_LEVEL(r.currentUnit), r.currentUnit);
      if (r.originUnit) wantUnit('old', OLD_LEVEL[r.originUnit.length], r.originUnit);
      if (!cache.agencies.has(r.custodianCode)) agencies.add(r.custodianCode);
      if (r.landUseCategory && !cache.landUse.has(r.landUseCategory)) landUse.add(r.landUseCategory);
    }
    const [foundUnits, foundAgencies, foundLandUse] = await Promise.all([
      this.repo.findUnits([...units.values()]),
      agencies.size ? this.agencies.findByCodesInScope(scopeOf(user), [...agencies]) : Promise.resolve([]),
      this.repo.existingLandUseCategories([...landUse]),
    ]);
    for (const key of units.keys()) cache.units.set(key, null);
    for (const u of foundUnits) cache.units.set(ReferenceCache.unitKey(u.era, u.level, u.code), u);
    for (const code of agencies) cache.agencies.set(code, null);
    for (const a of foundAgencies) cache.agencies.set(a.code, a);
    for (const code of landUse) cache.landUse.set(code, false);
    for (const code of foundLandUse) cache.landUse.set(code, true);
  }
}
