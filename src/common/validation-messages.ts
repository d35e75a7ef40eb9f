/**
 * What a failed class-validator constraint says, in Vietnamese beside class-validator's own English.
 * Each constraint the DTOs use has a Vietnamese template here, filled from the constraint's own
 * arguments (the IsIn list, the Min bound, the Length range…); a DTO's own message (`says(vi, en)`
 * in dto.ts) brings its Vietnamese with it. The field name stays as it is in both languages.
 */
import type { Localized } from './localized';

/** What the message needs of a constraint's metadata (class-validator's ValidationMetadata). */
export interface ConstraintMeta {
  constraints?: readonly unknown[];
  each?: boolean;
  context?: unknown;
}

/** A constraint's arguments as its message shows them: a list joined with commas, a pattern as written. */
const shown = (c: unknown): string => (Array.isArray(c) ? c.join(', ') : String(c));

type Template = (c: readonly unknown[]) => string;

/** `$property` is the field (or "mỗi giá trị trong <field>" for a rule on each element). */
const VI: Readonly<Record<string, Template>> = {
  // Types
  isString: () => '$property phải là chuỗi ký tự',
  isInt: () => '$property phải là số nguyên',
  isNumber: () => '$property phải là số',
  isBoolean: () => '$property phải là true hoặc false',
  isArray: () => '$property phải là một mảng',
  isObject: () => '$property phải là một đối tượng',
  isUuid: () => '$property phải là một UUID',
  isDefined: () => '$property không được để trống (null hoặc thiếu)',
  isNotEmpty: () => '$property không được để trống',
  // Values
  isIn: (c) => `$property phải là một trong các giá trị: ${shown(c[0])}`,
  isNotIn: (c) => `$property không được là một trong các giá trị: ${shown(c[0])}`,
  isEnum: (c) => `$property phải là một trong các giá trị: ${shown(c[1] ?? Object.values(c[0] as object))}`,
  min: (c) => `$property không được nhỏ hơn ${shown(c[0])}`,
  max: (c) => `$property không được lớn hơn ${shown(c[0])}`,
  isPositive: () => '$property phải là số dương',
  equals: (c) => `$property phải bằng ${shown(c[0])}`,
  // Text
  isLength: (c) => (c[1] === undefined ? `$property phải dài ít nhất ${shown(c[0])} ký tự` : `$property phải dài từ ${shown(c[0])} đến ${shown(c[1])} ký tự`),
  minLength: (c) => `$property phải dài ít nhất ${shown(c[0])} ký tự`,
  maxLength: (c) => `$property không được dài quá ${shown(c[0])} ký tự`,
  matches: (c) => `$property không đúng định dạng (mẫu ${shown(c[0])})`,
  // Lists
  arrayMinSize: (c) => `$property phải có ít nhất ${shown(c[0])} phần tử`,
  arrayMaxSize: (c) => `$property không được có quá ${shown(c[0])} phần tử`,
  arrayNotEmpty: () => '$property không được là mảng rỗng',
  arrayUnique: () => 'các phần tử của $property không được trùng nhau',
  // The API's own (src/common/dto.ts)
  isCalendarDate: () => '$property phải là một ngày có thật, viết YYYY-MM-DD, từ năm 1900 đến năm 2100',
  isInstant: () => '$property phải là một thời điểm ISO 8601 có múi giờ (ví dụ 2025-07-01T00:00:00+07:00), từ năm 1900 đến năm 2100',
  isDecimalNumber: (c) => `$property phải là số có tối đa ${shown(c[0])} chữ số thập phân`,
  // The pipe's own checks (whitelist, nested objects, an unknown value)
  whitelistValidation: () => 'không được gửi trường $property',
  nestedValidation: () => '$property phải là một đối tượng hoặc một mảng',
  unknownValue: () => 'giá trị không xác định được đưa vào kiểm tra',
};

/** The constraints with a Vietnamese template (the unit test checks every one the DTOs use has one). */
export const CONSTRAINTS_IN_VIETNAMESE: readonly string[] = Object.keys(VI);

/**
 * The message of constraint `name` on `property`, in each language: `en` as class-validator wrote it,
 * Vietnamese from the DTO's own (its context.vi) or from the constraint's template with its
 * arguments; a constraint with neither says only that the field is not valid (the unit test keeps
 * every constraint the DTOs use in the table).
 */
export function constraintMessage(name: string, property: string, en: string, meta?: ConstraintMeta): Localized {
  const own: unknown = (meta?.context as { vi?: unknown } | undefined)?.vi;
  const template = typeof own === 'string' ? own : VI[name]?.(meta?.constraints ?? []);
  const subject = meta?.each ? `mỗi giá trị trong ${property}` : property;
  if (template === undefined) return { vi: `${subject} không hợp lệ`, en };
  const constraints = meta?.constraints ?? [];
  const vi = template.replace(/\$constraint(\d+)/g, (_, n: string) => shown(constraints[Number(n) - 1])).replace(/\$property/g, subject);
  return { vi, en };
}
