import { Injectable } from '@nestjs/common';
import type { RequestContext } from '../common/auth-user';
import { isCalendarDate, todayInVietnam } from '../common/dates';
import { FIELD, type FieldError, invalidFields, notFound, preconditionFailed } from '../common/errors';
import { decodeCursor, DEFAULT_LIMIT, type Page, toPage } from '../common/pagination';
import { assertQueryProvince, NATIONAL, outsideScope, scopeOf } from '../common/scope';
import { Transactions } from '../database/transaction';
import { changedFields, EventsRepository } from '../events/events.repository';
import { UnitsRepository } from '../units/units.repository';
import { FindingsRepository } from './findings.repository';
import { assertMayInspect, auditInspection, inspectionClosed, toError, toInspectionDto } from './inspection.mapper';
import { guardClose, inspectionTransition } from './inspection-rules';
import { CreateInspectionDto, InspectionDto, ListInspectionsQueryDto, UpdateInspectionDto } from './inspections.dto';
import { type InspectionRow, InspectionsRepository } from './inspections.repository';

/** Calendar-date and order checks shared by create and update (422 naming each field). */
function checkDates(d: Record<string, string | null | undefined>, errors: FieldError[], notFuture: string[] = []): void {
  const today = todayInVietnam();
  for (const [k, v] of Object.entries(d)) {
    if (typeof v !== 'string') continue;
    if (!isCalendarDate(v)) errors.push({ field: k, message: FIELD.notCalendarDate });
    else if (notFuture.includes(k) && v > today) errors.push({ field: k, message: FIELD.notAfterToday(today) });
  }
}

@Injectable()
export class InspectionsService {
  constructor(
    private readonly inspections: InspectionsRepository,
    private readonly findings: FindingsRepository,
    private readonly events: EventsRepository,
    private readonly tx: Transactions,
    private readonly units: UnitsRepository,
  ) {}

  async create(ctx: RequestContext, dto: CreateInspectionDto): Promise<InspectionDto> {
    const errors: FieldError[] = [];
    const needs: Record<string, string[]> = { asset: ['assetId'], action: ['actionId'], province: ['provinceCode', 'periodStart', 'periodEnd'] };
    const kind = dto.subjectType;
    for (const f of needs[kind]) {
      if (dto[f as keyof CreateInspectionDto] == null)
        errors.push({ field: f, message: { vi: `bắt buộc với cuộc kiểm tra loại ${kind}`, en: `required for a ${kind} inspection` } });
    }
    for (const f of Object.values(needs).flat()) {
      if (!needs[kind].includes(f) && dto[f as keyof CreateInspectionDto] != null)
        errors.push({ field: f, message: { vi: `không dùng cho cuộc kiểm tra loại ${kind}`, en: `not used by a ${kind} inspection` } });
    }
    checkDates({ plannedStart: dto.plannedStart, plannedEnd: dto.plannedEnd, periodStart: dto.periodStart, periodEnd: dto.periodEnd }, errors);
    if (dto.plannedEnd && dto.plannedEnd < dto.plannedStart) errors.push({ field: 'plannedEnd', message: FIELD.notBefore('plannedStart') });
    if (dto.periodStart && dto.periodEnd && dto.periodEnd < dto.periodStart) errors.push({ field: 'periodEnd', message: FIELD.notBefore('periodStart') });
    if (errors.length) throw invalidFields(errors);

    const scope = scopeOf(ctx.user);
    let provinceCode: string;
    let assetId: string | null = null;
    if (dto.subjectType === 'asset') {
      const asset = await this.inspections.findAsset(scope, dto.assetId!);
      if (!asset) throw outsideScope('asset', dto.assetId!, 'assetId');
      ({ province_code: provinceCode, id: assetId } = asset);
    } else if (dto.subjectType === 'action') {
      const action = await this.inspections.findAction(scope, dto.actionId!);
      if (!action) throw outsideScope('action', dto.actionId!, 'actionId');
      ({ province_code: provinceCode, asset_id: assetId } = action);
    } else {
      provinceCode = dto.provinceCode!;
      if (!(await this.units.newProvinceExists(provinceCode)))
        throw invalidFields([{ field: 'provinceCode', message: { vi: 'không phải tỉnh sau sắp xếp', en: 'not a new-era province' } }]);
    }
    assertMayInspect(ctx.user, provinceCode);
    return this.tx.run(async () => {
      const id = await this.inspections.insert({
        provinceCode,
        subjectType: dto.subjectType,
        assetId,
        actionId: dto.actionId ?? null,
        periodStart: dto.periodStart ?? null,
        periodEnd: dto.periodEnd ?? null,
        title: dto.title,
        plannedStart: dto.plannedStart,
        plannedEnd: dto.plannedEnd ?? null,
        team: (dto.team ?? []).map((m) => ({ name: m.name, role: m.role ?? null })),
        createdBy: ctx.user.id,
      });
      const out = toInspectionDto((await this.inspections.findInScope(NATIONAL, id))!);
      await this.events.append(ctx, { entityType: 'inspection', entityId: id, action: 'created', after: auditInspection(out) });
      return out;
    });
  }

  async list(ctx: RequestContext, q: ListInspectionsQueryDto): Promise<Page<InspectionDto>> {
    assertQueryProvince(ctx.user, q.province);
    const limit = q.limit ?? DEFAULT_LIMIT;
    const after = decodeCursor(q.cursor, ['timestamp', 'uuid']) as [string, string] | undefined;
    const rows = await this.inspections.listInScope(
      scopeOf(ctx.user),
      { province: q.province, status: q.status, subjectType: q.subjectType, assetId: q.assetId, actionId: q.actionId },
      after,
      limit,
    );
    return toPage(rows, limit, (r) => [r.created_at_key, r.id], toInspectionDto);
  }

  async get(ctx: RequestContext, id: string): Promise<InspectionDto> {
    return toInspectionDto(await this.mustFind(ctx, id));
  }

  async mustFind(ctx: RequestContext, id: string): Promise<InspectionRow> {
    const row = await this.inspections.findInScope(scopeOf(ctx.user), id);
    if (!row) throw notFound('inspection', id);
    return row;
  }

  /**
   * Edits and status changes (If-Match). planned → in_progress sets actualStart (default today);
   * in_progress → closed needs a conclusion, sets actualEnd (default today), and with critical
   * findings still open or suggested needs closeOverrideReason. A closed inspection is final.
   */
  async update(ctx: RequestContext, id: string, version: number, dto: UpdateInspectionDto): Promise<InspectionDto> {
    const errors: FieldError[] = [];
    checkDates({ plannedStart: dto.plannedStart, plannedEnd: dto.plannedEnd, actualStart: dto.actualStart, actualEnd: dto.actualEnd }, errors, [
      'actualStart',
      'actualEnd',
    ]);
    if (errors.length) throw invalidFields(errors);
    return this.tx.run(async () => {
      const current = await this.inspections.lockInScope(scopeOf(ctx.user), id);
      if (!current) throw notFound('inspection', id);
      assertMayInspect(ctx.user, current.province_code);
      if (current.version !== version) throw preconditionFailed(current.version);
      if (current.status === 'closed') throw inspectionClosed(id);
      const to = dto.status ?? current.status;
      const bad = inspectionTransition(current.status, to);
      if (bad) throw toError(bad);

      const today = todayInVietnam();
      const values: Record<string, unknown> = {};
      const set = (col: string, v: unknown) => {
        if (v !== undefined) values[col] = v;
      };
      set('title', dto.title);
      set('planned_start', dto.plannedStart);
      set('planned_end', dto.plannedEnd);
      set('actual_start', dto.actualStart);
      set('actual_end', dto.actualEnd);
      set('conclusion', dto.conclusion);
      if (dto.team) values.team = dto.team.map((m) => ({ name: m.name, role: m.role ?? null }));
      if (to !== current.status) values.status = to;
      if (to === 'in_progress' && values.actual_start === undefined && current.actual_start === null) values.actual_start = today;
      const closing = to === 'closed';
      if (closing) {
        if (values.actual_end === undefined && current.actual_end === null) values.actual_end = today;
        const unresolvedCritical = await this.findings.unresolvedCritical(id);
        const merged = (col: string, cur: string | null) => (values[col] !== undefined ? (values[col] as string | null) : cur);
        const v = guardClose({
          conclusion: merged('conclusion', current.conclusion),
          actualStart: merged('actual_start', current.actual_start),
          actualEnd: merged('actual_end', current.actual_end)!,
          unresolvedCritical,
          overrideReason: dto.closeOverrideReason,
        });
        if (v.length) throw toError(v[0]);
        if (dto.closeOverrideReason) values.close_override_reason = dto.closeOverrideReason;
        values.closed_by = ctx.user.id;
      } else if (dto.closeOverrideReason !== undefined) {
        throw invalidFields([{ field: 'closeOverrideReason', message: { vi: 'chỉ dùng khi kết thúc cuộc kiểm tra', en: 'only when closing' } }]);
      }
      const plannedStart = (values.planned_start as string | undefined) ?? current.planned_start;
      const plannedEnd = values.planned_end !== undefined ? (values.planned_end as string | null) : current.planned_end;
      const actualStart = values.actual_start !== undefined ? (values.actual_start as string | null) : current.actual_start;
      const actualEnd = values.actual_end !== undefined ? (values.actual_end as string | null) : current.actual_end;
      if (plannedEnd && plannedEnd < plannedStart) errors.push({ field: 'plannedEnd', message: FIELD.notBefore('plannedStart') });
      if (actualEnd && !actualStart) errors.push({ field: 'actualStart', message: { vi: 'bắt buộc khi có actualEnd', en: 'required with actualEnd' } });
      if (actualEnd && actualStart && actualEnd < actualStart) errors.push({ field: 'actualEnd', message: FIELD.notBefore('actualStart') });
      if (errors.length) throw invalidFields(errors);

      if (!(await this.inspections.update(id, version, values, closing))) throw preconditionFailed(current.version);
      const before = toInspectionDto(current);
      const after = toInspectionDto((await this.inspections.findInScope(NATIONAL, id))!);
      await this.events.append(ctx, {
        entityType: 'inspection',
        entityId: id,
        action: to !== current.status ? to : 'updated',
        ...changedFields(auditInspection(before), auditInspection(after)),
      });
      return after;
    });
  }
}
