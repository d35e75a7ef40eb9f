import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { apiEnum } from '../common/api-enum';
import { IsBoolean, IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { PageInfoDto, PageQueryDto } from '../common/pagination';
import { ERAS, type Era, LEVELS, type Level, SHARES, type Share, UNIT_KINDS } from '../schema/vocabulary';
import type { UnitSummaryColumns } from './unit-summary.sql';
import type { UnitRow } from './units.repository';
import { says, SAYS } from '../common/dto';

export class UnitKeyParams {
  @ApiProperty({ ...apiEnum('Era', ERAS) }) @IsIn(ERAS) era!: Era;
  @ApiProperty({ ...apiEnum('Level', LEVELS) }) @IsIn(LEVELS) level!: Level;
  @ApiProperty({ example: '08', description: '2 digits for a province, 3 for a district, 5 for a commune' })
  @Matches(/^\d{2,5}$/, SAYS.unitCode)
  code!: string;
}

export class ListUnitsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ ...apiEnum('Era', ERAS) }) @IsOptional() @IsIn(ERAS) era?: Era;
  @ApiPropertyOptional({ ...apiEnum('Level', LEVELS) }) @IsOptional() @IsIn(LEVELS) level?: Level;
  @ApiPropertyOptional({ description: 'Code of the parent unit (2 digits: a province, 3: an old district)', example: '001' })
  @IsOptional()
  @Matches(
    /^(\d{2}|\d{3})$/,
    says('$property phải là mã tỉnh (2 chữ số) hoặc mã huyện (3 chữ số)', '$property must be a province (2 digits) or district (3 digits) code'),
  )
  parent?: string;
  @ApiPropertyOptional({ description: "Province code (of the unit's own era)", example: '08' })
  @IsOptional()
  @Matches(/^\d{2}$/, SAYS.provinceCode)
  province?: string;
  @ApiPropertyOptional({ description: 'Part of the name; accents and case optional ("ha giang" finds "Hà Giang")', maxLength: 100 })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;
}

export class UpdateUnitFlagsDto {
  @ApiPropertyOptional() @IsOptional() @IsBoolean() isMountainous?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() isRemote?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() isIsland?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() isEthnicMinority?: boolean;
}

export class UnitFlagsDto {
  @ApiProperty() mountainous!: boolean;
  @ApiProperty() remote!: boolean;
  @ApiProperty() island!: boolean;
  @ApiProperty() ethnicMinority!: boolean;
}

export class UnitSummaryDto {
  @ApiProperty({ ...apiEnum('Era', ERAS) }) era!: Era;
  @ApiProperty({ ...apiEnum('Level', LEVELS) }) level!: Level;
  @ApiProperty() code!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ ...apiEnum('UnitKind', UNIT_KINDS) }) kind!: string;
  @ApiProperty({ description: "Province code in the unit's era" }) provinceCode!: string;

  static from(r: UnitRow): UnitSummaryDto {
    return { era: r.era, level: r.level, code: r.code, name: r.name, kind: r.kind, provinceCode: r.province_code };
  }

  /** From a row that selected unitSummaryColumns() of its unit. */
  static fromColumns(r: UnitSummaryColumns): UnitSummaryDto {
    return { era: r.unit_era, level: r.unit_level, code: r.unit_code, name: r.unit_name, kind: r.unit_kind, provinceCode: r.unit_province_code };
  }
}

export class UnitDto extends UnitSummaryDto {
  @ApiProperty() id!: number;
  @ApiProperty({ nullable: true, type: String }) parentCode!: string | null;
  @ApiProperty({ nullable: true, ...apiEnum('Level', LEVELS) }) parentLevel!: Level | null;
  @ApiProperty({ nullable: true, type: String, format: 'date' }) validFrom!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date' }) validTo!: string | null;
  @ApiProperty({ type: UnitFlagsDto, description: 'Disadvantaged-area flags that reports break out' }) disadvantaged!: UnitFlagsDto;
  @ApiProperty() version!: number;

  static override from(r: UnitRow): UnitDto {
    return {
      ...UnitSummaryDto.from(r),
      id: r.id,
      parentCode: r.parent_code,
      parentLevel: r.parent_level,
      validFrom: r.valid_from,
      validTo: r.valid_to,
      disadvantaged: { mountainous: r.is_mountainous, remote: r.is_remote, island: r.is_island, ethnicMinority: r.is_ethnic_minority },
      version: r.version,
    };
  }
}

export class UnitPageDto {
  @ApiProperty({ type: [UnitDto] }) items!: UnitDto[];
  @ApiProperty({ type: PageInfoDto }) page!: PageInfoDto;
}

export class SuccessionLinkDto {
  @ApiProperty({ type: UnitSummaryDto, description: 'The old unit (province or commune) the territory came from' }) from!: UnitSummaryDto;
  @ApiProperty({ type: UnitSummaryDto, description: 'The new unit that took it' }) to!: UnitSummaryDto;
  @ApiProperty({ ...apiEnum('Share', SHARES), description: 'full: all of the old unit went there; partial: the old unit was split' }) share!: Share;
  @ApiProperty({ example: '1656/NQ-UBTVQH15', nullable: true, type: String, description: 'null where the source does not say' }) legalBasis!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Clause (khoản) of Article 1; null where unknown' }) clause!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Text of the clause, when known' }) clauseText!: string | null;
}

export class SuccessorDto {
  @ApiProperty({ type: UnitSummaryDto }) unit!: UnitSummaryDto;
  @ApiProperty({ type: [SuccessionLinkDto], description: 'How the territory got there: for a district, one link per contributing commune' })
  links!: SuccessionLinkDto[];
}

export class SuccessorsDto {
  @ApiProperty({ type: UnitSummaryDto }) unit!: UnitSummaryDto;
  @ApiProperty({ type: [SuccessorDto] }) successors!: SuccessorDto[];
}

export class PredecessorsDto {
  @ApiProperty({ type: UnitSummaryDto }) unit!: UnitSummaryDto;
  @ApiProperty({ type: [SuccessionLinkDto], description: 'The old provinces or communes this unit came from' }) predecessors!: SuccessionLinkDto[];
  @ApiProperty({ type: [UnitSummaryDto], description: 'For a commune: the old districts of those communes' }) districts!: UnitSummaryDto[];
}

class ImportCountsDto {
  @ApiProperty() inserted!: number;
  @ApiProperty() updated!: number;
  @ApiProperty() unchanged!: number;
}

export class UnitImportResultDto {
  @ApiProperty({ description: 'false when the import found everything already as the files say' }) changed!: boolean;
  @ApiProperty({ type: ImportCountsDto }) units!: ImportCountsDto;
  @ApiProperty({ type: ImportCountsDto }) successions!: ImportCountsDto;
  @ApiProperty({ type: ImportCountsDto }) clauses!: ImportCountsDto;
  @ApiProperty({ description: 'SHA-256 of each file', example: { 'units.csv': 'ab12…' } }) sha256!: Record<string, string>;
  @ApiProperty() durationMs!: number;
}
