import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../common/config';
import { runPeriodically } from '../common/periodic';
import type { ChainHead } from './event-anchor';
import { EventAnchorFile } from './event-anchor-file';
import { EventAnchorsRepository } from './event-anchors.repository';

/**
 * Anchors the event log's head on a schedule: at start, then every EVENT_ANCHOR_INTERVAL_MINUTES
 * (0: never), each instance records the head (seq and hash of the last committed row) in the
 * event_anchor table and appends it to the anchor file. A head already anchored is not recorded
 * again. /events/verify then finds a log whose end was cut off after an anchor.
 */
@Injectable()
export class EventAnchoring implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('EventAnchoring');
  private stop?: () => Promise<void>;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly anchors: EventAnchorsRepository,
    private readonly file: EventAnchorFile,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const minutes = this.config.eventAnchorIntervalMinutes;
    if (minutes > 0) this.stop = await runPeriodically(() => this.tick(), minutes * 60_000);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.stop?.();
  }

  /** One scheduled run: never throws (a failed anchor is logged and the next run tries again). */
  private async tick(): Promise<void> {
    try {
      await this.anchorNow();
    } catch (err) {
      this.logger.error({ err }, 'Could not anchor the event log head');
    }
  }

  /**
   * Records the head now, in the table and then in the file (both, even when the file fails: the
   * error is thrown after the table's row is in). Returns null when there is nothing new to anchor
   * (an empty log, or the head the table's latest anchor already holds).
   */
  async anchorNow(): Promise<(ChainHead & { recordedAt: string }) | null> {
    const head = await this.anchors.head();
    const latest = await this.anchors.latest();
    if (head.seq === 0 || (latest && latest.seq === head.seq && latest.hash === head.hash)) return null;
    const { recordedAt } = await this.anchors.insert(head);
    await this.file.append({ database: await this.anchors.databaseName(), seq: head.seq, hash: head.hash, recordedAt });
    this.logger.log(`Anchored the event log at seq ${head.seq}`);
    return { ...head, recordedAt };
  }
}
