import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { apiEnum } from '../common/api-enum';
import { IsIn, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { DOCUMENT_KINDS, type DocumentKind } from '../schema/vocabulary';
import { PageInfoDto, PageQueryDto } from '../common/pagination';
import type { DocumentRow } from './documents.repository';

/** The text fields of an upload (multipart/form-data, all of them before the file part). */
export class UploadDocumentFieldsDto {
  @ApiProperty({ ...apiEnum('DocumentKind', DOCUMENT_KINDS), example: 'decision' })
  @IsIn(DOCUMENT_KINDS)
  kind!: DocumentKind;

  @ApiPropertyOptional({ format: 'uuid', description: 'The asset it is attached to (in your province); assetId and/or actionId' })
  @IsOptional()
  @IsUUID()
  assetId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The action it is attached to (in your province); with assetId, the action must be on that asset' })
  @IsOptional()
  @IsUUID()
  actionId?: string;

  @ApiPropertyOptional({ maxLength: 2000, example: 'Quyết định số 123/QĐ-UBND, bản có dấu đỏ' })
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  note?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The document this one replaces (same asset and action); a document is superseded at most once' })
  @IsOptional()
  @IsUUID()
  supersedesId?: string;
}

export class ListDocumentsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() assetId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() actionId?: string;
  @ApiPropertyOptional({ ...apiEnum('DocumentKind', DOCUMENT_KINDS) }) @IsOptional() @IsIn(DOCUMENT_KINDS) kind?: DocumentKind;
}

export class DocumentDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ ...apiEnum('DocumentKind', DOCUMENT_KINDS) }) kind!: DocumentKind;
  @ApiProperty({ description: "New-era province (of the asset, or of the action for an action's document)" }) provinceCode!: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) assetId!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) actionId!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'The inspection it is the evidence of (uploaded to the inspection)' })
  inspectionId!: string | null;
  @ApiProperty({ example: 'Quyết định 123-QĐ-UBND.pdf', description: 'The original file name (NFC)' }) fileName!: string;
  @ApiProperty({ example: 'application/pdf' }) mediaType!: string;
  @ApiProperty({ description: 'Size in bytes' }) sizeBytes!: number;
  @ApiProperty({ description: 'SHA-256 of the content, hex; checked on every download', pattern: '^[0-9a-f]{64}$' }) sha256!: string;
  @ApiProperty({ nullable: true, type: String }) note!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'The document this one replaces' }) supersedesId!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'The document that replaced this one, if any' }) supersededBy!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) uploadedBy!: string | null;
  @ApiProperty({ nullable: true, type: String }) uploadedByUsername!: string | null;
  @ApiProperty({ format: 'date-time' }) uploadedAt!: string;
  @ApiProperty({ example: '/api/v1/documents/5f0c…/content', description: 'Where to download the content' }) contentUrl!: string;

  static from(r: DocumentRow): DocumentDto {
    return {
      id: r.id,
      kind: r.kind,
      provinceCode: r.province_code,
      assetId: r.asset_id,
      actionId: r.action_id,
      inspectionId: r.inspection_id,
      fileName: r.file_name,
      mediaType: r.media_type,
      sizeBytes: Number(r.size_bytes),
      sha256: r.sha256,
      note: r.note,
      supersedesId: r.supersedes_id,
      supersededBy: r.superseded_by,
      uploadedBy: r.uploaded_by,
      uploadedByUsername: r.uploaded_by_username,
      uploadedAt: r.uploaded_at.toISOString(),
      contentUrl: `/api/v1/documents/${r.id}/content`,
    };
  }
}

export class DocumentPageDto {
  @ApiProperty({ type: [DocumentDto] }) items!: DocumentDto[];
  @ApiProperty({ type: PageInfoDto }) page!: PageInfoDto;
}
