import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { apiEnum } from '../common/api-enum';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { IntegerQuery } from '../common/dto';

/** Documents one verification request checks at most (default and ceiling of `limit`), and the bytes it reads at most. */
export const DOCUMENT_VERIFY_DEFAULT_LIMIT = 100;
export const DOCUMENT_VERIFY_MAX_LIMIT = 1000;
export const DOCUMENT_VERIFY_MAX_BYTES = 512 * 1024 * 1024;
/** Why a stored file failed its check. */
const DOCUMENT_PROBLEM_REASONS = ['missing', 'mismatch', 'unreadable'] as const;

export class VerifyDocumentsQueryDto {
  @ApiPropertyOptional({
    description: `Most documents this request checks (default ${DOCUMENT_VERIFY_DEFAULT_LIMIT}, at most ${DOCUMENT_VERIFY_MAX_LIMIT}); it also stops once it has read ${DOCUMENT_VERIFY_MAX_BYTES / 1024 / 1024} MiB`,
    minimum: 1,
    maximum: DOCUMENT_VERIFY_MAX_LIMIT,
    default: DOCUMENT_VERIFY_DEFAULT_LIMIT,
  })
  @IsOptional()
  @IntegerQuery()
  @IsInt()
  @Min(1)
  @Max(DOCUMENT_VERIFY_MAX_LIMIT)
  limit?: number;

  @ApiPropertyOptional({ description: "The previous answer's `nextCursor`, to continue", maxLength: 1000 })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  cursor?: string;
}

export class DocumentProblemDto {
  @ApiProperty({ format: 'uuid' }) documentId!: string;
  @ApiProperty() provinceCode!: string;
  @ApiProperty() fileName!: string;
  @ApiProperty({
    ...apiEnum('DocumentProblemReason', DOCUMENT_PROBLEM_REASONS),
    description: 'missing: no stored file; mismatch: its SHA-256 or size differs; unreadable: it could not be read',
  })
  reason!: (typeof DOCUMENT_PROBLEM_REASONS)[number];
  @ApiProperty({ description: 'The recorded SHA-256' }) expectedSha256!: string;
  @ApiProperty({ nullable: true, type: String, description: 'The SHA-256 of the stored bytes (mismatch only)' }) actualSha256!: string | null;
  @ApiProperty({ description: 'The recorded size in bytes' }) expectedSize!: number;
  @ApiProperty({ nullable: true, type: Number, description: "The stored file's size (mismatch only)" }) actualSize!: number | null;
}

export class DocumentVerificationDto {
  @ApiProperty({ description: 'Every document checked by this request has its file, with its recorded SHA-256 and size' }) ok!: boolean;
  @ApiProperty({ description: 'Documents checked by this request' }) checked!: number;
  @ApiProperty({ description: 'The `limit` applied' }) limit!: number;
  @ApiProperty({ type: [DocumentProblemDto], description: 'Each document whose file is missing, altered or unreadable' }) problems!: DocumentProblemDto[];
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'More documents remain in your scope: call again with cursor=nextCursor; null when all were checked',
  })
  nextCursor!: string | null;
}
