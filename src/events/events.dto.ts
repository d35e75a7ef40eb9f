import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { apiEnum } from '../common/api-enum';
import { IsInt, IsOptional, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { IntegerQuery, IsInstant, says } from '../common/dto';
import { PageInfoDto, PageQueryDto } from '../common/pagination';
import { ledgerValues } from '../common/quantities';
import { ANCHOR_BREAK_REASONS, ANCHOR_SOURCES, type AnchorBreak, type AnchorBreakReason, type AnchorSource } from './event-anchor';
import { BROKEN_REASONS, type BrokenReason } from './event-chain';
import type { EventListRow } from './events-read.repository';

/** Rows one verification request checks at most (default and ceiling of `limit`). */
export const VERIFY_DEFAULT_LIMIT = 100_000;
export const VERIFY_MAX_LIMIT = 500_000;
/** Broken anchors listed in one answer at most (brokenCount counts them all). */
export const ANCHOR_BREAKS_SHOWN = 100;

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
    minimum: 1,
    maximum: VERIFY_MAX_LIMIT,
    default: VERIFY_DEFAULT_LIMIT,
  })
  @IsOptional()
  @IntegerQuery()
  @IsInt()
  @Min(1)
  @Max(VERIFY_MAX_LIMIT)
  limit?: number;

  @ApiPropertyOptional({
    description:
      'The seq of an anchor you hold (e.g. the event log anchor printed in a report you were sent); with anchorHash, both or neither. 0: the empty log',
    minimum: 0,
  })
  @IsOptional()
  @IntegerQuery()
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  anchorSequence?: number;

  @ApiPropertyOptional({ description: 'The SHA-256 of that anchor (64 hexadecimal digits); with anchorSequence', pattern: '^[0-9a-fA-F]{64}$' })
  @IsOptional()
  @Matches(/^[0-9a-fA-F]{64}$/, says('$property phải là mã SHA-256: 64 chữ số thập lục phân', '$property must be a SHA-256: 64 hexadecimal digits'))
  anchorHash?: string;
}

export class BrokenLinkDto {
  @ApiProperty({ description: 'seq of the row whose link is broken (for a gap: the row found after the missing one)' }) seq!: number;
  @ApiProperty({ description: 'id of that event row' }) id!: string;
  @ApiProperty(apiEnum('BrokenReason', BROKEN_REASONS)) reason!: BrokenReason;
  @ApiProperty({ description: "hash-mismatch: the recomputed hash; prev-hash-mismatch: the previous row's hash; gap: the seq that should have come" })
  expected!: string;
  @ApiProperty({ description: 'hash-mismatch: the stored hash; prev-hash-mismatch: the stored prev_hash; gap: the seq found instead' }) actual!: string;
}

export class AnchorBreakDto {
  @ApiProperty({
    ...apiEnum('AnchorSource', ANCHOR_SOURCES),
    description: 'schedule: the event_anchor table; report: a report snapshot; file: the anchor file; caller: the anchor of the request',
  })
  source!: AnchorSource;
  @ApiProperty({
    nullable: true,
    type: String,
    description: "The event_anchor id, the report snapshot id or the line of the anchor file; null for the caller's",
  })
  ref!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: "When the anchor was recorded; null for the caller's" }) recordedAt!:
    string | null;
  @ApiProperty({ description: 'The anchored seq' }) seq!: number;
  @ApiProperty({ description: 'The anchored hash of that row' }) hash!: string;
  @ApiProperty({
    ...apiEnum('AnchorBreakReason', ANCHOR_BREAK_REASONS),
    description:
      'tail-truncated: the log now ends before the anchored seq (its last rows were deleted); anchored-event-missing: the row at the anchored seq is gone while the log goes on; ' +
      'anchored-hash-mismatch: the row at the anchored seq has another hash (rewritten, or the log was cut and written again past it)',
  })
  reason!: AnchorBreakReason;
  @ApiProperty({ nullable: true, type: String, description: 'The hash stored at the anchored seq now; null when there is no such row' }) actualHash!:
    string | null;
  @ApiProperty({ description: "The log's last seq now (0: empty)" }) lastSeq!: number;

  static from(b: AnchorBreak): AnchorBreakDto {
    const a = b.anchor;
    return { source: a.source, ref: a.ref, recordedAt: a.recordedAt, seq: a.seq, hash: a.hash, reason: b.reason, actualHash: b.actualHash, lastSeq: b.lastSeq };
  }
}

export class AnchorVerificationDto {
  @ApiProperty({
    description: "Anchors compared with the log: the event_anchor table's, the report snapshots', the anchor file's (this database's lines) and the request's",
  })
  checked!: number;
  @ApiProperty({ description: 'The highest seq any of them anchors (0: none): the log is known to have reached it' }) maxSeq!: number;
  @ApiProperty({ description: 'Anchors the log does not bear out' }) brokenCount!: number;
  @ApiProperty({ type: [AnchorBreakDto], description: `Those anchors, by seq (the first ${ANCHOR_BREAKS_SHOWN})` }) broken!: AnchorBreakDto[];
  @ApiProperty({ description: 'Lines of the anchor file that are not an anchor (a write cut short); they are skipped' }) fileMalformedLines!: number;
}

export class ChainVerificationDto {
  @ApiProperty({ description: 'No broken link among the rows checked (with `next` not null, the range is not finished), and every anchor borne out' })
  ok!: boolean;
  @ApiProperty({ description: 'Rows checked by this request' }) checked!: number;
  @ApiProperty({ description: 'First seq of the range checked' }) from!: number;
  @ApiProperty({ nullable: true, type: Number, description: 'Last seq checked (null when the range held no row)' }) to!: number | null;
  @ApiProperty({ description: 'The most rows one request checks (the `limit` applied)' }) limit!: number;
  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'The range went on beyond `limit`: call again with from=next (and the same `to`). null when finished or broken',
  })
  next!: number | null;
  @ApiProperty({ nullable: true, type: BrokenLinkDto, description: 'The first broken link, or null' }) firstBroken!: BrokenLinkDto | null;
  @ApiProperty({ type: AnchorVerificationDto, description: 'The log against every recorded anchor of its head, whatever the range' })
  anchors!: AnchorVerificationDto;
}

export class ListEventsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ name: 'entity_type', example: 'asset', maxLength: 40 })
  @IsOptional()
  @Matches(/^[a-z][a-z_-]{0,39}$/, says('$property phải là loại đối tượng, ví dụ asset', '$property must be an entity type such as asset'))
  entity_type?: string;

  @ApiPropertyOptional({ name: 'entity_id', maxLength: 64 })
  @IsOptional()
  @MaxLength(64)
  @Matches(/^[A-Za-z0-9._:-]+$/, says('$property phải là một mã định danh', '$property must be an id'))
  entity_id?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The user who acted' }) @IsOptional() @IsUUID() actor?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Events at or after this instant (ISO 8601 with its offset, e.g. 2025-07-01T00:00:00+07:00)' })
  @IsOptional()
  @IsInstant()
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Events before this instant (exclusive; ISO 8601 with its offset)' })
  @IsOptional()
  @IsInstant()
  to?: string;
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
      seq: Number(r.seq),
      id: r.id,
      occurredAt: r.occurred_at.toISOString(),
      actorId: r.actor_id,
      actorUsername: r.actor_username,
      requestId: r.request_id,
      entityType: r.entity_type,
      entityId: r.entity_id,
      action: r.action,
      before: ledgerValues(r.before),
      after: ledgerValues(r.after),
      prevHash: r.prev_hash,
      hash: r.hash,
    };
  }
}

export class EventPageDto {
  @ApiProperty({ type: [EventDto] }) items!: EventDto[];
  @ApiProperty({ type: PageInfoDto }) page!: PageInfoDto;
}
