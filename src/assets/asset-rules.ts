/**
 * The rules an asset's values must keep, as pure functions shared by the API and the spreadsheet
 * import (no NestJS, no database).
 */
import type { Localized } from '../common/localized';

/** A broken rule of a field, in each language. */
export interface CrossFieldError {
  field: string;
  message: Localized;
}

/** Vietnam's bounding box, islands included (Trường Sa reaches about 6.5° N and 117.8° E). */
export const VN_BOUNDS = { minLat: 6, maxLat: 23.5, minLon: 102, maxLon: 118 } as const;
export const MIN_YEAR_BUILT = 1800;

export const ASSET_CODE = /^[A-Za-z0-9._\/-]{2,40}$/;

export const inVietnam = (lat: number, lon: number): boolean =>
  lat >= VN_BOUNDS.minLat && lat <= VN_BOUNDS.maxLat && lon >= VN_BOUNDS.minLon && lon <= VN_BOUNDS.maxLon;

export interface CrossFieldInput {
  latitude?: number | null;
  longitude?: number | null;
  yearBuilt?: number | null;
  originalCost?: number | null;
  remainingValue?: number | null;
}

/** Rules that involve more than one field or today's date. */
export function crossFieldErrors(input: CrossFieldInput, currentYear: number): CrossFieldError[] {
  const errors: CrossFieldError[] = [];
  const hasLat = input.latitude !== undefined && input.latitude !== null;
  const hasLon = input.longitude !== undefined && input.longitude !== null;
  if (hasLat !== hasLon)
    errors.push({ field: hasLat ? 'longitude' : 'latitude', message: { vi: 'vĩ độ và kinh độ phải có cùng nhau', en: 'latitude and longitude go together' } });
  else if (hasLat && hasLon && !inVietnam(input.latitude!, input.longitude!)) {
    const point = `(${input.latitude}, ${input.longitude})`;
    errors.push({ field: 'latitude', message: { vi: `điểm ${point} nằm ngoài lãnh thổ Việt Nam`, en: `the point ${point} is outside Vietnam` } });
  }
  if (input.yearBuilt !== undefined && input.yearBuilt !== null && (input.yearBuilt > currentYear || input.yearBuilt < MIN_YEAR_BUILT)) {
    errors.push({
      field: 'yearBuilt',
      message: { vi: `phải từ ${MIN_YEAR_BUILT} đến ${currentYear}`, en: `must be from ${MIN_YEAR_BUILT} to ${currentYear}` },
    });
  }
  if (input.originalCost != null && input.remainingValue != null && input.remainingValue > input.originalCost) {
    errors.push({ field: 'remainingValue', message: { vi: 'không được lớn hơn nguyên giá', en: 'cannot exceed the original cost' } });
  }
  return errors;
}
