import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { RequestContext } from '../common/auth-user';
import { ALL_ROLES, Ctx, Roles } from '../common/decorators';
import { Etag, type EtagSetter, IfMatch, versionFromIfMatch } from '../common/etag';
import { Idempotent } from '../idempotency/idempotent.decorator';
import { PageQueryDto } from '../common/pagination';
import {
  AssetDto,
  AssetPageDto,
  CreateAssetDto,
  DeclareSurplusDto,
  HistoryPageDto,
  ListAssetsQueryDto,
  UpdateAssetDto,
  WithdrawSurplusDto,
} from './assets.dto';
import { AssetsService } from './assets.service';

const ID = new ParseUUIDPipe();

@ApiTags('assets')
@ApiBearerAuth()
@Controller('assets')
export class AssetsController {
  constructor(private readonly assets: AssetsService) {}

  @Post()
  @Roles('admin', 'officer')
  @Idempotent()
  @ApiOperation({ summary: 'Record an asset in your province (status starts in_use)' })
  @ApiCreatedResponse({ type: AssetDto })
  async create(@Ctx() ctx: RequestContext, @Body() dto: CreateAssetDto, @Etag() etag: EtagSetter): Promise<AssetDto> {
    return etag(await this.assets.create(ctx, dto));
  }

  @Get()
  @Roles(...ALL_ROLES)
  @ApiOperation({ summary: 'Find assets in your scope: filters, accent-free search, cursor pages in code order' })
  @ApiOkResponse({ type: AssetPageDto })
  list(@Ctx() ctx: RequestContext, @Query() query: ListAssetsQueryDto): Promise<AssetPageDto> {
    return this.assets.list(ctx, query);
  }

  @Get(':id')
  @Roles(...ALL_ROLES)
  @ApiOperation({ summary: 'One asset' })
  @ApiOkResponse({ type: AssetDto })
  async get(@Ctx() ctx: RequestContext, @Param('id', ID) id: string, @Etag() etag: EtagSetter): Promise<AssetDto> {
    return etag(await this.assets.get(ctx, id));
  }

  @Patch(':id')
  @Roles('admin', 'officer')
  @ApiOperation({ summary: "Change an asset's fields (never its status); needs If-Match" })
  @ApiOkResponse({ type: AssetDto })
  async update(
    @Ctx() ctx: RequestContext,
    @Param('id', ID) id: string,
    @IfMatch() ifMatch: string | undefined,
    @Body() dto: UpdateAssetDto,
    @Etag() etag: EtagSetter,
  ): Promise<AssetDto> {
    return etag(await this.assets.update(ctx, id, versionFromIfMatch(ifMatch), dto));
  }

  @Delete(':id')
  @Roles('admin')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a record entered by mistake (admin; only while in use or surplus, before any action)' })
  @ApiNoContentResponse()
  remove(@Ctx() ctx: RequestContext, @Param('id', ID) id: string): Promise<void> {
    return this.assets.remove(ctx, id);
  }

  @Post(':id/surplus')
  @Roles('admin', 'officer')
  @HttpCode(200)
  @ApiOperation({ summary: 'Declare an in-use facility surplus (brings it into the reports)' })
  @ApiOkResponse({ type: AssetDto })
  async declareSurplus(@Ctx() ctx: RequestContext, @Param('id', ID) id: string, @Body() dto: DeclareSurplusDto, @Etag() etag: EtagSetter): Promise<AssetDto> {
    return etag(await this.assets.declareSurplus(ctx, id, dto));
  }

  @Post(':id/surplus/withdraw')
  @Roles('admin', 'officer')
  @HttpCode(200)
  @ApiOperation({ summary: 'Withdraw a surplus declaration while no action is open' })
  @ApiOkResponse({ type: AssetDto })
  async withdrawSurplus(@Ctx() ctx: RequestContext, @Param('id', ID) id: string, @Body() dto: WithdrawSurplusDto, @Etag() etag: EtagSetter): Promise<AssetDto> {
    return etag(await this.assets.withdrawSurplus(ctx, id, dto));
  }

  @Get(':id/history')
  @Roles(...ALL_ROLES)
  @ApiOperation({ summary: 'Everything that happened to the asset, oldest first, from the hash-chained event log' })
  @ApiOkResponse({ type: HistoryPageDto })
  history(@Ctx() ctx: RequestContext, @Param('id', ID) id: string, @Query() query: PageQueryDto): Promise<HistoryPageDto> {
    return this.assets.history(ctx, id, query);
  }
}
