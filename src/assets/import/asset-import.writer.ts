import type { RequestContext } from '../../auth/auth-user';
import { conflict } from '../../common/errors';
import type { Tx } from '../../database/transaction';
import type { NewEvent } from '../../events/events.repository';
import { auditOfImported, beforeDeclaration, type PlannedWrite } from './asset-import-planner';
import type { AssetImportRepository } from './asset-import.repository';

/** Rows per multi-row event statement. */
const EVENT_BATCH = 2000;

const changedMeanwhile = (what: string) => conflict('import-conflict', `While the file was being checked, ${what}; nothing was imported: import the file again`);

/**
 * Writes an import inside its one transaction. Each checked batch's assets are inserted and updated
 * (one multi-row statement each) while the next batch is read and checked; the events come last,
 * all together, so the event log's lock is taken after every row lock the import needs.
 */
export class AssetImportWriter {
  private inFlight: Promise<void> = Promise.resolve();
  private readonly created: PlannedWrite[] = [];
  private readonly updated: PlannedWrite[] = [];

  constructor(
    private readonly repo: AssetImportRepository,
    private readonly tx: Tx,
  ) {}

  /** Starts writing a batch once the previous one is written; a failed write surfaces on the next call. */
  async submit(creates: PlannedWrite[], updates: PlannedWrite[]): Promise<void> {
    await this.inFlight;
    const write = this.writeAssets(creates, updates);
    write.catch(() => undefined);
    this.inFlight = write;
  }

  /** Waits for the last batch, then appends every event in multi-row statements. */
  async finish(ctx: RequestContext): Promise<void> {
    await this.inFlight;
    for (let i = 0; i < this.created.length; i += EVENT_BATCH) {
      await this.repo.appendEvents(this.tx, ctx, this.created.slice(i, i + EVENT_BATCH).flatMap((w) => eventsOf(w, true)));
    }
    for (let i = 0; i < this.updated.length; i += EVENT_BATCH) {
      await this.repo.appendEvents(this.tx, ctx, this.updated.slice(i, i + EVENT_BATCH).flatMap((w) => eventsOf(w, false)));
    }
  }

  /** Lets a write still running end (however it ends) before the transaction is rolled back. */
  async settle(): Promise<void> {
    await this.inFlight.catch(() => undefined);
  }

  private async writeAssets(creates: PlannedWrite[], updates: PlannedWrite[]): Promise<void> {
    if (creates.length) {
      const ids = await this.repo.insertAssets(this.tx, creates);
      for (const w of creates) {
        w.id = ids.get(w.asset.code)!;
        this.created.push(w);
      }
    }
    if (updates.length) {
      const count = await this.repo.updateAssets(this.tx, updates);
      if (count !== updates.length) throw changedMeanwhile(`${updates.length - count} asset(s) were changed by someone else`);
      for (const w of updates) this.updated.push(w);
    }
    await this.repo.recordSurplusDeclarations(this.tx, [...creates, ...updates]);
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
