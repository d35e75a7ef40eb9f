import { Controller, Get, Query, StreamableFile } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { RequestContext } from '../../common/auth-user';
import { ALL_ROLES, Ctx, Roles } from '../../common/decorators';
import { ApiFileResponse, FILE_MEDIA_TYPES } from '../../common/file-response';
import { ReportItemPageDto, StatusItemsQueryDto, StatusReportDto, StatusReportGetQueryDto } from './figures.dto';
import { itemsPageJson, reportJson } from '../report-json';
import { FiguresService } from './figures.service';

@ApiTags('reports')
@ApiBearerAuth()
@Controller('reports/status')
export class StatusReportController {
  constructor(private readonly figures: FiguresService) {}

  @Get()
  @Roles(...ALL_ROLES)
  @ApiOperation({
    summary: 'The status report of surplus facilities as of a date and as known at a time (JSON, CSV, XLSX or PDF); provincial users get their province only',
  })
  @ApiFileResponse('The report: JSON, or a CSV, XLSX or PDF file, as format asks', [FILE_MEDIA_TYPES.csv, FILE_MEDIA_TYPES.xlsx, FILE_MEDIA_TYPES.pdf], {
    mediaType: 'application/json',
    model: StatusReportDto,
  })
  @ApiBadRequestResponse({ description: 'invalid-parameter naming the field' })
  @ApiForbiddenResponse({ description: 'outside-scope: another province, or national, asked by a provincial user' })
  async report(@Ctx() ctx: RequestContext, @Query() q: StatusReportGetQueryDto): Promise<StatusReportDto | StreamableFile> {
    const out = await this.figures.statusReport(ctx, q, q.format ?? 'json');
    return 'rows' in out ? reportJson(out) : new StreamableFile(out.body, { type: out.type, disposition: `attachment; filename="${out.filename}"` });
  }

  @Get('items')
  @Roles(...ALL_ROLES)
  @ApiOperation({
    summary:
      'The facilities behind one cell of the status report (same parameters, the cell key; province picks the row of a national report, omitted = total)',
  })
  @ApiOkResponse({ type: ReportItemPageDto })
  @ApiBadRequestResponse({ description: 'invalid-parameter naming the field (e.g. an unknown key)' })
  @ApiForbiddenResponse({ description: 'outside-scope' })
  async items(@Ctx() ctx: RequestContext, @Query() q: StatusItemsQueryDto): Promise<ReportItemPageDto> {
    return itemsPageJson(await this.figures.items(ctx, this.figures.resolveItemParams(q), q.key, q.province ?? null, { cursor: q.cursor, limit: q.limit }));
  }
}
