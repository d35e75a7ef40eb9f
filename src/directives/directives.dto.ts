import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { apiEnum } from '../common/api-enum';
import { Absent, IsCalendarDate, Nullable, says, SAYS } from '../common/dto';
import { ArrayUnique, IsArray, IsBoolean, IsIn, IsOptional, IsString, IsUUID, Length, Matches, MaxLength } from 'class-validator';
import { ACTION_TYPES, ALL_METHODS, type ActionType, DIRECTIVE_KINDS, type DirectiveKind } from '../schema/vocabulary';
import { PageInfoDto, PageQueryDto } from '../common/pagination';
import type { ClauseRow, DirectiveRow, ProvinceDeadlineRow } from './directives.repository';

/** A directive's number as written on it: `202-KL/TW`, `1656/NQ-UBTVQH15`, `03/2025/NĐ-CP`. */
export const DIRECTIVE_NUMBER = /^[\p{L}\p{N}](?:[\p{L}\p{N}./_ -]{0,58}[\p{L}\p{N}])?$/u;
/** Text without leading or trailing spaces. */
const TRIMMED = /^\S(?:[\s\S]*\S)?$/;

/** A YYYY-MM-DD calendar date. */
const DateOnly = (key: string) => (target: object, property: string) => {
  IsCalendarDate(
    says(`${key} phải là một ngày có thật, viết YYYY-MM-DD, từ năm 1900 đến năm 2100`, `${key} must be a calendar date YYYY-MM-DD from 1900 to 2100`),
  )(target, property);
};

export class CreateDirectiveDto {
  @ApiProperty({ example: '202-KL/TW', maxLength: 60, description: 'The number written on it; unique; cannot change later' })
  @Matches(
    DIRECTIVE_NUMBER,
    says(
      '$property phải gồm 1-60 chữ cái, chữ số, . / _ - hoặc khoảng trắng, bắt đầu và kết thúc bằng chữ cái hoặc chữ số',
      '$property must be 1-60 letters, digits or . / _ - and spaces, starting and ending with a letter or digit',
    ),
  )
  number!: string;

  @ApiProperty({ ...apiEnum('DirectiveKind', DIRECTIVE_KINDS) })
  @IsIn(DIRECTIVE_KINDS)
  kind!: DirectiveKind;

  @ApiProperty({ example: 'Bộ Chính trị, Ban Bí thư', maxLength: 300 })
  @IsString()
  @Length(1, 300)
  @Matches(TRIMMED, SAYS.trimmed)
  issuer!: string;

  @ApiProperty({ example: '2025-10-31', format: 'date', description: 'The date it bears; not in the future (Vietnam time)' })
  @DateOnly('issuedOn')
  issuedOn!: string;

  @ApiProperty({ example: 'Kết luận về tình hình, kết quả hoạt động của bộ máy hệ thống chính trị và chính quyền địa phương 2 cấp', maxLength: 1000 })
  @IsString()
  @Length(1, 1000)
  @Matches(TRIMMED, SAYS.trimmed)
  title!: string;

  @ApiPropertyOptional({
    example: '08',
    nullable: true,
    type: String,
    description: 'A provincial decision: the new-era province it belongs to; omitted or null for a national directive',
  })
  @Nullable()
  @Matches(/^\d{2}$/, SAYS.newEraProvinceCode)
  provinceCode?: string | null;

  @ApiPropertyOptional({ format: 'date', nullable: true, type: String, description: 'In force from' })
  @Nullable()
  @DateOnly('validFrom')
  validFrom?: string | null;

  @ApiPropertyOptional({ format: 'date', nullable: true, type: String, description: 'In force until (not before validFrom)' })
  @Nullable()
  @DateOnly('validTo')
  validTo?: string | null;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String, description: 'The directive that replaces this one' })
  @Nullable()
  @IsUUID()
  supersededById?: string | null;
}

/** Every field but the number and the province may change; omitted fields keep their value, null clears an optional one. */
export class UpdateDirectiveDto {
  @ApiPropertyOptional({ ...apiEnum('DirectiveKind', DIRECTIVE_KINDS) }) @Absent() @IsIn(DIRECTIVE_KINDS) kind?: DirectiveKind;

  @ApiPropertyOptional({ maxLength: 300 })
  @Absent()
  @IsString()
  @Length(1, 300)
  @Matches(TRIMMED, SAYS.trimmed)
  issuer?: string;

  @ApiPropertyOptional({ format: 'date', description: 'Not in the future' }) @Absent() @DateOnly('issuedOn') issuedOn?: string;

  @ApiPropertyOptional({ maxLength: 1000 })
  @Absent()
  @IsString()
  @Length(1, 1000)
  @Matches(TRIMMED, SAYS.trimmed)
  title?: string;

  @ApiPropertyOptional({ format: 'date', nullable: true, type: String }) @Nullable() @DateOnly('validFrom') validFrom?: string | null;
  @ApiPropertyOptional({ format: 'date', nullable: true, type: String }) @Nullable() @DateOnly('validTo') validTo?: string | null;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String, description: 'Another existing directive; a national directive only by a national one' })
  @Nullable()
  @IsUUID()
  supersededById?: string | null;
}

export class ListDirectivesQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: '08', description: "That province's directives and the national ones" })
  @IsOptional()
  @Matches(/^\d{2}$/, SAYS.provinceCode)
  province?: string;

  @ApiPropertyOptional({ ...apiEnum('DirectiveKind', DIRECTIVE_KINDS) }) @IsOptional() @IsIn(DIRECTIVE_KINDS) kind?: DirectiveKind;

  @ApiPropertyOptional({ description: 'Number or title; accents and case optional', maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;
}

export class DirectiveIdParams {
  @ApiProperty({ format: 'uuid' }) @IsUUID() id!: string;
}

export class ClauseParams extends DirectiveIdParams {
  @ApiProperty({ format: 'uuid' }) @IsUUID() clauseId!: string;
}

export class ProvinceDeadlineParams extends ClauseParams {
  @ApiProperty({ example: '08', description: 'New-era province code' })
  @Matches(/^\d{2}$/, SAYS.provinceCode)
  province!: string;
}

/** The methods a clause authorises where its text names them (each a method of one of its types); empty = every method of its types. */
const Methods = () => (target: object, key: string) => {
  ApiPropertyOptional({
    ...apiEnum('ActionMethod', ALL_METHODS),
    isArray: true,
    description:
      'Where the clause allows only some methods of its types (a clause that allows transfers does not allow sales): those methods, each a method of one of authorisedActionTypes; an action citing it must use one. Empty (the default): every method of its types',
  })(target, key);
  IsArray()(target, key);
  ArrayUnique(says(`${key} không được lặp lại một hình thức`, `${key} must not repeat a method`))(target, key);
  IsIn(
    ALL_METHODS,
    says(`mỗi giá trị của ${key} phải là một hình thức xử lý: ${ALL_METHODS.join(', ')}`, `each of ${key} must be a method: ${ALL_METHODS.join(', ')}`, {
      each: true,
    }),
  )(target, key);
};

const ActionTypes = () => (target: object, key: string) => {
  ApiPropertyOptional({
    ...apiEnum('ActionType', ACTION_TYPES),
    isArray: true,
    description: 'The action types this clause authorises (an action must cite a clause that authorises its type); default none',
  })(target, key);
  IsArray()(target, key);
  ArrayUnique(says(`${key} không được lặp lại một loại`, `${key} must not repeat a type`))(target, key);
  IsIn(
    ACTION_TYPES,
    says(`mỗi giá trị của ${key} phải là một trong: ${ACTION_TYPES.join(', ')}`, `each of ${key} must be one of: ${ACTION_TYPES.join(', ')}`, { each: true }),
  )(target, key);
};

const PLAN_DEADLINE_DESCRIPTION =
  "The clause's deadline is the date by which every surplus facility must have an approved handling plan (e.g. the Ministry of Finance's 31 December 2025): " +
  "the status report counts a facility still without one after it (or after a province's own earlier deadline) as overdue (overdue:no_plan); default false";

export class CreateClauseDto {
  @ApiProperty({ example: '2.6', maxLength: 60, description: 'Its reference within the directive (`2.6`, `khoản 14 Điều 1`); unique within it' })
  @IsString()
  @Length(1, 60)
  @Matches(TRIMMED, SAYS.trimmed)
  ref!: string;

  @ApiProperty({ example: 'Inventory and records of assets before hand-over', maxLength: 2000 })
  @IsString()
  @Length(1, 2000)
  @Matches(TRIMMED, SAYS.trimmed)
  summary!: string;

  @ApiPropertyOptional({ nullable: true, type: String, maxLength: 50000 })
  @Nullable()
  @IsString()
  @Length(1, 50000)
  fullText?: string | null;

  @ApiPropertyOptional({
    format: 'date',
    nullable: true,
    type: String,
    description: "By when the clause must be carried out (not before the directive's date)",
  })
  @Nullable()
  @DateOnly('deadline')
  deadline?: string | null;

  @Absent()
  @ActionTypes()
  authorisedActionTypes?: ActionType[];

  @Absent()
  @Methods()
  authorisedMethods?: string[];

  @ApiPropertyOptional({ description: PLAN_DEADLINE_DESCRIPTION }) @Absent() @IsBoolean() planDeadline?: boolean;
}

export class UpdateClauseDto {
  @ApiPropertyOptional({ maxLength: 60 })
  @Absent()
  @IsString()
  @Length(1, 60)
  @Matches(TRIMMED, SAYS.trimmed)
  ref?: string;

  @ApiPropertyOptional({ maxLength: 2000 })
  @Absent()
  @IsString()
  @Length(1, 2000)
  @Matches(TRIMMED, SAYS.trimmed)
  summary?: string;

  @ApiPropertyOptional({ nullable: true, type: String, maxLength: 50000 }) @Nullable() @IsString() @Length(1, 50000) fullText?: string | null;

  @ApiPropertyOptional({ format: 'date', nullable: true, type: String, description: "Must stay later than every province's own deadline" })
  @Nullable()
  @DateOnly('deadline')
  deadline?: string | null;

  @Absent()
  @ActionTypes()
  authorisedActionTypes?: ActionType[];

  @Absent()
  @Methods()
  authorisedMethods?: string[];

  @ApiPropertyOptional({ description: PLAN_DEADLINE_DESCRIPTION }) @Absent() @IsBoolean() planDeadline?: boolean;
}

export class SetProvinceDeadlineDto {
  @ApiProperty({ example: '2025-12-01', format: 'date', description: "Earlier than the clause's own deadline, when it has one" })
  @DateOnly('deadline')
  deadline!: string;
}

export class ProvinceDeadlineDto {
  @ApiProperty({ example: '08' }) provinceCode!: string;
  @ApiProperty({ format: 'date' }) deadline!: string;

  static from(r: ProvinceDeadlineRow): ProvinceDeadlineDto {
    return { provinceCode: r.provinceCode, deadline: r.deadline };
  }
}

export class ClauseProvinceDeadlineDto extends ProvinceDeadlineDto {
  @ApiProperty({ format: 'uuid' }) clauseId!: string;
}

export class ClauseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) directiveId!: string;
  @ApiProperty({ example: '202-KL/TW' }) directiveNumber!: string;
  @ApiProperty({ example: '2.6' }) ref!: string;
  @ApiProperty() summary!: string;
  @ApiProperty({ nullable: true, type: String }) fullText!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date' }) deadline!: string | null;
  @ApiProperty({ ...apiEnum('ActionType', ACTION_TYPES), isArray: true }) authorisedActionTypes!: ActionType[];
  @ApiProperty({
    ...apiEnum('ActionMethod', ALL_METHODS),
    isArray: true,
    description: 'The methods it allows where it lists them; empty = every method of its types',
  })
  authorisedMethods!: string[];
  @ApiProperty({ description: PLAN_DEADLINE_DESCRIPTION }) planDeadline!: boolean;
  @ApiProperty({ type: [ProvinceDeadlineDto], description: "Provinces' own earlier deadlines (only your province's when you are scoped to one)" })
  provinceDeadlines!: ProvinceDeadlineDto[];
  @ApiProperty() version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;

  static from(r: ClauseRow): ClauseDto {
    return {
      id: r.id,
      directiveId: r.directive_id,
      directiveNumber: r.directive_number,
      ref: r.ref,
      summary: r.summary,
      fullText: r.full_text,
      deadline: r.deadline,
      authorisedActionTypes: r.authorised_action_types,
      authorisedMethods: r.authorised_methods,
      planDeadline: r.plan_deadline,
      provinceDeadlines: r.province_deadlines.map(ProvinceDeadlineDto.from),
      version: r.version,
      createdAt: r.created_at.toISOString(),
      updatedAt: r.updated_at.toISOString(),
    };
  }
}

export class DirectiveRefDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() number!: string;
  @ApiProperty() title!: string;
}

export class DirectiveDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: '202-KL/TW' }) number!: string;
  @ApiProperty({ ...apiEnum('DirectiveKind', DIRECTIVE_KINDS) }) kind!: DirectiveKind;
  @ApiProperty() issuer!: string;
  @ApiProperty({ format: 'date' }) issuedOn!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ nullable: true, type: String, description: 'The province of a provincial decision; null for a national directive' }) provinceCode!:
    string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date' }) validFrom!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date' }) validTo!: string | null;
  @ApiProperty({ nullable: true, type: DirectiveRefDto }) supersededBy!: DirectiveRefDto | null;
  @ApiProperty() version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;

  static from(r: DirectiveRow): DirectiveDto {
    return {
      id: r.id,
      number: r.number,
      kind: r.kind,
      issuer: r.issuer,
      issuedOn: r.issued_on,
      title: r.title,
      provinceCode: r.province_code,
      validFrom: r.valid_from,
      validTo: r.valid_to,
      supersededBy: r.superseded_by_id ? { id: r.superseded_by_id, number: r.superseded_by_number!, title: r.superseded_by_title! } : null,
      version: r.version,
      createdAt: r.created_at.toISOString(),
      updatedAt: r.updated_at.toISOString(),
    };
  }
}

export class DirectiveDetailDto extends DirectiveDto {
  @ApiProperty({ type: [ClauseDto], description: 'All its clauses, by ref' }) clauses!: ClauseDto[];

  static withClauses(r: DirectiveRow, clauses: ClauseRow[]): DirectiveDetailDto {
    return { ...DirectiveDto.from(r), clauses: clauses.map(ClauseDto.from) };
  }
}

export class DirectivePageDto {
  @ApiProperty({ type: [DirectiveDto] }) items!: DirectiveDto[];
  @ApiProperty({ type: PageInfoDto }) page!: PageInfoDto;
}

export class ClausePageDto {
  @ApiProperty({ type: [ClauseDto] }) items!: ClauseDto[];
  @ApiProperty({ type: PageInfoDto }) page!: PageInfoDto;
}
