import { ApiProperty, ApiPropertyOptional, IntersectionType, OmitType, PartialType } from '@nestjs/swagger';
import { apiEnum } from '../common/api-enum';
import { AreaField, BooleanQuery, IsCalendarDate, IsDecimalNumber, Nullable, says, SAYS, VndField } from '../common/dto';
import { Type } from 'class-transformer';
import { IsBoolean, IsDefined, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { AgencyRefDto } from '../agencies/agencies.dto';
import { PageInfoDto, PageQueryDto } from '../common/pagination';
import { UnitRefDto } from '../units/unit-ref.dto';
import { UnitSummaryDto } from '../units/units.dto';
import {
  ASSET_CATEGORIES,
  ASSET_CONDITIONS,
  ASSET_STATUSES,
  type AssetCategory,
  type AssetCondition,
  type AssetStatus,
  OVERDUE_KINDS,
  type OverdueKind,
} from '../schema/vocabulary';
import { ASSET_CODE, VN_BOUNDS } from './asset-rules';

/** The optional fields of an asset (never status, id, version or timestamps). */
class AssetOptionalFieldsDto {
  @ApiPropertyOptional({ type: UnitRefDto, nullable: true, description: 'Old-era unit it served (e.g. the abolished district)' })
  @Nullable()
  @ValidateNested()
  @Type(() => UnitRefDto)
  originUnit?: UnitRefDto | null;

  @ApiPropertyOptional({ nullable: true, maxLength: 500, type: String })
  @Nullable()
  @IsString()
  @MaxLength(500)
  address?: string | null;

  @ApiPropertyOptional({
    nullable: true,
    type: Number,
    minimum: VN_BOUNDS.minLat,
    maximum: VN_BOUNDS.maxLat,
    description: 'WGS 84, inside Vietnam; with longitude',
  })
  @Nullable()
  @IsDecimalNumber(6)
  latitude?: number | null;

  @ApiPropertyOptional({
    nullable: true,
    type: Number,
    minimum: VN_BOUNDS.minLon,
    maximum: VN_BOUNDS.maxLon,
    description: 'WGS 84, inside Vietnam; with latitude',
  })
  @Nullable()
  @IsDecimalNumber(6)
  longitude?: number | null;

  @AreaField('Land area') landArea?: number | null;
  @AreaField('Floor area') floorArea?: number | null;

  @ApiPropertyOptional({ nullable: true, type: Number, minimum: 1800, description: 'Not in the future' })
  @Nullable()
  @IsInt()
  @Min(1800)
  @Max(2200)
  yearBuilt?: number | null;

  @VndField('Original cost') originalCost?: number | null;
  @VndField('Remaining value') remainingValue?: number | null;

  @ApiPropertyOptional({ nullable: true, maxLength: 60, type: String, description: 'Land-use right certificate number' })
  @Nullable()
  @IsString()
  @Length(1, 60)
  landCertificateNo?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, example: 'TSC', description: 'Current land-use category code (GET /api/v1/land-use-categories)' })
  @Nullable()
  @Matches(/^[A-Z]{2,10}$/, SAYS.categoryCode('TSC'))
  landUseCategory?: string | null;

  @ApiPropertyOptional({ nullable: true, ...apiEnum('AssetCondition', ASSET_CONDITIONS) })
  @Nullable()
  @IsIn(ASSET_CONDITIONS)
  condition?: AssetCondition | null;

  @ApiPropertyOptional({ nullable: true, maxLength: 4000, type: String })
  @Nullable()
  @IsString()
  @MaxLength(4000)
  notes?: string | null;
}

export class CreateAssetDto extends AssetOptionalFieldsDto {
  @ApiProperty({ example: '08.TSC.000123', description: 'National asset code, unique', pattern: ASSET_CODE.source })
  @Matches(ASSET_CODE, SAYS.nationalCode)
  code!: string;

  @ApiProperty({ example: 'Trụ sở UBND huyện Vị Xuyên (cũ)', maxLength: 300 })
  @IsString()
  @Length(1, 300)
  name!: string;

  @ApiProperty({ ...apiEnum('AssetCategory', ASSET_CATEGORIES) })
  @IsIn(ASSET_CATEGORIES)
  category!: AssetCategory;

  @ApiProperty({ type: UnitRefDto, description: 'New-era unit (commune or province) where the asset is now; must be in your province' })
  @IsDefined()
  @ValidateNested()
  @Type(() => UnitRefDto)
  currentUnit!: UnitRefDto;

  @ApiProperty({ format: 'uuid', description: 'Active custodian agency of the same province' })
  @IsUUID()
  custodianId!: string;
}

/**
 * Every field but the code may change; omitted fields keep their value, null clears an optional one
 * (and is refused for a required one: name, category, current unit, custodian).
 */
export class UpdateAssetDto extends PartialType(OmitType(CreateAssetDto, ['code'] as const), { skipNullProperties: false }) {
  @ApiPropertyOptional({
    format: 'date',
    example: '2025-10-01',
    description:
      'The date the changed name, category, units, custodian, areas or land-use category take effect (the reports read them from it, as known from now); default: today. Not in the future; not with correction.',
  })
  @IsOptional()
  @IsCalendarDate()
  validFrom?: string;

  @ApiPropertyOptional({
    description:
      'true: the change corrects a wrong value, so it takes effect from the date the value it corrects did (reports known at an earlier time keep the value then recorded)',
  })
  @IsOptional()
  @IsBoolean()
  correction?: boolean;
}

export class DeclareSurplusDto {
  @ApiProperty({
    example: '2025-07-01',
    format: 'date',
    description: 'The date it became surplus (e.g. 2025-07-01 for a district headquarters); not in the future',
  })
  @IsCalendarDate()
  since!: string;

  @ApiProperty({ example: 'District level abolished; the headquarters is no longer needed', maxLength: 2000 })
  @IsString()
  @Length(1, 2000)
  reason!: string;

  @ApiPropertyOptional({ example: '202-KL/TW 2.3', maxLength: 200, description: 'The clause it rests on, if any' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  basis?: string;
}

export class WithdrawSurplusDto {
  @ApiProperty({ example: 'Kept as the new commune police station', maxLength: 2000 })
  @IsString()
  @Length(1, 2000)
  reason!: string;
}

/** Filters shared by the list, the map and the export. */
export class AssetFilterQueryDto {
  @ApiPropertyOptional({ example: '08', description: 'New-era province code' }) @IsOptional() @Matches(/^\d{2}$/, SAYS.provinceCode) province?: string;
  @ApiPropertyOptional({ example: '00691', description: 'New-era commune code' })
  @IsOptional()
  @Matches(/^\d{5}$/, says('$property phải là mã xã gồm 5 chữ số', '$property must be a 5-digit code'))
  commune?: string;
  @ApiPropertyOptional({ example: '024', description: 'Old unit code: province (2 digits), district (3: includes its communes) or commune (5)' })
  @IsOptional()
  @Matches(
    /^(\d{2}|\d{3}|\d{5})$/,
    says('$property phải là mã đơn vị hành chính cũ gồm 2, 3 hoặc 5 chữ số', '$property must be a 2, 3 or 5-digit old unit code'),
  )
  origin?: string;
  @ApiPropertyOptional({ ...apiEnum('AssetStatus', ASSET_STATUSES) }) @IsOptional() @IsIn(ASSET_STATUSES) status?: AssetStatus;
  @ApiPropertyOptional({ ...apiEnum('AssetCategory', ASSET_CATEGORIES) }) @IsOptional() @IsIn(ASSET_CATEGORIES) category?: AssetCategory;
  @ApiPropertyOptional({ format: 'uuid', description: 'Custodian agency id' }) @IsOptional() @IsUUID() custodian?: string;
  @ApiPropertyOptional({ example: 'TSC', name: 'land_use_category' })
  @IsOptional()
  @Matches(/^[A-Z]{2,10}$/, says('$property phải là mã loại đất', '$property must be a category code'))
  land_use_category?: string;
  @ApiPropertyOptional({ description: 'true: only assets in communes flagged mountainous, remote, island or ethnic-minority; false: only the others' })
  @IsOptional()
  @BooleanQuery()
  @IsBoolean()
  disadvantaged?: boolean;
  @ApiPropertyOptional({ description: 'Code, name or address; accents and case optional', maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;
  @ApiPropertyOptional({
    description: 'true: only assets with an action past its deadline (or a temporary hand-over past 30 days) without reaching the required state',
  })
  @IsOptional()
  @BooleanQuery()
  @IsBoolean()
  overdue?: boolean;
}

export class ListAssetsQueryDto extends IntersectionType(AssetFilterQueryDto, PageQueryDto) {}

export class SurplusDto {
  @ApiProperty({ format: 'date' }) since!: string;
  @ApiProperty() reason!: string;
  @ApiProperty({ nullable: true, type: String }) basis!: string | null;
}

export class AssetOverdueDto {
  @ApiProperty({ format: 'uuid' }) actionId!: string;
  @ApiProperty(apiEnum('OverdueKind', OVERDUE_KINDS)) kind!: OverdueKind;
  @ApiProperty({ format: 'date' }) deadline!: string;
  @ApiProperty() daysOverdue!: number;
}

export class AssetDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() code!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ ...apiEnum('AssetCategory', ASSET_CATEGORIES) }) category!: AssetCategory;
  @ApiProperty({ ...apiEnum('AssetStatus', ASSET_STATUSES), description: 'Follows from operations; never set directly' }) status!: AssetStatus;
  @ApiProperty({ description: 'New-era province' }) provinceCode!: string;
  @ApiProperty({ type: UnitSummaryDto }) currentUnit!: UnitSummaryDto;
  @ApiProperty({ type: UnitSummaryDto, nullable: true }) originUnit!: UnitSummaryDto | null;
  @ApiProperty({ type: AgencyRefDto }) custodian!: AgencyRefDto;
  @ApiProperty({ nullable: true, type: String }) address!: string | null;
  @ApiProperty({ nullable: true, type: Number }) latitude!: number | null;
  @ApiProperty({ nullable: true, type: Number }) longitude!: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'm²' }) landArea!: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'm²' }) floorArea!: number | null;
  @ApiProperty({ nullable: true, type: Number }) yearBuilt!: number | null;
  @ApiProperty({ nullable: true, type: 'integer', description: 'VND' }) originalCost!: number | null;
  @ApiProperty({ nullable: true, type: 'integer', description: 'VND' }) remainingValue!: number | null;
  @ApiProperty({ nullable: true, type: String }) landCertificateNo!: string | null;
  @ApiProperty({ nullable: true, type: String }) landUseCategory!: string | null;
  @ApiProperty({ nullable: true, ...apiEnum('AssetCondition', ASSET_CONDITIONS) }) condition!: AssetCondition | null;
  @ApiProperty({ nullable: true, type: SurplusDto }) surplus!: SurplusDto | null;
  @ApiProperty({ nullable: true, type: String }) notes!: string | null;
  @ApiPropertyOptional({
    nullable: true,
    type: AssetOverdueDto,
    description:
      'In lists: the most overdue open matter (action past its deadline, or a temporary hand-over past 30 days), with the deadline and the days overdue',
  })
  overdue?: AssetOverdueDto | null;
  @ApiProperty() version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class AssetPageDto {
  @ApiProperty({ type: [AssetDto] }) items!: AssetDto[];
  @ApiProperty({ type: PageInfoDto }) page!: PageInfoDto;
}

export class HistoryEventDto {
  @ApiProperty({ description: 'Position in the national event chain' }) seq!: number;
  @ApiProperty({ format: 'date-time' }) occurredAt!: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) actorId!: string | null;
  @ApiProperty({ nullable: true, type: String }) actorUsername!: string | null;
  @ApiProperty({ example: 'updated' }) action!: string;
  @ApiProperty({ nullable: true, type: Object, description: 'The fields as they were (amounts in integer VND, areas in m², as on the asset)' }) before!: Record<
    string,
    unknown
  > | null;
  @ApiProperty({ nullable: true, type: Object, description: 'The fields as they became' }) after!: Record<string, unknown> | null;
  @ApiProperty() hash!: string;
}

export class HistoryPageDto {
  @ApiProperty({ type: [HistoryEventDto] }) items!: HistoryEventDto[];
  @ApiProperty({ type: PageInfoDto }) page!: PageInfoDto;
}
