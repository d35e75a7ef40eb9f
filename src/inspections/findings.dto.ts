import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { apiEnum } from '../common/api-enum';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { IsCalendarDate, Nullable, SAYS } from '../common/dto';
import { PageInfoDto, PageQueryDto } from '../common/pagination';
import { FINDING_CATEGORIES, FINDING_STATUSES, type FindingCategory, type FindingStatus, SEVERITIES, type Severity } from '../schema/vocabulary';

const Evidence = () => (target: object, key: string) => {
  ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    maxItems: 50,
    description:
      'Documents cited as evidence: each attached to the inspection, or to its subject asset or action (for a province inspection: any document of the province)',
  })(target, key);
  IsOptional()(target, key);
  IsArray()(target, key);
  ArrayMaxSize(50)(target, key);
  IsUUID('all', { each: true })(target, key);
};

export class CreateFindingDto {
  @ApiProperty({ ...apiEnum('FindingCategory', FINDING_CATEGORIES) }) @IsIn(FINDING_CATEGORIES) category!: FindingCategory;
  @ApiProperty({ ...apiEnum('Severity', SEVERITIES) }) @IsIn(SEVERITIES) severity!: Severity;
  @ApiProperty({ maxLength: 4000 }) @IsString() @Length(1, 4000) description!: string;
  @ApiPropertyOptional({ maxLength: 4000, nullable: true, type: String }) @Nullable() @IsString() @Length(1, 4000) recommendation?: string | null;
  @ApiPropertyOptional({ format: 'uuid', description: "The asset it is about (within the inspection's subject)" }) @IsOptional() @IsUUID() assetId?: string;
  @ApiPropertyOptional({ format: 'uuid', description: "The action it is about (within the inspection's subject)" }) @IsOptional() @IsUUID() actionId?: string;
  @Evidence() evidenceDocumentIds?: string[];
}

export class UpdateFindingDto {
  @ApiPropertyOptional({ ...apiEnum('FindingCategory', FINDING_CATEGORIES) }) @IsOptional() @IsIn(FINDING_CATEGORIES) category?: FindingCategory;
  @ApiPropertyOptional({ ...apiEnum('Severity', SEVERITIES) }) @IsOptional() @IsIn(SEVERITIES) severity?: Severity;
  @ApiPropertyOptional({ maxLength: 4000 }) @IsOptional() @IsString() @Length(1, 4000) description?: string;
  @ApiPropertyOptional({ maxLength: 4000, nullable: true, type: String }) @Nullable() @IsString() @Length(1, 4000) recommendation?: string | null;
  @Evidence() evidenceDocumentIds?: string[];
}

export class DismissFindingDto {
  @ApiProperty({ maxLength: 2000, description: 'Why the finding is dismissed' }) @IsString() @Length(1, 2000) reason!: string;
}

export class ResolveFindingDto {
  @ApiProperty({ maxLength: 300, description: 'Who resolved it (an agency or official)', example: 'Sở Tài chính tỉnh Tuyên Quang' })
  @IsString()
  @Length(1, 300)
  resolvedBy!: string;
  @ApiProperty({ format: 'date', description: 'When (not in the future)' }) @IsCalendarDate() resolvedOn!: string;
  @ApiProperty({ maxLength: 4000, description: 'How it was resolved' }) @IsString() @Length(1, 4000) resolution!: string;
}

export class ListFindingsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ ...apiEnum('FindingStatus', FINDING_STATUSES) }) @IsOptional() @IsIn(FINDING_STATUSES) status?: FindingStatus;
  @ApiPropertyOptional({ ...apiEnum('Severity', SEVERITIES) }) @IsOptional() @IsIn(SEVERITIES) severity?: Severity;
  @ApiPropertyOptional({ ...apiEnum('FindingCategory', FINDING_CATEGORIES) }) @IsOptional() @IsIn(FINDING_CATEGORIES) category?: FindingCategory;
}

export class FindingDecisionDto {
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) by!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) at!: string | null;
  @ApiProperty({ nullable: true, type: String }) dismissalReason!: string | null;
}

export class FindingResolutionDto {
  @ApiProperty() resolvedBy!: string;
  @ApiProperty({ format: 'date' }) resolvedOn!: string;
  @ApiProperty() resolution!: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) recordedBy!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) recordedAt!: string | null;
}

export class FindingDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) inspectionId!: string;
  @ApiProperty() provinceCode!: string;
  @ApiProperty({ ...apiEnum('FindingCategory', FINDING_CATEGORIES) }) category!: FindingCategory;
  @ApiProperty({ ...apiEnum('Severity', SEVERITIES) }) severity!: Severity;
  @ApiProperty({ ...apiEnum('FindingStatus', FINDING_STATUSES) }) status!: FindingStatus;
  @ApiProperty() description!: string;
  @ApiProperty({ nullable: true, type: String }) recommendation!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) assetId!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) actionId!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The automatic check that suggested it' }) checkId!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'check id + subject ids: a re-run never adds the same suggestion twice' }) fingerprint!:
    string | null;
  @ApiProperty({ type: [String], format: 'uuid' }) evidenceDocumentIds!: string[];
  @ApiProperty({ type: FindingDecisionDto, nullable: true, description: 'Who accepted or dismissed it' }) decision!: FindingDecisionDto | null;
  @ApiProperty({ type: FindingResolutionDto, nullable: true }) resolution!: FindingResolutionDto | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) createdBy!: string | null;
  @ApiProperty() version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class FindingPageDto {
  @ApiProperty({ type: [FindingDto] }) items!: FindingDto[];
  @ApiProperty({ type: PageInfoDto }) page!: PageInfoDto;
}

export class RunChecksResultDto {
  @ApiProperty({ description: 'Suggestions stored by this run' }) created!: number;
  @ApiProperty({ description: 'Suggestions already stored by an earlier run (whatever their status since)' }) alreadyPresent!: number;
  @ApiProperty({ type: [FindingDto], description: 'The findings this run created (status suggested)' }) findings!: FindingDto[];
}

export class ChecksQueryDto {
  @ApiPropertyOptional({ pattern: '^\\d{2}$', description: 'Province (required for national users; a provincial user gets their own)' })
  @IsOptional()
  @Matches(/^\d{2}$/, SAYS.provinceCodeOfProvince)
  province?: string;
  @ApiPropertyOptional({ format: 'date', description: 'Period start (with `to`): actions decided or completed in the period, and those still unfinished' })
  @IsOptional()
  @IsCalendarDate()
  from?: string;
  @ApiPropertyOptional({ format: 'date' }) @IsOptional() @IsCalendarDate() to?: string;
}

export class CheckInfoDto {
  @ApiProperty() id!: string;
  @ApiProperty() title!: string;
}

export class CheckSuggestionDto {
  @ApiProperty() checkId!: string;
  @ApiProperty({ ...apiEnum('FindingCategory', FINDING_CATEGORIES) }) category!: FindingCategory;
  @ApiProperty({ ...apiEnum('Severity', SEVERITIES) }) severity!: Severity;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) assetId!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) actionId!: string | null;
  @ApiProperty() fingerprint!: string;
  @ApiProperty() description!: string;
  @ApiProperty() recommendation!: string;
}

export class ChecksResultDto {
  @ApiProperty() provinceCode!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date' }) periodStart!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date' }) periodEnd!: string | null;
  @ApiProperty({ format: 'date' }) today!: string;
  @ApiProperty({ type: [CheckInfoDto] }) checks!: CheckInfoDto[];
  @ApiProperty({ type: [CheckSuggestionDto] }) suggestions!: CheckSuggestionDto[];
}
