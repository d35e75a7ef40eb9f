import { Injectable } from '@nestjs/common';
import type { RequestContext } from '../../common/auth-user';
import { DomainError, FIELD, fieldErrorsText, notFound, preconditionFailed } from '../../common/errors';
import { decodeCursor, DEFAULT_LIMIT, toPage } from '../../common/pagination';
import { Transactions } from '../../database/transaction';
import { EventsRepository, changedFields } from '../../events/events.repository';
import { UnitsRepository } from '../../units/units.repository';
import { REPORT_FORMATS } from '../report.model';
import { SnapshotsRepository } from '../snapshots/snapshots.repository';
import { nextRun, type ScheduleProblem, scheduleProblems } from './schedule-rules';
import { CreateScheduleDto, ListSchedulesQueryDto, ScheduleDto, SchedulePageDto, UpdateScheduleDto } from './schedules.dto';
import { type ScheduleRow, type ScheduleValues, SchedulesRepository } from './schedules.repository';

export const scheduleDto = (r: ScheduleRow): ScheduleDto => ({
  id: r.id,
  scope: r.scope,
  province: r.province_code,
  period: r.period,
  weekday: r.weekday,
  dayOfMonth: r.day_of_month,
  time: r.time_of_day,
  formats: r.formats,
  lang: r.lang,
  enabled: r.enabled,
  nextRunAt: r.next_run_at ? new Date(r.next_run_at).toISOString() : null,
  version: r.version,
  createdAt: new Date(r.created_at).toISOString(),
  updatedAt: new Date(r.updated_at).toISOString(),
});

/** Report schedules (admins only; the controller's roles say so). */
@Injectable()
export class SchedulesService {
  constructor(
    private readonly schedules: SchedulesRepository,
    private readonly snapshots: SnapshotsRepository,
    private readonly events: EventsRepository,
    private readonly tx: Transactions,
    private readonly units: UnitsRepository,
  ) {}

  async create(ctx: RequestContext, body: CreateScheduleDto, now = new Date()): Promise<ScheduleDto> {
    const v = await this.checked(
      {
        scope: body.scope,
        provinceCode: body.province ?? null,
        period: body.period,
        weekday: body.weekday ?? null,
        dayOfMonth: body.dayOfMonth ?? null,
        timeOfDay: body.time,
        formats: body.formats ?? [...REPORT_FORMATS],
        lang: body.lang ?? 'vi',
        enabled: body.enabled ?? true,
        nextRunAt: null,
      },
      now,
    );
    return this.tx.run(async () => {
      const row = await this.schedules.insert(v, ctx.user.id);
      await this.events.append(ctx, { entityType: 'report-schedule', entityId: row.id, action: 'created', after: { ...scheduleDto(row) } });
      return scheduleDto(row);
    });
  }

  async list(q: ListSchedulesQueryDto): Promise<SchedulePageDto> {
    const limit = q.limit ?? DEFAULT_LIMIT;
    const after = decodeCursor(q.cursor, ['timestamp', 'uuid']) as [string, string] | undefined;
    return toPage(await this.schedules.list(limit, after), limit, (r) => [(r as ScheduleRow & { created_at_key: string }).created_at_key, r.id], scheduleDto);
  }

  async get(id: string): Promise<ScheduleDto> {
    const row = await this.schedules.find(id);
    if (!row) throw notFound('report-schedule', id);
    return scheduleDto(row);
  }

  async update(ctx: RequestContext, id: string, version: number, body: UpdateScheduleDto, now = new Date()): Promise<ScheduleDto> {
    return this.tx.run(async () => {
      const cur = await this.schedules.find(id);
      if (!cur) throw notFound('report-schedule', id);
      if (cur.version !== version) throw preconditionFailed(cur.version);
      const period = body.period ?? cur.period;
      const periodChanged = period !== cur.period;
      const v = await this.checked(
        {
          scope: body.scope ?? cur.scope,
          provinceCode: body.province !== undefined ? body.province : body.scope === 'national' ? null : cur.province_code,
          period,
          weekday: body.weekday !== undefined ? body.weekday : periodChanged ? null : cur.weekday,
          dayOfMonth: body.dayOfMonth !== undefined ? body.dayOfMonth : periodChanged ? null : cur.day_of_month,
          timeOfDay: body.time ?? cur.time_of_day,
          formats: body.formats ?? cur.formats,
          lang: body.lang ?? cur.lang,
          enabled: body.enabled ?? cur.enabled,
          nextRunAt: null,
        },
        now,
      );
      const row = await this.schedules.update(id, version, v);
      if (!row) throw preconditionFailed((await this.schedules.find(id))?.version ?? version);
      const { before, after } = changedFields(scheduleDto(cur) as unknown as Record<string, unknown>, scheduleDto(row) as unknown as Record<string, unknown>);
      await this.events.append(ctx, { entityType: 'report-schedule', entityId: id, action: 'updated', before, after });
      return scheduleDto(row);
    });
  }

  async remove(ctx: RequestContext, id: string): Promise<void> {
    await this.tx.run(async () => {
      const cur = await this.schedules.find(id);
      if (!cur) throw notFound('report-schedule', id);
      await this.schedules.delete(id);
      await this.events.append(ctx, { entityType: 'report-schedule', entityId: id, action: 'deleted', before: { ...scheduleDto(cur) } });
    });
  }

  /** The cross-field rules (scheduleProblems) and the province's existence: one 422 naming every problem; then the next run. */
  private async checked(v: ScheduleValues, now: Date): Promise<ScheduleValues> {
    const problems: ScheduleProblem[] = scheduleProblems(v);
    if (v.provinceCode !== null && !problems.some((p) => p.field === 'province') && !(await this.units.newProvinceExists(v.provinceCode))) {
      problems.push({ field: 'province', message: FIELD.unknown('new-era-province') });
    }
    if (problems.length > 0) throw new DomainError('validation-failed', fieldErrorsText(problems), { errors: problems });
    return { ...v, formats: REPORT_FORMATS.filter((f) => v.formats.includes(f)), nextRunAt: v.enabled ? nextRun(v, now) : null };
  }
}
