import { Injectable } from '@nestjs/common';
import type { RequestContext } from '../common/auth-user';
import { DomainError, notFound, preconditionFailed } from '../common/errors';
import type { Localized } from '../common/localized';
import { decodeCursor, DEFAULT_LIMIT, type Page, toPage } from '../common/pagination';
import { Transactions } from '../database/transaction';
import { changedFields, EventsRepository } from '../events/events.repository';
import type { Era, Level } from '../schema/vocabulary';
import { UnitRefDto } from './unit-ref.dto';
import { parseUnitDataset, UnitImportError, type UnitFiles } from './units-import';
import {
  ListUnitsQueryDto,
  PredecessorsDto,
  SuccessionLinkDto,
  SuccessorDto,
  SuccessorsDto,
  UnitDto,
  UnitImportResultDto,
  UnitKeyParams,
  UnitSummaryDto,
  UpdateUnitFlagsDto,
} from './units.dto';
import { type SuccessionRow, type UnitRow, UnitsRepository } from './units.repository';

const flagsOf = (u: UnitDto) => ({ ...u.disadvantaged });

@Injectable()
export class UnitsService {
  constructor(
    private readonly units: UnitsRepository,
    private readonly events: EventsRepository,
    private readonly tx: Transactions,
  ) {}

  async list(query: ListUnitsQueryDto): Promise<Page<UnitDto>> {
    const limit = query.limit ?? DEFAULT_LIMIT;
    const after = decodeCursor(query.cursor, ['string', 'string', 'string']) as [string, string, string] | undefined;
    const parentLevel: Level | undefined = query.parent === undefined ? undefined : query.parent.length === 2 ? 'province' : 'district';
    const rows = await this.units.list(
      { era: query.era, level: query.level, province: query.province, parentCode: query.parent, parentLevel, q: query.q },
      after,
      limit,
    );
    return toPage(rows, limit, (r) => [r.era, r.level, r.code], UnitDto.from);
  }

  async get(key: UnitKeyParams): Promise<UnitDto> {
    return UnitDto.from(await this.mustFind(key));
  }

  /** Where an old unit's territory went. An old district resolves through its communes. */
  async successors(key: UnitKeyParams): Promise<SuccessorsDto> {
    const unit = await this.mustFind(key);
    if (unit.era !== 'old') throw wrongEra({ vi: 'Đơn vị kế thừa', en: 'successors' }, 'old', unit);
    const sourceIds = unit.level === 'district' ? await this.units.childIds(unit.id) : [unit.id];
    const rows = await this.units.successionsFrom(sourceIds);
    const byId = await this.unitsById(rows);
    const grouped = new Map<number, SuccessorDto>();
    for (const r of rows) {
      const entry = grouped.get(r.new_id) ?? { unit: UnitSummaryDto.from(byId.get(r.new_id)!), links: [] };
      entry.links.push(link(r, byId));
      grouped.set(r.new_id, entry);
    }
    const successors = [...grouped.values()].sort((a, b) => a.unit.code.localeCompare(b.unit.code));
    return { unit: UnitSummaryDto.from(unit), successors };
  }

  /** Which old units a new unit came from, and (for a commune) their old districts. */
  async predecessors(key: UnitKeyParams): Promise<PredecessorsDto> {
    const unit = await this.mustFind(key);
    if (unit.era !== 'new') throw wrongEra({ vi: 'Đơn vị tiền thân', en: 'predecessors' }, 'new', unit);
    const rows = await this.units.successionsTo(unit.id);
    const byId = await this.unitsById(rows);
    const predecessors = rows.map((r) => link(r, byId)).sort((a, b) => a.from.code.localeCompare(b.from.code));
    const districtCodes = new Set(
      rows
        .map((r) => byId.get(r.old_id)!)
        .filter((u) => u.parent_level === 'district')
        .map((u) => u.parent_code!),
    );
    const districts: UnitSummaryDto[] = [];
    for (const code of [...districtCodes].sort()) {
      const d = await this.units.findByKey('old', 'district', code);
      if (d) districts.push(UnitSummaryDto.from(d));
    }
    return { unit: UnitSummaryDto.from(unit), predecessors, districts };
  }

  async updateFlags(ctx: RequestContext, key: UnitKeyParams, version: number, dto: UpdateUnitFlagsDto): Promise<UnitDto> {
    return this.tx.run(async () => {
      const current = await this.units.lockForUpdate(key.era, key.level, key.code);
      if (!current) throw notFound('unit', `${key.era}/${key.level}/${key.code}`);
      if (current.version !== version) throw preconditionFailed(current.version);
      await this.units.updateFlagsIfVersion(current.id, version, dto);
      const updated = (await this.units.findByKey(key.era, key.level, key.code))!;
      const before = UnitDto.from(current);
      const after = UnitDto.from(updated);
      await this.events.append(ctx, {
        entityType: 'admin_unit',
        entityId: current.id,
        action: 'flags-updated',
        ...changedFields(flagsOf(before), flagsOf(after)),
      });
      return after;
    });
  }

  /** Imports the three dataset files: all or nothing, idempotent, one event when anything changed. */
  async importDataset(ctx: RequestContext, files: UnitFiles): Promise<UnitImportResultDto> {
    const started = Date.now();
    let dataset;
    try {
      dataset = parseUnitDataset(files);
    } catch (err) {
      if (!(err instanceof UnitImportError)) throw err;
      throw new DomainError(
        'import-rejected',
        { vi: `Các tệp đơn vị hành chính có ${err.total} lỗi; không có gì được nhập`, en: err.message },
        { errors: err.errors, extra: { errorCount: err.total, errorsOmitted: err.total - err.errors.length } },
      );
    }
    return this.tx.run(async () => {
      await this.units.lockImports();
      const units = await this.units.upsertUnits(dataset.units);
      const clauses = await this.units.upsertClauses(dataset.clauses);
      const successions = await this.units.upsertSuccessions(dataset.successions);
      const changed = [units, clauses, successions].some((c) => c.inserted + c.updated > 0);
      if (changed) {
        await this.events.append(ctx, {
          entityType: 'unit_dataset',
          entityId: dataset.sha256['units.csv'].slice(0, 16),
          action: 'imported',
          after: { units, successions, clauses, sha256: dataset.sha256 },
        });
      }
      return { changed, units, successions, clauses, sha256: dataset.sha256, durationMs: Date.now() - started };
    });
  }

  /**
   * Resolves a unit named in a request body (422 naming the field when it does not exist or is of the
   * wrong era), with the new-era province it belongs to today.
   */
  async resolveRef(field: string, ref: UnitRefDto, era?: Era): Promise<{ unit: UnitRow; newProvinceCode: string }> {
    if (era && ref.era !== era) {
      throw new DomainError(
        'validation-failed',
        { vi: `${field} phải là đơn vị hành chính thời kỳ ${era}`, en: `${field} must be a ${era}-era unit` },
        {
          errors: [{ field: `${field}.era`, message: { vi: `phải là ${era}`, en: `must be ${era}` } }],
        },
      );
    }
    const unit = await this.units.findByKey(ref.era, ref.level, ref.code);
    if (!unit) {
      throw new DomainError(
        'validation-failed',
        {
          vi: `${field}: không có đơn vị cấp ${ref.level} thời kỳ ${ref.era} mang mã ${ref.code}`,
          en: `${field}: no ${ref.era}-era ${ref.level} with code ${ref.code}`,
        },
        { errors: [{ field, message: { vi: 'không tìm thấy đơn vị hành chính', en: 'unknown unit' } }] },
      );
    }
    const newProvinceCode = unit.era === 'new' ? unit.province_code : await this.units.newProvinceForOld(unit.province_code);
    if (!newProvinceCode) {
      throw new DomainError(
        'validation-failed',
        {
          vi: `${field}: tỉnh cũ ${unit.province_code} chưa có tỉnh kế thừa được ghi nhận`,
          en: `${field}: the old province ${unit.province_code} has no recorded successor`,
        },
        { errors: [{ field, message: { vi: 'không có tỉnh kế thừa', en: 'no successor province' } }] },
      );
    }
    return { unit, newProvinceCode };
  }

  /** The new-era province code of a new-era unit, by id. */
  async provinceOfUnitId(id: number): Promise<string | null> {
    const [unit] = await this.units.findByIds([id]);
    return unit?.era === 'new' ? unit.province_code : null;
  }

  private async mustFind(key: UnitKeyParams): Promise<UnitRow> {
    const unit = await this.units.findByKey(key.era, key.level, key.code);
    if (!unit) throw notFound('unit', `${key.era}/${key.level}/${key.code}`);
    return unit;
  }

  private async unitsById(rows: SuccessionRow[]): Promise<Map<number, UnitRow>> {
    const ids = [...new Set(rows.flatMap((r) => [r.old_id, r.new_id]))];
    return new Map((await this.units.findByIds(ids)).map((u) => [u.id, u]));
  }
}

function link(r: SuccessionRow, byId: Map<number, UnitRow>): SuccessionLinkDto {
  return {
    from: UnitSummaryDto.from(byId.get(r.old_id)!),
    to: UnitSummaryDto.from(byId.get(r.new_id)!),
    share: r.share,
    legalBasis: r.legal_basis,
    clause: r.clause,
    clauseText: r.clause_text,
  };
}

function wrongEra(what: Localized, era: string, unit: UnitRow): DomainError {
  const key = `${unit.era}/${unit.level}/${unit.code}`;
  return new DomainError('wrong-era', {
    vi: `${what.vi} chỉ có ở đơn vị thời kỳ ${era}; ${key} thuộc thời kỳ ${unit.era}`,
    en: `${what.en} are defined for ${era}-era units; ${key} is ${unit.era}-era`,
  });
}
