import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { UnitFiles } from '../../src/units/units-import';

/** The real dataset beside the repository, when present (never copied into it). */
export const REAL_UNITS_DIR = join(__dirname, '..', '..', '..', 'shared', 'data', 'vn-admin-2025');
export const hasRealUnits = (): boolean => existsSync(join(REAL_UNITS_DIR, 'units.csv'));
export const readRealUnits = (): UnitFiles => ({
  'units.csv': readFileSync(join(REAL_UNITS_DIR, 'units.csv')),
  'lineage.csv': readFileSync(join(REAL_UNITS_DIR, 'lineage.csv')),
  'clauses.csv': readFileSync(join(REAL_UNITS_DIR, 'clauses.csv')),
});

export { SMALL_UNITS, builtInUnitFiles as smallUnitFiles } from '../../src/demo/demo-units';
