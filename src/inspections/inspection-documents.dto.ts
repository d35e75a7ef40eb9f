import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { apiEnum } from '../common/api-enum';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import { DOCUMENT_KINDS, type DocumentKind } from '../schema/vocabulary';

/** The text fields of an inspection document upload (multipart/form-data, before the file part). */
export class InspectionDocumentFieldsDto {
  @ApiProperty({ ...apiEnum('DocumentKind', DOCUMENT_KINDS), example: 'photo' }) @IsIn(DOCUMENT_KINDS) kind!: DocumentKind;
  @ApiPropertyOptional({ maxLength: 2000, example: 'Ảnh hiện trạng trụ sở ngày kiểm tra' }) @IsOptional() @IsString() @Length(1, 2000) note?: string;
}
