import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { RequestContext } from '../common/auth-user';
import { ALL_ROLES, Ctx, Roles } from '../common/decorators';
import { Etag, type EtagSetter, IfMatch, versionFromIfMatch } from '../common/etag';
import { Idempotent } from '../idempotency/idempotent.decorator';
import { AgencyDto, AgencyPageDto, CreateAgencyDto, DissolveAgencyDto, ListAgenciesQueryDto, UpdateAgencyDto } from './agencies.dto';
import { AgenciesService } from './agencies.service';

@ApiTags('agencies')
@ApiBearerAuth()
@Controller('agencies')
export class AgenciesController {
  constructor(private readonly agencies: AgenciesService) {}

  @Post()
  @Roles('admin', 'officer')
  @Idempotent()
  @ApiOperation({ summary: 'Create an agency in your province' })
  @ApiCreatedResponse({ type: AgencyDto })
  async create(@Ctx() ctx: RequestContext, @Body() dto: CreateAgencyDto, @Etag() etag: EtagSetter): Promise<AgencyDto> {
    return etag(await this.agencies.create(ctx, dto));
  }

  @Get()
  @Roles(...ALL_ROLES)
  @ApiOperation({ summary: 'List agencies in your scope' })
  @ApiOkResponse({ type: AgencyPageDto })
  list(@Ctx() ctx: RequestContext, @Query() query: ListAgenciesQueryDto): Promise<AgencyPageDto> {
    return this.agencies.list(ctx, query);
  }

  @Get(':id')
  @Roles(...ALL_ROLES)
  @ApiOperation({ summary: 'One agency' })
  @ApiOkResponse({ type: AgencyDto })
  async get(@Ctx() ctx: RequestContext, @Param('id', new ParseUUIDPipe()) id: string, @Etag() etag: EtagSetter): Promise<AgencyDto> {
    return etag(await this.agencies.get(ctx, id));
  }

  @Patch(':id')
  @Roles('admin', 'officer')
  @ApiOperation({ summary: 'Change name, kind or unit; needs If-Match' })
  @ApiOkResponse({ type: AgencyDto })
  async update(
    @Ctx() ctx: RequestContext,
    @Param('id', new ParseUUIDPipe()) id: string,
    @IfMatch() ifMatch: string | undefined,
    @Body() dto: UpdateAgencyDto,
    @Etag() etag: EtagSetter,
  ): Promise<AgencyDto> {
    return etag(await this.agencies.update(ctx, id, versionFromIfMatch(ifMatch), dto));
  }

  @Post(':id/dissolve')
  @Roles('admin', 'officer')
  @HttpCode(200)
  @ApiOperation({ summary: 'Dissolve an agency, naming its active successor' })
  @ApiOkResponse({ type: AgencyDto })
  async dissolve(
    @Ctx() ctx: RequestContext,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: DissolveAgencyDto,
    @Etag() etag: EtagSetter,
  ): Promise<AgencyDto> {
    return etag(await this.agencies.dissolve(ctx, id, dto));
  }
}
