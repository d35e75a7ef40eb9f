import { Transform } from 'class-transformer';
import { IsOptional, ValidateIf } from 'class-validator';

/** A calendar date as the API writes it (the calendar check itself is isCalendarDate in dates.ts). */
export const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** Optional and nullable: omitted keeps the value, null clears it; anything else is validated. */
export const Nullable = () => (target: object, key: string) => {
  ValidateIf((o: Record<string, unknown>) => o[key] !== null)(target, key);
  IsOptional()(target, key);
};

/** A query-string boolean: `true`/`false` become booleans; anything else is left for @IsBoolean to refuse. */
export const BooleanQuery = () => Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value));
