import type { RequestContext } from '../../auth/auth-user';
import { conflict } from '../../common/errors';
import type { Tx } from '../../database/transaction';
import type { NewEvent } from '../../events/events.repository';
import { auditOfImported, beforeDeclaration, type PlannedWrite } from './asset-import-planner';
import type { AssetImportRepository } from './asset-import.repository';

const changedMeanwhile = (what: string) => conflict('import-conflict', `While the file was being checked, ${what}; nothing was imported: import the file again`);

/**
 * Writes an import inside its one transaction. Each checked batch's assets are inserted and updated
 * (one multi-row statement each) and its events staged while the next batch is read and checked; the
 * events join the log last, all together, so the event log's lock is taken after every row lock the
 * import needs.
 */
export class AssetImportWriter {
  private inFlight: Promise<void>;

  constructor(
    private readonly repo: AssetImportRepository,
    private readonly tx: Tx,
  ) {
    this.inFlight = repo.createEventStage(tx);
    this.inFlight.catch(() => undefined);
  }

  /** Starts writing a batch once the previous one is written; a failed write surfaces on the next call. */
  async submit(creates: PlannedWrite[], updates: PlannedWrite[]): Promise<void> {
    await this.inFlight;
    const write = this.writeAssets(creates, updates);
    write.catch(() => undefined);
    this.inFlight = write;
  }

  /** Waits for the last batch, then appends every staged event to the log in one statement. */
  async finish(ctx: RequestContext): Promise<void> {
    await this.inFlight;
    await this.repo.appendStagedEvents(this.tx, ctx);
  }

  /** Lets a write still running end (however it ends) before the transaction is rolled back. */
  async settle(): Promise<void> {
    await this.inFlight.catch(() => undefined);
  }

  private async writeAssets(creates: PlannedWrite[], updates: PlannedWrite[]): Promise<void> {
    if (creates.length) {
      const ids = await this.repo.insertAssets(this.tx, creates);
      for (const w of creates) w.id = ids.get(w.asset.code)!;
    }
    if (updates.length) {
      const count = await this.repo.updateAssets(this.tx, updates);
      if (count !== updates.length) throw changedMeanwhile(`${updates.length - count} asset(s) were changed by someone else`);
    }
    await this.repo.recordSurplusDeclarations(this.tx, [...creates, ...updates]);
    await this.repo.stageEvents(this.tx, [...creates.flatMap((w) => eventsOf(w, true)), ...updates.flatMap((w) => eventsOf(w, false))]);
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
