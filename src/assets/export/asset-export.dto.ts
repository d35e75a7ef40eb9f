import { ApiPropertyOptional } from '@nestjs/swagger';
import { apiEnum } from '../../common/api-enum';
import { IsIn, IsOptional } from 'class-validator';
import { type Lang, LANGUAGES } from '../../common/language';
import { AssetFilterQueryDto } from '../assets.dto';

const ASSET_EXPORT_FORMATS = ['csv', 'xlsx'] as const;

export class ExportAssetsQueryDto extends AssetFilterQueryDto {
  @ApiPropertyOptional({ ...apiEnum('AssetExportFormat', ASSET_EXPORT_FORMATS, 'csv') }) @IsOptional() @IsIn(ASSET_EXPORT_FORMATS) format?: (typeof ASSET_EXPORT_FORMATS)[number];
  @ApiPropertyOptional({ ...apiEnum('Lang', LANGUAGES, 'vi'), description: 'Language of the column headers' }) @IsOptional() @IsIn(LANGUAGES) lang?: Lang;
}
