import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { RequestContext } from '../common/auth-user';
import { ALL_ROLES, Ctx, Roles } from '../common/decorators';
import { Etag, type EtagSetter, IfMatch, versionFromIfMatch } from '../common/etag';
import { Idempotent } from '../idempotency/idempotent.decorator';
import { PageQueryDto } from '../common/pagination';
import {
  ClauseDto,
  ClausePageDto,
  ClauseParams,
  ClauseProvinceDeadlineDto,
  CreateClauseDto,
  CreateDirectiveDto,
  DirectiveDetailDto,
  DirectivePageDto,
  ListDirectivesQueryDto,
  ProvinceDeadlineParams,
  SetProvinceDeadlineDto,
  UpdateClauseDto,
  UpdateDirectiveDto,
} from './directives.dto';
import { DirectivesService } from './directives.service';

@ApiTags('directives')
@ApiBearerAuth()
@Controller('directives')
export class DirectivesController {
  constructor(private readonly directives: DirectivesService) {}

  @Post()
  @Roles('admin', 'officer')
  @Idempotent()
  @ApiOperation({ summary: 'Record a directive: national (admin) or of your province' })
  @ApiCreatedResponse({ type: DirectiveDetailDto })
  async create(@Ctx() ctx: RequestContext, @Body() dto: CreateDirectiveDto, @Etag() etag: EtagSetter): Promise<DirectiveDetailDto> {
    return etag(await this.directives.create(ctx, dto));
  }

  @Get()
  @Roles(...ALL_ROLES)
  @ApiOperation({ summary: 'List national directives and those of your province, newest first' })
  @ApiOkResponse({ type: DirectivePageDto })
  list(@Ctx() ctx: RequestContext, @Query() query: ListDirectivesQueryDto): Promise<DirectivePageDto> {
    return this.directives.list(ctx, query);
  }

  @Get(':id')
  @Roles(...ALL_ROLES)
  @ApiOperation({ summary: 'One directive with its clauses' })
  @ApiOkResponse({ type: DirectiveDetailDto })
  async get(@Ctx() ctx: RequestContext, @Param('id', new ParseUUIDPipe()) id: string, @Etag() etag: EtagSetter): Promise<DirectiveDetailDto> {
    return etag(await this.directives.get(ctx, id));
  }

  @Patch(':id')
  @Roles('admin', 'officer')
  @ApiOperation({ summary: 'Change kind, issuer, date, title, validity or the superseding directive (the number never changes); needs If-Match' })
  @ApiOkResponse({ type: DirectiveDetailDto })
  async update(
    @Ctx() ctx: RequestContext,
    @Param('id', new ParseUUIDPipe()) id: string,
    @IfMatch() ifMatch: string | undefined,
    @Body() dto: UpdateDirectiveDto,
    @Etag() etag: EtagSetter,
  ): Promise<DirectiveDetailDto> {
    return etag(await this.directives.update(ctx, id, versionFromIfMatch(ifMatch), dto));
  }

  @Post(':id/clauses')
  @Roles('admin', 'officer')
  @Idempotent()
  @ApiOperation({ summary: 'Add a clause to a directive you may write' })
  @ApiCreatedResponse({ type: ClauseDto })
  async createClause(
    @Ctx() ctx: RequestContext,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: CreateClauseDto,
    @Etag() etag: EtagSetter,
  ): Promise<ClauseDto> {
    return etag(await this.directives.createClause(ctx, id, dto));
  }

  @Get(':id/clauses')
  @Roles(...ALL_ROLES)
  @ApiOperation({ summary: "A directive's clauses, by ref" })
  @ApiOkResponse({ type: ClausePageDto })
  listClauses(@Ctx() ctx: RequestContext, @Param('id', new ParseUUIDPipe()) id: string, @Query() query: PageQueryDto): Promise<ClausePageDto> {
    return this.directives.listClauses(ctx, id, query);
  }

  @Get(':id/clauses/:clauseId')
  @Roles(...ALL_ROLES)
  @ApiOperation({ summary: 'One clause' })
  @ApiOkResponse({ type: ClauseDto })
  async getClause(@Ctx() ctx: RequestContext, @Param() p: ClauseParams, @Etag() etag: EtagSetter): Promise<ClauseDto> {
    return etag(await this.directives.getClause(ctx, p.id, p.clauseId));
  }

  @Patch(':id/clauses/:clauseId')
  @Roles('admin', 'officer')
  @ApiOperation({ summary: 'Change a clause; needs If-Match' })
  @ApiOkResponse({ type: ClauseDto })
  async updateClause(
    @Ctx() ctx: RequestContext,
    @Param() p: ClauseParams,
    @IfMatch() ifMatch: string | undefined,
    @Body() dto: UpdateClauseDto,
    @Etag() etag: EtagSetter,
  ): Promise<ClauseDto> {
    return etag(await this.directives.updateClause(ctx, p.id, p.clauseId, versionFromIfMatch(ifMatch), dto));
  }

  @Put(':id/clauses/:clauseId/province-deadlines/:province')
  @Roles('admin', 'officer')
  @ApiOperation({ summary: "Set your province's own deadline under a clause (earlier than the clause's)" })
  @ApiOkResponse({ type: ClauseProvinceDeadlineDto })
  setProvinceDeadline(@Ctx() ctx: RequestContext, @Param() p: ProvinceDeadlineParams, @Body() dto: SetProvinceDeadlineDto): Promise<ClauseProvinceDeadlineDto> {
    return this.directives.setProvinceDeadline(ctx, p.id, p.clauseId, p.province, dto);
  }

  @Delete(':id/clauses/:clauseId/province-deadlines/:province')
  @Roles('admin', 'officer')
  @HttpCode(204)
  @ApiOperation({ summary: "Remove your province's own deadline under a clause" })
  @ApiNoContentResponse()
  removeProvinceDeadline(@Ctx() ctx: RequestContext, @Param() p: ProvinceDeadlineParams): Promise<void> {
    return this.directives.removeProvinceDeadline(ctx, p.id, p.clauseId, p.province);
  }
}
