import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { isCalendarDate } from './dates';
import { IntegerQuery } from './dto';
import { DomainError } from './errors';

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 200;

/** Query parameters shared by every cursor-paginated list. */
export class PageQueryDto {
  @ApiPropertyOptional({
    description: `Page size (default ${DEFAULT_LIMIT}, at most ${MAX_LIMIT}; larger is an error, not cut)`,
    minimum: 1,
    maximum: MAX_LIMIT,
    default: DEFAULT_LIMIT,
  })
  @IsOptional()
  @IntegerQuery()
  @IsInt()
  @Min(1)
  @Max(MAX_LIMIT)
  limit?: number;

  @ApiPropertyOptional({ description: "Opaque cursor from the previous page's `nextCursor`", maxLength: 1000 })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  cursor?: string;
}

export class PageInfoDto {
  @ApiProperty({ nullable: true, type: String, description: 'Pass as `cursor` to get the next page; null on the last page' })
  nextCursor!: string | null;
  @ApiProperty()
  limit!: number;
}

export interface Page<T> {
  items: T[];
  page: { nextCursor: string | null; limit: number };
}

export type CursorKey = (string | number)[];

export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

/**
 * What each part of a cursor key must be. Typed parts are checked here, so a forged or foreign
 * cursor is a 400 and never reaches SQL as a value PostgreSQL refuses to cast (a 500).
 */
export type CursorPart = 'string' | 'number' | 'integer' | 'uuid' | 'timestamp' | 'date';
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The microsecond UTC keys the lists order by (to_char(... 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')). */
const TIMESTAMP_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;
const PART_CHECKS: Record<CursorPart, (v: unknown) => boolean> = {
  string: (v) => typeof v === 'string',
  number: (v) => typeof v === 'number' && Number.isFinite(v),
  integer: (v) => Number.isSafeInteger(v),
  uuid: (v) => typeof v === 'string' && UUID_RE.test(v),
  timestamp: (v) =>
    typeof v === 'string' &&
    TIMESTAMP_RE.test(v) &&
    isCalendarDate(v.slice(0, 10)) &&
    Number(v.slice(11, 13)) < 24 &&
    Number(v.slice(14, 16)) < 60 &&
    Number(v.slice(17, 19)) < 60,
  date: (v) => typeof v === 'string' && isCalendarDate(v),
};

/** Decodes a cursor whose key has the given shape; anything else is a 400. */
export function decodeCursor(cursor: string | undefined, shape: CursorPart[]): CursorKey | undefined {
  if (cursor === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  if (!Array.isArray(parsed) || parsed.length !== shape.length || parsed.some((v, i) => !PART_CHECKS[shape[i]](v))) {
    throw new DomainError(
      'invalid-cursor',
      {
        vi: 'Con trỏ phân trang sai cấu trúc hoặc thuộc danh sách khác; hãy bắt đầu lại mà không dùng nó',
        en: 'The cursor is malformed or belongs to another list; start again without it',
      },
      { errors: [{ field: 'cursor', message: { vi: 'con trỏ sai cấu trúc', en: 'malformed cursor' } }] },
    );
  }
  return parsed as CursorKey;
}

/** Rows are fetched with limit + 1 to know whether another page exists. */
export function toPage<R, T>(rows: R[], limit: number, keyOf: (row: R) => CursorKey, map: (row: R) => T): Page<T> {
  const more = rows.length > limit;
  const pageRows = more ? rows.slice(0, limit) : rows;
  return {
    items: pageRows.map(map),
    page: { nextCursor: more ? encodeCursor(keyOf(pageRows[pageRows.length - 1])) : null, limit },
  };
}
