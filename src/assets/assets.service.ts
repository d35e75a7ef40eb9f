import { Injectable } from '@nestjs/common';
import { AgenciesService } from '../agencies/agencies.service';
import type { RequestContext } from '../common/auth-user';
import { currentYearInVietnam, isCalendarDate, todayInVietnam } from '../common/dates';
import { DomainError, FIELD, invalidFields, notFound, preconditionFailed } from '../common/errors';
import { uniqueViolation } from '../common/db-errors';
import { decodeCursor, DEFAULT_LIMIT, type Page, toPage } from '../common/pagination';
import { ledgerValues } from '../common/quantities';
import { assertMayWriteIn, assertQueryProvince, NATIONAL, scopeOf } from '../common/scope';
import { Transactions } from '../database/transaction';
import { AuditReadsService } from '../events/audit-reads.service';
import { changedFields, EventsRepository } from '../events/events.repository';
import { UnitsService } from '../units/units.service';
import { auditOf, toAssetDto } from './asset.mapper';
import { crossFieldErrors } from './asset-rules';
import {
  AssetDto,
  AssetFilterQueryDto,
  CreateAssetDto,
  DeclareSurplusDto,
  HistoryEventDto,
  ListAssetsQueryDto,
  UpdateAssetDto,
  WithdrawSurplusDto,
} from './assets.dto';
import { type AssetFilter, type AssetRow, type AssetValues, AssetsRepository } from './assets.repository';

/** Statuses from which an admin may still remove a record entered by mistake. */
const REMOVABLE = new Set(['in_use', 'surplus']);
/** The records AssetsRepository.dependents names, in Vietnamese. */
const DEPENDENTS_VI: Record<string, string> = {
  documents: 'tài liệu',
  'plan updates': 'điều chỉnh quy hoạch',
  inspections: 'cuộc kiểm tra',
  'inspection findings': 'phát hiện kiểm tra',
  obstacles: 'khó khăn, vướng mắc',
};

export const filterOf = (q: AssetFilterQueryDto): AssetFilter => ({
  province: q.province,
  commune: q.commune,
  origin: q.origin,
  status: q.status,
  category: q.category,
  custodian: q.custodian,
  landUseCategory: q.land_use_category,
  disadvantaged: q.disadvantaged,
  overdue: q.overdue,
  q: q.q,
});

/** A PATCH's validFrom: not in the future, and not beside correction (which takes the corrected value's date). */
function assertValidFrom(dto: UpdateAssetDto, today: string): void {
  if (dto.validFrom === undefined) return;
  const message = dto.correction
    ? {
        vi: 'không dùng cùng correction (bản sửa lấy ngày của giá trị được sửa)',
        en: 'not with correction (a correction takes the date of the value it corrects)',
      }
    : dto.validFrom > today
      ? FIELD.mustNotBeInFuture
      : null;
  if (message)
    throw new DomainError(
      'validation-failed',
      { vi: `validFrom không hợp lệ: ${message.vi}`, en: `validFrom is not valid: ${message.en}` },
      { errors: [{ field: 'validFrom', message }] },
    );
}

@Injectable()
export class AssetsService {
  constructor(
    private readonly assets: AssetsRepository,
    private readonly units: UnitsService,
    private readonly agencies: AgenciesService,
    private readonly events: EventsRepository,
    private readonly tx: Transactions,
    private readonly auditReads: AuditReadsService,
  ) {}

  async create(ctx: RequestContext, dto: CreateAssetDto): Promise<AssetDto> {
    const values = await this.resolve(ctx, dto, undefined);
    return this.tx.run(async () => {
      if (await this.assets.codeExists(values.code)) throw uniqueViolation('uq_asset_code', values.code);
      const id = await this.assets.insert(values);
      const row = (await this.assets.findInScope(NATIONAL, id))!;
      await this.events.append(ctx, { entityType: 'asset', entityId: id, action: 'created', after: auditOf(row) });
      return toAssetDto(row);
    });
  }

  async list(ctx: RequestContext, query: ListAssetsQueryDto): Promise<Page<AssetDto>> {
    assertQueryProvince(ctx.user, query.province);
    const limit = query.limit ?? DEFAULT_LIMIT;
    const after = decodeCursor(query.cursor, ['string'])?.[0] as string | undefined;
    const rows = await this.assets.listInScope(scopeOf(ctx.user), filterOf(query), after, limit);
    return toPage(rows, limit, (r) => [r.code], toAssetDto);
  }

  async get(ctx: RequestContext, id: string): Promise<AssetDto> {
    const row = await this.mustFind(ctx, id);
    await this.auditReads.record(ctx, 'asset', id, 'GET /api/v1/assets/{id}');
    return toAssetDto(row);
  }

  async update(ctx: RequestContext, id: string, version: number, dto: UpdateAssetDto): Promise<AssetDto> {
    const current = await this.mustFind(ctx, id);
    const values = await this.resolve(ctx, dto, current);
    const today = todayInVietnam();
    assertValidFrom(dto, today);
    return this.tx.run(async () => {
      const locked = await this.assets.lockInScope(scopeOf(ctx.user), id);
      if (!locked) throw notFound('asset', id);
      assertMayWriteIn(ctx.user, locked.province_code);
      if (locked.version !== version) throw preconditionFailed(locked.version);
      const validFrom = dto.correction ? await this.assets.validFromInForce(id, today) : (dto.validFrom ?? today);
      if (!(await this.assets.updateIfVersion(id, version, values, validFrom))) throw preconditionFailed(locked.version);
      const row = (await this.assets.findInScope(NATIONAL, id))!;
      await this.events.append(ctx, { entityType: 'asset', entityId: id, action: 'updated', ...changedFields(auditOf(locked), auditOf(row)) });
      return toAssetDto(row);
    });
  }

  /** Declares an in-use facility surplus: this is what brings it into the reports. */
  async declareSurplus(ctx: RequestContext, id: string, dto: DeclareSurplusDto): Promise<AssetDto> {
    if (!isCalendarDate(dto.since)) {
      throw new DomainError(
        'validation-failed',
        { vi: 'since không phải ngày hợp lệ theo lịch', en: 'since is not a calendar date' },
        { errors: [{ field: 'since', message: FIELD.notCalendarDate }] },
      );
    }
    if (dto.since > todayInVietnam()) {
      throw new DomainError(
        'validation-failed',
        { vi: 'since ở tương lai', en: 'since is in the future' },
        { errors: [{ field: 'since', message: FIELD.mustNotBeInFuture }] },
      );
    }
    return this.transition(ctx, id, 'in_use', 'surplus-declared', { since: dto.since, reason: dto.reason, basis: dto.basis ?? null });
  }

  /** Reverses a surplus declaration while no action is open on the asset. */
  async withdrawSurplus(ctx: RequestContext, id: string, dto: WithdrawSurplusDto): Promise<AssetDto> {
    return this.transition(ctx, id, 'surplus', 'surplus-withdrawn', null, dto.reason);
  }

  /** An admin removes a record entered by mistake; the removal is itself an event. */
  async remove(ctx: RequestContext, id: string): Promise<void> {
    await this.tx.run(async () => {
      const locked = await this.assets.lockInScope(scopeOf(ctx.user), id);
      if (!locked) throw notFound('asset', id);
      if (!REMOVABLE.has(locked.status) || (await this.assets.hasActions(id))) {
        throw new DomainError('asset-not-removable', {
          vi: `Tài sản ${locked.code} đã có phương án xử lý (hoặc đang ở trạng thái ${locked.status}): tài sản ra khỏi sổ sách qua phương án xử lý, không phải bằng cách xoá`,
          en: `Asset ${locked.code} has handling actions (or is ${locked.status}): it leaves the books through its actions, not by removal`,
        });
      }
      const dependents = await this.assets.dependents(id);
      if (dependents.length) {
        throw new DomainError('asset-not-removable', {
          vi: `Tài sản ${locked.code} đã có ${dependents.map((d) => DEPENDENTS_VI[d] ?? d).join(', ')} trong hồ sơ: không thể xoá (tài liệu, cuộc kiểm tra và điều chỉnh quy hoạch không bao giờ bị xoá)`,
          en: `Asset ${locked.code} has ${dependents.join(', ')} on the record: it cannot be removed (documents, inspections and plan updates are never deleted)`,
        });
      }
      await this.assets.remove(id);
      await this.events.append(ctx, { entityType: 'asset', entityId: id, action: 'removed', before: auditOf(locked) });
    });
  }

  async history(ctx: RequestContext, id: string, query: { cursor?: string; limit?: number }): Promise<Page<HistoryEventDto>> {
    await this.mustFind(ctx, id);
    const limit = query.limit ?? DEFAULT_LIMIT;
    const after = decodeCursor(query.cursor, ['integer'])?.[0] as number | undefined;
    const rows = await this.assets.history(id, after, limit);
    // After the page was read, so an inspector's first look shows the history as it was.
    await this.auditReads.record(ctx, 'asset', id, 'GET /api/v1/assets/{id}/history');
    return toPage(
      rows,
      limit,
      (r) => [Number(r.seq)],
      (r) => ({
        seq: Number(r.seq),
        occurredAt: r.occurred_at.toISOString(),
        actorId: r.actor_id,
        actorUsername: r.actor_username,
        action: r.action,
        before: ledgerValues(r.before),
        after: ledgerValues(r.after),
        hash: r.hash,
      }),
    );
  }

  private async transition(
    ctx: RequestContext,
    id: string,
    from: string,
    action: string,
    surplus: { since: string; reason: string; basis: string | null } | null,
    reason?: string,
  ): Promise<AssetDto> {
    return this.tx.run(async () => {
      const locked = await this.assets.lockInScope(scopeOf(ctx.user), id);
      if (!locked) throw notFound('asset', id);
      assertMayWriteIn(ctx.user, locked.province_code);
      if (locked.status !== from) {
        throw new DomainError(
          'invalid-status',
          {
            vi: `Tài sản ${locked.code} đang ở trạng thái ${locked.status}; việc này cần tài sản ở trạng thái ${from}`,
            en: `Asset ${locked.code} is ${locked.status}; this needs it to be ${from}`,
          },
          { extra: { assetStatus: locked.status } },
        );
      }
      await this.assets.setSurplus(id, surplus);
      await this.assets.recordSurplus(id, surplus);
      const row = (await this.assets.findInScope(NATIONAL, id))!;
      const diff = changedFields(auditOf(locked), auditOf(row));
      if (reason) diff.after.reason = reason;
      await this.events.append(ctx, { entityType: 'asset', entityId: id, action, ...diff });
      return toAssetDto(row);
    });
  }

  /** Checks references and rules and produces the stored values (current values fill what a PATCH leaves out). */
  private async resolve(ctx: RequestContext, dto: UpdateAssetDto & { code?: string }, current: AssetRow | undefined): Promise<AssetValues> {
    const pick = <K extends keyof UpdateAssetDto, V>(key: K, fallback: V): NonNullable<UpdateAssetDto[K]> | V | null =>
      dto[key] !== undefined ? (dto[key] as NonNullable<UpdateAssetDto[K]> | null) : fallback;
    const errors = crossFieldErrors(
      {
        latitude: pick('latitude', current?.latitude ?? null) as number | null,
        longitude: pick('longitude', current?.longitude ?? null) as number | null,
        yearBuilt: pick('yearBuilt', current?.year_built ?? null) as number | null,
        originalCost: pick('originalCost', current?.original_cost == null ? null : Number(current.original_cost)) as number | null,
        remainingValue: pick('remainingValue', current?.remaining_value == null ? null : Number(current.remaining_value)) as number | null,
      },
      currentYearInVietnam(),
    );
    if (errors.length) throw invalidFields(errors);

    let currentUnitId = current?.current_unit_id;
    let provinceCode = current?.province_code;
    if (dto.currentUnit) {
      const resolved = await this.units.resolveRef('currentUnit', dto.currentUnit, 'new');
      currentUnitId = resolved.unit.id;
      provinceCode = resolved.newProvinceCode;
    }
    assertMayWriteIn(ctx.user, provinceCode!, dto.currentUnit ? 'currentUnit' : undefined);
    let originUnitId = current?.origin_unit_id ?? null;
    if (dto.originUnit === null) originUnitId = null;
    else if (dto.originUnit) originUnitId = (await this.units.resolveRef('originUnit', dto.originUnit, 'old')).unit.id;

    let custodianId = current?.custodian_id;
    if (dto.custodianId && dto.custodianId !== current?.custodian_id) {
      const custodian = await this.agencies.activeCustodian(ctx, 'custodianId', dto.custodianId);
      if (custodian.province_code !== provinceCode) {
        throw new DomainError(
          'validation-failed',
          {
            vi: `Đơn vị quản lý ${custodian.code} thuộc tỉnh ${custodian.province_code}, còn tài sản thuộc tỉnh ${provinceCode}`,
            en: `The custodian ${custodian.code} belongs to province ${custodian.province_code}, the asset to ${provinceCode}`,
          },
          { errors: [{ field: 'custodianId', message: { vi: 'cơ quan, đơn vị của tỉnh khác', en: 'agency of another province' } }] },
        );
      }
      custodianId = custodian.id;
    }
    const landUseCategory = pick('landUseCategory', current?.land_use_category ?? null) as string | null;
    if (dto.landUseCategory && !(await this.assets.landUseCategoryExists(dto.landUseCategory))) {
      throw new DomainError(
        'validation-failed',
        { vi: `Không có loại đất ${dto.landUseCategory}`, en: `Unknown land-use category ${dto.landUseCategory}` },
        {
          errors: [{ field: 'landUseCategory', message: FIELD.unknownCategory }],
        },
      );
    }
    const toNumber = (v: unknown) => (v === null || v === undefined ? null : Number(v));
    return {
      code: dto.code ?? current!.code,
      name: dto.name ?? current!.name,
      category: dto.category ?? current!.category,
      currentUnitId: currentUnitId!,
      provinceCode: provinceCode!,
      originUnitId,
      custodianId: custodianId!,
      address: pick('address', current?.address ?? null) as string | null,
      latitude: pick('latitude', current?.latitude ?? null) as number | null,
      longitude: pick('longitude', current?.longitude ?? null) as number | null,
      landArea: toNumber(pick('landArea', current?.land_area ?? null)),
      floorArea: toNumber(pick('floorArea', current?.floor_area ?? null)),
      yearBuilt: pick('yearBuilt', current?.year_built ?? null) as number | null,
      originalCost: toNumber(pick('originalCost', current?.original_cost ?? null)),
      remainingValue: toNumber(pick('remainingValue', current?.remaining_value ?? null)),
      landCertificateNo: pick('landCertificateNo', current?.land_certificate_no ?? null) as string | null,
      landUseCategory,
      condition: pick('condition', current?.condition ?? null) as AssetValues['condition'],
      notes: pick('notes', current?.notes ?? null) as string | null,
    };
  }

  private async mustFind(ctx: RequestContext, id: string): Promise<AssetRow> {
    const row = await this.assets.findInScope(scopeOf(ctx.user), id);
    if (!row) throw notFound('asset', id);
    return row;
  }
}
