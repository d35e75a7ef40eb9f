import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { apiEnum } from '../../common/api-enum';
import { IsCalendarDate, IsDecimalNumber, says, SAYS } from '../../common/dto';
import { Type } from 'class-transformer';
import { IsDefined, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, MaxLength, Min, ValidateIf, ValidateNested } from 'class-validator';
import { MAX_AREA } from '../../common/quantities';
import { PageInfoDto, PageQueryDto } from '../../common/pagination';
import { UnitRefDto } from '../../units/unit-ref.dto';
import { UnitSummaryDto } from '../../units/units.dto';
import { PLAN_KINDS, PLAN_UPDATE_STATUSES, type PlanKind, type PlanUpdateStatus } from '../../schema/land-use-plan.entity';
import { ACTION_STATUSES, type ActionStatus } from '../../schema/vocabulary';
import type { PendingRow, PlanRow, PlanUpdateRow } from './plans.repository';

const CATEGORY = /^[A-Z]{2,10}$/;
const dateMessage = (key: string) =>
  says(`${key} phải là một ngày có thật, viết YYYY-MM-DD, từ năm 1900 đến năm 2100`, `${key} must be a calendar date YYYY-MM-DD from 1900 to 2100`);
const categoryMessage = (key: string) => says(`${key} phải là mã loại đất, ví dụ TSC`, `${key} must be a land-use category code such as TSC`);

/** In a PATCH: may be left out, but when sent it must be valid (null is not "left out"). */
const Absent = () => ValidateIf((_o: object, v: unknown) => v !== undefined);
/** In a PATCH: may be left out or null (null clears it). */
const Clearable = () => ValidateIf((_o: object, v: unknown) => v !== undefined && v !== null);

const Year = (description: string, optional: boolean) => (target: object, key: string) => {
  (optional ? ApiPropertyOptional : ApiProperty)({ minimum: 2000, maximum: 2100, example: key === 'periodStart' ? 2021 : 2030, description, type: Number })(
    target,
    key,
  );
  if (optional) Absent()(target, key);
  IsInt(says(`${key} phải là một năm (số nguyên)`, `${key} must be a whole year`))(target, key);
  Min(2000)(target, key);
  Max(2100)(target, key);
};

const Area = () => (target: object, key: string) => {
  ApiPropertyOptional({ description: 'Area that changes category (m², ≥ 0, at most 2 decimals)', minimum: 0, maximum: MAX_AREA, nullable: true, type: Number })(
    target,
    key,
  );
  Clearable()(target, key);
  IsDecimalNumber(2)(target, key);
  Min(0)(target, key);
  Max(MAX_AREA)(target, key);
};

// ---- plans ----

export class CreatePlanDto {
  @ApiProperty({ type: UnitRefDto, description: "The new-era unit (province or commune) the plan is for; its province is the plan's" })
  @IsDefined()
  @ValidateNested()
  @Type(() => UnitRefDto)
  unit!: UnitRefDto;

  @ApiProperty({ ...apiEnum('PlanKind', PLAN_KINDS) })
  @IsIn(PLAN_KINDS)
  kind!: PlanKind;

  @ApiProperty({ maxLength: 500, example: 'Quy hoạch sử dụng đất tỉnh Tuyên Quang thời kỳ 2021-2030' })
  @IsString()
  @Length(1, 500)
  title!: string;

  @Year('First year of the period', false) periodStart!: number;
  @Year('Last year of the period (≥ periodStart)', false) periodEnd!: number;

  @ApiPropertyOptional({
    nullable: true,
    type: String,
    maxLength: 60,
    example: '325/QĐ-TTg',
    description: "The approving decision's number; with decisionDate",
  })
  @Clearable()
  @IsString()
  @Length(1, 60)
  decisionNo?: string | null;

  @ApiPropertyOptional({
    nullable: true,
    type: String,
    format: 'date',
    example: '2024-03-19',
    description: 'The date the decision bears (not in the future); with decisionNo',
  })
  @Clearable()
  @IsCalendarDate(dateMessage('decisionDate'))
  decisionDate?: string | null;
}

/** Omitted fields keep their value; null clears the decision. */
export class UpdatePlanDto {
  @ApiPropertyOptional({ type: UnitRefDto }) @Absent() @IsDefined() @ValidateNested() @Type(() => UnitRefDto) unit?: UnitRefDto;
  @ApiPropertyOptional({ ...apiEnum('PlanKind', PLAN_KINDS) }) @Absent() @IsIn(PLAN_KINDS) kind?: PlanKind;
  @ApiPropertyOptional({ maxLength: 500 }) @Absent() @IsString() @Length(1, 500) title?: string;
  @Year('First year of the period', true) periodStart?: number;
  @Year('Last year of the period (≥ periodStart)', true) periodEnd?: number;
  @ApiPropertyOptional({ nullable: true, type: String, maxLength: 60 }) @Clearable() @IsString() @Length(1, 60) decisionNo?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date' }) @Clearable() @IsCalendarDate(dateMessage('decisionDate')) decisionDate?: string | null;
}

export class ListPlansQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: '08' }) @IsOptional() @Matches(/^\d{2}$/, SAYS.provinceCode) province?: string;
  @ApiPropertyOptional({ ...apiEnum('PlanKind', PLAN_KINDS) }) @IsOptional() @IsIn(PLAN_KINDS) kind?: PlanKind;
  @ApiPropertyOptional({ description: 'Part of the title; accents and case optional', maxLength: 100 }) @IsOptional() @IsString() @MaxLength(100) q?: string;
}

export class PlanDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: UnitSummaryDto }) unit!: UnitSummaryDto;
  @ApiProperty({ description: 'New-era province' }) provinceCode!: string;
  @ApiProperty({ ...apiEnum('PlanKind', PLAN_KINDS) }) kind!: PlanKind;
  @ApiProperty() title!: string;
  @ApiProperty() periodStart!: number;
  @ApiProperty() periodEnd!: number;
  @ApiProperty({ nullable: true, type: String }) decisionNo!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date' }) decisionDate!: string | null;
  @ApiProperty() version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;

  static from(r: PlanRow): PlanDto {
    return {
      id: r.id,
      unit: UnitSummaryDto.fromColumns(r),
      provinceCode: r.province_code,
      kind: r.kind,
      title: r.title,
      periodStart: r.period_start,
      periodEnd: r.period_end,
      decisionNo: r.decision_no,
      decisionDate: r.decision_date,
      version: r.version,
      createdAt: r.created_at.toISOString(),
      updatedAt: r.updated_at.toISOString(),
    };
  }
}

export class PlanPageDto {
  @ApiProperty({ type: [PlanDto] }) items!: PlanDto[];
  @ApiProperty({ type: PageInfoDto }) page!: PageInfoDto;
}

// ---- plan updates ----

export class CreatePlanUpdateDto {
  @ApiPropertyOptional({ format: 'uuid', description: "The asset whose land changes category (of the plan's province); assetId and/or parcelRef" })
  @IsOptional()
  @IsUUID()
  assetId?: string;

  @ApiPropertyOptional({
    maxLength: 100,
    example: 'Tờ bản đồ số 12, thửa số 345',
    description: 'The parcel, when it is not (only) an asset; assetId and/or parcelRef',
  })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  parcelRef?: string;

  @ApiPropertyOptional({ example: 'TSC', nullable: true, type: String, description: "Omitted or null: the asset's current land-use category" })
  @IsOptional()
  @Matches(CATEGORY, categoryMessage('fromCategory'))
  fromCategory?: string | null;

  @ApiProperty({ example: 'DGD', description: 'The new land-use category (GET /api/v1/land-use-categories)' })
  @Matches(CATEGORY, categoryMessage('toCategory'))
  toCategory!: string;

  @Area() area?: number | null;

  @ApiPropertyOptional({ format: 'uuid', description: 'The repurposing action on that asset that needs this change' })
  @IsOptional()
  @IsUUID()
  actionId?: string;
}

/** While proposed; omitted fields keep their value, null clears an optional one. */
export class UpdatePlanUpdateDto {
  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String }) @Clearable() @IsUUID() assetId?: string | null;
  @ApiPropertyOptional({ maxLength: 100, nullable: true, type: String }) @Clearable() @IsString() @Length(1, 100) parcelRef?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: "null: the asset's current land-use category" })
  @Clearable()
  @Matches(CATEGORY, categoryMessage('fromCategory'))
  fromCategory?: string | null;
  @ApiPropertyOptional({ example: 'DGD' }) @Absent() @Matches(CATEGORY, categoryMessage('toCategory')) toCategory?: string;
  @Area() area?: number | null;
  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String }) @Clearable() @IsUUID() actionId?: string | null;
}

export class PlanUpdateDecisionDto {
  @ApiProperty({ maxLength: 60, example: '1234/QĐ-UBND' })
  @IsString()
  @Length(1, 60)
  decisionNo!: string;

  @ApiProperty({
    format: 'date',
    example: '2025-12-10',
    description: 'The date the decision bears (not in the future); the time it is recorded is kept separately',
  })
  @IsCalendarDate(dateMessage('decisionDate'))
  decisionDate!: string;
}

export class ListPlanUpdatesQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ ...apiEnum('PlanUpdateStatus', PLAN_UPDATE_STATUSES) }) @IsOptional() @IsIn(PLAN_UPDATE_STATUSES) status?: PlanUpdateStatus;
}

export class PlanUpdatesQueryDto extends ListPlanUpdatesQueryDto {
  @ApiPropertyOptional({ example: '08' }) @IsOptional() @Matches(/^\d{2}$/, SAYS.provinceCode) province?: string;
}

export class PendingRepurposingQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: '08' }) @IsOptional() @Matches(/^\d{2}$/, SAYS.provinceCode) province?: string;
}

export class AssetBriefDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() code!: string;
  @ApiProperty() name!: string;
}

export class PlanUpdateDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) planId!: string;
  @ApiProperty() provinceCode!: string;
  @ApiProperty({ nullable: true, type: AssetBriefDto }) asset!: AssetBriefDto | null;
  @ApiProperty({ nullable: true, type: String }) parcelRef!: string | null;
  @ApiProperty({ nullable: true, type: String }) fromCategory!: string | null;
  @ApiProperty() toCategory!: string;
  @ApiProperty({ nullable: true, type: Number, description: 'm²' }) area!: number | null;
  @ApiProperty({ ...apiEnum('PlanUpdateStatus', PLAN_UPDATE_STATUSES) }) status!: PlanUpdateStatus;
  @ApiProperty({ nullable: true, type: String }) decisionNo!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date', description: 'The date the decision bears' }) decisionDate!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'When the decision was recorded here' }) decisionRecordedAt!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) actionId!: string | null;
  @ApiProperty() version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;

  static from(r: PlanUpdateRow): PlanUpdateDto {
    return {
      id: r.id,
      planId: r.plan_id,
      provinceCode: r.province_code,
      asset: r.asset_id ? { id: r.asset_id, code: r.asset_code!, name: r.asset_name! } : null,
      parcelRef: r.parcel_ref,
      fromCategory: r.from_category,
      toCategory: r.to_category,
      area: r.area,
      status: r.status,
      decisionNo: r.decision_no,
      decisionDate: r.decision_date,
      decisionRecordedAt: r.decision_recorded_at ? r.decision_recorded_at.toISOString() : null,
      actionId: r.action_id,
      version: r.version,
      createdAt: r.created_at.toISOString(),
      updatedAt: r.updated_at.toISOString(),
    };
  }
}

export class PlanUpdatePageDto {
  @ApiProperty({ type: [PlanUpdateDto] }) items!: PlanUpdateDto[];
  @ApiProperty({ type: PageInfoDto }) page!: PageInfoDto;
}

export class ProposedUpdateRefDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) planId!: string;
  @ApiProperty() toCategory!: string;
  @ApiProperty({ nullable: true, type: Number }) area!: number | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

/** A repurposing or reallocation action that still waits for its land-use plan update. */
export class PendingRepurposingDto {
  @ApiProperty({ format: 'uuid' }) actionId!: string;
  @ApiProperty({ ...apiEnum('ActionStatus', ACTION_STATUSES), description: 'submitted, approved, accepted or in_progress (an open action)' })
  actionStatus!: ActionStatus;
  @ApiProperty() provinceCode!: string;
  @ApiProperty({ type: AssetBriefDto }) asset!: AssetBriefDto;
  @ApiProperty({ nullable: true, type: String, description: "The asset's current land-use category" }) fromCategory!: string | null;
  @ApiProperty({ description: 'The category the action needs' }) toCategory!: string;
  @ApiProperty({ type: [ProposedUpdateRefDto], description: 'Plan updates proposed for it so far (none approved)' }) proposedUpdates!: ProposedUpdateRefDto[];

  static from(r: PendingRow): PendingRepurposingDto {
    return {
      actionId: r.action_id,
      actionStatus: r.action_status,
      provinceCode: r.province_code,
      asset: { id: r.asset_id, code: r.asset_code, name: r.asset_name },
      fromCategory: r.from_category,
      toCategory: r.to_category,
      proposedUpdates: r.proposed.map((p) => ({
        id: p.id,
        planId: p.plan_id,
        toCategory: p.to_category,
        area: p.area,
        createdAt: new Date(p.created_at).toISOString(),
      })),
    };
  }
}

export class PendingRepurposingPageDto {
  @ApiProperty({ type: [PendingRepurposingDto] }) items!: PendingRepurposingDto[];
  @ApiProperty({ type: PageInfoDto }) page!: PageInfoDto;
}
