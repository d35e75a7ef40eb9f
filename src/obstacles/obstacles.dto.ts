import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { apiEnum } from '../common/api-enum';
import { Absent, IsCalendarDate, Nullable } from '../common/dto';
import { PageInfoDto, PageQueryDto } from '../common/pagination';
import { OBSTACLE_ADDRESSEES, OBSTACLE_KINDS, OBSTACLE_STATUSES, type ObstacleAddressee, type ObstacleKind, type ObstacleStatus } from '../schema/vocabulary';
import type { ObstacleRow } from './obstacles.repository';

const KIND = () => apiEnum('ObstacleKind', OBSTACLE_KINDS);
const ADDRESSEE = () => apiEnum('ObstacleAddressee', OBSTACLE_ADDRESSEES);

export class CreateObstacleDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'The facility it is about (or give actionId; with both, the action must be on this asset)' })
  @Absent()
  @IsUUID()
  assetId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The handling action it is about (its asset is recorded with it)' })
  @Absent()
  @IsUUID()
  actionId?: string;

  @ApiProperty({ ...KIND() }) @IsIn(OBSTACLE_KINDS) kind!: ObstacleKind;
  @ApiProperty({ ...ADDRESSEE(), description: "To whom it is addressed: a ministry, or the centre (the Government, the Party's central bodies)" })
  @IsIn(OBSTACLE_ADDRESSEES)
  addressee!: ObstacleAddressee;

  @ApiProperty({ maxLength: 4000, example: 'Trụ sở chưa có giấy chứng nhận quyền sử dụng đất; không đủ hồ sơ để bán đấu giá' })
  @IsString()
  @Length(1, 4000)
  description!: string;

  @ApiPropertyOptional({ maxLength: 4000, nullable: true, type: String, description: 'What the province recommends' })
  @Nullable()
  @IsString()
  @Length(1, 4000)
  recommendation?: string | null;

  @ApiPropertyOptional({ format: 'date', description: "The date the province raised it (its letter's date; not in the future). Default: today in Vietnam" })
  @Absent()
  @IsCalendarDate()
  raisedOn?: string;
}

/** Omitted fields keep their value; null clears only the recommendation. */
export class UpdateObstacleDto {
  @ApiPropertyOptional({ ...KIND() }) @Absent() @IsIn(OBSTACLE_KINDS) kind?: ObstacleKind;
  @ApiPropertyOptional({ ...ADDRESSEE() }) @Absent() @IsIn(OBSTACLE_ADDRESSEES) addressee?: ObstacleAddressee;
  @ApiPropertyOptional({ maxLength: 4000 }) @Absent() @IsString() @Length(1, 4000) description?: string;
  @ApiPropertyOptional({ maxLength: 4000, nullable: true, type: String }) @Nullable() @IsString() @Length(1, 4000) recommendation?: string | null;
  @ApiPropertyOptional({ format: 'date', description: 'Not in the future' }) @Absent() @IsCalendarDate() raisedOn?: string;
}

export class AnswerObstacleDto {
  @ApiProperty({
    maxLength: 300,
    description: "Who answered: the ministry's or the central body's department, or the signatory",
    example: 'Bộ Tài chính (Cục Quản lý công sản)',
  })
  @IsString()
  @Length(1, 300)
  answeredBy!: string;

  @ApiProperty({ format: 'date', description: 'The date the answer bears: not before the obstacle was raised, not in the future' })
  @IsCalendarDate()
  answeredOn!: string;

  @ApiProperty({ maxLength: 4000, description: 'The answer' }) @IsString() @Length(1, 4000) answer!: string;

  @ApiPropertyOptional({ maxLength: 100, description: "The answering document's number", example: '1234/BTC-QLCS' })
  @Absent()
  @IsString()
  @Length(1, 100)
  reference?: string;
}

export class ListObstaclesQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: '08' }) @IsOptional() @Matches(/^\d{2}$/, { message: 'province must be a 2-digit code' }) province?: string;
  @ApiPropertyOptional({ ...apiEnum('ObstacleStatus', OBSTACLE_STATUSES) }) @IsOptional() @IsIn(OBSTACLE_STATUSES) status?: ObstacleStatus;
  @ApiPropertyOptional({ ...KIND() }) @IsOptional() @IsIn(OBSTACLE_KINDS) kind?: ObstacleKind;
  @ApiPropertyOptional({ ...ADDRESSEE() }) @IsOptional() @IsIn(OBSTACLE_ADDRESSEES) addressee?: ObstacleAddressee;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() assetId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() actionId?: string;
}

export class ObstacleAssetDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() code!: string;
  @ApiProperty() name!: string;
}

export class ObstacleAnswerDto {
  @ApiProperty() answeredBy!: string;
  @ApiProperty({ format: 'date' }) answeredOn!: string;
  @ApiProperty() answer!: string;
  @ApiProperty({ nullable: true, type: String }) reference!: string | null;
  @ApiProperty({ format: 'date-time', description: 'When the answer was recorded here' }) recordedAt!: string;
}

export class ObstacleDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ description: 'The province that reports it' }) provinceCode!: string;
  @ApiProperty({ type: ObstacleAssetDto, description: "The facility (for an obstacle on an action: the action's asset)" }) asset!: ObstacleAssetDto;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) actionId!: string | null;
  @ApiProperty({ ...KIND() }) kind!: ObstacleKind;
  @ApiProperty({ ...ADDRESSEE() }) addressee!: ObstacleAddressee;
  @ApiProperty() description!: string;
  @ApiProperty({ nullable: true, type: String }) recommendation!: string | null;
  @ApiProperty({ format: 'date' }) raisedOn!: string;
  @ApiProperty({ ...apiEnum('ObstacleStatus', OBSTACLE_STATUSES) }) status!: ObstacleStatus;
  @ApiProperty({ type: ObstacleAnswerDto, nullable: true, description: 'null while it awaits its answer' }) answer!: ObstacleAnswerDto | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) createdBy!: string | null;
  @ApiProperty() version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;

  static from(r: ObstacleRow): ObstacleDto {
    return {
      id: r.id,
      provinceCode: r.province_code,
      asset: { id: r.asset_id, code: r.asset_code, name: r.asset_name },
      actionId: r.action_id,
      kind: r.kind,
      addressee: r.addressee,
      description: r.description,
      recommendation: r.recommendation,
      raisedOn: r.raised_on,
      status: r.status,
      answer:
        r.status === 'answered'
          ? {
              answeredBy: r.answered_by!,
              answeredOn: r.answered_on!,
              answer: r.answer!,
              reference: r.answer_reference,
              recordedAt: r.answer_recorded_at!.toISOString(),
            }
          : null,
      createdBy: r.created_by,
      version: r.version,
      createdAt: r.created_at.toISOString(),
      updatedAt: r.updated_at.toISOString(),
    };
  }
}

export class ObstaclePageDto {
  @ApiProperty({ type: [ObstacleDto] }) items!: ObstacleDto[];
  @ApiProperty({ type: PageInfoDto }) page!: PageInfoDto;
}
