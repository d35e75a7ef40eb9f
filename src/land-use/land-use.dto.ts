import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min, ValidateIf } from 'class-validator';
import { apiEnum } from '../common/api-enum';
import { CHOSEN_NEW_USES } from '../rules/new-use';
import { NEW_USES, type NewUse } from '../schema/vocabulary';
import { Absent, says, SAYS } from '../common/dto';
import type { CategoryRow, PurposeRow } from './land-use.repository';

export const CATEGORY_CODE = /^[A-Z]{2,10}$/;
export const PURPOSE_CODE = /^[a-z_]{2,30}$/;
export const MAX_PRIORITY_RANK = 1000;
/** What a purpose's newUse means. */
const NEW_USE_OF_PURPOSE =
  "The Ministry of Finance's category a repurposing to this purpose counts as in the status report (one of the public uses; the land fund and other uses under the plan are for disposals)";
/** Text without leading or trailing spaces. */
const TRIMMED = /^\S(?:[\s\S]*\S)?$/;

/** A required name: 1-300 characters, trimmed. */
const Name = (key: string, example: string) => (target: object, property: string) => {
  ApiProperty({ example, maxLength: 300 })(target, property);
  IsString()(target, property);
  Length(1, 300)(target, property);
  Matches(TRIMMED, says(`${key} không được bắt đầu hoặc kết thúc bằng khoảng trắng`, `${key} must not start or end with spaces`))(target, property);
};
/** Optional and nullable: omitted keeps the value, null clears it. */
const Nullable = () => (target: object, key: string) => {
  ValidateIf((o: Record<string, unknown>) => o[key] !== null)(target, key);
  IsOptional()(target, key);
};

export class CategoryCodeParams {
  @ApiProperty({ example: 'TSC', pattern: CATEGORY_CODE.source })
  @Matches(CATEGORY_CODE, says('$property phải gồm 2-10 chữ cái in hoa', '$property must be 2-10 capital letters'))
  code!: string;
}

export class PurposeCodeParams {
  @ApiProperty({ example: 'health', pattern: PURPOSE_CODE.source })
  @Matches(PURPOSE_CODE, says('$property phải gồm 2-30 chữ cái thường hoặc _', '$property must be 2-30 lower-case letters or _'))
  code!: string;
}

export class CreateCategoryDto {
  @ApiProperty({ example: 'DYT', pattern: CATEGORY_CODE.source, description: "Code of the land law's classification; unique; cannot change later" })
  @Matches(CATEGORY_CODE, says('$property phải gồm 2-10 chữ cái in hoa', '$property must be 2-10 capital letters'))
  code!: string;

  @Name('nameVi', 'Đất xây dựng cơ sở y tế') nameVi!: string;
  @Name('nameEn', 'Land for health facilities') nameEn!: string;
}

export class UpdateCategoryDto {
  @ApiPropertyOptional({ maxLength: 300 })
  @Absent()
  @IsString()
  @Length(1, 300)
  @Matches(TRIMMED, SAYS.trimmed)
  nameVi?: string;

  @ApiPropertyOptional({ maxLength: 300 })
  @Absent()
  @IsString()
  @Length(1, 300)
  @Matches(TRIMMED, SAYS.trimmed)
  nameEn?: string;
}

export class CategoryDto {
  @ApiProperty({ example: 'TSC' }) code!: string;
  @ApiProperty() nameVi!: string;
  @ApiProperty() nameEn!: string;
  @ApiProperty({ description: 'Increases with every change; send it back in If-Match to PATCH' }) version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;

  static from(r: CategoryRow): CategoryDto {
    return { code: r.code, nameVi: r.name_vi, nameEn: r.name_en, version: r.version, createdAt: r.created_at.toISOString() };
  }
}

export class CategoryListDto {
  @ApiProperty({ type: [CategoryDto], description: 'Every category, by code (a short reference list: not paginated)' }) items!: CategoryDto[];
}

export class CreatePurposeDto {
  @ApiProperty({ example: 'elderly_care', pattern: PURPOSE_CODE.source, description: 'Unique; cannot change later' })
  @Matches(PURPOSE_CODE, says('$property phải gồm 2-30 chữ cái thường hoặc _', '$property must be 2-30 lower-case letters or _'))
  code!: string;

  @Name('nameVi', 'Chăm sóc người cao tuổi') nameVi!: string;
  @Name('nameEn', 'Elderly care') nameEn!: string;

  @ApiProperty({ example: 12, minimum: 1, maximum: MAX_PRIORITY_RANK, description: "Place in the government's priority order (1 comes first)" })
  @IsInt()
  @Min(1)
  @Max(MAX_PRIORITY_RANK)
  priorityRank!: number;

  @ApiPropertyOptional({ default: false, description: 'In the priority group: choosing it needs no written justification' })
  @Absent()
  @IsBoolean()
  isPriority?: boolean;

  @ApiPropertyOptional({ example: 'DXH', nullable: true, type: String, description: 'The land-use category it usually needs (an existing code)' })
  @Nullable()
  @Matches(CATEGORY_CODE, SAYS.categoryCode('DYT'))
  defaultLandUseCategory?: string | null;

  @ApiPropertyOptional({
    ...apiEnum('ChosenNewUse', CHOSEN_NEW_USES),
    example: 'public_service_facility',
    description: `${NEW_USE_OF_PURPOSE}; default other_public_use (every purpose is a public use)`,
  })
  @Absent()
  @IsIn(CHOSEN_NEW_USES)
  newUse?: NewUse;
}

/** The names, as for a category, plus the purpose's rank and group. */
export class UpdatePurposeDto extends UpdateCategoryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PRIORITY_RANK }) @Absent() @IsInt() @Min(1) @Max(MAX_PRIORITY_RANK) priorityRank?: number;
  @ApiPropertyOptional() @Absent() @IsBoolean() isPriority?: boolean;

  @ApiPropertyOptional({ nullable: true, type: String, description: 'An existing category code; null clears it' })
  @Nullable()
  @Matches(CATEGORY_CODE, SAYS.categoryCode('DYT'))
  defaultLandUseCategory?: string | null;

  @ApiPropertyOptional({
    ...apiEnum('ChosenNewUse', CHOSEN_NEW_USES),
    description: `${NEW_USE_OF_PURPOSE}; actions already approved keep the one they recorded`,
  })
  @Absent()
  @IsIn(CHOSEN_NEW_USES)
  newUse?: NewUse;
}

export class PurposeDto {
  @ApiProperty({ example: 'health' }) code!: string;
  @ApiProperty() nameVi!: string;
  @ApiProperty() nameEn!: string;
  @ApiProperty({ description: 'Place in the priority order (1 comes first)' }) priorityRank!: number;
  @ApiProperty({ description: 'In the priority group: choosing it needs no written justification' }) isPriority!: boolean;
  @ApiProperty({ nullable: true, type: String, example: 'DYT' }) defaultLandUseCategory!: string | null;
  @ApiProperty({ ...apiEnum('NewUse', NEW_USES), description: NEW_USE_OF_PURPOSE }) newUse!: NewUse;
  @ApiProperty({ description: 'Increases with every change; send it back in If-Match to PATCH' }) version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;

  static from(r: PurposeRow): PurposeDto {
    return {
      code: r.code,
      nameVi: r.name_vi,
      nameEn: r.name_en,
      priorityRank: r.priority_rank,
      isPriority: r.is_priority,
      defaultLandUseCategory: r.default_land_use_category,
      newUse: r.new_use,
      version: r.version,
      createdAt: r.created_at.toISOString(),
    };
  }
}

export class PurposeListDto {
  @ApiProperty({ type: [PurposeDto], description: 'Every purpose in priority order (a short reference list: not paginated)' }) items!: PurposeDto[];
}
