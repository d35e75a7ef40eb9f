import { Controller, Get, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { RequestContext } from '../../common/auth-user';
import { ALL_ROLES, Ctx, Roles } from '../../common/decorators';
import { todayInVietnam } from '../../common/dates';
import { ApiFileResponse, FILE_MEDIA_TYPES } from '../../common/file-response';
import { AssetFilterQueryDto } from '../assets.dto';
import { filterOf } from '../assets.service';
import { AssetFeatureCollectionDto, ExportAssetsQueryDto } from './asset-export.dto';
import { AssetExportService } from './asset-export.service';

@ApiTags('assets')
@ApiBearerAuth()
@Controller()
export class AssetExportController {
  constructor(private readonly exports: AssetExportService) {}

  @Get('assets/export')
  @Roles(...ALL_ROLES)
  @ApiOperation({ summary: 'Export the assets in your scope that match the list filters, streamed (CSV with BOM, or XLSX)' })
  @ApiFileResponse('The file: CSV (UTF-8 with BOM) or XLSX, as format asks', [FILE_MEDIA_TYPES.csv, FILE_MEDIA_TYPES.xlsx])
  export(@Ctx() ctx: RequestContext, @Query() q: ExportAssetsQueryDto): StreamableFile {
    const name = `tai-san-${todayInVietnam()}`;
    return q.format === 'xlsx'
      ? new StreamableFile(this.exports.xlsx(ctx, filterOf(q), q.lang ?? 'vi'), {
          type: FILE_MEDIA_TYPES.xlsx,
          disposition: `attachment; filename="${name}.xlsx"`,
        })
      : new StreamableFile(this.exports.csv(ctx, filterOf(q), q.lang ?? 'vi'), {
          type: 'text/csv; charset=utf-8',
          disposition: `attachment; filename="${name}.csv"`,
        });
  }

  @Get('assets.geojson')
  @Roles(...ALL_ROLES)
  @ApiOperation({ summary: 'The assets in your scope that match the list filters and have coordinates, as an RFC 7946 FeatureCollection (streamed)' })
  @ApiFileResponse('FeatureCollection of Point features', [], { mediaType: 'application/geo+json', model: AssetFeatureCollectionDto })
  geojson(@Ctx() ctx: RequestContext, @Query() q: AssetFilterQueryDto): StreamableFile {
    return new StreamableFile(this.exports.geojson(ctx, filterOf(q)), { type: 'application/geo+json' });
  }
}
