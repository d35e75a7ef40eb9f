import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { apiEnum } from '../../common/api-enum';
import { IsIn, IsOptional } from 'class-validator';
import { type Lang, LANGUAGES } from '../../common/language';
import { ASSET_CATEGORIES, ASSET_STATUSES, type AssetCategory, type AssetStatus } from '../../schema/vocabulary';
import { AssetFilterQueryDto } from '../assets.dto';

const ASSET_EXPORT_FORMATS = ['csv', 'xlsx'] as const;

export class ExportAssetsQueryDto extends AssetFilterQueryDto {
  @ApiPropertyOptional({ ...apiEnum('AssetExportFormat', ASSET_EXPORT_FORMATS, 'csv') })
  @IsOptional()
  @IsIn(ASSET_EXPORT_FORMATS)
  format?: (typeof ASSET_EXPORT_FORMATS)[number];
  @ApiPropertyOptional({
    ...apiEnum('Lang', LANGUAGES, 'vi'),
    description:
      'Language of the column headers and of the coded values (category, condition, status), written as labels: Trụ sở làm việc (vi), Working office (en)',
  })
  @IsOptional()
  @IsIn(LANGUAGES)
  lang?: Lang;
}

/* GET /assets.geojson: an RFC 7946 FeatureCollection, one Point feature per asset with coordinates. */
const FEATURE_COLLECTION = ['FeatureCollection'] as const;
const FEATURE = ['Feature'] as const;
const POINT = ['Point'] as const;

export class AssetPointDto {
  @ApiProperty(apiEnum('GeoJsonPointType', POINT)) type!: 'Point';
  @ApiProperty({ type: [Number], minItems: 2, maxItems: 2, example: [105.8342, 21.0278], description: '[longitude, latitude], WGS 84' }) coordinates!: [
    number,
    number,
  ];
}

export class AssetFeaturePropertiesDto {
  @ApiProperty() code!: string;
  @ApiProperty() name!: string;
  @ApiProperty(apiEnum('AssetCategory', ASSET_CATEGORIES)) category!: AssetCategory;
  @ApiProperty(apiEnum('AssetStatus', ASSET_STATUSES)) status!: AssetStatus;
  @ApiProperty({ description: "The custodian agency's name" }) custodian!: string;
  @ApiProperty() custodianCode!: string;
  @ApiProperty({ description: 'The new-era unit it belongs to' }) currentUnit!: string;
  @ApiProperty() currentUnitCode!: string;
  @ApiProperty({ nullable: true, type: String, description: 'The old-era unit it served, if recorded' }) originUnit!: string | null;
  @ApiProperty({ nullable: true, type: String }) originUnitCode!: string | null;
  @ApiProperty() provinceCode!: string;
}

export class AssetFeatureDto {
  @ApiProperty(apiEnum('GeoJsonFeatureType', FEATURE)) type!: 'Feature';
  @ApiProperty({ format: 'uuid', description: "The asset's id" }) id!: string;
  @ApiProperty({ type: AssetPointDto }) geometry!: AssetPointDto;
  @ApiProperty({ type: AssetFeaturePropertiesDto }) properties!: AssetFeaturePropertiesDto;
}

export class AssetFeatureCollectionDto {
  @ApiProperty(apiEnum('GeoJsonFeatureCollectionType', FEATURE_COLLECTION)) type!: 'FeatureCollection';
  @ApiProperty({ type: [AssetFeatureDto] }) features!: AssetFeatureDto[];
}
