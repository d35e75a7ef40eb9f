import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { apiEnum } from '../../common/api-enum';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsOptional, IsString, Matches } from 'class-validator';
import { IsCalendarDate, IsInstant } from '../../common/dto';
import { PageInfoDto, PageQueryDto } from '../../common/pagination';
import {
  CELL_KINDS,
  REPORT_FORMATS,
  REPORT_LANGS,
  REPORT_PERIODS,
  REPORT_SCOPES,
  type ReportFormat,
  type ReportLang,
  type ReportPeriod,
  type ReportScope,
} from '../report.model';

export class CreateReportDto {
  @ApiProperty({ ...apiEnum('ReportScope', REPORT_SCOPES) }) @IsIn(REPORT_SCOPES) scope!: ReportScope;
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    example: '08',
    description: 'New-era province code: required for scope "province", absent for "national"',
  })
  @IsOptional()
  @IsString()
  @Matches(/^\d{2}$/)
  province?: string | null;
  @ApiPropertyOptional({ example: '2025-11-30', description: 'The date reported as of (Vietnam); default today in Vietnam' })
  @IsOptional()
  @IsCalendarDate()
  asOf?: string;
  @ApiPropertyOptional({ example: '2025-12-01T01:00:00.000Z', description: 'Only what was recorded at or before this instant counts; default now' })
  @IsOptional()
  @IsInstant()
  knownAt?: string;
  @ApiPropertyOptional({ ...apiEnum('ReportPeriod', REPORT_PERIODS, 'weekly') }) @IsOptional() @IsIn(REPORT_PERIODS) period?: ReportPeriod;
  @ApiPropertyOptional({ ...apiEnum('Lang', REPORT_LANGS, 'vi') }) @IsOptional() @IsIn(REPORT_LANGS) lang?: ReportLang;
  @ApiPropertyOptional({ ...apiEnum('ReportFormat', REPORT_FORMATS), isArray: true, default: REPORT_FORMATS, description: 'The formats to generate and store' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(4)
  @ArrayUnique()
  @IsIn(REPORT_FORMATS, { each: true })
  formats?: ReportFormat[];
}

export class ContentQueryDto {
  @ApiProperty({ ...apiEnum('ReportFormat', REPORT_FORMATS) }) @IsIn(REPORT_FORMATS) format!: ReportFormat;
}

export class ReportParamsDto {
  @ApiProperty({ ...apiEnum('ReportScope', REPORT_SCOPES) }) scope!: ReportScope;
  @ApiProperty({ nullable: true, type: String }) province!: string | null;
  @ApiProperty({ example: '2025-11-30' }) asOf!: string;
  @ApiProperty({ format: 'date-time' }) knownAt!: string;
  @ApiProperty({ ...apiEnum('ReportPeriod', REPORT_PERIODS) }) period!: ReportPeriod;
  @ApiProperty({ ...apiEnum('Lang', REPORT_LANGS) }) lang!: ReportLang;
}

export class ReportContentInfoDto {
  @ApiProperty({ ...apiEnum('ReportFormat', REPORT_FORMATS) }) format!: ReportFormat;
  @ApiProperty() mediaType!: string;
  @ApiProperty() sizeBytes!: number;
  @ApiProperty({ pattern: '^[0-9a-f]{64}$' }) sha256!: string;
  @ApiProperty({ description: "The version of the format's renderer that made these bytes" }) rendererVersion!: number;
  @ApiProperty({ example: '/api/v1/reports/5f0c…/content?format=xlsx' }) url!: string;
}

export class EventChainHeadDto {
  @ApiProperty({ description: 'seq of the last event (0: the log was empty)' }) seq!: number;
  @ApiProperty({ pattern: '^[0-9a-f]{64}$', description: 'Its hash (the genesis hash, 64 zeros, for an empty log)' }) hash!: string;
}

export class ReportSnapshotDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: ReportParamsDto }) params!: ReportParamsDto;
  @ApiProperty({ format: 'date-time' }) generatedAt!: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) generatedBy!: string | null;
  @ApiProperty({ nullable: true, type: String }) generatedByUsername!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'The schedule that produced it' }) scheduleId!: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    format: 'uuid',
    description:
      'The snapshot this one follows and is compared with: the latest earlier one (by asOf, then knownAt) of the same scope, province and period when it was made; null for the first (and for snapshots made before this was recorded)',
  })
  previousId!: string | null;
  @ApiProperty({
    nullable: true,
    type: EventChainHeadDto,
    description:
      "The event log anchor: the log's head when the snapshot was made, printed in each format too; GET /events/verify?anchorSequence=&anchorHash= checks the log against it. null for snapshots made before anchors",
  })
  eventChainHead!: EventChainHeadDto | null;
  @ApiProperty({ type: [ReportContentInfoDto] }) contents!: ReportContentInfoDto[];
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class ReportSnapshotPageDto {
  @ApiProperty({ type: [ReportSnapshotDto] }) items!: ReportSnapshotDto[];
  @ApiProperty({ type: PageInfoDto }) page!: PageInfoDto;
}

export class ListReportsQueryDto extends PageQueryDto {}

export class FormatVerificationDto {
  @ApiProperty({ ...apiEnum('ReportFormat', REPORT_FORMATS) }) format!: ReportFormat;
  @ApiProperty({ description: 'The stored bytes equal their recorded hash and, where they were regenerated, the regenerated bytes' }) matches!: boolean;
  @ApiProperty({ description: 'The stored bytes equal their recorded hash' }) intact!: boolean;
  @ApiProperty({ description: "Regenerated now: only when the running version's renderer for this format is the one that made the stored bytes" })
  regenerated!: boolean;
  @ApiProperty({ description: "The version of the format's renderer that made the stored bytes" }) rendererVersion!: number;
  @ApiProperty({ description: "The version of the format's renderer running now" }) currentRendererVersion!: number;
  @ApiProperty({ description: 'SHA-256 recorded when the snapshot was made' }) recordedSha256!: string;
  @ApiProperty({ description: 'SHA-256 of the bytes stored now' }) storedSha256!: string;
  @ApiProperty({ nullable: true, type: String, description: 'SHA-256 of the bytes regenerated now (null when not regenerated)' }) regeneratedSha256!:
    string | null;
}

export class VerificationDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() matches!: boolean;
  @ApiProperty({ type: [FormatVerificationDto] }) formats!: FormatVerificationDto[];
}

export class CellValuesDto {
  @ApiProperty() facilities!: number;
  @ApiProperty({ nullable: true, type: Number, description: 'm²' }) landArea!: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'm²' }) floorArea!: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Integer VND (amount cells) or a percentage (share cells)' }) value!: number | null;
}

export class DiffAssetDto {
  @ApiProperty({ format: 'uuid' }) assetId!: string;
  @ApiProperty({ nullable: true, type: String }) code!: string | null;
  @ApiProperty({ nullable: true, type: String }) name!: string | null;
}

export class CellChangeDto {
  @ApiProperty({ nullable: true, type: String }) provinceCode!: string | null;
  @ApiProperty() provinceName!: string;
  @ApiProperty() key!: string;
  @ApiProperty() label!: string;
  @ApiProperty(apiEnum('CellKind', CELL_KINDS)) kind!: string;
  @ApiProperty({ type: CellValuesDto }) before!: CellValuesDto;
  @ApiProperty({ type: CellValuesDto }) after!: CellValuesDto;
  @ApiProperty({ type: CellValuesDto, description: 'after − before (computed exactly on the decimal figures)' }) delta!: CellValuesDto;
  @ApiProperty({ type: [DiffAssetDto], nullable: true, description: 'Drillable cells: facilities counted after but not before' }) entered!:
    DiffAssetDto[] | null;
  @ApiProperty({ type: [DiffAssetDto], nullable: true, description: 'Drillable cells: facilities counted before but not after' }) left!: DiffAssetDto[] | null;
}

export class ReportDiffDto {
  @ApiProperty({ format: 'uuid' }) from!: string;
  @ApiProperty({ format: 'uuid' }) to!: string;
  @ApiProperty({ type: [CellChangeDto] }) changes!: CellChangeDto[];
}
