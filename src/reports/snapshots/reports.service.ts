import { Inject, Injectable } from '@nestjs/common';
import type { RequestContext } from '../../common/auth-user';
import { APP_CONFIG, type AppConfig } from '../../common/config';
import { DomainError, FIELD, notFound } from '../../common/errors';
import type { Lang } from '../../common/language';
import { noneMatchHits } from '../../common/etag';
import { decodeCursor, DEFAULT_LIMIT, toPage } from '../../common/pagination';
import { inScope, NATIONAL, outsideScope, scopeOf } from '../../common/scope';
import { Transactions } from '../../database/transaction';
import type { ChainHead } from '../../events/event-anchor';
import { UnitsRepository } from '../../units/units.repository';
import { ReportJobsRepository, type JobRow } from '../jobs/report-jobs.repository';
import type { ReportFormat, ReportItem, ReportParams } from '../report.model';
import { RENDERER_VERSIONS, reportFileName } from '../render/render';
import { valuesJson } from '../report-json';
import { reportParamsOf } from '../report-params';
import { REPORT_FORMATS } from '../report.model';
import { diffReports } from './diff';
import { ReportFiguresPort } from './figures.port';
import { ReportGenerator, sha256 } from './report-generator';
import { CreateReportDto, ListReportsQueryDto, ReportDiffDto, ReportSnapshotDto, ReportSnapshotPageDto, VerificationDto } from './reports.dto';
import { type SnapshotRow, SnapshotsRepository } from './snapshots.repository';
import { jobDto, ReportJobDto } from '../jobs/report-job.dto';

/** A format's stored bytes, or (If-None-Match named them) just their SHA-256. */
export type StoredContent = { notModified: true; sha256: string } | { notModified: false; mediaType: string; sha256: string; content: Buffer; name: string };

export const snapshotDto = (r: SnapshotRow): ReportSnapshotDto => ({
  id: r.id,
  params: { scope: r.scope, province: r.province_code, asOf: r.as_of, knownAt: r.known_at, period: r.period, lang: r.lang },
  generatedAt: r.generated_at,
  generatedBy: r.generated_by,
  generatedByUsername: r.generated_by_username,
  scheduleId: r.schedule_id,
  previousId: r.previous_id,
  eventChainHead: chainHeadOf(r),
  contents: r.contents.map((c) => ({ ...c, url: `/api/v1/reports/${r.id}/content?format=${c.format}` })),
  createdAt: r.created_at,
});

/** The event log anchor a snapshot carries; null for one made before anchors. */
const chainHeadOf = (r: SnapshotRow): ChainHead | null =>
  r.event_chain_seq === null || r.event_chain_hash === null ? null : { seq: Number(r.event_chain_seq), hash: r.event_chain_hash };

const paramsOf = (r: SnapshotRow): ReportParams => ({
  scope: r.scope,
  province: r.province_code,
  asOf: r.as_of,
  knownAt: r.known_at,
  period: r.period,
  lang: r.lang,
});

/** Report snapshots: generate (now or as a job), list, read, download, verify, compare. */
@Injectable()
export class ReportsService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly snapshots: SnapshotsRepository,
    private readonly jobs: ReportJobsRepository,
    private readonly generator: ReportGenerator,
    private readonly figures: ReportFiguresPort,
    private readonly units: UnitsRepository,
    private readonly tx: Transactions,
  ) {}

  /**
   * A small report is generated at once (the snapshot); a large one is queued (the job). Snapshots are
   * kept for ever, so making them is bounded: with an explicit knownAt the same parameters always give
   * the same report, so an existing snapshot (or the job making it) is answered instead of a new one;
   * and a user may have REPORT_JOBS_PER_USER jobs queued or running at once (429 past it).
   */
  async create(
    ctx: RequestContext,
    body: CreateReportDto,
    now = new Date(),
  ): Promise<{ snapshot: ReportSnapshotDto; reused: boolean } | { job: ReportJobDto }> {
    const params = await this.checkedParams(ctx, body, now);
    const formats = REPORT_FORMATS.filter((f) => (body.formats ?? REPORT_FORMATS).includes(f));
    if (body.knownAt !== undefined) {
      const same = await this.snapshots.findSameParams(params, formats);
      if (same) return { snapshot: snapshotDto((await this.snapshots.findInScope(NATIONAL, same))!), reused: true };
      const making = await this.jobs.findActiveSame(params, formats);
      if (making) return { job: jobDto(making) };
    }
    if (await this.needsJob(params, formats)) {
      return this.tx.run(async () => {
        await this.jobs.lockRequester(ctx.user.id);
        const open = await this.jobs.countActiveOf(ctx.user.id);
        if (open >= this.config.reportJobsPerUser) {
          const most = this.config.reportJobsPerUser;
          throw new DomainError(
            'too-many-report-jobs',
            {
              vi: `Bạn đã có ${open} tác vụ lập báo cáo đang chờ hoặc đang chạy (tối đa ${most}); hãy chờ một tác vụ hoàn thành`,
              en: `You already have ${open} report job(s) queued or running (at most ${most}); wait for one to finish`,
            },
            { extra: { retryAfterSeconds: Math.ceil(this.config.reportWorkerIntervalMs / 1000) + 5 } },
          );
        }
        const job = await this.jobs.enqueue({ params: { ...params, formats }, requestedBy: ctx.user.id });
        return { job: jobDto(job!) };
      });
    }
    const id = await this.generator.produce(ctx, params, formats, { generatedBy: ctx.user.id, generatedAt: now.toISOString() });
    return { snapshot: snapshotDto((await this.snapshots.findInScope(NATIONAL, id))!), reused: false };
  }

  async list(ctx: RequestContext, q: ListReportsQueryDto): Promise<ReportSnapshotPageDto> {
    const limit = q.limit ?? DEFAULT_LIMIT;
    const after = decodeCursor(q.cursor, ['timestamp', 'uuid']) as [string, string] | undefined;
    return toPage(await this.snapshots.list(scopeOf(ctx.user), limit, after), limit, (r) => [r.created_at_key, r.id], snapshotDto);
  }

  async get(ctx: RequestContext, id: string): Promise<ReportSnapshotDto> {
    return snapshotDto(await this.row(ctx, id));
  }

  /**
   * The stored bytes, after checking them against their recorded SHA-256; or, when If-None-Match
   * already names that SHA-256, only the fact (304: the bytes are not read).
   */
  async content(ctx: RequestContext, id: string, format: ReportFormat, ifNoneMatch?: string): Promise<StoredContent> {
    const r = await this.row(ctx, id);
    const recorded = r.contents.find((x) => x.format === format);
    if (!recorded) {
      const has = r.contents.map((x) => x.format).join(', ');
      throw new DomainError('report-format-not-stored', {
        vi: `Báo cáo ${id} không được lập ở định dạng ${format}; báo cáo có: ${has}`,
        en: `Report ${id} was not generated in ${format}; it has ${has}`,
      });
    }
    if (noneMatchHits(ifNoneMatch, `"${recorded.sha256}"`)) return { notModified: true, sha256: recorded.sha256 };
    const [c] = await this.snapshots.contents(id, format);
    if (sha256(c.content) !== c.sha256) {
      throw new DomainError('report-integrity', {
        vi: `Bản ${format} lưu trữ của báo cáo ${id} không còn khớp mã SHA-256; bản này không được trả về`,
        en: `The stored ${format} of report ${id} no longer matches its SHA-256; it is not served`,
      });
    }
    return { notModified: false, mediaType: c.media_type, sha256: c.sha256, content: c.content, name: reportFileName(paramsOf(r), format) };
  }

  /**
   * Checks each stored format's bytes against their recorded SHA-256 and, where the running renderer
   * is the version that made them, regenerates them with the stored parameters and generation time
   * and compares byte for byte.
   */
  async verify(ctx: RequestContext, id: string): Promise<VerificationDto> {
    const r = await this.row(ctx, id);
    const stored = await this.snapshots.contents(id);
    const comparable = stored.filter((c) => c.renderer_version === RENDERER_VERSIONS[c.format]).map((c) => c.format);
    const outputs = comparable.length
      ? (await this.generator.render(ctx, paramsOf(r), comparable, { generatedAt: r.generated_at, chainHead: chainHeadOf(r) })).outputs
      : [];
    const formats = stored.map((c) => {
      const regenerated = outputs.find((o) => o.format === c.format);
      const storedSha256 = sha256(c.content);
      const intact = storedSha256 === c.sha256;
      return {
        format: c.format,
        matches: intact && (regenerated === undefined || regenerated.content.equals(c.content)),
        intact,
        regenerated: regenerated !== undefined,
        rendererVersion: c.renderer_version,
        currentRendererVersion: RENDERER_VERSIONS[c.format],
        recordedSha256: c.sha256,
        storedSha256,
        regeneratedSha256: regenerated?.sha256 ?? null,
      };
    });
    return { id, matches: formats.every((f) => f.matches), formats };
  }

  /** Which figures changed from `id` to `otherId`, and which facilities entered or left each drillable cell. */
  async diff(ctx: RequestContext, id: string, otherId: string): Promise<ReportDiffDto> {
    const [a, b] = [await this.row(ctx, id), await this.row(ctx, otherId)];
    if (a.scope !== b.scope || a.province_code !== b.province_code) {
      throw new DomainError('reports-not-comparable', {
        vi: `Báo cáo ${id} và ${otherId} có phạm vi khác nhau (${a.province_code ?? 'toàn quốc'} / ${b.province_code ?? 'toàn quốc'})`,
        en: `Reports ${id} and ${otherId} cover different scopes (${a.province_code ?? 'national'} / ${b.province_code ?? 'national'})`,
      });
    }
    const changes = diffReports(await this.snapshots.figuresOf(id), await this.snapshots.figuresOf(otherId));
    // The facilities behind every changed cell, from one run of each snapshot's report SQL (not two per cell).
    const keys = [...new Set(changes.filter((c) => c.drillable).map((c) => c.key))];
    const [before, after] = await Promise.all([this.figures.itemsOfKeys(paramsOf(a), keys), this.figures.itemsOfKeys(paramsOf(b), keys)]);
    const inCell = (items: typeof before, key: string, province: string | null) =>
      new Map(items.filter((i) => i.key === key && (province === null || i.provinceCode === province)).map((i) => [i.assetId, i]));
    const missingFrom = (from: Map<string, ReportItem>, other: Map<string, ReportItem>) =>
      [...from.values()]
        .filter((i) => !other.has(i.assetId))
        .sort((x, y) => (x.assetId < y.assetId ? -1 : 1))
        .map((i) => ({ assetId: i.assetId, code: i.code, name: i.name }));
    const out: ReportDiffDto['changes'] = changes.map((c) => {
      const cells = c.drillable ? [inCell(before, c.key, c.provinceCode), inCell(after, c.key, c.provinceCode)] : null;
      return {
        provinceCode: c.provinceCode,
        provinceName: c.provinceName,
        key: c.key,
        label: c.label,
        kind: c.kind,
        before: valuesJson(c.before),
        after: valuesJson(c.after),
        delta: valuesJson(c.delta),
        entered: cells && missingFrom(cells[1], cells[0]),
        left: cells && missingFrom(cells[0], cells[1]),
      };
    });
    return { from: id, to: otherId, changes: out };
  }

  private async row(ctx: RequestContext, id: string): Promise<SnapshotRow> {
    const r = await this.snapshots.findInScope(scopeOf(ctx.user), id);
    if (!r) throw notFound('report', id);
    return r;
  }

  private async checkedParams(ctx: RequestContext, body: CreateReportDto, now: Date): Promise<ReportParams> {
    const province = body.province ?? null;
    const r = reportParamsOf(
      {
        scope: body.scope,
        province,
        asOf: body.asOf,
        knownAt: body.knownAt === undefined ? undefined : new Date(body.knownAt),
        period: body.period,
        lang: body.lang,
      },
      now,
    );
    if (r.params === null) {
      const listed = (lang: Lang) => r.problems.map((p) => `${p.field} ${p.message[lang]}`).join('; ');
      throw new DomainError(
        'validation-failed',
        { vi: `Tham số báo cáo không hợp lệ: ${listed('vi')}`, en: `Invalid report parameters: ${listed('en')}` },
        { errors: r.problems },
      );
    }
    const mine = scopeOf(ctx.user);
    if (mine !== NATIONAL && body.scope === 'national')
      throw new DomainError('outside-scope', { vi: `Bạn chỉ được lập báo cáo về tỉnh ${mine}`, en: `You may report only on province ${mine}` });
    if (province !== null && !inScope(mine, province)) throw outsideScope('province', province, 'province');
    if (province !== null && !(await this.units.newProvinceExists(province))) {
      throw new DomainError(
        'validation-failed',
        { vi: `Không có tỉnh (sau sắp xếp) ${province}`, en: `There is no new-era province ${province}` },
        {
          errors: [{ field: 'province', message: FIELD.unknown('new-era-province') }],
        },
      );
    }
    return r.params;
  }

  /** National XLSX/PDF, and any report with more rows than the configured threshold, run as a job. */
  private async needsJob(params: ReportParams, formats: ReportFormat[]): Promise<boolean> {
    if (params.scope === 'national' && (formats.includes('xlsx') || formats.includes('pdf'))) return true;
    return (await this.snapshots.rowCount(params.scope)) > this.config.reportJobThresholdRows;
  }

  async job(ctx: RequestContext, id: string): Promise<ReportJobDto> {
    const job: JobRow | null = await this.jobs.findInScope(scopeOf(ctx.user), id);
    if (!job) throw notFound('report-job', id);
    return jobDto(job);
  }
}
