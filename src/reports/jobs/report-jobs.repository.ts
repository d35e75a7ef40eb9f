import { Injectable } from '@nestjs/common';
import { scopeSql, type ProvinceScope } from '../../common/scope';
import { Db } from '../../database/transaction';
import type { ReportFormat, ReportParams } from '../report.model';
import { canonicalParams, paramsJson } from '../report-params';

export interface JobParams extends ReportParams {
  formats: ReportFormat[];
}

export interface JobRow {
  id: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  percent: number;
  params: JobParams;
  province_code: string | null;
  requested_by: string | null;
  schedule_id: string | null;
  due_at: string | null;
  report_id: string | null;
  problem: Record<string, unknown> | null;
  attempts: number;
  locked_by: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
}

const ISO = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const COLUMNS = `id, status, percent, params, province_code, requested_by, schedule_id, ${ISO('due_at')} AS due_at, report_id, problem, attempts, locked_by,
  ${ISO('created_at')} AS created_at, ${ISO('started_at')} AS started_at, ${ISO('finished_at')} AS finished_at`;

/** The report job queue in PostgreSQL: claimed with FOR UPDATE SKIP LOCKED, leased, heartbeated. */
@Injectable()
export class ReportJobsRepository {
  constructor(private readonly db: Db) {}

  async enqueue(v: { params: JobParams; requestedBy: string | null; scheduleId?: string | null; dueAt?: Date | null }): Promise<JobRow | null> {
    const rows: JobRow[] = await this.db.query(
      `INSERT INTO report_job (params, province_code, requested_by, schedule_id, due_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT ON CONSTRAINT uq_report_job_schedule_due DO NOTHING RETURNING ${COLUMNS}`,
      [JSON.stringify({ ...canonicalParams(v.params), formats: v.params.formats }), v.params.province, v.requestedBy, v.scheduleId ?? null, v.dueAt ?? null],
    );
    return rows[0] ?? null;
  }

  /** A queued or running job for the same parameters that makes at least these formats. */
  async findActiveSame(params: ReportParams, formats: ReportFormat[]): Promise<JobRow | null> {
    const rows: JobRow[] = await this.db.query(
      `SELECT ${COLUMNS} FROM report_job
       WHERE status IN ('queued', 'running') AND params - 'formats' = $1::jsonb AND params->'formats' @> $2::jsonb
       ORDER BY created_at LIMIT 1`,
      [paramsJson(params), JSON.stringify(formats)],
    );
    return rows[0] ?? null;
  }

  /**
   * Serialises one requester's enqueueing until the end of the transaction, so that counting their
   * open jobs and adding one cannot interleave with another request of theirs.
   */
  async lockRequester(userId: string): Promise<void> {
    await this.db.query(`SELECT pg_advisory_xact_lock(hashtextextended('report-job-requester:' || $1, 0))`, [userId]);
  }

  /** How many of this requester's jobs are queued or running. */
  async countActiveOf(userId: string): Promise<number> {
    const [row]: { n: number }[] = await this.db.query(
      `SELECT count(*)::int AS n FROM report_job WHERE requested_by = $1 AND status IN ('queued', 'running')`,
      [userId],
    );
    return row.n;
  }

  async findInScope(scope: ProvinceScope, id: string): Promise<JobRow | null> {
    const params: unknown[] = [id];
    const where = `id = $1${scopeSql(scope, 'province_code', params)}`;
    const rows: JobRow[] = await this.db.query(`SELECT ${COLUMNS} FROM report_job WHERE ${where}`, params);
    return rows[0] ?? null;
  }

  /**
   * Claims the next due job: a queued one whose time has come, or a running one whose lease
   * expired (its worker died). SKIP LOCKED lets several workers claim at once without waiting.
   */
  async claim(workerId: string, leaseSeconds: number): Promise<JobRow | null> {
    const rows: JobRow[] = await this.db.query(
      `UPDATE report_job SET status = 'running', attempts = attempts + 1, percent = 0, locked_by = $1,
         locked_until = now() + make_interval(secs => $2), started_at = coalesce(started_at, now())
       WHERE id = (
         SELECT id FROM report_job
         WHERE (status = 'queued' AND run_after <= now()) OR (status = 'running' AND locked_until < now())
         ORDER BY run_after, created_at FOR UPDATE SKIP LOCKED LIMIT 1)
       RETURNING ${COLUMNS}`,
      [workerId, leaseSeconds],
    );
    return (rows as unknown as [JobRow[], number])[0]?.[0] ?? null;
  }

  /** Records progress and renews the lease; false when the job is no longer this worker's. */
  async heartbeat(id: string, workerId: string, leaseSeconds: number, percent?: number): Promise<boolean> {
    const res = (await this.db.query(
      `UPDATE report_job SET locked_until = now() + make_interval(secs => $3), percent = coalesce($4, percent)
       WHERE id = $1 AND locked_by = $2 AND status = 'running'`,
      [id, workerId, leaseSeconds, percent ?? null],
    )) as [unknown[], number];
    return res[1] === 1;
  }

  async markDone(id: string, workerId: string, reportId: string): Promise<boolean> {
    const res = (await this.db.query(
      `UPDATE report_job SET status = 'done', percent = 100, report_id = $3, problem = NULL, finished_at = now(), locked_by = NULL, locked_until = NULL
       WHERE id = $1 AND locked_by = $2 AND status = 'running'`,
      [id, workerId, reportId],
    )) as [unknown[], number];
    return res[1] === 1;
  }

  /** Fails the job for good, or puts it back in the queue to retry after `retryInSeconds`. */
  async markFailed(id: string, workerId: string | null, problem: Record<string, unknown>, retryInSeconds: number | null): Promise<void> {
    await this.db.query(
      `UPDATE report_job SET problem = $3, locked_by = NULL, locked_until = NULL,
         status = CASE WHEN $4::int IS NULL THEN 'failed' ELSE 'queued' END,
         run_after = CASE WHEN $4::int IS NULL THEN run_after ELSE now() + make_interval(secs => $4::int) END,
         finished_at = CASE WHEN $4::int IS NULL THEN now() END
       WHERE id = $1 AND ($2::text IS NULL OR locked_by = $2) AND status = 'running'`,
      [id, workerId, JSON.stringify(problem), retryInSeconds],
    );
  }
}
