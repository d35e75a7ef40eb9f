import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { Nullable } from '../../common/dto';
import { PageInfoDto, PageQueryDto } from '../../common/pagination';
import { REPORT_FORMATS, REPORT_LANGS, REPORT_PERIODS, REPORT_SCOPES, type ReportFormat, type ReportLang, type ReportPeriod, type ReportScope } from '../report.model';
import { TIME_OF_DAY } from './schedule-rules';

export class UpdateScheduleDto {
  @ApiPropertyOptional({ enum: REPORT_SCOPES }) @IsOptional() @IsIn(REPORT_SCOPES) scope?: ReportScope;
  @ApiPropertyOptional({ nullable: true, type: String, example: '08', description: 'Required for scope "province"; null for national' })
  @Nullable() @IsString() @Matches(/^\d{2}$/) province?: string | null;
  @ApiPropertyOptional({ enum: REPORT_PERIODS }) @IsOptional() @IsIn(REPORT_PERIODS) period?: ReportPeriod;
  @ApiPropertyOptional({ nullable: true, type: Number, minimum: 1, maximum: 7, description: 'Weekly: ISO weekday, 1 = Monday' })
  @Nullable() @IsInt() @Min(1) @Max(7) weekday?: number | null;
  @ApiPropertyOptional({ nullable: true, type: Number, minimum: 1, maximum: 31, description: 'Monthly: 1-31 (the last day in shorter months)' })
  @Nullable() @IsInt() @Min(1) @Max(31) dayOfMonth?: number | null;
  @ApiPropertyOptional({ example: '08:30', description: 'HH:MM, Vietnam time' }) @IsOptional() @IsString() @Matches(TIME_OF_DAY) time?: string;
  @ApiPropertyOptional({ enum: REPORT_FORMATS, isArray: true }) @IsOptional() @IsArray() @ArrayMinSize(1) @ArrayMaxSize(4) @ArrayUnique() @IsIn(REPORT_FORMATS, { each: true }) formats?: ReportFormat[];
  @ApiPropertyOptional({ enum: REPORT_LANGS }) @IsOptional() @IsIn(REPORT_LANGS) lang?: ReportLang;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() enabled?: boolean;
}

export class CreateScheduleDto extends UpdateScheduleDto {
  @ApiProperty({ enum: REPORT_SCOPES }) @IsIn(REPORT_SCOPES) declare scope: ReportScope;
  @ApiProperty({ enum: REPORT_PERIODS }) @IsIn(REPORT_PERIODS) declare period: ReportPeriod;
  @ApiProperty({ example: '08:30', description: 'HH:MM, Vietnam time' }) @IsString() @Matches(TIME_OF_DAY) declare time: string;
}

export class ScheduleDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: REPORT_SCOPES }) scope!: ReportScope;
  @ApiProperty({ nullable: true, type: String }) province!: string | null;
  @ApiProperty({ enum: REPORT_PERIODS }) period!: ReportPeriod;
  @ApiProperty({ nullable: true, type: Number }) weekday!: number | null;
  @ApiProperty({ nullable: true, type: Number }) dayOfMonth!: number | null;
  @ApiProperty({ example: '08:30' }) time!: string;
  @ApiProperty({ enum: REPORT_FORMATS, isArray: true }) formats!: ReportFormat[];
  @ApiProperty({ enum: REPORT_LANGS }) lang!: ReportLang;
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
