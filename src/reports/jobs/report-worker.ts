import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { type RequestContext, systemContext } from '../../common/auth-user';
import { APP_CONFIG, type AppConfig } from '../../common/config';
import { DomainError } from '../../common/errors';
import type { Lang } from '../../common/language';
import { canonicalParams } from '../report-params';
import { SchedulesRepository } from '../schedules/schedules.repository';
import { ReportGenerator } from '../snapshots/report-generator';
import { type JobRow, ReportJobsRepository } from './report-jobs.repository';
import { isDatabaseUnavailable } from '../../common/db-errors';
import { databaseOutage } from '../../common/db-outage';

/**
 * Runs report jobs and schedules from the PostgreSQL queue. Started on module init (unless
 * REPORT_WORKER_ENABLED=false; off in tests, which call runDueJobs()), stopped on shutdown.
 * Restart-safe: a job whose worker died is claimed again once its lease expires.
 */
@Injectable()
export class ReportWorker implements OnModuleInit, OnModuleDestroy {
  private readonly log = new Logger(ReportWorker.name);
  readonly workerId = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private timer: NodeJS.Timeout | null = null;
  private current: Promise<unknown> | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly jobs: ReportJobsRepository,
    private readonly schedules: SchedulesRepository,
    private readonly generator: ReportGenerator,
  ) {}

  onModuleInit(): void {
    if (this.config.reportWorkerEnabled) this.start();
  }

  /** Before the database connection closes: no new tick, and the running one finishes. */
  async onModuleDestroy(): Promise<void> {
    await this.stop();
  }

  /** One round of due jobs and schedules; never throws. A database outage is the outage log's to report (once, then every 30 s), not an error per tick. */
  async tick(): Promise<void> {
    try {
      await this.runDueJobs();
    } catch (err) {
      if (isDatabaseUnavailable(err)) databaseOutage.failure(err, 'the report worker');
      else this.log.error(`report worker tick failed: ${(err as Error).message}`);
    }
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      if (this.current) return;
      this.current = this.tick().finally(() => (this.current = null));
    }, this.config.reportWorkerIntervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.current;
  }

  /** Enqueues due schedules, then runs due jobs until none is left (at most `max`). Returns the jobs run. */
  async runDueJobs(max = 20): Promise<JobRow[]> {
    await this.schedules.enqueueDue(new Date());
    const ran: JobRow[] = [];
    while (ran.length < max) {
      const job = await this.jobs.claim(this.workerId, this.config.reportJobLeaseSeconds);
      if (!job) break;
      await this.run(job);
      ran.push(job);
    }
    return ran;
  }

  private async run(job: JobRow): Promise<void> {
    const lease = this.config.reportJobLeaseSeconds;
    if (job.attempts > this.config.reportJobMaxAttempts) {
      const tries = job.attempts - 1;
      const abandoned = new DomainError('report-job-abandoned', {
        vi: `Tác vụ đã được thử ${tries} lần mà không hoàn thành`,
        en: `The job was tried ${tries} times without finishing`,
      });
      await this.jobs.markFailed(job.id, this.workerId, problemOf(abandoned, job.params.lang), null);
      return;
    }
    const beat = setInterval(() => void this.jobs.heartbeat(job.id, this.workerId, lease).catch(() => undefined), Math.max(1000, (lease * 1000) / 3));
    beat.unref();
    try {
      // The job row's jsonb gives the keys back in its own order: the report is made from the canonical one.
      const { formats, ...stored } = job.params;
      const params = canonicalParams(stored);
      const ctx: RequestContext = job.requested_by
        ? { ...systemContext(`report-job:${job.id}`), user: { ...systemContext().user, id: job.requested_by } }
        : systemContext(`report-job:${job.id}`);
      await this.generator.produce(ctx, params, formats, {
        generatedBy: job.requested_by,
        scheduleId: job.schedule_id,
        onProgress: async (percent) => {
          if (!(await this.jobs.heartbeat(job.id, this.workerId, lease, percent))) throw new Error("the job's lease was lost");
        },
        inTx: async (snapshotId) => {
          if (!(await this.jobs.markDone(job.id, this.workerId, snapshotId))) throw new Error("the job's lease was lost");
        },
      });
    } catch (err) {
      const domain = err instanceof DomainError;
      const retry = !domain && job.attempts < this.config.reportJobMaxAttempts ? 5 * job.attempts : null;
      if (!domain) this.log.error(`report job ${job.id} attempt ${job.attempts} failed: ${(err as Error).message}`);
      await this.jobs.markFailed(job.id, this.workerId, problemOf(err, job.params.lang), retry);
    } finally {
      clearInterval(beat);
    }
  }
}

const GENERATION_FAILED = new DomainError('report-job-failed', {
  vi: 'Không lập được báo cáo; tác vụ sẽ được thử lại nếu còn lượt',
  en: 'The report could not be generated; it will be retried if attempts remain',
});

/** An RFC 9457 problem for a failed job, in the report's own language (the job is read later, by whoever asks). */
function problemOf(err: unknown, lang: Lang = 'vi'): Record<string, unknown> {
  const { type, title, status, detail } = (err instanceof DomainError ? err : GENERATION_FAILED).toProblem(lang);
  return { type, title, status, detail };
}
