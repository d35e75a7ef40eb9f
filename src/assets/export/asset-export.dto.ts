import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { AssetFilterQueryDto } from '../assets.dto';

export class ExportAssetsQueryDto extends AssetFilterQueryDto {
  @ApiPropertyOptional({ enum: ['csv', 'xlsx'], default: 'csv' }) @IsOptional() @IsIn(['csv', 'xlsx']) format?: 'csv' | 'xlsx';
  @ApiPropertyOptional({ enum: ['vi', 'en'], default: 'vi', description: 'Language of the column headers' }) @IsOptional() @IsIn(['vi', 'en']) lang?: 'vi' | 'en';
}
