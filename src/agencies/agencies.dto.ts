import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { apiEnum } from '../common/api-enum';
import { Type } from 'class-transformer';
import { IsDefined, IsIn, IsOptional, IsString, IsUUID, Length, Matches, MaxLength, ValidateNested } from 'class-validator';
import { IsCalendarDate, SAYS } from '../common/dto';
import { PageInfoDto, PageQueryDto } from '../common/pagination';
import { UnitSummaryDto } from '../units/units.dto';
import { UnitRefDto } from '../units/unit-ref.dto';
import { AGENCY_KINDS, AGENCY_STATUSES, type AgencyKind, type AgencyStatus } from '../schema/vocabulary';
import type { AgencyRow } from './agencies.repository';

export const AGENCY_CODE = /^[A-Za-z0-9._\/-]{2,40}$/;

export class CreateAgencyDto {
  @ApiProperty({ example: '08.UBND.00691', description: 'National code, unique; letters, digits and . _ / -', pattern: AGENCY_CODE.source })
  @Matches(AGENCY_CODE, SAYS.nationalCode)
  code!: string;

  @ApiProperty({ example: 'Ủy ban nhân dân phường Hà Giang 2', maxLength: 300 })
  @IsString()
  @Length(1, 300)
  name!: string;

  @ApiProperty({ ...apiEnum('AgencyKind', AGENCY_KINDS) })
  @IsIn(AGENCY_KINDS)
  kind!: AgencyKind;

  @ApiProperty({ type: UnitRefDto, description: 'The unit it belongs to (an old-era unit for an agency of an abolished district or commune)' })
  @IsDefined()
  @ValidateNested()
  @Type(() => UnitRefDto)
  unit!: UnitRefDto;
}

export class UpdateAgencyDto {
  @ApiPropertyOptional({ maxLength: 300 }) @IsOptional() @IsString() @Length(1, 300) name?: string;
  @ApiPropertyOptional({ ...apiEnum('AgencyKind', AGENCY_KINDS) }) @IsOptional() @IsIn(AGENCY_KINDS) kind?: AgencyKind;
  @ApiPropertyOptional({ type: UnitRefDto }) @IsOptional() @ValidateNested() @Type(() => UnitRefDto) unit?: UnitRefDto;
}

export class DissolveAgencyDto {
  @ApiProperty({ example: '2025-07-01', format: 'date', description: 'Date of dissolution (not in the future)' })
  @IsCalendarDate()
  dissolvedOn!: string;

  @ApiProperty({ format: 'uuid', description: 'The active agency that takes over' })
  @IsUUID()
  successorId!: string;
}

export class ListAgenciesQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: '08' }) @IsOptional() @Matches(/^\d{2}$/, SAYS.provinceCode) province?: string;
  @ApiPropertyOptional({ ...apiEnum('AgencyStatus', AGENCY_STATUSES) }) @IsOptional() @IsIn(AGENCY_STATUSES) status?: AgencyStatus;
  @ApiPropertyOptional({ ...apiEnum('AgencyKind', AGENCY_KINDS) }) @IsOptional() @IsIn(AGENCY_KINDS) kind?: AgencyKind;
  @ApiPropertyOptional({ description: 'Code or name, accents optional', maxLength: 100 }) @IsOptional() @IsString() @MaxLength(100) q?: string;
}

export class AgencyRefDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() code!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ ...apiEnum('AgencyStatus', AGENCY_STATUSES) }) status!: AgencyStatus;
}

export class AgencyDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() code!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ ...apiEnum('AgencyKind', AGENCY_KINDS) }) kind!: AgencyKind;
  @ApiProperty({ type: UnitSummaryDto }) unit!: UnitSummaryDto;
  @ApiProperty({ description: 'New-era province whose officers manage it' }) provinceCode!: string;
  @ApiProperty({ ...apiEnum('AgencyStatus', AGENCY_STATUSES) }) status!: AgencyStatus;
  @ApiProperty({ nullable: true, type: String, format: 'date' }) dissolvedOn!: string | null;
  @ApiProperty({ nullable: true, type: AgencyRefDto }) successor!: AgencyRefDto | null;
  @ApiProperty() version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;

  static from(r: AgencyRow): AgencyDto {
    return {
      id: r.id,
      code: r.code,
      name: r.name,
      kind: r.kind,
      unit: UnitSummaryDto.fromColumns(r),
      provinceCode: r.province_code,
      status: r.status,
      dissolvedOn: r.dissolved_on,
      successor: r.successor_id ? { id: r.successor_id, code: r.successor_code!, name: r.successor_name!, status: r.successor_status! } : null,
      version: r.version,
      createdAt: r.created_at.toISOString(),
      updatedAt: r.updated_at.toISOString(),
    };
  }
}

export class AgencyPageDto {
  @ApiProperty({ type: [AgencyDto] }) items!: AgencyDto[];
  @ApiProperty({ type: PageInfoDto }) page!: PageInfoDto;
}
