import type { RequestContext } from '../../common/auth-user';
import type { NewEvent } from '../../events/events.repository';
import { auditOfImported, beforeDeclaration, type PlannedWrite } from './asset-import-planner';
import { type AssetImportRepository, type ImportStage, importConflict } from './asset-import.repository';

/**
 * Writes an import inside its one transaction, batch by batch, while the next batch is read and
 * checked. A batch's new rows are staged (copied in by the stage's own connection) as soon as they are
 * checked; the transaction then inserts them and updates the changed assets (one statement each), and
 * the batch's events are staged while it goes on with the next batch. The events join the log last,
 * all together, so the event log's lock is taken after every row lock the import needs. At most one
 * batch is being written, one staged ahead of it and two staged events behind it.
 */
export class AssetImportWriter {
  private batches = 0;
  private inFlight: Promise<void> = Promise.resolve();
  /** The staging of the last submitted batch's new rows. */
  private rowsStaged: Promise<void> = Promise.resolve();
  /** The staging of the last written batch's events, and of the one before (a new batch waits for that one). */
  private staged: Promise<void> = Promise.resolve();
  private stagedBefore: Promise<void> = Promise.resolve();

  constructor(
    private readonly repo: AssetImportRepository,
    private readonly stage: ImportStage,
  ) {}

  /** Stages the batch's new rows at once and starts writing it once the previous one is written; a failure surfaces on the next call. */
  async submit(creates: PlannedWrite[], updates: PlannedWrite[]): Promise<void> {
    const batch = ++this.batches;
    const rows = creates.length ? this.stage.stageRows(batch, creates) : Promise.resolve();
    rows.catch(() => undefined);
    this.rowsStaged = rows;
    await this.inFlight;
    await this.stagedBefore;
    const write = this.writeAssets(batch, rows, creates, updates);
    write.catch(() => undefined);
    this.inFlight = write;
  }

  /** Waits for the last batch and its events, then appends every staged event to the log in one statement. */
  async finish(ctx: RequestContext): Promise<void> {
    await this.inFlight;
    await this.staged;
    await this.repo.appendStagedEvents(ctx);
  }

  /** Lets a write or staging still running end (however it ends) before the transaction is rolled back. */
  async settle(): Promise<void> {
    await this.inFlight.catch(() => undefined);
    await this.rowsStaged.catch(() => undefined);
    await this.staged.catch(() => undefined);
  }

  private async writeAssets(batch: number, rows: Promise<void>, creates: PlannedWrite[], updates: PlannedWrite[]): Promise<void> {
    await rows;
    if (creates.length) {
      const ids = await this.repo.insertStagedAssets(batch);
      for (const w of creates) w.id = ids.get(w.asset.code)!;
    }
    if (updates.length) {
      const count = await this.repo.updateAssets(updates);
      if (count !== updates.length) {
        const changed = updates.length - count;
        throw importConflict({ vi: `${changed} tài sản đã bị người khác thay đổi`, en: `${changed} asset(s) were changed by someone else` });
      }
    }
    const events = [...creates.flatMap((w) => eventsOf(w, true)), ...updates.flatMap((w) => eventsOf(w, false))];
    const staging = this.staged.then(() => this.stage.stageEvents(events));
    staging.catch(() => undefined);
    this.stagedBefore = this.staged;
    this.staged = staging;
    await this.repo.recordSurplusDeclarations([...creates, ...updates]);
  }
}

/** The events of one write, in order: created (new assets), updated (changed fields), surplus-declared. */
function eventsOf(w: PlannedWrite, created: boolean): NewEvent[] {
  const base = { entityType: 'asset', entityId: w.id! };
  const events: NewEvent[] = [];
  if (created) events.push({ ...base, action: 'created', after: auditOfImported(w.surplus ? beforeDeclaration(w.asset) : w.asset) });
  if (w.updated) events.push({ ...base, action: 'updated', ...w.updated });
  if (w.surplus) events.push({ ...base, action: 'surplus-declared', ...w.surplus });
  return events;
}
