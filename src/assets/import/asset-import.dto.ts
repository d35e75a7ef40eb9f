import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { apiEnum } from '../../common/api-enum';
import { BooleanQuery } from '../../common/dto';
import { IsBoolean, IsIn, IsOptional } from 'class-validator';
import { type Lang, LANGUAGES } from '../../common/language';

export class AssetImportQueryDto {
  @ApiPropertyOptional({
    name: 'dry_run',
    default: false,
    description: 'true: check everything (references and scope included) and answer as the import would, writing nothing',
  })
  @IsOptional()
  @BooleanQuery()
  @IsBoolean()
  dry_run?: boolean;

  @ApiPropertyOptional({
    default: false,
    description: 'true: write the valid rows and list the rejected ones; false: any rejected row rejects the whole file (422)',
  })
  @IsOptional()
  @BooleanQuery()
  @IsBoolean()
  partial?: boolean;
}

export class TemplateQueryDto {
  @ApiPropertyOptional({
    ...apiEnum('Lang', LANGUAGES, 'vi'),
    description: 'Vietnamese headers (vi) or English keys (en); the example row, the guide and the drop-down lists show the labels of that language',
  })
  @IsOptional()
  @IsIn(LANGUAGES)
  lang?: Lang;
}

export class ImportRowErrorDto {
  @ApiProperty({ example: 7, description: 'Spreadsheet line (the header is line 1)' }) line!: number;
  @ApiProperty({ example: 'Diện tích đất (m²)', description: "The column as written in the file's header, or (file) / (row)" }) field!: string;
  @ApiProperty({ example: 'tối đa 2 chữ số thập phân', description: 'Why, in the language of Accept-Language (vi by default, en)' }) message!: string;
}

export class AssetImportResultDto {
  @ApiProperty({ description: 'Nothing was written' }) dryRun!: boolean;
  @ApiProperty({ description: 'Valid rows were written although others were rejected' }) partial!: boolean;
  @ApiProperty({ description: 'Data rows read (blank rows aside)' }) rows!: number;
  @ApiProperty({ description: 'New assets (status in_use, or surplus when the row declares it)' }) created!: number;
  @ApiProperty({ description: 'Stored assets that changed (fields, or a surplus declaration)' }) updated!: number;
  @ApiProperty({ description: 'Stored assets the row left as they were' }) unchanged!: number;
  @ApiProperty({ description: 'Assets declared surplus by the import (new or stored; also counted in created or updated)' }) surplusDeclared!: number;
  @ApiProperty({ description: 'Rows refused' }) rejected!: number;
  @ApiProperty({ type: [ImportRowErrorDto], description: 'Why rows were refused (at most the first 1,000)' }) errors!: ImportRowErrorDto[];
  @ApiProperty({ description: 'How many errors in all' }) errorCount!: number;
  @ApiProperty({ description: 'How many errors the list leaves out (errorCount minus the errors listed)' }) errorsOmitted!: number;
  @ApiProperty({ description: 'Time the import took, in milliseconds' }) durationMs!: number;
}
