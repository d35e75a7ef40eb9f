import { Injectable } from '@nestjs/common';
import { AgenciesRepository } from '../agencies/agencies.repository';
import { AssetsRepository } from '../assets/assets.repository';
import type { RequestContext } from '../common/auth-user';
import { isCalendarDate, todayInVietnam } from '../common/dates';
import { DomainError, FIELD, notFound, preconditionFailed, violationError } from '../common/errors';
import type { Localized } from '../common/localized';
import { decodeCursor, DEFAULT_LIMIT, type Page, toPage } from '../common/pagination';
import { assertMayWriteIn, assertQueryProvince, NATIONAL, outsideScope, scopeOf } from '../common/scope';
import { Transactions } from '../database/transaction';
import { AuditReadsService } from '../events/audit-reads.service';
import { changedFields, EventsRepository } from '../events/events.repository';
import { UnitsService } from '../units/units.service';
import { auditOfAction } from './action.audit';
import { toActionDto } from './action.mapper';
import {
  AcceptActionDto,
  ActionDto,
  ApproveActionDto,
  CompleteActionDto,
  CreateActionDto,
  ListActionsQueryDto,
  ReasonDto,
  StartActionDto,
  SubmitActionDto,
  UpdateActionDto,
} from './actions.dto';
import { type ActionRow, ActionsRepository, type StampColumn } from './actions.repository';
import { closeWithoutEffect, completionEffect, openEffect, TERMINAL_ASSET_STATUSES, ACTIONABLE_ASSET_STATUSES, type AssetChange } from '../rules/effects';
import { type AssetStatus, METHODS } from '../schema/vocabulary';
import { guardApprove, guardComplete, guardSubmit } from '../rules/guards';
import { neededLandUseCategory } from '../rules/land-use-change';
import { OPEN_STATUSES, type Transition } from '../rules/model';
import { draftNewUse, newUseAtCompletion, newUseOf, type NewUseFacts } from '../rules/new-use';
import { nextStatus } from '../rules/state-machine';
import { completionDateProblems, type DateProblem, decisionDateProblems, handoverDateProblems, valuationChangeProblems } from '../rules/date-sanity';
import { isViolation } from '../rules/violations';
import { guardAccept, guardHandoverSubmit, handoverViolation, type HandoverSide } from '../rules/handover';
import { guardCorrection, guardCorrectionDates } from '../rules/correction';
import type { AuthUser } from '../common/auth-user';

/** Postgres unique_violation on the one-open-action-per-asset index. */

/** The columns of an action a create or a draft edit sets, from the DTO (undefined = unchanged). */
function draftColumns(
  dto: UpdateActionDto,
  resolved: { receivingUnitId?: number | null; receivingProvinceCode?: string | null; targetLandUseCategory?: string | null },
): Record<string, unknown> {
  const out: Record<string, unknown> = {
    method: dto.method,
    justification: dto.justification,
    notes: dto.notes,
    receiving_agency_id: dto.receivingAgencyId,
    receiving_unit_id: resolved.receivingUnitId,
    receiving_province_code: resolved.receivingProvinceCode,
    temporary_handover_date: dto.temporaryHandoverDate,
    sale_method: dto.saleMethod,
    valuation_amount: dto.valuationAmount,
    valuation_date: dto.valuationDate,
    planned_cost: dto.plannedCost,
    planned_start: dto.plannedStart,
    planned_end: dto.plannedEnd,
    purpose_code: dto.purposeCode,
    target_land_use_category: resolved.targetLandUseCategory,
    new_use: dto.newUse,
  };
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined));
}

@Injectable()
export class ActionsService {
  constructor(
    private readonly actions: ActionsRepository,
    private readonly assets: AssetsRepository,
    private readonly agencies: AgenciesRepository,
    private readonly units: UnitsService,
    private readonly events: EventsRepository,
    private readonly tx: Transactions,
    private readonly auditReads: AuditReadsService,
  ) {}

  async create(ctx: RequestContext, dto: CreateActionDto): Promise<ActionDto> {
    const asset = await this.assets.findInScope(scopeOf(ctx.user), dto.assetId);
    if (!asset) throw outsideScope('asset', dto.assetId, 'assetId');
    assertMayWriteIn(ctx.user, asset.province_code, 'assetId');
    const correction = await this.correctionOf(ctx, dto, asset.id);
    // A correction may undo a disposal: its asset may have left the books.
    if (!correction && TERMINAL_ASSET_STATUSES.includes(asset.status as AssetStatus)) {
      throw new DomainError('asset-not-actionable', {
        vi: `Tài sản ${asset.code} đang ở trạng thái ${asset.status}: tài sản đã ra khỏi sổ sách, không thể xử lý thêm`,
        en: `Asset ${asset.code} is ${asset.status}: it has left the books, no further action can be taken`,
      });
    }
    const resolved = await this.resolve(dto.type, dto, asset.province_code);
    return this.tx.run(async () => {
      const id = await this.actions.insert({
        asset_id: asset.id,
        province_code: asset.province_code,
        type: dto.type,
        created_by: ctx.user.id,
        ...correction,
        ...draftColumns(dto, resolved),
      });
      await this.actions.setClauses(id, dto.clauseIds ?? []);
      const row = (await this.actions.findInScope(NATIONAL, id))!;
      await this.events.append(ctx, { entityType: 'action', entityId: id, action: 'created', after: { ...auditOfAction(row) } });
      return toActionDto(row);
    });
  }

  async list(ctx: RequestContext, q: ListActionsQueryDto): Promise<Page<ActionDto>> {
    assertQueryProvince(ctx.user, q.province);
    const limit = q.limit ?? DEFAULT_LIMIT;
    const after = decodeCursor(q.cursor, ['timestamp', 'uuid']) as [string, string] | undefined;
    const rows = await this.actions.listInScope(
      scopeOf(ctx.user),
      {
        province: q.province,
        asset: q.asset,
        type: q.type,
        method: q.method,
        status: q.status,
        clause: q.clause,
        overdue: q.overdue === undefined ? undefined : { today: todayInVietnam(), is: q.overdue },
      },
      after,
      limit,
    );
    return toPage(rows, limit, (r) => [r.created_at_key, r.id], toActionDto);
  }

  async get(ctx: RequestContext, id: string): Promise<ActionDto> {
    const row = await this.actions.findInScope(scopeOf(ctx.user), id);
    if (!row) throw notFound('action', id);
    await this.auditReads.record(ctx, 'action', id, 'GET /api/v1/actions/{id}');
    return toActionDto(row);
  }

  /** Edits a draft (If-Match); anything past draft changes only through its transitions. */
  async update(ctx: RequestContext, id: string, version: number, dto: UpdateActionDto): Promise<ActionDto> {
    const current = await this.actions.findInScope(scopeOf(ctx.user), id);
    if (!current) throw notFound('action', id);
    const resolved = await this.resolve(current.type, { ...dto, method: dto.method ?? current.method }, current.province_code, current.receiving_province_code);
    return this.tx.run(async () => {
      const locked = await this.mustLock(ctx, id);
      const wrongSide = handoverViolation('submit', locked.status, locked.receiving_province_code !== null, sideOf(ctx.user, locked));
      if (wrongSide) throw violationError(wrongSide);
      if (locked.version !== version) throw preconditionFailed(locked.version);
      if (locked.status !== 'draft')
        throw new DomainError('action-not-draft', {
          vi: `Phương án đang ở trạng thái ${locked.status}: chỉ sửa được phương án dự thảo`,
          en: `The action is ${locked.status}: only a draft can be edited`,
        });
      if (!(await this.actions.update(id, version, draftColumns(dto, resolved)))) throw preconditionFailed(locked.version);
      if (dto.clauseIds) await this.actions.setClauses(id, dto.clauseIds);
      const row = (await this.actions.findInScope(NATIONAL, id))!;
      await this.events.append(ctx, {
        entityType: 'action',
        entityId: id,
        action: 'updated',
        ...changedFields({ ...auditOfAction(locked) }, { ...auditOfAction(row) }),
      });
      return toActionDto(row);
    });
  }

  submit(ctx: RequestContext, id: string, version: number | undefined, dto: SubmitActionDto): Promise<ActionDto> {
    return this.step(ctx, id, version, 'submit', async (action, asset) => {
      const open = asset.status === 'action_pending' || asset.status === 'under_renovation';
      // A correction may act on an asset its corrected action took off the books, never beside an open action.
      if (!ACTIONABLE_ASSET_STATUSES.includes(asset.status as AssetStatus) && (open || !action.corrects_action_id)) {
        if (open)
          throw new DomainError('asset-has-open-action', {
            vi: `Tài sản ${asset.code} đã có một phương án xử lý chưa kết thúc`,
            en: `Asset ${asset.code} already has an open action`,
          });
        throw new DomainError('asset-not-actionable', {
          vi: `Tài sản ${asset.code} đang ở trạng thái ${asset.status}`,
          en: `Asset ${asset.code} is ${asset.status}`,
        });
      }
      const clauses = await this.actions.clausesForGuard(
        action.clauses.map((c) => c.id),
        action.province_code,
      );
      const purpose = action.purpose_code ? await this.actions.purpose(action.purpose_code) : null;
      const receiving = action.receiving_agency_id ? await this.agencies.findInScope(NATIONAL, action.receiving_agency_id) : null;
      const violations = guardSubmit(
        {
          type: action.type,
          method: action.method,
          justification: action.justification,
          purpose,
          receivingAgencyId: action.receiving_agency_id,
          receivingAgencyActive: receiving ? receiving.status === 'active' : undefined,
          targetLandUseCategory: action.target_land_use_category,
          plannedCost: action.planned_cost === null ? null : Number(action.planned_cost),
        },
        clauses,
        todayInVietnam(),
      );
      if (violations.length) throw violationError(violations[0]);
      const handover = guardHandoverSubmit({
        crossProvince: action.receiving_province_code !== null,
        receivingUnitId: action.receiving_unit_id,
        receivingUnitProvince: action.receiving_unit_id === null ? null : await this.units.provinceOfUnitId(action.receiving_unit_id),
        receivingProvince: action.receiving_province_code ?? action.province_code,
      });
      if (handover) throw violationError(handover);
      return {
        values: { submitted_by: ctx.user.id, asset_status_before: asset.status, ...(dto.note ? { notes: dto.note } : {}) },
        stamps: ['submitted_at'],
        asset: openEffect(action.type, false),
      };
    });
  }

  approve(ctx: RequestContext, id: string, version: number | undefined, dto: ApproveActionDto): Promise<ActionDto> {
    if (!isCalendarDate(dto.decisionDate)) {
      throw new DomainError(
        'validation-failed',
        { vi: 'decisionDate không phải ngày hợp lệ theo lịch', en: 'decisionDate is not a calendar date' },
        { errors: [{ field: 'decisionDate', message: FIELD.notCalendarDate }] },
      );
    }
    return this.step(ctx, id, version, 'approve', async (action, asset) => {
      const violations = guardApprove(
        { number: dto.decisionNo, date: dto.decisionDate, authority: dto.decisionAuthority },
        ctx.user.id,
        action.submitted_by,
        todayInVietnam(),
      );
      if (violations.length) throw violationError(violations[0]);
      const corrected = action.corrects_action_id ? await this.actions.findInScope(NATIONAL, action.corrects_action_id) : null;
      const predates = corrected ? guardCorrectionDates('decisionDate', dto.decisionDate, corrected.decision_date) : null;
      if (predates) throw violationError(predates);
      const cited = await this.actions.clausesForGuard(
        action.clauses.map((c) => c.id),
        action.province_code,
      );
      throwDateProblem(decisionDateProblems({ decisionDate: dto.decisionDate, yearBuilt: asset.year_built, surplusSince: asset.surplus_since, cited }));
      // The decision states what the facility will be used for: from here on it counts as handled, by that new use.
      const newUse = newUseOf(await this.newUseFacts(action), dto.newUse ?? action.new_use, true);
      if (isViolation(newUse)) throw violationError(newUse);
      return {
        values: {
          decision_no: dto.decisionNo,
          decision_date: dto.decisionDate,
          decision_authority: dto.decisionAuthority,
          approved_by: ctx.user.id,
          new_use: newUse,
          valuation_at_approval: action.valuation_amount,
        },
        stamps: ['decision_recorded_at', 'approved_at'],
      };
    });
  }

  reject(ctx: RequestContext, id: string, version: number | undefined, dto: ReasonDto): Promise<ActionDto> {
    return this.step(ctx, id, version, 'reject', async (action) => ({
      values: { rejected_by: ctx.user.id, rejection_reason: dto.reason },
      stamps: ['rejected_at'],
      asset: closeWithoutEffect(action.asset_status_before ?? 'surplus'),
    }));
  }

  /** The receiving province accepts a hand-over with its own decision: the sending side may then start and complete it. */
  accept(ctx: RequestContext, id: string, version: number | undefined, dto: AcceptActionDto): Promise<ActionDto> {
    if (!isCalendarDate(dto.decisionDate)) {
      throw new DomainError(
        'validation-failed',
        { vi: 'decisionDate không phải ngày hợp lệ theo lịch', en: 'decisionDate is not a calendar date' },
        { errors: [{ field: 'decisionDate', message: FIELD.notCalendarDate }] },
      );
    }
    return this.step(ctx, id, version, 'accept', async (action) => {
      const refused = guardAccept({ decisionDate: dto.decisionDate, approvalDate: action.decision_date, today: todayInVietnam() });
      if (refused) throw violationError(refused);
      return {
        values: { accepted_by: ctx.user.id, acceptance_decision_no: dto.decisionNo, acceptance_decision_date: dto.decisionDate },
        stamps: ['accepted_at'],
      };
    });
  }

  /** The receiving province declines a hand-over: it ends rejected, the asset back as it was, for the sending side to handle otherwise. */
  decline(ctx: RequestContext, id: string, version: number | undefined, dto: ReasonDto): Promise<ActionDto> {
    return this.step(ctx, id, version, 'decline', async (action) => ({
      values: { rejected_by: ctx.user.id, rejection_reason: dto.reason },
      stamps: ['rejected_at'],
      asset: closeWithoutEffect(action.asset_status_before ?? 'surplus'),
    }));
  }

  start(ctx: RequestContext, id: string, version: number | undefined, dto: StartActionDto): Promise<ActionDto> {
    return this.step(ctx, id, version, 'start', async (action) => {
      if (dto.actualStart && dto.actualStart > todayInVietnam()) {
        throw new DomainError(
          'validation-failed',
          { vi: 'actualStart ở tương lai', en: 'actualStart is in the future' },
          { errors: [{ field: 'actualStart', message: FIELD.notInFuture }] },
        );
      }
      return {
        values: action.type === 'renovation' ? { actual_start: dto.actualStart ?? todayInVietnam() } : {},
        stamps: ['started_at'],
        asset: openEffect(action.type, true),
      };
    });
  }

  complete(ctx: RequestContext, id: string, version: number | undefined, dto: CompleteActionDto): Promise<ActionDto> {
    return this.step(ctx, id, version, 'complete', async (action, asset) => {
      const today = todayInVietnam();
      const pick = <T>(given: T | null | undefined, stored: unknown): T | null => (given !== undefined ? (given as T | null) : ((stored ?? null) as T | null));
      const money = (given: number | null | undefined, stored: unknown) => pick<number>(given, stored === null || stored === undefined ? null : Number(stored));
      const evidence = {
        handover_date: pick<string>(dto.handoverDate, action.handover_date),
        minutes_confirmed_by_sender: dto.minutesConfirmedBySender ?? action.minutes_confirmed_by_sender,
        minutes_confirmed_by_receiver: dto.minutesConfirmedByReceiver ?? action.minutes_confirmed_by_receiver,
        valuation_amount: money(dto.valuationAmount, action.valuation_amount),
        sale_price: money(dto.salePrice, action.sale_price),
        buyer: pick<string>(dto.buyer, action.buyer),
        proceeds_paid: money(dto.proceedsPaid, action.proceeds_paid),
        proceeds_paid_date: pick<string>(dto.proceedsPaidDate, action.proceeds_paid_date),
        actual_cost: money(dto.actualCost, action.actual_cost),
        actual_start: pick<string>(dto.actualStart, action.actual_start),
        actual_end: pick<string>(dto.actualEnd, action.actual_end),
        category_unchanged_reason: pick<string>(dto.categoryUnchangedReason, action.category_unchanged_reason),
        valuation_change_reason: pick<string>(dto.valuationChangeReason, action.valuation_change_reason),
      };
      const completedOn = dto.completedOn ?? today;
      if (completedOn > today) {
        throw new DomainError(
          'validation-failed',
          { vi: 'completedOn ở tương lai', en: 'completedOn is in the future' },
          { errors: [{ field: 'completedOn', message: FIELD.notInFuture }] },
        );
      }
      throwDateProblem([
        ...completionDateProblems(completedOn, action.decision_date),
        ...handoverDateProblems(evidence.handover_date, action.decision_date),
        ...valuationChangeProblems(action.valuation_at_approval, evidence.valuation_amount, evidence.valuation_change_reason),
      ]);
      // The new use is settled first (its own problem comes after the evidence's): a reallocation's implies the land-use category it needs.
      const newUse = newUseAtCompletion(await this.newUseFacts(action), action.new_use, dto.newUse);
      const violations = guardComplete(
        {
          type: action.type,
          method: action.method,
          documents: await this.actions.documentKinds(action.id),
          receivingAgencyId: action.receiving_agency_id,
          handoverDate: evidence.handover_date,
          minutesConfirmedBySender: evidence.minutes_confirmed_by_sender,
          minutesConfirmedByReceiver: evidence.minutes_confirmed_by_receiver,
          valuationAmount: evidence.valuation_amount,
          salePrice: evidence.sale_price,
          buyer: evidence.buyer,
          proceedsPaid: evidence.proceeds_paid,
          actualCost: evidence.actual_cost,
          actualEndDate: evidence.actual_end,
          assetLandUseCategory: asset.land_use_category,
          targetLandUseCategory: action.target_land_use_category,
          approvedPlanUpdate: await this.actions.hasApprovedPlanUpdate(action.id),
          categoryUnchangedReason: evidence.category_unchanged_reason,
          newUse: isViolation(newUse) ? null : newUse,
        },
        today,
      );
      if (violations.length) throw violationError(violations[0]);
      if (isViolation(newUse)) throw violationError(newUse);
      const effect = completionEffect({
        type: action.type,
        method: action.method,
        receivingAgencyId: action.receiving_agency_id,
        receivingUnitId: action.receiving_unit_id,
        targetLandUseCategory: neededLandUseCategory({ type: action.type, targetLandUseCategory: action.target_land_use_category, newUse }),
      });
      if (action.corrects_action_id) await this.supersede(ctx, action, completedOn);
      return { values: { ...evidence, new_use: newUse, completed_by: ctx.user.id, completed_on: completedOn }, stamps: ['completed_at'], asset: effect };
    });
  }

  cancel(ctx: RequestContext, id: string, version: number | undefined, dto: ReasonDto): Promise<ActionDto> {
    return this.step(ctx, id, version, 'cancel', async (action) => ({
      values: { cancelled_by: ctx.user.id, cancellation_reason: dto.reason },
      stamps: ['cancelled_at'],
      asset: OPEN_STATUSES.includes(action.status) ? closeWithoutEffect(action.asset_status_before ?? 'surplus') : undefined,
    }));
  }

  /**
   * One transition, in one transaction: lock the action then its asset, check the state machine and
   * the step's guard, write the action, apply the effect on the asset, and record both as events.
   */
  private async step(
    ctx: RequestContext,
    id: string,
    version: number | undefined,
    transition: Transition,
    guard: (
      action: ActionRow,
      asset: {
        id: string;
        code: string;
        status: string;
        land_use_category: string | null;
        province_code: string;
        year_built: number | null;
        surplus_since: string | null;
      },
    ) => Promise<{ values: Record<string, unknown>; stamps: StampColumn[]; asset?: AssetChange }>,
  ): Promise<ActionDto> {
    // A second open action on the asset (a race past the status check) is the unique index's to refuse:
    // 409 asset-has-open-action, mapped once in src/common/db-errors.ts.
    return this.tx.run(async () => {
      const action = await this.mustLock(ctx, id);
      const refused = handoverViolation(transition, action.status, action.receiving_province_code !== null, sideOf(ctx.user, action));
      if (refused && refused.code !== 'handover-not-accepted') throw violationError(refused);
      if (version !== undefined && action.version !== version) throw preconditionFailed(action.version);
      if (refused) throw violationError(refused);
      const to = nextStatus(action.status, transition);
      if (isViolation(to)) throw violationError(to);
      const asset = await this.assets.lockInScope(NATIONAL, action.asset_id);
      if (!asset) throw notFound('asset', action.asset_id);
      const { values, stamps, asset: change } = await guard(action, asset);
      if (!(await this.actions.update(id, action.version, { ...values, status: to }, stamps))) throw preconditionFailed(action.version);
      let assetDiff: { before: Record<string, unknown>; after: Record<string, unknown> } | undefined;
      if (change) {
        let provinceCode: string | undefined;
        if (change.currentUnitId) provinceCode = (await this.units.provinceOfUnitId(change.currentUnitId)) ?? undefined;
        // What a completion changes (custodian, unit, land use) takes effect on its completion date, as the reports read it.
        await this.assets.applyChange(asset.id, { ...change, provinceCode }, values.completed_on ? String(values.completed_on) : undefined);
        // A completed handling closes the surplus episode as handled (the reports go on counting it, handled).
        if (change.closeEpisode) await this.assets.closeSurplusEpisode(asset.id, id, String(values.completed_on));
        const after = (await this.assets.findInScope(NATIONAL, asset.id))!;
        // Whatever an older release recorded: no step leaves an asset with a custodian of another
        // province than its unit's, nor moves it anywhere but to its hand-over's receiving province.
        const custodianProvince = (await this.agencies.findInScope(NATIONAL, after.custodian_id))?.province_code ?? '?';
        const mayBeIn = [action.province_code, action.receiving_province_code];
        if (after.province_code !== custodianProvince || !mayBeIn.includes(after.province_code))
          throw unitMismatch(unitNamed(after.cu_code), after.province_code, custodianProvince);
        assetDiff = changedFields(
          {
            status: asset.status,
            custodian: asset.custodian_code,
            currentUnit: asset.cu_code,
            landUseCategory: asset.land_use_category,
            surplusSince: asset.surplus_since,
          },
          {
            status: after.status,
            custodian: after.custodian_code,
            currentUnit: after.cu_code,
            landUseCategory: after.land_use_category,
            surplusSince: after.surplus_since,
          },
        );
      }
      const row = (await this.actions.findInScope(NATIONAL, id))!;
      // Events last: appending takes the event chain's lock until commit, so it is held briefly.
      if (assetDiff) {
        await this.events.append(ctx, {
          entityType: 'asset',
          entityId: asset.id,
          action: `action-${transition}`,
          before: { ...assetDiff.before, actionId: id },
          after: { ...assetDiff.after, actionId: id },
        });
      }
      const diff = changedFields({ ...auditOfAction(action) }, { ...auditOfAction(row) });
      // A hand-over's every step names both provinces; a decline is recorded as such (it leaves the action rejected).
      const sides = row.receiving_province_code ? { provinceCode: row.province_code, receivingProvinceCode: row.receiving_province_code } : {};
      await this.events.append(ctx, {
        entityType: 'action',
        entityId: id,
        action: transition === 'decline' ? 'declined' : to,
        before: diff.before,
        after: { ...diff.after, ...sides },
      });
      return toActionDto(row);
    });
  }

  /** The correction a create names (both fields or neither), checked against the completed action it corrects. */
  private async correctionOf(
    ctx: RequestContext,
    dto: CreateActionDto,
    assetId: string,
  ): Promise<{ corrects_action_id: string; correction_reason: string } | undefined> {
    if (dto.correctsActionId === undefined && dto.correctionReason === undefined) return undefined;
    if (!dto.correctsActionId || !dto.correctionReason) {
      const field = dto.correctsActionId ? 'correctionReason' : 'correctsActionId';
      throw new DomainError(
        'validation-failed',
        { vi: `Phương án điều chỉnh cần cả correctsActionId và correctionReason`, en: `A correction needs both correctsActionId and correctionReason` },
        {
          errors: [{ field, message: FIELD.required }],
        },
      );
    }
    const corrected = await this.actions.findInScope(scopeOf(ctx.user), dto.correctsActionId);
    if (!corrected) throw outsideScope('action', dto.correctsActionId, 'correctsActionId');
    const refused = guardCorrection(
      { assetId: corrected.asset_id, type: corrected.type, status: corrected.status, supersededById: corrected.superseded_by_id },
      { assetId, type: dto.type },
    );
    if (refused) throw violationError(refused);
    return { corrects_action_id: corrected.id, correction_reason: dto.correctionReason };
  }

  /** A correction completes: the action it corrects is marked superseded by it from `on` (both stay in the record, linked both ways). */
  private async supersede(ctx: RequestContext, correction: ActionRow, on: string): Promise<void> {
    const corrected = (await this.actions.lockInScope(NATIONAL, correction.corrects_action_id!))!;
    const refused =
      guardCorrection(
        { assetId: corrected.asset_id, type: corrected.type, status: corrected.status, supersededById: corrected.superseded_by_id },
        { assetId: correction.asset_id, type: correction.type },
      ) ?? guardCorrectionDates('completedOn', on, corrected.completed_on);
    if (refused) throw violationError(refused);
    await this.actions.markSuperseded(corrected.id, correction.id, on);
    const after = (await this.actions.findInScope(NATIONAL, corrected.id))!;
    await this.events.append(ctx, {
      entityType: 'action',
      entityId: corrected.id,
      action: 'superseded',
      ...changedFields({ ...auditOfAction(corrected) }, { ...auditOfAction(after) }),
    });
  }

  /** What the new-use rule needs of an action: its type, method and, for a repurposing, the new use its purpose counts as. */
  private async newUseFacts(action: Pick<ActionRow, 'type' | 'method' | 'purpose_code'>): Promise<NewUseFacts> {
    const purpose = action.type === 'repurposing' && action.purpose_code ? await this.actions.purpose(action.purpose_code) : null;
    return { type: action.type, method: action.method, purposeNewUse: purpose?.newUse ?? null };
  }

  private async mustLock(ctx: RequestContext, id: string): Promise<ActionRow> {
    const action = await this.actions.lockInScope(scopeOf(ctx.user), id);
    if (!action) throw notFound('action', id);
    // The receiving province's officers act on a hand-over they see (which steps: src/rules/handover.ts); anyone else writes in the action's province.
    if (sideOf(ctx.user, action) !== 'receiving') assertMayWriteIn(ctx.user, action.province_code);
    return action;
  }

  /** Checks the method and references of a create or edit (422 naming the field). */
  private async resolve(
    type: CreateActionDto['type'],
    dto: UpdateActionDto,
    provinceCode: string,
    currentReceivingProvince: string | null = null,
  ): Promise<{ receivingUnitId?: number | null; receivingProvinceCode?: string | null; targetLandUseCategory?: string | null }> {
    if (dto.method !== undefined && !METHODS[type].includes(dto.method)) {
      const methods = METHODS[type].join(', ');
      throw new DomainError(
        'validation-failed',
        {
          vi: `Phương án loại ${type} chỉ thực hiện bằng hình thức ${methods}, không phải ${dto.method}`,
          en: `A ${type} is done by ${methods}, not ${dto.method}`,
        },
        { errors: [{ field: 'method', message: { vi: `không phải hình thức của loại ${type}`, en: `not a ${type} method` } }] },
      );
    }
    let receivingProvinceCode: string | null | undefined = dto.receivingAgencyId === null ? null : undefined;
    if (dto.receivingAgencyId) {
      const agency = await this.agencies.findInScope(NATIONAL, dto.receivingAgencyId);
      if (!agency) {
        throw new DomainError(
          'validation-failed',
          { vi: `Không có cơ quan, đơn vị ${dto.receivingAgencyId}`, en: `No agency ${dto.receivingAgencyId}` },
          {
            errors: [{ field: 'receivingAgencyId', message: FIELD.unknown('agency') }],
          },
        );
      }
      if (agency.status !== 'active') {
        throw new DomainError(
          'custodian-dissolved',
          { vi: `Cơ quan, đơn vị ${agency.code} đã giải thể, không thể tiếp nhận tài sản`, en: `Agency ${agency.code} is dissolved and can receive nothing` },
          {
            errors: [{ field: 'receivingAgencyId', message: FIELD.dissolvedAgency }],
          },
        );
      }
      // A reallocation to another province's agency is a two-sided hand-over (src/rules/handover.ts).
      if (agency.province_code !== provinceCode && type !== 'reallocation') {
        throw new DomainError(
          'validation-failed',
          {
            vi: `Chỉ phương án điều chuyển mới giao tài sản cho cơ quan tỉnh khác (${agency.code})`,
            en: `Only a reallocation hands over to another province's agency (${agency.code})`,
          },
          {
            errors: [
              { field: 'receivingAgencyId', message: { vi: `thuộc tỉnh khác (${agency.province_code})`, en: `of another province (${agency.province_code})` } },
            ],
          },
        );
      }
      receivingProvinceCode = agency.province_code === provinceCode ? null : agency.province_code;
    }
    let receivingUnitId: number | null | undefined = dto.receivingUnit === null ? null : undefined;
    if (dto.receivingUnit) {
      const resolved = await this.units.resolveRef('receivingUnit', dto.receivingUnit, 'new');
      const expected = (receivingProvinceCode === undefined ? currentReceivingProvince : receivingProvinceCode) ?? provinceCode;
      if (resolved.newProvinceCode !== expected) throw unitMismatch(unitNamed(resolved.unit.code), resolved.newProvinceCode, expected);
      receivingUnitId = resolved.unit.id;
    }
    // A draft may propose the new use where it is chosen (retention, reallocation: the approval requires it); elsewhere the approval derives it.
    const proposed = draftNewUse(type, dto.newUse);
    if (isViolation(proposed)) throw violationError(proposed);
    let targetLandUseCategory = dto.targetLandUseCategory;
    if (dto.purposeCode) {
      const purpose = await this.actions.purpose(dto.purposeCode);
      if (!purpose) {
        throw new DomainError(
          'validation-failed',
          { vi: `Không có mục đích sử dụng ${dto.purposeCode}`, en: `Unknown purpose ${dto.purposeCode}` },
          {
            errors: [{ field: 'purposeCode', message: FIELD.unknown('purpose') }],
          },
        );
      }
      if (targetLandUseCategory === undefined && purpose.defaultLandUseCategory) targetLandUseCategory = purpose.defaultLandUseCategory;
    }
    if (targetLandUseCategory && !(await this.assets.landUseCategoryExists(targetLandUseCategory))) {
      throw new DomainError(
        'validation-failed',
        { vi: `Không có loại đất ${targetLandUseCategory}`, en: `Unknown land-use category ${targetLandUseCategory}` },
        {
          errors: [{ field: 'targetLandUseCategory', message: FIELD.unknownCategory }],
        },
      );
    }
    if (dto.clauseIds?.length) {
      const found = await this.actions.clausesForGuard(dto.clauseIds, provinceCode);
      const missing = dto.clauseIds.filter((c) => !found.some((f) => f.id === c));
      if (missing.length) {
        throw new DomainError(
          'validation-failed',
          { vi: `Không có điều khoản: ${missing.join(', ')}`, en: `Unknown clause(s): ${missing.join(', ')}` },
          {
            errors: [{ field: 'clauseIds', message: FIELD.unknown('clause') }],
          },
        );
      }
    }
    return { receivingUnitId, receivingProvinceCode, targetLandUseCategory };
  }
}

/** The receiving unit is not in the province that receives the facility (its agency's, or the asset's own). */
function unitMismatch(what: Localized, theirs: string, receiving: string): DomainError {
  return new DomainError(
    'receiving-unit-mismatch',
    {
      vi: `${what.vi[0].toUpperCase()}${what.vi.slice(1)} thuộc tỉnh ${theirs}, còn tỉnh nhận tài sản là ${receiving}: tài sản phải thuộc đơn vị hành chính của tỉnh nhận`,
      en: `The ${what.en} is in province ${theirs}, but the facility goes to province ${receiving}: its unit must be in the receiving province`,
    },
    { errors: [{ field: 'receivingUnit', message: { vi: `thuộc tỉnh khác (${theirs})`, en: `of another province (${theirs})` } }] },
  );
}

/** Which side of an action the caller may act for (an admin for either): the receiving province's officers only for a hand-over into their province. */
function sideOf(user: AuthUser, action: Pick<ActionRow, 'province_code' | 'receiving_province_code'>): HandoverSide {
  if (user.role === 'officer' && user.provinceCode !== null && user.provinceCode === action.receiving_province_code) return 'receiving';
  return user.role === 'admin' ? 'both' : 'sending';
}

const unitNamed = (code: string): Localized => ({ vi: `đơn vị hành chính ${code}`, en: `unit ${code}` });

/** A date that cannot be true (src/rules/date-sanity.ts): the first one found, as a 422 naming its field. */
function throwDateProblem(problems: readonly DateProblem[]): void {
  const p = problems[0];
  if (p) throw new DomainError(p.code, p.detail, { errors: [{ field: p.field, message: p.fieldMessage }] });
}
