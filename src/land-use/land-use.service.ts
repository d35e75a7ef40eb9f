import { Injectable } from '@nestjs/common';
import type { RequestContext } from '../common/auth-user';
import { DomainError, FIELD, notFound, preconditionFailed } from '../common/errors';
import { uniqueViolation } from '../common/db-errors';
import { Transactions } from '../database/transaction';
import { changedFields, EventsRepository } from '../events/events.repository';
import {
  CategoryDto,
  CategoryListDto,
  CreateCategoryDto,
  CreatePurposeDto,
  PurposeDto,
  PurposeListDto,
  UpdateCategoryDto,
  UpdatePurposeDto,
} from './land-use.dto';
import { type CategoryRow, LandUseRepository, type PurposeRow, type PurposeValues } from './land-use.repository';

const auditedCategory = (r: CategoryRow) => ({ code: r.code, nameVi: r.name_vi, nameEn: r.name_en });
const auditedPurpose = (r: PurposeRow) => ({
  code: r.code,
  nameVi: r.name_vi,
  nameEn: r.name_en,
  priorityRank: r.priority_rank,
  isPriority: r.is_priority,
  defaultLandUseCategory: r.default_land_use_category,
  newUse: r.new_use,
});

/** The land-use reference lists: categories of the land law and the public purposes a facility can be converted to. */
@Injectable()
export class LandUseService {
  constructor(
    private readonly landUse: LandUseRepository,
    private readonly events: EventsRepository,
    private readonly tx: Transactions,
  ) {}

  async listCategories(): Promise<CategoryListDto> {
    return { items: (await this.landUse.listCategories()).map(CategoryDto.from) };
  }

  async createCategory(ctx: RequestContext, dto: CreateCategoryDto): Promise<CategoryDto> {
    return this.tx.run(async () => {
      if (!(await this.landUse.insertCategory(dto))) throw uniqueViolation('pk_land_use_category', dto.code);
      const row = (await this.landUse.findCategory(dto.code))!;
      await this.events.append(ctx, { entityType: 'land_use_category', entityId: row.code, action: 'created', after: auditedCategory(row) });
      return CategoryDto.from(row);
    });
  }

  async updateCategory(ctx: RequestContext, code: string, version: number, dto: UpdateCategoryDto): Promise<CategoryDto> {
    return this.tx.run(async () => {
      const current = await this.landUse.lockCategory(code);
      if (!current) throw notFound('land-use-category', code);
      if (!(await this.landUse.updateCategory(code, version, { nameVi: dto.nameVi ?? current.name_vi, nameEn: dto.nameEn ?? current.name_en })))
        throw preconditionFailed(current.version);
      const row = (await this.landUse.findCategory(code))!;
      await this.events.append(ctx, {
        entityType: 'land_use_category',
        entityId: code,
        action: 'updated',
        ...changedFields(auditedCategory(current), auditedCategory(row)),
      });
      return CategoryDto.from(row);
    });
  }

  async listPurposes(): Promise<PurposeListDto> {
    return { items: (await this.landUse.listPurposes()).map(PurposeDto.from) };
  }

  async createPurpose(ctx: RequestContext, dto: CreatePurposeDto): Promise<PurposeDto> {
    const values: PurposeValues = {
      nameVi: dto.nameVi,
      nameEn: dto.nameEn,
      priorityRank: dto.priorityRank,
      isPriority: dto.isPriority ?? false,
      defaultLandUseCategory: dto.defaultLandUseCategory ?? null,
      newUse: dto.newUse ?? 'other_public_use',
    };
    return this.tx.run(async () => {
      await this.checkCategory(values.defaultLandUseCategory);
      if (!(await this.landUse.insertPurpose(dto.code, values))) throw uniqueViolation('pk_repurpose_purpose', dto.code);
      const row = (await this.landUse.findPurpose(dto.code))!;
      await this.events.append(ctx, { entityType: 'repurpose_purpose', entityId: row.code, action: 'created', after: auditedPurpose(row) });
      return PurposeDto.from(row);
    });
  }

  async updatePurpose(ctx: RequestContext, code: string, version: number, dto: UpdatePurposeDto): Promise<PurposeDto> {
    return this.tx.run(async () => {
      const current = await this.landUse.lockPurpose(code);
      if (!current) throw notFound('purpose', code);
      if (current.version !== version) throw preconditionFailed(current.version);
      const values: PurposeValues = {
        nameVi: dto.nameVi ?? current.name_vi,
        nameEn: dto.nameEn ?? current.name_en,
        priorityRank: dto.priorityRank ?? current.priority_rank,
        isPriority: dto.isPriority ?? current.is_priority,
        defaultLandUseCategory: dto.defaultLandUseCategory === undefined ? current.default_land_use_category : dto.defaultLandUseCategory,
        newUse: dto.newUse ?? current.new_use,
      };
      if (values.defaultLandUseCategory !== current.default_land_use_category) await this.checkCategory(values.defaultLandUseCategory);
      if (!(await this.landUse.updatePurpose(code, version, values))) throw preconditionFailed(current.version);
      const row = (await this.landUse.findPurpose(code))!;
      await this.events.append(ctx, {
        entityType: 'repurpose_purpose',
        entityId: code,
        action: 'updated',
        ...changedFields(auditedPurpose(current), auditedPurpose(row)),
      });
      return PurposeDto.from(row);
    });
  }

  private async checkCategory(code: string | null): Promise<void> {
    if (code !== null && !(await this.landUse.findCategory(code))) {
      throw new DomainError(
        'validation-failed',
        { vi: `Không có loại đất ${code} (xem GET /api/v1/land-use-categories)`, en: `No land-use category ${code} (GET /api/v1/land-use-categories)` },
        {
          errors: [{ field: 'defaultLandUseCategory', message: FIELD.unknown('land-use-category') }],
        },
      );
    }
  }
}
