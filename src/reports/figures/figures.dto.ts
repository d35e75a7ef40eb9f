import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { apiEnum } from '../../common/api-enum';
import { IsBoolean, IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { BooleanQuery, IsCalendarDate, SAYS } from '../../common/dto';
import { PageInfoDto, PageQueryDto } from '../../common/pagination';
import {
  CELL_KINDS,
  type CellKind,
  REPORT_FORMATS,
  REPORT_LANGS,
  REPORT_PERIODS,
  REPORT_SCOPES,
  type ReportFormat,
  type ReportLang,
  type ReportPeriod,
  type ReportScope,
} from '../report.model';

/** The parameters of a status report (query string). */
export class StatusReportQueryDto {
  @ApiProperty({ ...apiEnum('ReportScope', REPORT_SCOPES), description: 'province (one province) or national (a row per province and a total row)' })
  @IsIn(REPORT_SCOPES)
  scope!: ReportScope;

  @ApiPropertyOptional({
    description: 'New-era province code: required with scope=province (on /items with scope=national: the row, omitted = the total)',
    pattern: '^[0-9]{2}$',
  })
  @IsOptional()
  @Matches(/^\d{2}$/, SAYS.provinceCodeOfProvince)
  province?: string;

  @ApiPropertyOptional({ description: 'The date the state is reported as of (YYYY-MM-DD, Vietnam; default today; not in the future)', format: 'date' })
  @IsOptional()
  @IsCalendarDate()
  as_of?: string;

  @ApiPropertyOptional({
    description: 'Only what was recorded at or before this instant counts (ISO 8601 with a time zone; default now; not in the future)',
    format: 'date-time',
  })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  known_at?: string;

  @ApiPropertyOptional({ ...apiEnum('ReportPeriod', REPORT_PERIODS, 'weekly') })
  @IsOptional()
  @IsIn(REPORT_PERIODS)
  period?: ReportPeriod;

  @ApiPropertyOptional({ ...apiEnum('ReportFormat', REPORT_FORMATS, 'json') })
  @IsOptional()
  @IsIn(REPORT_FORMATS)
  format?: ReportFormat;

  @ApiPropertyOptional({ ...apiEnum('Lang', REPORT_LANGS, 'vi'), description: 'Language of the labels' })
  @IsOptional()
  @IsIn(REPORT_LANGS)
  lang?: ReportLang;
}

/** GET /reports/status: the report's parameters, and whether a PDF prints the all-zero rows. */
export class StatusReportGetQueryDto extends StatusReportQueryDto {
  @ApiPropertyOptional({
    default: false,
    description:
      'format=pdf: true prints every province row of the detail, false leaves out those whose figures are all zero (a line says how many); other formats always hold every row',
  })
  @IsOptional()
  @BooleanQuery()
  @IsBoolean()
  zeros?: boolean;
}

/** The parameters of a drill-down: the report's, the cell's key and a page. */
export class StatusItemsQueryDto extends IntersectionType(StatusReportQueryDto, PageQueryDto) {
  @ApiProperty({ description: "The cell's key, e.g. completed, type:disposal/method:sale, overdue:clause:<uuid>", maxLength: 200 })
  @IsString()
  @MaxLength(200)
  key!: string;
}

export class ReportParamsDto {
  @ApiProperty({ ...apiEnum('ReportScope', REPORT_SCOPES) }) scope!: ReportScope;
  @ApiProperty({ nullable: true, type: String }) province!: string | null;
  @ApiProperty({ format: 'date' }) asOf!: string;
  @ApiProperty({ format: 'date-time' }) knownAt!: string;
  @ApiProperty({ ...apiEnum('ReportPeriod', REPORT_PERIODS) }) period!: ReportPeriod;
  @ApiProperty({ ...apiEnum('Lang', REPORT_LANGS) }) lang!: ReportLang;
}

export class ReportColumnDto {
  @ApiProperty() key!: string;
  @ApiProperty(apiEnum('CellKind', CELL_KINDS)) kind!: CellKind;
  @ApiProperty() label!: string;
  @ApiProperty() group!: string;
}

export class ReportDeadlineDto {
  @ApiProperty({
    description: "'overdue:clause:<clauseId>', 'overdue:no_plan' (the approved-plan deadline; label: the clauses that set it) or 'overdue:handover_30d'",
  })
  key!: string;
  @ApiProperty({ nullable: true, type: String }) clauseId!: string | null;
  @ApiProperty() label!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date' }) deadline!: string | null;
}

export class ReportCellDto {
  @ApiProperty() key!: string;
  @ApiProperty(apiEnum('CellKind', CELL_KINDS)) kind!: CellKind;
  @ApiProperty({ description: 'Number of facilities (amount cells: facilities contributing; share and rank cells: 0)' }) facilities!: number;
  @ApiProperty({ nullable: true, type: Number, description: 'Land area m², at most 2 decimals (facilities cells)' }) landArea!: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Floor area m², at most 2 decimals (facilities cells)' }) floorArea!: number | null;
  @ApiProperty({
    nullable: true,
    type: Number,
    description:
      "Amount cells: integer VND; share cells: a percentage with 2 decimals (65.89); rank cells (remaining_rank): the province's place by remaining facilities, null on the total row; null otherwise",
  })
  value!: number | null;
  @ApiProperty() drillable!: boolean;
}

export class ReportRowDto {
  @ApiProperty({ nullable: true, type: String, description: 'null for the national total row' }) provinceCode!: string | null;
  @ApiProperty() provinceName!: string;
  @ApiProperty({ type: [ReportCellDto] }) cells!: ReportCellDto[];
}

export class StatusReportDto {
  @ApiProperty({ type: ReportParamsDto }) params!: ReportParamsDto;
  @ApiProperty({ format: 'date-time' }) generatedAt!: string;
  @ApiProperty({ type: [ReportColumnDto] }) columns!: ReportColumnDto[];
  @ApiProperty({ type: [ReportDeadlineDto] }) deadlines!: ReportDeadlineDto[];
  @ApiProperty({ type: [ReportRowDto] }) rows!: ReportRowDto[];
}

export class ReportItemDto {
  @ApiProperty({ format: 'uuid' }) assetId!: string;
  @ApiProperty() code!: string;
  @ApiProperty() name!: string;
  @ApiProperty() provinceCode!: string;
  @ApiProperty({ nullable: true, type: String }) communeName!: string | null;
  @ApiProperty({ nullable: true, type: String, description: "The custodian agency's name on the report date, as known at knownAt" }) custodianName!:
    string | null;
  @ApiProperty({ format: 'date' }) surplusSince!: string;
  @ApiProperty({ nullable: true, type: Number, description: 'm²' }) landArea!: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'm²' }) floorArea!: number | null;
  @ApiProperty({ nullable: true, type: String }) actionId!: string | null;
  @ApiProperty({ nullable: true, type: String }) actionType!: string | null;
  @ApiProperty({ nullable: true, type: String }) actionMethod!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'approved, in_progress, completed (submitted on overdue cells), as of the report date' })
  actionState!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date', description: 'Overdue cells: the deadline missed' }) deadline!: string | null;
  @ApiProperty({ nullable: true, type: 'integer', description: 'Amount cells: what this facility contributes (integer VND)' }) amount!: number | null;
}

export class ReportItemPageDto {
  @ApiProperty({ type: ReportParamsDto }) params!: ReportParamsDto;
  @ApiProperty() key!: string;
  @ApiProperty({ nullable: true, type: String, description: 'The row: a province, or null for the national total' }) province!: string | null;
  @ApiProperty({ type: [ReportItemDto] }) items!: ReportItemDto[];
  @ApiProperty({ type: PageInfoDto }) page!: PageInfoDto;
}
