import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { apiEnum } from '../common/api-enum';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, IsUUID, Length, Matches, ValidateNested } from 'class-validator';
import { IsCalendarDate, Nullable, SAYS } from '../common/dto';
import { PageInfoDto, PageQueryDto } from '../common/pagination';
import { INSPECTION_STATUSES, type InspectionStatus, SUBJECT_TYPES, type SubjectType } from '../schema/vocabulary';

const PROVINCE = /^\d{2}$/;
const INSPECTION_EXPORT_FORMATS = ['pdf', 'xlsx'] as const;
const DateField =
  (description: string, required = false) =>
  (target: object, key: string) => {
    (required ? ApiProperty : ApiPropertyOptional)({ description, format: 'date', type: String, ...(required ? {} : { nullable: true }) })(target, key);
    if (!required) Nullable()(target, key);
    IsCalendarDate()(target, key);
  };

export class TeamMemberDto {
  @ApiProperty({ maxLength: 200, example: 'Nguyễn Văn An' }) @IsString() @Length(1, 200) name!: string;
  @ApiPropertyOptional({ maxLength: 200, nullable: true, type: String, example: 'Trưởng đoàn' }) @Nullable() @IsString() @Length(1, 200) role?: string | null;
}

export class CreateInspectionDto {
  @ApiProperty({ maxLength: 500, example: 'Kiểm tra việc xử lý trụ sở dôi dư sau sắp xếp' }) @IsString() @Length(1, 500) title!: string;
  @ApiProperty({
    ...apiEnum('SubjectType', SUBJECT_TYPES),
    description: 'asset (assetId), action (actionId) or province (provinceCode, periodStart, periodEnd)',
  })
  @IsIn(SUBJECT_TYPES)
  subjectType!: SubjectType;
  @ApiPropertyOptional({ format: 'uuid', description: 'With subjectType asset' }) @IsOptional() @IsUUID() assetId?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'With subjectType action' }) @IsOptional() @IsUUID() actionId?: string;
  @ApiPropertyOptional({ pattern: '^\\d{2}$', description: 'With subjectType province: a new-era province code' })
  @IsOptional()
  @Matches(PROVINCE, SAYS.provinceCodeOfProvince)
  provinceCode?: string;
  @DateField('With subjectType province: first day of the period inspected') periodStart?: string | null;
  @DateField('With subjectType province: last day of the period inspected') periodEnd?: string | null;
  @DateField('Planned start', true) plannedStart!: string;
  @DateField('Planned end') plannedEnd?: string | null;
  @ApiPropertyOptional({ type: [TeamMemberDto], maxItems: 30 })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => TeamMemberDto)
  team?: TeamMemberDto[];
}

/** Every field optional (If-Match required). `status` moves planned → in_progress → closed; closed is final. */
export class UpdateInspectionDto {
  @ApiPropertyOptional({ maxLength: 500 }) @IsOptional() @IsString() @Length(1, 500) title?: string;
  @ApiPropertyOptional({
    ...apiEnum('InspectionStatus', INSPECTION_STATUSES),
    description:
      'planned → in_progress (sets actualStart, default today) → closed (needs conclusion; sets actualEnd, default today; open or suggested critical findings need closeOverrideReason). Closed is final.',
  })
  @IsOptional()
  @IsIn(INSPECTION_STATUSES)
  status?: InspectionStatus;
  @DateField('Planned start') plannedStart?: string;
  @DateField('Planned end') plannedEnd?: string | null;
  @DateField('Actual start') actualStart?: string | null;
  @DateField('Actual end') actualEnd?: string | null;
  @ApiPropertyOptional({ type: [TeamMemberDto], maxItems: 30 })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => TeamMemberDto)
  team?: TeamMemberDto[];
  @ApiPropertyOptional({ maxLength: 20000, nullable: true, type: String }) @Nullable() @IsString() @Length(1, 20000) conclusion?: string | null;
  @ApiPropertyOptional({ maxLength: 4000, description: 'Why it may close while critical findings are still open or suggested' })
  @IsOptional()
  @IsString()
  @Length(1, 4000)
  closeOverrideReason?: string;
}

export class ListInspectionsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ pattern: '^\\d{2}$' }) @IsOptional() @Matches(PROVINCE, SAYS.provinceCodeOfProvince) province?: string;
  @ApiPropertyOptional({ ...apiEnum('InspectionStatus', INSPECTION_STATUSES) }) @IsOptional() @IsIn(INSPECTION_STATUSES) status?: InspectionStatus;
  @ApiPropertyOptional({ ...apiEnum('SubjectType', SUBJECT_TYPES) }) @IsOptional() @IsIn(SUBJECT_TYPES) subjectType?: SubjectType;
  @ApiPropertyOptional({ format: 'uuid', description: 'Inspections of this asset (as subject, or as the asset of the action inspected)' })
  @IsOptional()
  @IsUUID()
  assetId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() actionId?: string;
}

export class ExportInspectionQueryDto {
  @ApiProperty(apiEnum('InspectionExportFormat', INSPECTION_EXPORT_FORMATS))
  @IsIn(INSPECTION_EXPORT_FORMATS)
  format!: (typeof INSPECTION_EXPORT_FORMATS)[number];
}

export class InspectionSubjectDto {
  @ApiProperty({ ...apiEnum('SubjectType', SUBJECT_TYPES) }) type!: SubjectType;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) assetId!: string | null;
  @ApiProperty({ nullable: true, type: String }) assetCode!: string | null;
  @ApiProperty({ nullable: true, type: String }) assetName!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) actionId!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date' }) periodStart!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date' }) periodEnd!: string | null;
}

export class FindingCountsDto {
  @ApiProperty() suggested!: number;
  @ApiProperty() open!: number;
  @ApiProperty() resolved!: number;
  @ApiProperty() dismissed!: number;
  @ApiProperty({ description: 'Critical findings still open or suggested' }) unresolvedCritical!: number;
}

export class InspectionDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() provinceCode!: string;
  @ApiProperty({ type: InspectionSubjectDto }) subject!: InspectionSubjectDto;
  @ApiProperty() title!: string;
  @ApiProperty({ ...apiEnum('InspectionStatus', INSPECTION_STATUSES) }) status!: InspectionStatus;
  @ApiProperty({ format: 'date' }) plannedStart!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date' }) plannedEnd!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date' }) actualStart!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date' }) actualEnd!: string | null;
  @ApiProperty({ type: [TeamMemberDto] }) team!: { name: string; role: string | null }[];
  @ApiProperty({ nullable: true, type: String }) conclusion!: string | null;
  @ApiProperty({ nullable: true, type: String }) closeOverrideReason!: string | null;
  @ApiProperty({ type: FindingCountsDto }) findings!: FindingCountsDto;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) createdBy!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) closedBy!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) closedAt!: string | null;
  @ApiProperty() version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class InspectionPageDto {
  @ApiProperty({ type: [InspectionDto] }) items!: InspectionDto[];
  @ApiProperty({ type: PageInfoDto }) page!: PageInfoDto;
}
