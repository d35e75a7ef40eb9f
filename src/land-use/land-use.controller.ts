import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { RequestContext } from '../common/auth-user';
import { ALL_ROLES, Ctx, Roles } from '../common/decorators';
import { Etag, type EtagSetter, IfMatch, versionFromIfMatch } from '../common/etag';
import { Idempotent } from '../idempotency/idempotent.decorator';
import {
  CategoryCodeParams,
  CategoryDto,
  CategoryListDto,
  CreateCategoryDto,
  CreatePurposeDto,
  PurposeCodeParams,
  PurposeDto,
  PurposeListDto,
  UpdateCategoryDto,
  UpdatePurposeDto,
} from './land-use.dto';
import { LandUseService } from './land-use.service';

@ApiTags('reference lists')
@ApiBearerAuth()
@Controller('land-use-categories')
export class LandUseCategoriesController {
  constructor(private readonly landUse: LandUseService) {}

  @Get()
  @Roles(...ALL_ROLES)
  @ApiOperation({ summary: 'Land-use categories of the land law (TSC, DGD, DYT, ...), by code' })
  @ApiOkResponse({ type: CategoryListDto })
  list(): Promise<CategoryListDto> {
    return this.landUse.listCategories();
  }

  @Post()
  @Roles('admin')
  @Idempotent()
  @ApiOperation({ summary: 'Add a land-use category (admin)' })
  @ApiCreatedResponse({ type: CategoryDto })
  async create(@Ctx() ctx: RequestContext, @Body() dto: CreateCategoryDto, @Etag() etag: EtagSetter): Promise<CategoryDto> {
    return etag(await this.landUse.createCategory(ctx, dto));
  }

  @Patch(':code')
  @Roles('admin')
  @ApiOperation({ summary: 'Rename a land-use category (admin); needs If-Match' })
  @ApiOkResponse({ type: CategoryDto })
  async update(
    @Ctx() ctx: RequestContext,
    @Param() p: CategoryCodeParams,
    @IfMatch() ifMatch: string | undefined,
    @Body() dto: UpdateCategoryDto,
    @Etag() etag: EtagSetter,
  ): Promise<CategoryDto> {
    return etag(await this.landUse.updateCategory(ctx, p.code, versionFromIfMatch(ifMatch), dto));
  }
}

@ApiTags('reference lists')
@ApiBearerAuth()
@Controller('purposes')
export class PurposesController {
  constructor(private readonly landUse: LandUseService) {}

  @Get()
  @Roles(...ALL_ROLES)
  @ApiOperation({ summary: "Public purposes a surplus facility can be converted to, in the government's priority order" })
  @ApiOkResponse({ type: PurposeListDto })
  list(): Promise<PurposeListDto> {
    return this.landUse.listPurposes();
  }

  @Post()
  @Roles('admin')
  @Idempotent()
  @ApiOperation({ summary: 'Add a purpose (admin)' })
  @ApiCreatedResponse({ type: PurposeDto })
  async create(@Ctx() ctx: RequestContext, @Body() dto: CreatePurposeDto, @Etag() etag: EtagSetter): Promise<PurposeDto> {
    return etag(await this.landUse.createPurpose(ctx, dto));
  }

  @Patch(':code')
  @Roles('admin')
  @ApiOperation({ summary: "Change a purpose's names, rank, priority flag or default land-use category (admin); needs If-Match" })
  @ApiOkResponse({ type: PurposeDto })
  async update(
    @Ctx() ctx: RequestContext,
    @Param() p: PurposeCodeParams,
    @IfMatch() ifMatch: string | undefined,
    @Body() dto: UpdatePurposeDto,
    @Etag() etag: EtagSetter,
  ): Promise<PurposeDto> {
    return etag(await this.landUse.updatePurpose(ctx, p.code, versionFromIfMatch(ifMatch), dto));
  }
}
