import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { apiEnum } from '../common/api-enum';
import { IsInt, IsOptional, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { IntegerQuery, IsInstant } from '../common/dto';
import { PageInfoDto, PageQueryDto } from '../common/pagination';
import { BROKEN_REASONS, type BrokenReason } from './event-chain';
import type { EventListRow } from './events-read.repository';

/** Rows one verification request checks at most (default and ceiling of `limit`). */
export const VERIFY_DEFAULT_LIMIT = 100_000;
export const VERIFY_MAX_LIMIT = 500_000;

export class VerifyChainQueryDto {
  @ApiPropertyOptional({ description: 'First seq to check (default 1)', minimum: 1 })
  @IsOptional()
  @IntegerQuery()
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  from?: number;

  @ApiPropertyOptional({ description: 'Last seq to check, inclusive (default: the last row at the time of the request)', minimum: 1 })
  @IsOptional()
  @IntegerQuery()
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  to?: number;

  @ApiPropertyOptional({
    description: `Most rows this request checks (default ${VERIFY_DEFAULT_LIMIT}, at most ${VERIFY_MAX_LIMIT}); when the range is longer the answer's \`next\` says where to continue`,
    minimum: 1, maximum: VERIFY_MAX_LIMIT, default: VERIFY_DEFAULT_LIMIT,
  })
  @IsOptional()
  @IntegerQuery()
  @IsInt()
  @Min(1)
  @Max(VERIFY_MAX_LIMIT)
  limit?: number;
}

export class BrokenLinkDto {
  @ApiProperty({ description: 'seq of the row whose link is broken (for a gap: the row found after the missing one)' }) seq!: number;
  @ApiProperty({ description: 'id of that event row' }) id!: string;
  @ApiProperty(apiEnum('BrokenReason', BROKEN_REASONS)) reason!: BrokenReason;
  @ApiProperty({ description: 'hash-mismatch: the recomputed hash; prev-hash-mismatch: the previous row\'s hash; gap: the seq that should have come' }) expected!: string;
  @ApiProperty({ description: 'hash-mismatch: the stored hash; prev-hash-mismatch: the stored prev_hash; gap: the seq found instead' }) actual!: string;
}

export class ChainVerificationDto {
  @ApiProperty({ description: 'No broken link among the rows checked (with `next` not null, the range is not finished)' }) ok!: boolean;
  @ApiProperty({ description: 'Rows checked by this request' }) checked!: number;
  @ApiProperty({ description: 'First seq of the range checked' }) from!: number;
  @ApiProperty({ nullable: true, type: Number, description: 'Last seq checked (null when the range held no row)' }) to!: number | null;
  @ApiProperty({ description: 'The most rows one request checks (the `limit` applied)' }) limit!: number;
  @ApiProperty({ nullable: true, type: Number, description: 'The range went on beyond `limit`: call again with from=next (and the same `to`). null when finished or broken' })
  next!: number | null;
  @ApiProperty({ nullable: true, type: BrokenLinkDto, description: 'The first broken link, or null' }) firstBroken!: BrokenLinkDto | null;
}

export class ListEventsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ name: 'entity_type', example: 'asset', maxLength: 40 }) @IsOptional() @Matches(/^[a-z][a-z_-]{0,39}$/, { message: 'entity_type must be an entity type such as asset' })
  entity_type?: string;

  @ApiPropertyOptional({ name: 'entity_id', maxLength: 64 }) @IsOptional() @MaxLength(64) @Matches(/^[A-Za-z0-9._:-]+$/, { message: 'entity_id must be an id' })
  entity_id?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The user who acted' }) @IsOptional() @IsUUID() actor?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Events at or after this instant (ISO 8601 with its offset, e.g. 2025-07-01T00:00:00+07:00)' })
  @IsOptional() @IsInstant() from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Events before this instant (exclusive; ISO 8601 with its offset)' })
  @IsOptional() @IsInstant() to?: string;
}

export class EventDto {
  @ApiProperty({ description: 'Position in the national chain' }) seq!: number;
  @ApiProperty() id!: string;
  @ApiProperty({ format: 'date-time' }) occurredAt!: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) actorId!: string | null;
  @ApiProperty({ nullable: true, type: String }) actorUsername!: string | null;
  @ApiProperty({ nullable: true, type: String }) requestId!: string | null;
  @ApiProperty({ example: 'asset' }) entityType!: string;
  @ApiProperty() entityId!: string;
  @ApiProperty({ example: 'inspected-read' }) action!: string;
  @ApiProperty({ nullable: true, type: Object }) before!: Record<string, unknown> | null;
  @ApiProperty({ nullable: true, type: Object }) after!: Record<string, unknown> | null;
  @ApiProperty() prevHash!: string;
  @ApiProperty() hash!: string;

  static from(r: EventListRow): EventDto {
    return {
      seq: Number(r.seq), id: r.id, occurredAt: r.occurred_at.toISOString(), actorId: r.actor_id, actorUsername: r.actor_username, requestId: r.request_id,
      entityType: r.entity_type, entityId: r.entity_id, action: r.action, before: r.before, after: r.after, prevHash: r.prev_hash, hash: r.hash,
    };
  }
}

export class EventPageDto {
  @ApiProperty({ type: [EventDto] }) items!: EventDto[];
  @ApiProperty({ type: PageInfoDto }) page!: PageInfoDto;
}
