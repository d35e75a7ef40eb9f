import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { RequestContext } from '../common/auth-user';
import { ALL_ROLES, Ctx, Roles } from '../common/decorators';
import { Etag, type EtagSetter, IfMatch, optionalVersion, versionFromIfMatch } from '../common/etag';
import { Idempotent } from '../idempotency/idempotent.decorator';
import {
  AcceptActionDto,
  ActionDto,
  ActionPageDto,
  ApproveActionDto,
  CompleteActionDto,
  CreateActionDto,
  ListActionsQueryDto,
  ReasonDto,
  StartActionDto,
  SubmitActionDto,
  UpdateActionDto,
} from './actions.dto';
import { ActionsService } from './actions.service';

const ID = new ParseUUIDPipe();

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
  async create(@Ctx() ctx: RequestContext, @Body() dto: CreateActionDto, @Etag() etag: EtagSetter): Promise<ActionDto> {
    return etag(await this.actions.create(ctx, dto));
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
  async get(@Ctx() ctx: RequestContext, @Param('id', ID) id: string, @Etag() etag: EtagSetter): Promise<ActionDto> {
    return etag(await this.actions.get(ctx, id));
  }

  @Patch(':id')
  @Roles('admin', 'officer')
  @ApiOperation({ summary: 'Edit a draft; needs If-Match' })
  @ApiOkResponse({ type: ActionDto })
  async update(
    @Ctx() ctx: RequestContext,
    @Param('id', ID) id: string,
    @IfMatch() ifMatch: string | undefined,
    @Body() dto: UpdateActionDto,
    @Etag() etag: EtagSetter,
  ): Promise<ActionDto> {
    return etag(await this.actions.update(ctx, id, versionFromIfMatch(ifMatch), dto));
  }

  @Post(':id/submit')
  @Roles('admin', 'officer')
  @HttpCode(200)
  @ApiOperation({
    summary: "Submit a draft: needs a cited clause in force authorising its type, its type's fields, and a justification for a sale or a non-priority purpose",
  })
  @ApiOkResponse({ type: ActionDto })
  async submit(
    @Ctx() ctx: RequestContext,
    @Param('id', ID) id: string,
    @IfMatch(false) ifMatch: string | undefined,
    @Body() dto: SubmitActionDto,
    @Etag() etag: EtagSetter,
  ): Promise<ActionDto> {
    return etag(await this.actions.submit(ctx, id, optionalVersion(ifMatch), dto));
  }

  @Post(':id/approve')
  @Roles('admin', 'officer')
  @HttpCode(200)
  @ApiOperation({ summary: 'Approve with the decision (number, date, authority); not by the user who submitted' })
  @ApiOkResponse({ type: ActionDto })
  async approve(
    @Ctx() ctx: RequestContext,
    @Param('id', ID) id: string,
    @IfMatch(false) ifMatch: string | undefined,
    @Body() dto: ApproveActionDto,
    @Etag() etag: EtagSetter,
  ): Promise<ActionDto> {
    return etag(await this.actions.approve(ctx, id, optionalVersion(ifMatch), dto));
  }

  @Post(':id/reject')
  @Roles('admin', 'officer')
  @HttpCode(200)
  @ApiOperation({ summary: 'Reject a submitted action, with the reason' })
  @ApiOkResponse({ type: ActionDto })
  async reject(
    @Ctx() ctx: RequestContext,
    @Param('id', ID) id: string,
    @IfMatch(false) ifMatch: string | undefined,
    @Body() dto: ReasonDto,
    @Etag() etag: EtagSetter,
  ): Promise<ActionDto> {
    return etag(await this.actions.reject(ctx, id, optionalVersion(ifMatch), dto));
  }

  @Post(':id/accept')
  @Roles('admin', 'officer')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'A hand-over to another province: an officer of the receiving province accepts the approved action, with its own decision (number, date); the sending side may then start and complete it',
  })
  @ApiOkResponse({ type: ActionDto })
  async accept(
    @Ctx() ctx: RequestContext,
    @Param('id', ID) id: string,
    @IfMatch(false) ifMatch: string | undefined,
    @Body() dto: AcceptActionDto,
    @Etag() etag: EtagSetter,
  ): Promise<ActionDto> {
    return etag(await this.actions.accept(ctx, id, optionalVersion(ifMatch), dto));
  }

  @Post(':id/decline')
  @Roles('admin', 'officer')
  @HttpCode(200)
  @ApiOperation({
    summary:
      "A hand-over to another province: an officer of the receiving province declines the approved action, with the reason; it ends rejected and the facility is the sending province's to handle otherwise",
  })
  @ApiOkResponse({ type: ActionDto })
  async decline(
    @Ctx() ctx: RequestContext,
    @Param('id', ID) id: string,
    @IfMatch(false) ifMatch: string | undefined,
    @Body() dto: ReasonDto,
    @Etag() etag: EtagSetter,
  ): Promise<ActionDto> {
    return etag(await this.actions.decline(ctx, id, optionalVersion(ifMatch), dto));
  }

  @Post(':id/start')
  @Roles('admin', 'officer')
  @HttpCode(200)
  @ApiOperation({ summary: 'Start executing an approved action' })
  @ApiOkResponse({ type: ActionDto })
  async start(
    @Ctx() ctx: RequestContext,
    @Param('id', ID) id: string,
    @IfMatch(false) ifMatch: string | undefined,
    @Body() dto: StartActionDto,
    @Etag() etag: EtagSetter,
  ): Promise<ActionDto> {
    return etag(await this.actions.start(ctx, id, optionalVersion(ifMatch), dto));
  }

  @Post(':id/complete')
  @Roles('admin', 'officer')
  @HttpCode(200)
  @ApiOperation({ summary: "Complete with the type's evidence and documents; applies the effect on the asset in the same transaction" })
  @ApiOkResponse({ type: ActionDto })
  async complete(
    @Ctx() ctx: RequestContext,
    @Param('id', ID) id: string,
    @IfMatch(false) ifMatch: string | undefined,
    @Body() dto: CompleteActionDto,
    @Etag() etag: EtagSetter,
  ): Promise<ActionDto> {
    return etag(await this.actions.complete(ctx, id, optionalVersion(ifMatch), dto));
  }

  @Post(':id/cancel')
  @Roles('admin', 'officer')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel an action that is not finished, with the reason' })
  @ApiOkResponse({ type: ActionDto })
  async cancel(
    @Ctx() ctx: RequestContext,
    @Param('id', ID) id: string,
    @IfMatch(false) ifMatch: string | undefined,
    @Body() dto: ReasonDto,
    @Etag() etag: EtagSetter,
  ): Promise<ActionDto> {
    return etag(await this.actions.cancel(ctx, id, optionalVersion(ifMatch), dto));
  }
}
