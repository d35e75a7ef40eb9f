import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { type Lang, LANGUAGES } from '../../common/language';
import { AssetFilterQueryDto } from '../assets.dto';

export class ExportAssetsQueryDto extends AssetFilterQueryDto {
  @ApiPropertyOptional({ enum: ['csv', 'xlsx'], default: 'csv' }) @IsOptional() @IsIn(['csv', 'xlsx']) format?: 'csv' | 'xlsx';
  @ApiPropertyOptional({ enum: LANGUAGES, default: 'vi', description: 'Language of the column headers' }) @IsOptional() @IsIn(LANGUAGES) lang?: Lang;
}
