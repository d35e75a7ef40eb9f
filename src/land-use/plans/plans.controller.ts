import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { RequestContext } from '../../common/auth-user';
import { ALL_ROLES, Ctx, Roles } from '../../common/decorators';
import { Etag, type EtagSetter, IfMatch, versionFromIfMatch } from '../../common/etag';
import { Idempotent } from '../../idempotency/idempotent.decorator';
import {
  CreatePlanDto,
  CreatePlanUpdateDto,
  ListPlansQueryDto,
  ListPlanUpdatesQueryDto,
  PendingRepurposingPageDto,
  PendingRepurposingQueryDto,
  PlanDto,
  PlanPageDto,
  PlanUpdateDecisionDto,
  PlanUpdateDto,
  PlanUpdatePageDto,
  PlanUpdatesQueryDto,
  UpdatePlanDto,
  UpdatePlanUpdateDto,
} from './plans.dto';
import { PlansService } from './plans.service';

const ID = new ParseUUIDPipe();

@ApiTags('land-use plans')
@ApiBearerAuth()
@Controller('land-use-plans')
export class PlansController {
  constructor(private readonly plans: PlansService) {}

  @Post()
  @Roles('admin', 'officer')
  @Idempotent()
  @ApiOperation({ summary: 'Record a land-use (or construction, specialised, defence and security land) plan of a new-era unit in your province' })
  @ApiCreatedResponse({ type: PlanDto })
  async create(@Ctx() ctx: RequestContext, @Body() dto: CreatePlanDto, @Etag() etag: EtagSetter): Promise<PlanDto> {
    return etag(await this.plans.createPlan(ctx, dto));
  }

  @Get()
  @Roles(...ALL_ROLES)
  @ApiOperation({ summary: 'List plans in your scope, oldest first' })
  @ApiOkResponse({ type: PlanPageDto })
  list(@Ctx() ctx: RequestContext, @Query() query: ListPlansQueryDto): Promise<PlanPageDto> {
    return this.plans.listPlans(ctx, query);
  }

  @Get(':id')
  @Roles(...ALL_ROLES)
  @ApiOperation({ summary: 'One plan' })
  @ApiOkResponse({ type: PlanDto })
  async get(@Ctx() ctx: RequestContext, @Param('id', ID) id: string, @Etag() etag: EtagSetter): Promise<PlanDto> {
    return etag(await this.plans.getPlan(ctx, id));
  }

  @Patch(':id')
  @Roles('admin', 'officer')
  @ApiOperation({ summary: 'Change a plan (unit, kind, title, period, decision); needs If-Match' })
  @ApiOkResponse({ type: PlanDto })
  async update(
    @Ctx() ctx: RequestContext,
    @Param('id', ID) id: string,
    @IfMatch() ifMatch: string | undefined,
    @Body() dto: UpdatePlanDto,
    @Etag() etag: EtagSetter,
  ): Promise<PlanDto> {
    return etag(await this.plans.updatePlan(ctx, id, versionFromIfMatch(ifMatch), dto));
  }

  @Post(':id/updates')
  @Roles('admin', 'officer')
  @Idempotent()
  @ApiOperation({
    summary: "Propose a change of land-use category in the plan (an asset of the plan's province or a parcel), optionally for a repurposing action",
  })
  @ApiCreatedResponse({ type: PlanUpdateDto })
  async createUpdate(
    @Ctx() ctx: RequestContext,
    @Param('id', ID) id: string,
    @Body() dto: CreatePlanUpdateDto,
    @Etag() etag: EtagSetter,
  ): Promise<PlanUpdateDto> {
    return etag(await this.plans.createUpdate(ctx, id, dto));
  }

  @Get(':id/updates')
  @Roles(...ALL_ROLES)
  @ApiOperation({ summary: "The plan's updates, oldest first" })
  @ApiOkResponse({ type: PlanUpdatePageDto })
  listUpdates(@Ctx() ctx: RequestContext, @Param('id', ID) id: string, @Query() query: ListPlanUpdatesQueryDto): Promise<PlanUpdatePageDto> {
    return this.plans.listUpdatesOfPlan(ctx, id, query);
  }

  @Get(':id/updates/:updateId')
  @Roles(...ALL_ROLES)
  @ApiOperation({ summary: 'One plan update' })
  @ApiOkResponse({ type: PlanUpdateDto })
  async getUpdate(
    @Ctx() ctx: RequestContext,
    @Param('id', ID) id: string,
    @Param('updateId', ID) updateId: string,
    @Etag() etag: EtagSetter,
  ): Promise<PlanUpdateDto> {
    return etag(await this.plans.getUpdate(ctx, id, updateId));
  }

  @Patch(':id/updates/:updateId')
  @Roles('admin', 'officer')
  @ApiOperation({ summary: 'Change a proposed update (an approved or rejected one never changes: 409); needs If-Match' })
  @ApiOkResponse({ type: PlanUpdateDto })
  async changeUpdate(
    @Ctx() ctx: RequestContext,
    @Param('id', ID) id: string,
    @Param('updateId', ID) updateId: string,
    @IfMatch() ifMatch: string | undefined,
    @Body() dto: UpdatePlanUpdateDto,
    @Etag() etag: EtagSetter,
  ): Promise<PlanUpdateDto> {
    return etag(await this.plans.changeUpdate(ctx, id, updateId, versionFromIfMatch(ifMatch), dto));
  }

  @Post(':id/updates/:updateId/approve')
  @Roles('admin', 'officer')
  @HttpCode(200)
  @ApiOperation({ summary: "Approve a proposed update with the decision's number and date (the time it is recorded is kept too)" })
  @ApiOkResponse({ type: PlanUpdateDto })
  async approve(
    @Ctx() ctx: RequestContext,
    @Param('id', ID) id: string,
    @Param('updateId', ID) updateId: string,
    @Body() dto: PlanUpdateDecisionDto,
    @Etag() etag: EtagSetter,
  ): Promise<PlanUpdateDto> {
    return etag(await this.plans.decide(ctx, id, updateId, 'approved', dto));
  }

  @Post(':id/updates/:updateId/reject')
  @Roles('admin', 'officer')
  @HttpCode(200)
  @ApiOperation({ summary: "Reject a proposed update with the decision's number and date" })
  @ApiOkResponse({ type: PlanUpdateDto })
  async reject(
    @Ctx() ctx: RequestContext,
    @Param('id', ID) id: string,
    @Param('updateId', ID) updateId: string,
    @Body() dto: PlanUpdateDecisionDto,
    @Etag() etag: EtagSetter,
  ): Promise<PlanUpdateDto> {
    return etag(await this.plans.decide(ctx, id, updateId, 'rejected', dto));
  }
}

@ApiTags('land-use plans')
@ApiBearerAuth()
@Controller('plan-updates')
export class PlanUpdatesController {
  constructor(private readonly plans: PlansService) {}

  @Get()
  @Roles(...ALL_ROLES)
  @ApiOperation({ summary: 'Plan updates across plans in your scope, oldest first (filters province, status)' })
  @ApiOkResponse({ type: PlanUpdatePageDto })
  list(@Ctx() ctx: RequestContext, @Query() query: PlanUpdatesQueryDto): Promise<PlanUpdatePageDto> {
    return this.plans.listPlanUpdates(ctx, query);
  }

  @Get('pending')
  @Roles(...ALL_ROLES)
  @ApiOperation({
    summary: 'The repurposing and reallocation actions still waiting for their plan (filter province)',
    description:
      'The open (submitted, approved, accepted, in progress) repurposing and reallocation actions whose needed land-use category ' +
      "(a repurposing's target; a reallocation's target or else the category its new use implies) differs from the asset's current one " +
      'and that have no approved plan update linked, each with the updates proposed for it so far.',
  })
  @ApiOkResponse({ type: PendingRepurposingPageDto })
  listPending(@Ctx() ctx: RequestContext, @Query() query: PendingRepurposingQueryDto): Promise<PendingRepurposingPageDto> {
    return this.plans.listPendingRepurposing(ctx, query);
  }
}
