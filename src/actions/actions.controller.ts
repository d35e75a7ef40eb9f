import { Body, Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { RequestContext } from '../common/auth-user';
import { ALL_ROLES, Ctx, Roles } from '../common/decorators';
import { versionFromIfMatch, withEtag } from '../common/etag';
import { Idempotent } from '../idempotency/idempotent.decorator';
import { ActionDto, ActionPageDto, ApproveActionDto, CompleteActionDto, CreateActionDto, ListActionsQueryDto, ReasonDto, StartActionDto, SubmitActionDto, UpdateActionDto } from './actions.dto';
import { ActionsService } from './actions.service';

const ID = new ParseUUIDPipe();
/** Transitions honour an If-Match when one is sent; the row lock serialises them anyway. */
const optionalVersion = (ifMatch: string | undefined) => (ifMatch === undefined ? undefined : versionFromIfMatch(ifMatch));
const IF_MATCH = ApiHeader({ name: 'If-Match', required: false, description: 'Optional: the ETag you read; a stale one is 412' });

@ApiTags('actions')
@ApiBearerAuth()
@Controller('actions')
export class ActionsController {
  constructor(private readonly actions: ActionsService) {}

  @Post()
  @Roles('admin', 'officer')
  @Idempotent()
  @ApiOperation({ summary: 'Propose a handling action on an asset in your province (a draft)' })
  @ApiCreatedResponse({ type: ActionDto })
  async create(@Ctx() ctx: RequestContext, @Body() dto: CreateActionDto, @Res({ passthrough: true }) res: FastifyReply): Promise<ActionDto> {
    return withEtag(res, await this.actions.create(ctx, dto));
  }

  @Get()
  @Roles(...ALL_ROLES)
  @ApiOperation({ summary: 'List actions in your scope (filters: province, asset, type, method, status, clause, overdue)' })
  @ApiOkResponse({ type: ActionPageDto })
  list(@Ctx() ctx: RequestContext, @Query() q: ListActionsQueryDto): Promise<ActionPageDto> {
    return this.actions.list(ctx, q);
  }

  @Get(':id')
  @Roles(...ALL_ROLES)
  @ApiOperation({ summary: 'One action, with its clauses, deadline and what is overdue' })
  @ApiOkResponse({ type: ActionDto })
  async get(@Ctx() ctx: RequestContext, @Param('id', ID) id: string, @Res({ passthrough: true }) res: FastifyReply): Promise<ActionDto> {
    return withEtag(res, await this.actions.get(ctx, id));
  }

  @Patch(':id')
  @Roles('admin', 'officer')
  @ApiOperation({ summary: 'Edit a draft; needs If-Match' })
  @ApiHeader({ name: 'If-Match', required: true })
  @ApiOkResponse({ type: ActionDto })
  async update(@Ctx() ctx: RequestContext, @Param('id', ID) id: string, @Headers('if-match') ifMatch: string | undefined, @Body() dto: UpdateActionDto, @Res({ passthrough: true }) res: FastifyReply): Promise<ActionDto> {
    return withEtag(res, await this.actions.update(ctx, id, versionFromIfMatch(ifMatch), dto));
  }

  @Post(':id/submit')
  @Roles('admin', 'officer')
  @HttpCode(200)
  @IF_MATCH
  @ApiOperation({ summary: 'Submit a draft: needs a cited clause in force authorising its type, its type\'s fields, and a justification for a sale or a non-priority purpose' })
  @ApiOkResponse({ type: ActionDto })
  async submit(@Ctx() ctx: RequestContext, @Param('id', ID) id: string, @Headers('if-match') ifMatch: string | undefined, @Body() dto: SubmitActionDto, @Res({ passthrough: true }) res: FastifyReply): Promise<ActionDto> {
    return withEtag(res, await this.actions.submit(ctx, id, optionalVersion(ifMatch), dto));
  }

  @Post(':id/approve')
  @Roles('admin', 'officer')
  @HttpCode(200)
  @IF_MATCH
  @ApiOperation({ summary: 'Approve with the decision (number, date, authority); not by the user who submitted' })
  @ApiOkResponse({ type: ActionDto })
  async approve(@Ctx() ctx: RequestContext, @Param('id', ID) id: string, @Headers('if-match') ifMatch: string | undefined, @Body() dto: ApproveActionDto, @Res({ passthrough: true }) res: FastifyReply): Promise<ActionDto> {
    return withEtag(res, await this.actions.approve(ctx, id, optionalVersion(ifMatch), dto));
  }

  @Post(':id/reject')
  @Roles('admin', 'officer')
  @HttpCode(200)
  @IF_MATCH
  @ApiOperation({ summary: 'Reject a submitted action, with the reason' })
  @ApiOkResponse({ type: ActionDto })
  async reject(@Ctx() ctx: RequestContext, @Param('id', ID) id: string, @Headers('if-match') ifMatch: string | undefined, @Body() dto: ReasonDto, @Res({ passthrough: true }) res: FastifyReply): Promise<ActionDto> {
    return withEtag(res, await this.actions.reject(ctx, id, optionalVersion(ifMatch), dto));
  }

  @Post(':id/start')
  @Roles('admin', 'officer')
  @HttpCode(200)
  @IF_MATCH
  @ApiOperation({ summary: 'Start executing an approved action' })
  @ApiOkResponse({ type: ActionDto })
  async start(@Ctx() ctx: RequestContext, @Param('id', ID) id: string, @Headers('if-match') ifMatch: string | undefined, @Body() dto: StartActionDto, @Res({ passthrough: true }) res: FastifyReply): Promise<ActionDto> {
    return withEtag(res, await this.actions.start(ctx, id, optionalVersion(ifMatch), dto));
  }

  @Post(':id/complete')
  @Roles('admin', 'officer')
  @HttpCode(200)
  @IF_MATCH
  @ApiOperation({ summary: 'Complete with the type\'s evidence and documents; applies the effect on the asset in the same transaction' })
  @ApiOkResponse({ type: ActionDto })
  async complete(@Ctx() ctx: RequestContext, @Param('id', ID) id: string, @Headers('if-match') ifMatch: string | undefined, @Body() dto: CompleteActionDto, @Res({ passthrough: true }) res: FastifyReply): Promise<ActionDto> {
    return withEtag(res, await this.actions.complete(ctx, id, optionalVersion(ifMatch), dto));
  }

  @Post(':id/cancel')
  @Roles('admin', 'officer')
  @HttpCode(200)
  @IF_MATCH
  @ApiOperation({ summary: 'Cancel an action that is not finished, with the reason' })
  @ApiOkResponse({ type: ActionDto })
  async cancel(@Ctx() ctx: RequestContext, @Param('id', ID) id: string, @Headers('if-match') ifMatch: string | undefined, @Body() dto: ReasonDto, @Res({ passthrough: true }) res: FastifyReply): Promise<ActionDto> {
    return withEtag(res, await this.actions.cancel(ctx, id, optionalVersion(ifMatch), dto));
  }
}
