import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { RequestContext } from '../common/auth-user';
import { Ctx, Roles } from '../common/decorators';
import { ChainVerificationDto, EventPageDto, ListEventsQueryDto, VERIFY_DEFAULT_LIMIT, VERIFY_MAX_LIMIT, VerifyChainQueryDto } from './events.dto';
import { EventsService } from './events.service';

@ApiTags('events')
@ApiBearerAuth()
@Controller('events')
export class EventsController {
  constructor(private readonly events: EventsService) {}

  @Get()
  @Roles('admin', 'inspector')
  @ApiOperation({
    summary: 'The event log in chain order (national admins and inspectors)',
    description:
      'Filters: entity_type, entity_id, actor (user id), from/to (ISO 8601 instants; from inclusive, to exclusive). Cursor-paginated by seq. ' +
      "The log spans every province, so a caller with a province scope gets 403 national-scope-required; provincial users read an asset's events at /assets/{id}/history.",
  })
  @ApiOkResponse({ type: EventPageDto })
  @ApiForbiddenResponse({ description: 'forbidden (role) or national-scope-required (a provincial inspector)' })
  list(@Ctx() ctx: RequestContext, @Query() query: ListEventsQueryDto): Promise<EventPageDto> {
    return this.events.list(ctx, query);
  }

  @Get('verify')
  @Roles('admin', 'inspector')
  @ApiOperation({
    summary: 'Verify the hash chain of the event log between two seq numbers',
    description:
      'Walks the rows from `from` to `to` (seq numbers, inclusive; default the whole chain) in keyset batches, and for each checks that the seq ' +
      "follows the previous one (a missing row is a gap), that prev_hash is the previous row's hash and that the hash recomputed by event_hash() is the stored one. " +
      `It stops at the first broken link, named with its seq, id and reason. One request checks at most \`limit\` rows (default ${VERIFY_DEFAULT_LIMIT}, ` +
      `at most ${VERIFY_MAX_LIMIT}); a longer range answers with \`next\`: call again with from=next. The chain is national: admins and national ` +
      'inspectors only (a provincial inspector gets 403 national-scope-required). ' +
      'Whatever the range, the log is also compared with every recorded anchor of its head (seq and hash of the last row at some moment): ' +
      'the event_anchor table (written on a schedule), the report snapshots, the anchor file outside the database, and the anchor the caller ' +
      'holds (anchorSequence and anchorHash, both or neither: e.g. from a report they were sent). `anchors.broken` names each one the log does not bear out: ' +
      'tail-truncated (the log ends before it), anchored-event-missing, anchored-hash-mismatch.',
  })
  @ApiOkResponse({ type: ChainVerificationDto })
  @ApiForbiddenResponse({ description: 'forbidden (role) or national-scope-required (a provincial inspector)' })
  verify(@Ctx() ctx: RequestContext, @Query() query: VerifyChainQueryDto): Promise<ChainVerificationDto> {
    return this.events.verifyChain(ctx, query);
  }
}
