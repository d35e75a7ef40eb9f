import { Injectable } from '@nestjs/common';
import type { RequestContext } from '../common/auth-user';
import { todayInVietnam } from '../common/dates';
import { DomainError, FIELD, notFound, preconditionFailed } from '../common/errors';
import { uniqueViolation } from '../common/db-errors';
import { decodeCursor, DEFAULT_LIMIT, type Page, toPage } from '../common/pagination';
import { assertMayWriteIn, assertQueryProvince, NATIONAL, outsideScope, scopeOf } from '../common/scope';
import { Transactions } from '../database/transaction';
import { changedFields, EventsRepository } from '../events/events.repository';
import { UnitsService } from '../units/units.service';
import { AgencyDto, CreateAgencyDto, DissolveAgencyDto, ListAgenciesQueryDto, UpdateAgencyDto } from './agencies.dto';
import { type AgencyRow, AgenciesRepository } from './agencies.repository';

const audited = (a: AgencyDto) => ({
  code: a.code,
  name: a.name,
  kind: a.kind,
  unit: `${a.unit.era}/${a.unit.level}/${a.unit.code}`,
  provinceCode: a.provinceCode,
  status: a.status,
  dissolvedOn: a.dissolvedOn,
  successorId: a.successor?.id ?? null,
});

@Injectable()
export class AgenciesService {
  constructor(
    private readonly agencies: AgenciesRepository,
    private readonly units: UnitsService,
    private readonly events: EventsRepository,
    private readonly tx: Transactions,
  ) {}

  async create(ctx: RequestContext, dto: CreateAgencyDto): Promise<AgencyDto> {
    const { unit, newProvinceCode } = await this.units.resolveRef('unit', dto.unit);
    assertMayWriteIn(ctx.user, newProvinceCode, 'unit');
    return this.tx.run(async () => {
      if (await this.agencies.codeExists(dto.code)) throw uniqueViolation('uq_agency_code', dto.code);
      const id = await this.agencies.insert({ code: dto.code, name: dto.name, kind: dto.kind, unitId: unit.id, provinceCode: newProvinceCode });
      const created = AgencyDto.from((await this.agencies.findInScope(NATIONAL, id))!);
      await this.events.append(ctx, { entityType: 'agency', entityId: id, action: 'created', after: audited(created) });
      return created;
    });
  }

  async list(ctx: RequestContext, query: ListAgenciesQueryDto): Promise<Page<AgencyDto>> {
    assertQueryProvince(ctx.user, query.province);
    const limit = query.limit ?? DEFAULT_LIMIT;
    const after = decodeCursor(query.cursor, ['string'])?.[0] as string | undefined;
    const rows = await this.agencies.listInScope(
      scopeOf(ctx.user),
      { province: query.province, status: query.status, kind: query.kind, q: query.q },
      after,
      limit,
    );
    return toPage(rows, limit, (r) => [r.code], AgencyDto.from);
  }

  async get(ctx: RequestContext, id: string): Promise<AgencyDto> {
    return AgencyDto.from(await this.mustFind(ctx, id));
  }

  async update(ctx: RequestContext, id: string, version: number, dto: UpdateAgencyDto): Promise<AgencyDto> {
    const target = dto.unit ? await this.units.resolveRef('unit', dto.unit) : undefined;
    return this.tx.run(async () => {
      const current = await this.agencies.lockInScope(scopeOf(ctx.user), id);
      if (!current) throw notFound('agency', id);
      assertMayWriteIn(ctx.user, current.province_code);
      if (target) assertMayWriteIn(ctx.user, target.newProvinceCode, 'unit');
      if (current.version !== version) throw preconditionFailed(current.version);
      if (current.status === 'dissolved')
        throw new DomainError('agency-dissolved', {
          vi: `Cơ quan, đơn vị ${current.code} đã giải thể, không thể thay đổi nữa`,
          en: `Agency ${current.code} is dissolved and can no longer change`,
        });
      const ok = await this.agencies.updateIfVersion(id, version, {
        name: dto.name ?? current.name,
        kind: dto.kind ?? current.kind,
        unitId: target?.unit.id ?? current.unit_id,
        provinceCode: target?.newProvinceCode ?? current.province_code,
      });
      if (!ok) throw preconditionFailed(current.version);
      const updated = AgencyDto.from((await this.agencies.findInScope(NATIONAL, id))!);
      await this.events.append(ctx, {
        entityType: 'agency',
        entityId: id,
        action: 'updated',
        ...changedFields(audited(AgencyDto.from(current)), audited(updated)),
      });
      return updated;
    });
  }

  /** Dissolves an agency, naming the active agency that succeeds it. */
  async dissolve(ctx: RequestContext, id: string, dto: DissolveAgencyDto): Promise<AgencyDto> {
    if (dto.dissolvedOn > todayInVietnam()) {
      throw new DomainError(
        'validation-failed',
        { vi: 'dissolvedOn ở tương lai', en: 'dissolvedOn is in the future' },
        { errors: [{ field: 'dissolvedOn', message: FIELD.mustNotBeInFuture }] },
      );
    }
    if (dto.successorId === id) {
      throw new DomainError(
        'validation-failed',
        { vi: 'Cơ quan, đơn vị không thể tự kế thừa chính mình', en: 'An agency cannot succeed itself' },
        {
          errors: [{ field: 'successorId', message: { vi: 'phải là cơ quan, đơn vị khác', en: 'must be another agency' } }],
        },
      );
    }
    return this.tx.run(async () => {
      const current = await this.agencies.lockInScope(scopeOf(ctx.user), id);
      if (!current) throw notFound('agency', id);
      assertMayWriteIn(ctx.user, current.province_code);
      if (current.status === 'dissolved')
        throw new DomainError('agency-dissolved', {
          vi: `Cơ quan, đơn vị ${current.code} đã giải thể ngày ${current.dissolved_on}`,
          en: `Agency ${current.code} was already dissolved on ${current.dissolved_on}`,
        });
      const successor = await this.agencies.findInScope(NATIONAL, dto.successorId);
      if (!successor) {
        throw new DomainError(
          'validation-failed',
          { vi: `Không có cơ quan, đơn vị ${dto.successorId}`, en: `No agency ${dto.successorId}` },
          { errors: [{ field: 'successorId', message: FIELD.unknown('agency') }] },
        );
      }
      if (successor.status !== 'active') {
        throw new DomainError(
          'successor-not-active',
          { vi: `Cơ quan kế thừa ${successor.code} cũng đã giải thể`, en: `The successor ${successor.code} is itself dissolved` },
          {
            errors: [{ field: 'successorId', message: { vi: 'phải đang hoạt động', en: 'must be active' } }],
          },
        );
      }
      await this.agencies.dissolve(id, dto.dissolvedOn, dto.successorId);
      const updated = AgencyDto.from((await this.agencies.findInScope(NATIONAL, id))!);
      await this.events.append(ctx, {
        entityType: 'agency',
        entityId: id,
        action: 'dissolved',
        ...changedFields(audited(AgencyDto.from(current)), audited(updated)),
      });
      return updated;
    });
  }

  /** For other use cases: an agency the caller can see, or a 404 naming the field. */
  async activeCustodian(ctx: RequestContext, field: string, id: string): Promise<AgencyRow> {
    const agency = await this.agencies.findInScope(scopeOf(ctx.user), id);
    if (!agency) throw outsideScope('agency', id, field);
    if (agency.status !== 'active') {
      const successor = agency.successor_code;
      throw new DomainError(
        'custodian-dissolved',
        {
          vi: `Cơ quan, đơn vị ${agency.code} đã giải thể ngày ${agency.dissolved_on}, không thể nhận thêm tài sản${successor ? `; cơ quan kế thừa là ${successor}` : ''}`,
          en: `Agency ${agency.code} was dissolved on ${agency.dissolved_on} and can no longer receive assets${successor ? `; its successor is ${successor}` : ''}`,
        },
        { errors: [{ field, message: FIELD.dissolvedAgency }] },
      );
    }
    return agency;
  }

  private async mustFind(ctx: RequestContext, id: string): Promise<AgencyRow> {
    const row = await this.agencies.findInScope(scopeOf(ctx.user), id);
    if (!row) throw notFound('agency', id);
    return row;
  }
}
