import type { Era, Level } from '../schema/vocabulary';

/** A joined admin_unit's summary, as the columns unitSummaryColumns() selects. */
export interface UnitSummaryColumns {
  unit_era: Era;
  unit_level: Level;
  unit_code: string;
  unit_name: string;
  unit_kind: string;
  unit_province_code: string;
}

/** The SELECT list of a joined admin_unit (alias `alias`) as UnitSummaryColumns, for rows that show their unit (UnitSummaryDto.fromColumns). */
export const unitSummaryColumns = (alias: string): string =>
  `${alias}.era AS unit_era, ${alias}.level AS unit_level, ${alias}.code AS unit_code, ${alias}.name AS unit_name, ${alias}.kind AS unit_kind, ${alias}.province_code AS unit_province_code`;
