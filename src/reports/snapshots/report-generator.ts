import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { RequestContext } from '../../common/auth-user';
import type { ChainHead } from '../../events/event-anchor';
import { EventAnchorsRepository } from '../../events/event-anchors.repository';
import { EventsRepository } from '../../events/events.repository';
import { Transactions } from '../../database/transaction';
import type { ReportFormat, ReportItem, ReportParams, StatusReport } from '../report.model';
import { MEDIA_TYPES, RENDERER_VERSIONS, renderReport } from '../render/render';
import { reportJson } from '../report-json';
import { canonicalParams } from '../report-params';
import { ReportFiguresPort } from './figures.port';
import { SnapshotsRepository } from './snapshots.repository';

export const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

export interface RenderedFormat {
  format: ReportFormat;
  mediaType: string;
  sha256: string;
  content: Buffer;
  rendererVersion: number;
}

export interface ProduceOptions {
  /** The generation time (verify: the stored one). Default: knownAt, so the same parameters give the same bytes. */
  generatedAt?: string;
  /**
   * The event log anchor the report carries (verify: the stored one; null: none, a snapshot made
   * before anchors). Default: the log's head now.
   */
  chainHead?: ChainHead | null;
  /** Called with 0-100 as the work advances (figures, then each format). */
  onProgress?: (percent: number) => Promise<void>;
}

/**
 * Computes a report's figures and renders its formats: the one path used by synchronous requests,
 * jobs, schedules and verification, so a regenerated report matches byte for byte.
 */
@Injectable()
export class ReportGenerator {
  constructor(
    private readonly figures: ReportFiguresPort,
    private readonly snapshots: SnapshotsRepository,
    private readonly events: EventsRepository,
    private readonly anchors: EventAnchorsRepository,
    private readonly tx: Transactions,
  ) {}

  async render(
    ctx: RequestContext,
    params: ReportParams,
    formats: readonly ReportFormat[],
    opts: ProduceOptions = {},
  ): Promise<{ report: StatusReport; outputs: RenderedFormat[] }> {
    const progress = opts.onProgress ?? (async () => undefined);
    await progress(5);
    const chainHead = opts.chainHead === undefined ? await this.anchors.head() : opts.chainHead;
    const figures = await this.figures.generate(ctx, params, opts.generatedAt);
    const report: StatusReport = chainHead === null ? figures : { ...figures, eventChainHead: { seq: chainHead.seq, hash: chainHead.hash } };
    await progress(40);
    let overdueItems: Record<string, ReportItem[]> = {};
    if (formats.includes('xlsx')) {
      overdueItems = await this.figures.overdueItems(params, report);
      await progress(50);
    }
    const outputs: RenderedFormat[] = [];
    for (const [i, format] of formats.entries()) {
      const content = format === 'json' ? Buffer.from(JSON.stringify(reportJson(report)), 'utf8') : await renderReport(report, format, { overdueItems });
      outputs.push({ format, mediaType: MEDIA_TYPES[format], sha256: sha256(content), content, rendererVersion: RENDERER_VERSIONS[format] });
      await progress(Math.min(95, 50 + Math.round((45 * (i + 1)) / formats.length)));
    }
    return { report, outputs };
  }

  /**
   * Generates and stores a snapshot with its event; `inTx` runs in the same transaction (a job
   * marks itself done there, so a snapshot and its job's completion commit together).
   */
  async produce(
    ctx: RequestContext,
    params: ReportParams,
    formats: readonly ReportFormat[],
    opts: ProduceOptions & { scheduleId?: string | null; generatedBy?: string | null; inTx?: (snapshotId: string) => Promise<void> } = {},
  ): Promise<string> {
    const ordered = (['json', 'csv', 'xlsx', 'pdf'] as const).filter((f) => formats.includes(f));
    const { report, outputs } = await this.render(ctx, params, ordered, opts);
    return this.tx.run(async () => {
      const stored: ReportParams = canonicalParams({ ...params, knownAt: report.params.knownAt });
      const id = await this.snapshots.insert({
        params: stored,
        generatedAt: report.generatedAt,
        generatedBy: opts.generatedBy ?? null,
        scheduleId: opts.scheduleId ?? null,
        figures: report,
        chainHead: report.eventChainHead ?? null,
      });
      for (const o of outputs) await this.snapshots.insertContent(id, o);
      await this.events.append(ctx, {
        entityType: 'report',
        entityId: id,
        action: 'report-generated',
        after: {
          ...stored,
          generatedAt: report.generatedAt,
          scheduleId: opts.scheduleId ?? null,
          eventChainHead: report.eventChainHead ?? null,
          contents: outputs.map((o) => ({ format: o.format, sha256: o.sha256, sizeBytes: o.content.length, rendererVersion: o.rendererVersion })),
        },
      });
      if (opts.inTx) await opts.inTx(id);
      return id;
    });
  }
}
