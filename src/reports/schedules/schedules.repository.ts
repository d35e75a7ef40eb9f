import { Injectable } from '@nestjs/common';
import { Transactions } from '../../database/transaction';
import { ReportJobsRepository } from '../jobs/report-jobs.repository';
import type { ReportFormat, ReportLang, ReportPeriod, ReportScope } from '../report.model';
import { nextRun, vnDateOf } from './schedule-rules';
import { Db } from '../../database/transaction';

export interface ScheduleRow {
  id: string;
  scope: ReportScope;
  province_code: string | null;
  period: ReportPeriod;
  weekday: number | null;
  day_of_month: number | null;
  time_of_day: string;
  formats: ReportFormat[];
  lang: ReportLang;
  enabled: boolean;
  next_run_at: Date | null;
  created_by: string | null;
  version: number;
  created_at: Date;
  updated_at: Date;
}

export interface ScheduleValues {
  scope: ReportScope;
  provinceCode: string | null;
  period: ReportPeriod;
  weekday: number | null;
  dayOfMonth: number | null;
  timeOfDay: string;
  formats: ReportFormat[];
  lang: ReportLang;
  enabled: boolean;
  nextRunAt: Date | null;
}

const COLUMNS = `id, scope, province_code, period, weekday, day_of_month, time_of_day, formats::text[] AS formats, lang, enabled, next_run_at, created_by, version, created_at, updated_at`;

/** All SQL about report schedules, and the enqueueing of their due runs. */
@Injectable()
export class SchedulesRepository {
  constructor(
    private readonly db: Db,
    private readonly tx: Transactions,
    private readonly jobs: ReportJobsRepository,
  ) {}

  async insert(v: ScheduleValues, createdBy: string): Promise<ScheduleRow> {
    const rows: ScheduleRow[] = await this.db.query(
      `INSERT INTO report_schedule (scope, province_code, period, weekday, day_of_month, time_of_day, formats, lang, enabled, next_run_at, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING ${COLUMNS}`,
      [v.scope, v.provinceCode, v.period, v.weekday, v.dayOfMonth, v.timeOfDay, v.formats, v.lang, v.enabled, v.nextRunAt, createdBy],
    );
    return rows[0];
  }

  async find(id: string): Promise<ScheduleRow | null> {
    const rows: ScheduleRow[] = await this.db.query(`SELECT ${COLUMNS} FROM report_schedule WHERE id = $1`, [id]);
    return rows[0] ?? null;
  }

  async list(limit: number, after?: [string, string]): Promise<ScheduleRow[]> {
    const params: unknown[] = [limit + 1];
    let where = '';
    if (after) {
      params.push(after[0], after[1]);
      where = `WHERE (created_at, id) > ($2::timestamptz, $3::uuid)`;
    }
    return this.db.query(
      `SELECT ${COLUMNS}, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS created_at_key FROM report_schedule ${where} ORDER BY created_at, id LIMIT $1`,
      params,
    );
  }

  /** The update's own version check: null when the version is stale. */
  async update(id: string, version: number, v: ScheduleValues): Promise<ScheduleRow | null> {
    const res = (await this.db.query(
      `UPDATE report_schedule SET scope = $3, province_code = $4, period = $5, weekday = $6, day_of_month = $7, time_of_day = $8, formats = $9, lang = $10,
         enabled = $11, next_run_at = $12, version = version + 1, updated_at = now()
       WHERE id = $1 AND version = $2 RETURNING ${COLUMNS}`,
      [id, version, v.scope, v.provinceCode, v.period, v.weekday, v.dayOfMonth, v.timeOfDay, v.formats, v.lang, v.enabled, v.nextRunAt],
    )) as [ScheduleRow[], number];
    return res[0][0] ?? null;
  }

  async delete(id: string): Promise<void> {
    await this.db.query(`DELETE FROM report_schedule WHERE id = $1`, [id]);
  }

  /**
   * One job per due schedule and due time (the unique (schedule_id, due_at) makes a second
   * instance's insert a no-op), then the schedule moves to its next run after now (missed runs
   * while the server was down collapse into the latest one). Returns the jobs created.
   */
  async enqueueDue(now: Date): Promise<number> {
    return this.tx.run(async () => {
      const due: ScheduleRow[] = await this.db.query(
        `SELECT ${COLUMNS} FROM report_schedule WHERE enabled AND next_run_at <= $1 ORDER BY next_run_at FOR UPDATE SKIP LOCKED`,
        [now],
      );
      let created = 0;
      for (const s of due) {
        const dueAt = new Date(s.next_run_at!);
        const job = await this.jobs.enqueue({
          params: {
            scope: s.scope,
            province: s.province_code,
            asOf: vnDateOf(dueAt),
            knownAt: dueAt.toISOString(),
            period: s.period,
            lang: s.lang,
            formats: s.formats,
          },
          requestedBy: s.created_by,
          scheduleId: s.id,
          dueAt,
        });
        if (job) created++;
        const next = nextRun({ period: s.period, weekday: s.weekday, dayOfMonth: s.day_of_month, timeOfDay: s.time_of_day }, now > dueAt ? now : dueAt);
        await this.db.query(`UPDATE report_schedule SET next_run_at = $2 WHERE id = $1`, [s.id, next]);
      }
      return created;
    });
  }
}
