import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { apiEnum } from '../../common/api-enum';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsBoolean, IsIn, IsInt, IsString, Matches, Max, Min } from 'class-validator';
import { Absent, Nullable } from '../../common/dto';
import { PageInfoDto, PageQueryDto } from '../../common/pagination';
import {
  REPORT_FORMATS,
  REPORT_LANGS,
  REPORT_PERIODS,
  REPORT_SCOPES,
  type ReportFormat,
  type ReportLang,
  type ReportPeriod,
  type ReportScope,
} from '../report.model';
import { TIME_OF_DAY } from './schedule-rules';

/** The fields every schedule has beside its scope, period and time (optional on create and on update). */
class ScheduleOptionsDto {
  @ApiPropertyOptional({ nullable: true, type: String, example: '08', description: 'Required for scope "province"; null for national' })
  @Nullable()
  @IsString()
  @Matches(/^\d{2}$/)
  province?: string | null;
  @ApiPropertyOptional({ nullable: true, type: Number, minimum: 1, maximum: 7, description: 'Weekly: ISO weekday, 1 = Monday' })
  @Nullable()
  @IsInt()
  @Min(1)
  @Max(7)
  weekday?: number | null;
  @ApiPropertyOptional({ nullable: true, type: Number, minimum: 1, maximum: 31, description: 'Monthly: 1-31 (the last day in shorter months)' })
  @Nullable()
  @IsInt()
  @Min(1)
  @Max(31)
  dayOfMonth?: number | null;
  @ApiPropertyOptional({ ...apiEnum('ReportFormat', REPORT_FORMATS), isArray: true })
  @Absent()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(4)
  @ArrayUnique()
  @IsIn(REPORT_FORMATS, { each: true })
  formats?: ReportFormat[];
  @ApiPropertyOptional({ ...apiEnum('Lang', REPORT_LANGS) }) @Absent() @IsIn(REPORT_LANGS) lang?: ReportLang;
  @ApiPropertyOptional() @Absent() @IsBoolean() enabled?: boolean;
}

/**
 * A new schedule: scope, period and time are required (declared here only, so no optional
 * decorator of a base class can leak onto them).
 */
export class CreateScheduleDto extends ScheduleOptionsDto {
  @ApiProperty({ ...apiEnum('ReportScope', REPORT_SCOPES) }) @IsIn(REPORT_SCOPES) scope!: ReportScope;
  @ApiProperty({ ...apiEnum('ReportPeriod', REPORT_PERIODS) }) @IsIn(REPORT_PERIODS) period!: ReportPeriod;
  @ApiProperty({ example: '08:30', description: 'HH:MM, Vietnam time' }) @IsString() @Matches(TIME_OF_DAY) time!: string;
}

/** A change: any field may be omitted (kept); null only clears the nullable ones (province, weekday, dayOfMonth). */
export class UpdateScheduleDto extends ScheduleOptionsDto {
  @ApiPropertyOptional({ ...apiEnum('ReportScope', REPORT_SCOPES) }) @Absent() @IsIn(REPORT_SCOPES) scope?: ReportScope;
  @ApiPropertyOptional({ ...apiEnum('ReportPeriod', REPORT_PERIODS) }) @Absent() @IsIn(REPORT_PERIODS) period?: ReportPeriod;
  @ApiPropertyOptional({ example: '08:30', description: 'HH:MM, Vietnam time' }) @Absent() @IsString() @Matches(TIME_OF_DAY) time?: string;
}

export class ScheduleDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ ...apiEnum('ReportScope', REPORT_SCOPES) }) scope!: ReportScope;
  @ApiProperty({ nullable: true, type: String }) province!: string | null;
  @ApiProperty({ ...apiEnum('ReportPeriod', REPORT_PERIODS) }) period!: ReportPeriod;
  @ApiProperty({ nullable: true, type: Number }) weekday!: number | null;
  @ApiProperty({ nullable: true, type: Number }) dayOfMonth!: number | null;
  @ApiProperty({ example: '08:30' }) time!: string;
  @ApiProperty({ ...apiEnum('ReportFormat', REPORT_FORMATS), isArray: true }) formats!: ReportFormat[];
  @ApiProperty({ ...apiEnum('Lang', REPORT_LANGS) }) lang!: ReportLang;
  @ApiProperty() enabled!: boolean;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'The next run (null when disabled)' }) nextRunAt!: string | null;
  @ApiProperty() version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class SchedulePageDto {
  @ApiProperty({ type: [ScheduleDto] }) items!: ScheduleDto[];
  @ApiProperty({ type: PageInfoDto }) page!: PageInfoDto;
}

export class ListSchedulesQueryDto extends PageQueryDto {}
