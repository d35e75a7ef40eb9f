import { Controller, Get, HttpCode, Inject, Post, Query, Req, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { RequestContext } from '../../common/auth-user';
import { APP_CONFIG, type AppConfig } from '../../common/config';
import { ALL_ROLES, Ctx, Roles } from '../../common/decorators';
import { languageOf } from '../../common/language';
import { ApiFileResponse } from '../../common/file-response';
import { AssetImportQueryDto, AssetImportResultDto, TemplateQueryDto } from './asset-import.dto';
import { AssetImportService } from './asset-import.service';
import { XLSX_MIME } from './asset-template';
import { openSheetUpload } from './sheet-reader';

const attachment = (f: { content: Buffer; filename: string }) =>
  new StreamableFile(f.content, { type: XLSX_MIME, disposition: `attachment; filename="${f.filename}"`, length: f.content.length });

@ApiTags('assets')
@ApiBearerAuth()
@Controller('assets/import')
export class AssetImportController {
  constructor(
    private readonly imports: AssetImportService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post()
  @Roles('admin', 'officer')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Import assets from a spreadsheet (CSV or XLSX, the part "file"): upsert by code, all or nothing unless partial=true',
    description:
      'Columns by English key or Vietnamese header (GET /assets/import/template.xlsx). A rejected file is a 422 import-rejected problem listing line, column and reason. The reasons (errors[].message) are in the language of Accept-Language (vi by default, en).',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary', description: '.csv (UTF-8) or .xlsx' } } } })
  @ApiOkResponse({ type: AssetImportResultDto })
  async importFile(@Ctx() ctx: RequestContext, @Req() req: FastifyRequest, @Query() query: AssetImportQueryDto): Promise<AssetImportResultDto> {
    // Row errors in the language of the request's problems: Accept-Language, else DEFAULT_LANGUAGE (vi).
    return this.imports.importFile(ctx, await openSheetUpload(req), query, languageOf(req.headers['accept-language'], this.config.defaultLanguage));
  }

  @Get('template.xlsx')
  @Roles(...ALL_ROLES)
  @ApiOperation({
    summary: 'The XLSX template of the asset import: header row, an example row, a guide sheet and drop-down lists of the coded columns (lang vi or en)',
  })
  @ApiFileResponse('The template', [XLSX_MIME])
  async template(@Query() query: TemplateQueryDto): Promise<StreamableFile> {
    return attachment(await this.imports.template(query.lang ?? 'vi'));
  }
}
