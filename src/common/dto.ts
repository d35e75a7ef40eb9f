import { Transform } from 'class-transformer';
import { IsOptional, ValidateBy, type ValidationOptions, ValidateIf } from 'class-validator';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';
import { isCalendarDate, isInstant, MAX_YEAR, MIN_YEAR } from './dates';
import { MAX_AREA, MAX_VND } from './quantities';

/**
 * A DTO's own validation message, in Vietnamese and English: `$property` (the field, kept as it is)
 * and `$constraint1`… are filled in both (class-validator fills the English; validation-messages.ts
 * reads the Vietnamese from the context). A constraint without its own message gets the template of
 * validation-messages.ts.
 */
export const says = (vi: string, en: string, options: ValidationOptions = {}): ValidationOptions => ({ ...options, message: en, context: { vi } });

/** The DTOs' own messages that several fields share. */
export const SAYS = {
  provinceCode: says('$property phải là mã tỉnh gồm 2 chữ số', '$property must be a 2-digit code'),
  provinceCodeOfProvince: says('$property phải là mã tỉnh gồm 2 chữ số', '$property must be a 2-digit province code'),
  newEraProvinceCode: says('$property phải là mã tỉnh (sau sắp xếp) gồm 2 chữ số', '$property must be a 2-digit new-era province code'),
  trimmed: says('$property không được bắt đầu hoặc kết thúc bằng khoảng trắng', '$property must not start or end with spaces'),
  nationalCode: says('$property phải gồm 2-40 chữ cái, chữ số hoặc . _ / -', '$property must be 2-40 letters, digits or . _ / -'),
  unitCode: says('$property phải gồm 2 đến 5 chữ số', '$property must be 2 to 5 digits'),
  totpCode: says('$property phải là 6 chữ số mà ứng dụng xác thực đang hiển thị', '$property must be the 6 digits the authenticator app shows'),
  categoryCode: (example: string) => says(`$property phải là mã loại đất, ví dụ ${example}`, `$property must be a category code such as ${example}`),
} as const;

/** A calendar date as the API writes it (the calendar check itself is isCalendarDate in dates.ts). */
export const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** Optional and nullable: omitted keeps the value, null clears it; anything else is validated. */
export const Nullable = () => (target: object, key: string) => {
  ValidateIf((o: Record<string, unknown>) => o[key] !== null)(target, key);
  IsOptional()(target, key);
};

/** Optional but never null: omitted keeps the value, null is refused. */
export const Absent = () => (target: object, key: string) => {
  ValidateIf((o: Record<string, unknown>) => o[key] !== undefined)(target, key);
};

/** A query-string boolean: `true`/`false` become booleans; anything else is left for @IsBoolean to refuse. */
export const BooleanQuery = () => Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value));

/**
 * The one date rule of every DTO: a real calendar day written YYYY-MM-DD, from MIN_YEAR to MAX_YEAR
 * (isCalendarDate). `2025-02-30`, `0000-01-01` and `9999-12-31` are refused by validation, never by SQL.
 */
export const IsCalendarDate = (options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'isCalendarDate',
      validator: {
        validate: (v: unknown) => typeof v === 'string' && isCalendarDate(v),
        defaultMessage: (args) => `${args?.property} must be a calendar date YYYY-MM-DD from ${MIN_YEAR} to ${MAX_YEAR}`,
      },
    },
    options,
  );

/** An ISO 8601 instant with its offset (`2025-07-01T00:00:00+07:00`), its date as IsCalendarDate's. */
export const IsInstant = (options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'isInstant',
      validator: {
        validate: (v: unknown) => typeof v === 'string' && isInstant(v),
        defaultMessage: (args) =>
          `${args?.property} must be an ISO 8601 date-time with its offset (e.g. 2025-07-01T00:00:00+07:00), from ${MIN_YEAR} to ${MAX_YEAR}`,
      },
    },
    options,
  );

/**
 * The decimal places a number is written with in its shortest form (what JSON carries): 1.25 → 2,
 * 1e-7 → 7, 1.5e-10 → 11, 1e21 → 0. Exact for exponent notation, where class-validator's
 * maxDecimalPlaces crashed.
 */
export function decimalPlaces(v: number): number {
  if (!Number.isFinite(v)) return Infinity;
  const m = /^-?\d+(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(v));
  if (!m) return Infinity;
  return Math.max(0, (m[1]?.length ?? 0) - Number(m[2] ?? 0));
}

/** A finite JSON number with at most `places` decimals (exponent notation read correctly). */
export const IsDecimalNumber = (places: number, options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'isDecimalNumber',
      constraints: [places],
      validator: {
        validate: (v: unknown) => typeof v === 'number' && Number.isFinite(v) && decimalPlaces(v) <= places,
        defaultMessage: (args) => `${args?.property} must be a number with at most ${places} decimals`,
      },
    },
    options,
  );

/**
 * An integer query parameter: only plain decimal digits (no sign, exponent, hex, spaces or
 * fraction: `1e21`, `0x10`, `1.0`, ` 1` stay strings and are refused by IsInt) within `Number.MAX_SAFE_INTEGER`.
 * Use with @IsInt() and the parameter's own @Min/@Max.
 */
export const IntegerQuery = () =>
  Transform(({ value }: { value: unknown }) => {
    if (typeof value !== 'string' || !/^\d{1,16}$/.test(value)) return value;
    const n = Number(value);
    return Number.isSafeInteger(n) ? n : value;
  });

/** An optional, nullable sum of money in a body: a whole number of VND, ≥ 0 (src/common/quantities.ts). */
export const VndField = (description: string) => (target: object, key: string) => {
  ApiPropertyOptional({ description: `${description} (integer VND, ≥ 0)`, minimum: 0, maximum: MAX_VND, nullable: true, type: 'integer' })(target, key);
  Nullable()(target, key);
  IsInt(says('$property phải là số nguyên đồng (VND)', '$property must be a whole number of VND'))(target, key);
  Min(0)(target, key);
  Max(MAX_VND)(target, key);
};

/** An optional, nullable area in a body: m², ≥ 0, at most 2 decimals (src/common/quantities.ts). */
export const AreaField = (description: string) => (target: object, key: string) => {
  ApiPropertyOptional({ description: `${description} (m², ≥ 0, at most 2 decimals)`, minimum: 0, maximum: MAX_AREA, nullable: true, type: Number })(
    target,
    key,
  );
  Nullable()(target, key);
  IsDecimalNumber(2)(target, key);
  Min(0)(target, key);
  Max(MAX_AREA)(target, key);
};
