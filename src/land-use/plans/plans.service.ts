import { Injectable } from '@nestjs/common';
import type { RequestContext } from '../../common/auth-user';
import { isCalendarDate, todayInVietnam } from '../../common/dates';
import { DomainError, FIELD, type FieldError, invalidFields, notFound, preconditionFailed } from '../../common/errors';
import { decodeCursor, DEFAULT_LIMIT, type Page, toPage } from '../../common/pagination';
import { assertMayWriteIn, assertQueryProvince, NATIONAL, scopeOf } from '../../common/scope';
import { Transactions } from '../../database/transaction';
import { neededLandUseCategory, PLAN_FOLLOWING_TYPES } from '../../rules/land-use-change';
import { changedFields, EventsRepository } from '../../events/events.repository';
import { UnitsService } from '../../units/units.service';
import {
  CreatePlanDto,
  CreatePlanUpdateDto,
  ListPlansQueryDto,
  ListPlanUpdatesQueryDto,
  PendingRepurposingDto,
  PendingRepurposingQueryDto,
  PlanDto,
  PlanUpdateDecisionDto,
  PlanUpdateDto,
  PlanUpdatesQueryDto,
  UpdatePlanDto,
  UpdatePlanUpdateDto,
} from './plans.dto';
import { type PlanRow, PlansRepository, type PlanUpdateRow, type PlanUpdateValues, type PlanValues } from './plans.repository';

const auditPlan = (r: PlanRow) => ({
  unit: `${r.unit_era}/${r.unit_level}/${r.unit_code}`,
  provinceCode: r.province_code,
  kind: r.kind,
  title: r.title,
  periodStart: r.period_start,
  periodEnd: r.period_end,
  decisionNo: r.decision_no,
  decisionDate: r.decision_date,
});
const auditUpdate = (r: PlanUpdateRow) => ({
  planId: r.plan_id,
  provinceCode: r.province_code,
  assetId: r.asset_id,
  parcelRef: r.parcel_ref,
  fromCategory: r.from_category,
  toCategory: r.to_category,
  area: r.area,
  actionId: r.action_id,
  status: r.status,
  decisionNo: r.decision_no,
  decisionDate: r.decision_date,
  decisionRecordedAt: r.decision_recorded_at?.toISOString() ?? null,
});

/** A decision date: a real calendar date, not in the future (Vietnam's today). */
function decisionDateErrors(field: string, value: string | null): FieldError[] {
  if (value === null) return [];
  if (!isCalendarDate(value)) return [{ field, message: FIELD.notCalendarDate }];
  if (value > todayInVietnam()) return [{ field, message: FIELD.mustNotBeInFuture }];
  return [];
}

/** Land-use plans and the category changes they make: who may write, the rules, one transaction per change with its event. */
@Injectable()
export class PlansService {
  constructor(
    private readonly plans: PlansRepository,
    private readonly units: UnitsService,
    private readonly events: EventsRepository,
    private readonly tx: Transactions,
  ) {}

  // ---- plans ----

  async createPlan(ctx: RequestContext, dto: CreatePlanDto): Promise<PlanDto> {
    const values = {
      kind: dto.kind,
      title: dto.title,
      periodStart: dto.periodStart,
      periodEnd: dto.periodEnd,
      decisionNo: dto.decisionNo ?? null,
      decisionDate: dto.decisionDate ?? null,
    };
    checkPlan(values);
    const { unit, newProvinceCode } = await this.units.resolveRef('unit', dto.unit, 'new');
    assertMayWriteIn(ctx.user, newProvinceCode, 'unit');
    return this.tx.run(async () => {
      const id = await this.plans.insertPlan({ ...values, unitId: unit.id, provinceCode: newProvinceCode });
      const row = (await this.plans.findPlanInScope(NATIONAL, id))!;
      await this.events.append(ctx, { entityType: 'land_use_plan', entityId: id, action: 'created', after: auditPlan(row) });
      return PlanDto.from(row);
    });
  }

  async listPlans(ctx: RequestContext, query: ListPlansQueryDto): Promise<Page<PlanDto>> {
    assertQueryProvince(ctx.user, query.province);
    const limit = query.limit ?? DEFAULT_LIMIT;
    const after = decodeCursor(query.cursor, ['timestamp', 'uuid']) as [string, string] | undefined;
    const rows = await this.plans.listPlansInScope(scopeOf(ctx.user), { province: query.province, kind: query.kind, q: query.q }, after, limit);
    return toPage(rows, limit, (r) => [r.created_at_key, r.id], PlanDto.from);
  }

  async getPlan(ctx: RequestContext, id: string): Promise<PlanDto> {
    return PlanDto.from(await this.mustFindPlan(ctx, id));
  }

  async updatePlan(ctx: RequestContext, id: string, version: number, dto: UpdatePlanDto): Promise<PlanDto> {
    const target = dto.unit ? await this.units.resolveRef('unit', dto.unit, 'new') : undefined;
    return this.tx.run(async () => {
      const current = await this.plans.lockPlanInScope(scopeOf(ctx.user), id);
      if (!current) throw notFound('land-use-plan', id);
      assertMayWriteIn(ctx.user, current.province_code);
      if (target) assertMayWriteIn(ctx.user, target.newProvinceCode, 'unit');
      if (current.version !== version) throw preconditionFailed(current.version);
      const pick = <K extends keyof UpdatePlanDto, V>(key: K, fallback: V) => (dto[key] !== undefined ? dto[key] : fallback);
      const values: PlanValues = {
        unitId: target?.unit.id ?? current.unit_id,
        provinceCode: target?.newProvinceCode ?? current.province_code,
        kind: pick('kind', current.kind)!,
        title: pick('title', current.title)!,
        periodStart: pick('periodStart', current.period_start)!,
        periodEnd: pick('periodEnd', current.period_end)!,
        decisionNo: pick('decisionNo', current.decision_no) ?? null,
        decisionDate: pick('decisionDate', current.decision_date) ?? null,
      };
      checkPlan(values);
      if (values.provinceCode !== current.province_code && (await this.plans.planHasUpdates(id))) {
        throw new DomainError('plan-has-updates', {
          vi: `Quy hoạch đã có điều chỉnh tại tỉnh ${current.province_code}; không thể chuyển sang tỉnh ${values.provinceCode}`,
          en: `The plan has updates in province ${current.province_code}; it cannot move to province ${values.provinceCode}`,
        });
      }
      if (!(await this.plans.updatePlanIfVersion(id, version, values))) throw preconditionFailed(current.version);
      const row = (await this.plans.findPlanInScope(NATIONAL, id))!;
      await this.events.append(ctx, { entityType: 'land_use_plan', entityId: id, action: 'updated', ...changedFields(auditPlan(current), auditPlan(row)) });
      return PlanDto.from(row);
    });
  }

  // ---- plan updates ----

  async createUpdate(ctx: RequestContext, planId: string, dto: CreatePlanUpdateDto): Promise<PlanUpdateDto> {
    const plan = await this.mustFindPlan(ctx, planId);
    assertMayWriteIn(ctx.user, plan.province_code);
    const values = await this.resolveUpdate(
      ctx,
      plan,
      {
        assetId: dto.assetId ?? null,
        parcelRef: dto.parcelRef ?? null,
        fromCategory: dto.fromCategory ?? null,
        toCategory: dto.toCategory,
        area: dto.area ?? null,
        actionId: dto.actionId ?? null,
      },
      dto.fromCategory === undefined || dto.fromCategory === null,
    );
    return this.tx.run(async () => {
      const id = await this.plans.insertUpdate(plan.id, plan.province_code, values);
      const row = (await this.plans.findUpdateInScope(NATIONAL, plan.id, id))!;
      await this.events.append(ctx, { entityType: 'plan_update', entityId: id, action: 'proposed', after: auditUpdate(row) });
      return PlanUpdateDto.from(row);
    });
  }

  async listUpdatesOfPlan(ctx: RequestContext, planId: string, query: ListPlanUpdatesQueryDto): Promise<Page<PlanUpdateDto>> {
    await this.mustFindPlan(ctx, planId);
    return this.pageOfUpdates(ctx, { planId, status: query.status }, query);
  }

  /** Plan updates across plans in your scope. */
  async listPlanUpdates(ctx: RequestContext, query: PlanUpdatesQueryDto): Promise<Page<PlanUpdateDto>> {
    assertQueryProvince(ctx.user, query.province);
    return this.pageOfUpdates(ctx, { province: query.province, status: query.status }, query);
  }

  /** The repurposing and reallocation actions still waiting for an approved plan update. */
  async listPendingRepurposing(ctx: RequestContext, query: PendingRepurposingQueryDto): Promise<Page<PendingRepurposingDto>> {
    assertQueryProvince(ctx.user, query.province);
    const limit = query.limit ?? DEFAULT_LIMIT;
    const after = decodeCursor(query.cursor, ['timestamp', 'uuid']) as [string, string] | undefined;
    const rows = await this.plans.listPendingRepurposing(scopeOf(ctx.user), query.province, after, limit);
    return toPage(rows, limit, (r) => [r.created_at_key, r.action_id], PendingRepurposingDto.from);
  }

  async getUpdate(ctx: RequestContext, planId: string, id: string): Promise<PlanUpdateDto> {
    const row = await this.plans.findUpdateInScope(scopeOf(ctx.user), planId, id);
    if (!row) throw notFound('plan-update', id);
    return PlanUpdateDto.from(row);
  }

  /** Changes a proposed update; a decided (approved or rejected) one never changes again. */
  async changeUpdate(ctx: RequestContext, planId: string, id: string, version: number, dto: UpdatePlanUpdateDto): Promise<PlanUpdateDto> {
    const plan = await this.mustFindPlan(ctx, planId);
    const before = await this.plans.findUpdateInScope(scopeOf(ctx.user), planId, id);
    if (!before) throw notFound('plan-update', id);
    assertMayWriteIn(ctx.user, before.province_code);
    if (before.status !== 'proposed') throw decided(before);
    const pick = <K extends keyof UpdatePlanUpdateDto, V>(key: K, fallback: V) => (dto[key] !== undefined ? dto[key] : fallback);
    const assetId = pick('assetId', before.asset_id) ?? null;
    // fromCategory follows the asset when it is cleared, or when another asset is named and no category is given.
    const defaultFrom = dto.fromCategory === null || (dto.fromCategory === undefined && assetId !== null && assetId !== before.asset_id);
    const values = await this.resolveUpdate(
      ctx,
      plan,
      {
        assetId,
        parcelRef: pick('parcelRef', before.parcel_ref) ?? null,
        fromCategory: pick('fromCategory', before.from_category) ?? null,
        toCategory: pick('toCategory', before.to_category)!,
        area: pick('area', before.area) ?? null,
        actionId: pick('actionId', before.action_id) ?? null,
      },
      defaultFrom,
    );
    return this.tx.run(async () => {
      const current = await this.plans.lockUpdateInScope(scopeOf(ctx.user), planId, id);
      if (!current) throw notFound('plan-update', id);
      if (current.version !== version) throw preconditionFailed(current.version);
      if (current.status !== 'proposed') throw decided(current);
      if (!(await this.plans.updateProposedIfVersion(id, version, values))) throw preconditionFailed(current.version);
      const row = (await this.plans.findUpdateInScope(NATIONAL, planId, id))!;
      await this.events.append(ctx, { entityType: 'plan_update', entityId: id, action: 'updated', ...changedFields(auditUpdate(current), auditUpdate(row)) });
      return PlanUpdateDto.from(row);
    });
  }

  /** Approves or rejects a proposed update with the decision's number and date; the time it is recorded is now(). */
  async decide(ctx: RequestContext, planId: string, id: string, outcome: 'approved' | 'rejected', dto: PlanUpdateDecisionDto): Promise<PlanUpdateDto> {
    const errors = decisionDateErrors('decisionDate', dto.decisionDate);
    if (errors.length) throw invalidFields(errors);
    return this.tx.run(async () => {
      const current = await this.plans.lockUpdateInScope(scopeOf(ctx.user), planId, id);
      if (!current) throw notFound('plan-update', id);
      assertMayWriteIn(ctx.user, current.province_code);
      if (current.status !== 'proposed' || !(await this.plans.decide(id, outcome, dto.decisionNo, dto.decisionDate))) throw decided(current);
      const row = (await this.plans.findUpdateInScope(NATIONAL, planId, id))!;
      await this.events.append(ctx, { entityType: 'plan_update', entityId: id, action: outcome, ...changedFields(auditUpdate(current), auditUpdate(row)) });
      return PlanUpdateDto.from(row);
    });
  }

  private async pageOfUpdates(
    ctx: RequestContext,
    filter: { planId?: string; province?: string; status?: PlanUpdateRow['status'] },
    query: { cursor?: string; limit?: number },
  ): Promise<Page<PlanUpdateDto>> {
    const limit = query.limit ?? DEFAULT_LIMIT;
    const after = decodeCursor(query.cursor, ['timestamp', 'uuid']) as [string, string] | undefined;
    const rows = await this.plans.listUpdatesInScope(scopeOf(ctx.user), filter, after, limit);
    return toPage(rows, limit, (r) => [r.created_at_key, r.id], PlanUpdateDto.from);
  }

  /**
   * Checks what an update names and fills the defaults: an asset of the plan's province or a parcel
   * reference; categories that exist (from defaults to the asset's current one) and differ; an
   * action that is a repurposing or reallocation of that asset and needs this target category.
   */
  private async resolveUpdate(ctx: RequestContext, plan: PlanRow, v: PlanUpdateValues, defaultFrom: boolean): Promise<PlanUpdateValues> {
    const errors: FieldError[] = [];
    if (!v.assetId && !v.parcelRef) {
      const message = { vi: 'cần assetId hoặc parcelRef', en: 'assetId or parcelRef is required' };
      errors.push({ field: 'assetId', message }, { field: 'parcelRef', message });
    }
    const scope = scopeOf(ctx.user);
    const asset = v.assetId ? await this.plans.findAssetInScope(scope, v.assetId) : null;
    if (v.assetId && !asset) errors.push({ field: 'assetId', message: FIELD.unknown('asset') });
    if (asset && asset.province_code !== plan.province_code) {
      errors.push({
        field: 'assetId',
        message: {
          vi: `tài sản của tỉnh khác (${asset.province_code}); quy hoạch thuộc tỉnh ${plan.province_code}`,
          en: `asset of another province (${asset.province_code}); the plan is of ${plan.province_code}`,
        },
      });
    }
    const fromCategory = defaultFrom ? (asset?.land_use_category ?? null) : v.fromCategory;

    const unknown = new Set(await this.plans.unknownCategories([...new Set([fromCategory, v.toCategory].filter((c): c is string => c !== null))]));
    const unknownCategory = (code: string) => ({ vi: `không tìm thấy loại đất ${code}`, en: `unknown land-use category ${code}` });
    if (fromCategory !== null && unknown.has(fromCategory)) errors.push({ field: 'fromCategory', message: unknownCategory(fromCategory) });
    if (unknown.has(v.toCategory)) errors.push({ field: 'toCategory', message: unknownCategory(v.toCategory) });
    if (fromCategory === v.toCategory)
      errors.push({ field: 'toCategory', message: { vi: `phải khác fromCategory (${fromCategory})`, en: `must differ from fromCategory (${fromCategory})` } });

    if (v.actionId) {
      const action = await this.plans.findActionInScope(scope, v.actionId);
      if (!v.assetId)
        errors.push({ field: 'actionId', message: { vi: 'phương án cần có assetId của tài sản mà nó xử lý', en: 'an action needs the assetId it is on' } });
      else if (!action) errors.push({ field: 'actionId', message: FIELD.unknown('action') });
      else if (action.asset_id !== v.assetId) errors.push({ field: 'actionId', message: FIELD.notActionOnAsset });
      else if (!PLAN_FOLLOWING_TYPES.includes(action.type)) {
        errors.push({
          field: 'actionId',
          message: {
            vi: `phương án loại ${action.type}; chỉ phương án chuyển đổi công năng hoặc điều chuyển mới cần điều chỉnh quy hoạch`,
            en: `a ${action.type} action; only a repurposing or a reallocation needs a plan update`,
          },
        });
      } else {
        const needed = neededLandUseCategory({ type: action.type, targetLandUseCategory: action.target_land_use_category, newUse: action.new_use });
        if (needed && needed !== v.toCategory) {
          errors.push({ field: 'toCategory', message: { vi: `phương án cần loại đất ${needed}`, en: `the action needs ${needed}` } });
        }
      }
    }
    if (errors.length) throw invalidFields(errors);
    return { ...v, fromCategory };
  }

  private async mustFindPlan(ctx: RequestContext, id: string): Promise<PlanRow> {
    const row = await this.plans.findPlanInScope(scopeOf(ctx.user), id);
    if (!row) throw notFound('land-use-plan', id);
    return row;
  }
}

/** The period and decision rules of a plan; each violation is a 422 naming the field. */
function checkPlan(v: { periodStart: number; periodEnd: number; decisionNo: string | null; decisionDate: string | null }): void {
  const errors: FieldError[] = [];
  if (v.periodStart > v.periodEnd)
    errors.push({
      field: 'periodEnd',
      message: { vi: `không được trước periodStart (${v.periodStart})`, en: `must not be before periodStart (${v.periodStart})` },
    });
  if (v.decisionNo !== null && v.decisionDate === null)
    errors.push({ field: 'decisionDate', message: { vi: 'bắt buộc khi có decisionNo', en: 'required with decisionNo' } });
  if (v.decisionDate !== null && v.decisionNo === null)
    errors.push({ field: 'decisionNo', message: { vi: 'bắt buộc khi có decisionDate', en: 'required with decisionDate' } });
  errors.push(...decisionDateErrors('decisionDate', v.decisionDate));
  if (errors.length) throw invalidFields(errors);
}

const decided = (r: PlanUpdateRow) =>
  new DomainError(
    'plan-update-decided',
    {
      vi: `Điều chỉnh quy hoạch ${r.id} đã ở trạng thái ${r.status} (quyết định số ${r.decision_no} ngày ${r.decision_date}), không thể thay đổi nữa`,
      en: `Plan update ${r.id} was ${r.status} (decision ${r.decision_no} of ${r.decision_date}) and can no longer change`,
    },
    { extra: { status: r.status } },
  );
