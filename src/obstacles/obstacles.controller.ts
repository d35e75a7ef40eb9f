import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { RequestContext } from '../common/auth-user';
import { ALL_ROLES, Ctx, Roles } from '../common/decorators';
import { Etag, type EtagSetter, IfMatch, versionFromIfMatch } from '../common/etag';
import { Idempotent } from '../idempotency/idempotent.decorator';
import { AnswerObstacleDto, CreateObstacleDto, ListObstaclesQueryDto, ObstacleDto, ObstaclePageDto, UpdateObstacleDto } from './obstacles.dto';
import { ObstaclesService } from './obstacles.service';

const ID = new ParseUUIDPipe();

@ApiTags('obstacles')
@ApiBearerAuth()
@Controller('obstacles')
export class ObstaclesController {
  constructor(private readonly obstacles: ObstaclesService) {}

  @Post()
  @Roles('admin', 'officer')
  @Idempotent()
  @ApiOperation({ summary: 'Record an obstacle on a facility or an action of your province, addressed to a ministry or the centre, with your recommendation' })
  @ApiCreatedResponse({ type: ObstacleDto })
  async create(@Ctx() ctx: RequestContext, @Body() dto: CreateObstacleDto, @Etag() etag: EtagSetter): Promise<ObstacleDto> {
    return etag(await this.obstacles.create(ctx, dto));
  }

  @Get()
  @Roles(...ALL_ROLES)
  @ApiOperation({ summary: 'Obstacles in your scope, newest first; filters province, status, kind, addressee, assetId, actionId' })
  @ApiOkResponse({ type: ObstaclePageDto })
  list(@Ctx() ctx: RequestContext, @Query() query: ListObstaclesQueryDto): Promise<ObstaclePageDto> {
    return this.obstacles.list(ctx, query);
  }

  @Get(':id')
  @Roles(...ALL_ROLES)
  @ApiOperation({ summary: 'One obstacle, with its answer once recorded' })
  @ApiOkResponse({ type: ObstacleDto })
  async get(@Ctx() ctx: RequestContext, @Param('id', ID) id: string, @Etag() etag: EtagSetter): Promise<ObstacleDto> {
    return etag(await this.obstacles.get(ctx, id));
  }

  @Patch(':id')
  @Roles('admin', 'officer')
  @ApiOperation({ summary: 'Change an obstacle that awaits its answer (kind, addressee, text, recommendation, date raised); needs If-Match' })
  @ApiOkResponse({ type: ObstacleDto })
  async update(
    @Ctx() ctx: RequestContext,
    @Param('id', ID) id: string,
    @IfMatch() ifMatch: string | undefined,
    @Body() dto: UpdateObstacleDto,
    @Etag() etag: EtagSetter,
  ): Promise<ObstacleDto> {
    return etag(await this.obstacles.update(ctx, id, versionFromIfMatch(ifMatch), dto));
  }

  @Post(':id/answer')
  @Roles('admin', 'officer')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Record the answer (who answered, the date it bears, the answer, its document number); needs If-Match. An answered obstacle no longer changes',
  })
  @ApiOkResponse({ type: ObstacleDto })
  async answer(
    @Ctx() ctx: RequestContext,
    @Param('id', ID) id: string,
    @IfMatch() ifMatch: string | undefined,
    @Body() dto: AnswerObstacleDto,
    @Etag() etag: EtagSetter,
  ): Promise<ObstacleDto> {
    return etag(await this.obstacles.answer(ctx, id, versionFromIfMatch(ifMatch), dto));
  }
}
