import { Body, Controller, Get, HttpCode, Inject, Param, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { RequestContext } from '../common/auth-user';
import { ALL_ROLES, Ctx, Roles } from '../common/decorators';
import { APP_CONFIG, type AppConfig } from '../common/config';
import { Etag, type EtagSetter, IfMatch, versionFromIfMatch } from '../common/etag';
import { readNamedFiles } from '../common/multipart';
import { UNIT_FILES } from './units-import';
import { ListUnitsQueryDto, PredecessorsDto, SuccessorsDto, UnitDto, UnitImportResultDto, UnitKeyParams, UnitPageDto, UpdateUnitFlagsDto } from './units.dto';
import { UnitsService } from './units.service';

@ApiTags('units')
@ApiBearerAuth()
@Controller('units')
export class UnitsController {
  constructor(
    private readonly units: UnitsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @Roles(...ALL_ROLES)
  @ApiOperation({ summary: 'List administrative units (old and new era), cursor-paginated' })
  @ApiOkResponse({ type: UnitPageDto })
  list(@Query() query: ListUnitsQueryDto): Promise<UnitPageDto> {
    return this.units.list(query);
  }

  @Post('import')
  @Roles('admin')
  @HttpCode(200)
  @ApiOperation({ summary: 'Import the unit dataset (units.csv, lineage.csv, clauses.csv): all or nothing, idempotent' })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['units', 'lineage', 'clauses'],
      properties: { units: { type: 'string', format: 'binary' }, lineage: { type: 'string', format: 'binary' }, clauses: { type: 'string', format: 'binary' } },
    },
  })
  @ApiOkResponse({ type: UnitImportResultDto })
  async import(@Ctx() ctx: RequestContext, @Req() req: FastifyRequest): Promise<UnitImportResultDto> {
    return this.units.importDataset(ctx, await readNamedFiles(req, UNIT_FILES, { maxBytes: this.config.unitFileMaxBytes, limit: 'UNIT_FILE_MAX_BYTES' }));
  }

  @Get(':era/:level/:code')
  @Roles(...ALL_ROLES)
  @ApiOperation({ summary: 'One unit' })
  @ApiOkResponse({ type: UnitDto })
  async get(@Param() key: UnitKeyParams, @Etag() etag: EtagSetter): Promise<UnitDto> {
    return etag(await this.units.get(key));
  }

  @Get(':era/:level/:code/successors')
  @Roles(...ALL_ROLES)
  @ApiOperation({
    summary: "The new units that took an old unit's territory (an old district resolves through its communes), with share, legal basis and clause",
  })
  @ApiOkResponse({ type: SuccessorsDto })
  successors(@Param() key: UnitKeyParams): Promise<SuccessorsDto> {
    return this.units.successors(key);
  }

  @Get(':era/:level/:code/predecessors')
  @Roles(...ALL_ROLES)
  @ApiOperation({ summary: 'The old units a new unit came from, with their old districts' })
  @ApiOkResponse({ type: PredecessorsDto })
  predecessors(@Param() key: UnitKeyParams): Promise<PredecessorsDto> {
    return this.units.predecessors(key);
  }

  @Patch(':era/:level/:code')
  @Roles('admin')
  @ApiOperation({ summary: 'Set the disadvantaged-area flags (admin); needs If-Match' })
  @ApiOkResponse({ type: UnitDto })
  async updateFlags(
    @Ctx() ctx: RequestContext,
    @Param() key: UnitKeyParams,
    @IfMatch() ifMatch: string | undefined,
    @Body() dto: UpdateUnitFlagsDto,
    @Etag() etag: EtagSetter,
  ): Promise<UnitDto> {
    return etag(await this.units.updateFlags(ctx, key, versionFromIfMatch(ifMatch), dto));
  }
}
