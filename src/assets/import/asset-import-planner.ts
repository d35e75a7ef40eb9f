/**
 * What one parsed row does to the inventory, given what the database holds: the references it names
 * (units, agency, land-use category), the caller's province scope and the asset already stored under
 * its code. Pure: the lookups are answered from maps the service filled in bulk.
 */
import type { AgencyRow } from '../../agencies/agencies.repository';
import type { AuthUser } from '../../common/auth-user';
import type { Localized } from '../../common/localized';
import { changedFields } from '../../events/events.repository';
import type { Era, Level } from '../../schema/vocabulary';
import { auditOf } from '../asset.mapper';
import { crossFieldErrors } from '../asset-rules';
import type { AssetRow } from '../assets.repository';
import type { ImportColumnKey } from './asset-columns';
import type { ImportRowError, ParsedAssetRow } from './asset-row-parser';
import { IMPORT_MESSAGES as M } from './import-messages';

export interface UnitRef {
  id: number;
  era: Era;
  level: Level;
  code: string;
  province_code: string;
}

/** Answers from the batch's bulk lookups; null when the database has no such thing. */
export interface ImportLookups {
  unit(era: Era, level: Level, code: string): UnitRef | null;
  /** An agency by code, within the caller's scope. */
  agency(code: string): AgencyRow | null;
  landUseCategoryExists(code: string): boolean;
  /** The asset stored under a code, whatever its province. */
  existing(code: string): AssetRow | null;
}

/** An asset's stored state after the row, with the codes the audit snapshot names. */
export type ImportedAsset = Pick<
  AssetRow,
  | 'code'
  | 'name'
  | 'category'
  | 'status'
  | 'current_unit_id'
  | 'province_code'
  | 'origin_unit_id'
  | 'custodian_id'
  | 'address'
  | 'latitude'
  | 'longitude'
  | 'land_area'
  | 'floor_area'
  | 'year_built'
  | 'original_cost'
  | 'remaining_value'
  | 'land_certificate_no'
  | 'land_use_category'
  | 'condition'
  | 'notes'
  | 'surplus_since'
  | 'surplus_reason'
  | 'surplus_basis'
  | 'cu_level'
  | 'cu_code'
  | 'ou_level'
  | 'ou_code'
  | 'custodian_code'
>;

export interface Diff {
  before: Record<string, unknown>;
  after: Record<string, unknown>;
}

export interface PlannedWrite {
  /** The stored id (updates; creates get theirs when inserted). */
  id: string | null;
  /** Updates: the version the row was read at, checked when writing. */
  version: number;
  /** How many versions the write adds: one per event after `created`. */
  bump: number;
  asset: ImportedAsset;
  /** The `updated` event's changed fields (null: only the surplus declaration, or a create). */
  updated: Diff | null;
  /** The `surplus-declared` event's changed fields. */
  surplus: Diff | null;
}

export type RowPlan = { kind: 'create' | 'update'; write: PlannedWrite } | { kind: 'unchanged' } | { kind: 'rejected'; errors: ImportRowError[] };

/** The audit snapshot of an imported state: auditOf reads only the fields ImportedAsset keeps. */
export const auditOfImported = (a: ImportedAsset): Record<string, unknown> => auditOf(a as AssetRow);

/** The state an asset had before its surplus declaration (what the `created` event records). */
export const beforeDeclaration = (a: ImportedAsset): ImportedAsset => ({
  ...a,
  status: 'in_use',
  surplus_since: null,
  surplus_reason: null,
  surplus_basis: null,
});

const OLD_LEVEL: Record<number, Level> = { 2: 'province', 3: 'district', 5: 'commune' };
const nonEmpty = (d: Diff): Diff | null => (Object.keys(d.after).length ? d : null);
const keep = <T>(given: T | undefined, stored: T): T => (given === undefined ? stored : given);

/** Decides one row: the errors that reject it, or what to write and which events to record. */
export function planRow(
  row: ParsedAssetRow,
  user: AuthUser,
  lookups: ImportLookups,
  columnName: (key: ImportColumnKey) => string,
  currentYear: number,
): RowPlan {
  const errors: ImportRowError[] = [];
  const err = (key: ImportColumnKey, message: Localized) => errors.push({ line: row.line, field: columnName(key), message });
  const scope = user.role === 'admin' ? null : user.provinceCode;

  const level: Level = row.currentUnit.length === 5 ? 'commune' : 'province';
  const unit = lookups.unit('new', level, row.currentUnit);
  const existing = lookups.existing(row.code);
  if (!unit) err('current_unit', M.noNewUnit(level, row.currentUnit));
  else if (scope !== null && unit.province_code !== scope) err('current_unit', M.unitOutside(row.currentUnit, unit.province_code));
  if (existing && scope !== null && existing.province_code !== scope) err('code', M.assetOutside(row.code, scope));
  if (errors.length) return { kind: 'rejected', errors };

  let origin: UnitRef | null = null;
  if (row.originUnit) {
    const oldLevel = OLD_LEVEL[row.originUnit.length];
    origin = lookups.unit('old', oldLevel, row.originUnit);
    if (!origin) err('origin_unit', M.noOldUnit(oldLevel, row.originUnit));
  }
  const agency = lookups.agency(row.custodianCode);
  if (!agency) err('custodian_code', M.noAgency(row.custodianCode));
  else if (agency.province_code !== unit!.province_code) err('custodian_code', M.agencyElsewhere(agency.code, agency.province_code, unit!.province_code));
  else if (agency.status !== 'active' && agency.id !== existing?.custodian_id) {
    err('custodian_code', M.agencyDissolved(agency.code, String(agency.dissolved_on), agency.successor_code));
  }
  if (row.landUseCategory && !lookups.landUseCategoryExists(row.landUseCategory)) err('land_use_category', M.noLandUse(row.landUseCategory));
  if (errors.length) return { kind: 'rejected', errors };

  const asset: ImportedAsset = {
    code: row.code,
    name: row.name,
    category: row.category,
    status: existing?.status ?? 'in_use',
    current_unit_id: unit!.id,
    province_code: unit!.province_code,
    cu_level: unit!.level as ImportedAsset['cu_level'],
    cu_code: unit!.code,
    origin_unit_id: row.originUnit === undefined ? (existing?.origin_unit_id ?? null) : (origin?.id ?? null),
    ou_level: row.originUnit === undefined ? (existing?.ou_level ?? null) : (origin?.level ?? null),
    ou_code: row.originUnit === undefined ? (existing?.ou_code ?? null) : (origin?.code ?? null),
    custodian_id: agency!.id,
    custodian_code: agency!.code,
    address: keep(row.address, existing?.address ?? null),
    latitude: keep(row.latitude, existing?.latitude ?? null),
    longitude: keep(row.longitude, existing?.longitude ?? null),
    land_area: keep(row.landArea, existing?.land_area ?? null),
    floor_area: keep(row.floorArea, existing?.floor_area ?? null),
    year_built: keep(row.yearBuilt, existing?.year_built ?? null),
    original_cost: keep(row.originalCost, existing?.original_cost ?? null),
    remaining_value: keep(row.remainingValue, existing?.remaining_value ?? null),
    land_certificate_no: keep(row.landCertificateNo, existing?.land_certificate_no ?? null),
    land_use_category: keep(row.landUseCategory, existing?.land_use_category ?? null),
    condition: keep(row.condition, existing?.condition ?? null),
    notes: keep(row.notes, existing?.notes ?? null),
    surplus_since: existing?.surplus_since ?? null,
    surplus_reason: existing?.surplus_reason ?? null,
    surplus_basis: existing?.surplus_basis ?? null,
  };
  // A file with only one of the two money columns is checked against the stored other one.
  if ((row.originalCost === undefined) !== (row.remainingValue === undefined) && asset.original_cost !== null && asset.remaining_value !== null) {
    if (crossFieldErrors({ originalCost: Number(asset.original_cost), remainingValue: Number(asset.remaining_value) }, currentYear).length) {
      if (row.originalCost === undefined) err('remaining_value', M.aboveStoredCost(asset.original_cost));
      else err('original_cost', M.belowStoredRemaining(asset.remaining_value));
    }
  }
  // surplus_since declares an in-use asset surplus; an asset whose status has moved on keeps it.
  let declare = false;
  if (row.surplusSince) {
    if (asset.status === 'in_use') declare = true;
    else if (asset.status === 'surplus' && asset.surplus_since !== row.surplusSince) {
      err('surplus_since', M.alreadySurplus(String(asset.surplus_since)));
    }
  }
  if (errors.length) return { kind: 'rejected', errors };

  const described = auditOfImported(asset);
  const updated = existing ? nonEmpty(changedFields(auditOf(existing), described)) : null;
  let surplus: Diff | null = null;
  let final = asset;
  if (declare) {
    final = { ...asset, status: 'surplus', surplus_since: row.surplusSince!, surplus_reason: row.surplusReason!, surplus_basis: null };
    surplus = changedFields(described, auditOfImported(final));
  }
  if (existing && !updated && !surplus) return { kind: 'unchanged' };
  const bump = (updated ? 1 : 0) + (surplus ? 1 : 0);
  return { kind: existing ? 'update' : 'create', write: { id: existing?.id ?? null, version: existing?.version ?? 0, bump, asset: final, updated, surplus } };
}
