import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { AssetImportRepository } from './asset-import.repository';

/**
 * Merges the asset search index's pending list once an import has committed. An import leaves its
 * rows' trigram entries in the index's pending list (see AssetImportRepository.lockAssetImports), so
 * its transaction, and the import lock and row locks it holds, do not pay for the merge. Searches
 * find the new rows at once either way; until the merge ends they read the pending list too, so they
 * are slower (about 1.4 s instead of 50 ms after 100,000 rows, for the ~2 s the merge takes on the
 * benchmark machine). One merge runs at a time; an import that commits meanwhile asks for one more.
 * If a merge fails (for instance when the API's role does not own the index), autovacuum merges the
 * list later. Shutdown waits for a running merge.
 */
@Injectable()
export class SearchIndexMerge implements BeforeApplicationShutdown {
  private readonly logger = new Logger('AssetImport');
  private running: Promise<void> | null = null;
  private again = false;

  constructor(private readonly repo: AssetImportRepository) {}

  /** Starts a merge, or asks the running one to go once more; does not wait for it. */
  request(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.loop().finally(() => {
      this.running = null;
    });
  }

  /** Resolves once no merge is running or asked for. */
  async settled(): Promise<void> {
    while (this.running) await this.running;
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.settled();
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      const started = Date.now();
      try {
        const pages = await this.repo.mergePendingSearchEntries();
        if (pages > 0) this.logger.log(`Merged ${pages} pending page(s) of the asset search index in ${Date.now() - started} ms`);
      } catch (err) {
        this.logger.warn({ err }, 'Could not merge the asset search index after an import; autovacuum will');
      }
    } while (this.again);
  }
}
