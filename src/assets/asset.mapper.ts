import { daysBetween, todayInVietnam } from '../common/dates';
import { AssetDto } from './assets.dto';
import type { AssetRow } from './assets.repository';

const num = (v: string | null): number | null => (v === null ? null : Number(v));

/** The API's view of an asset: explicit, never the entity. */
export function toAssetDto(r: AssetRow): AssetDto {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    category: r.category,
    status: r.status,
    provinceCode: r.province_code,
    currentUnit: { era: r.cu_era, level: r.cu_level, code: r.cu_code, name: r.cu_name, kind: r.cu_kind, provinceCode: r.cu_province_code },
    originUnit: r.ou_code
      ? { era: r.ou_era!, level: r.ou_level!, code: r.ou_code, name: r.ou_name!, kind: r.ou_kind!, provinceCode: r.ou_province_code! }
      : null,
    custodian: { id: r.custodian_id, code: r.custodian_code, name: r.custodian_name, status: r.custodian_status },
    address: r.address,
    latitude: r.latitude,
    longitude: r.longitude,
    landArea: r.land_area,
    floorArea: r.floor_area,
    yearBuilt: r.year_built,
    originalCost: num(r.original_cost),
    remainingValue: num(r.remaining_value),
    landCertificateNo: r.land_certificate_no,
    landUseCategory: r.land_use_category,
    condition: r.condition,
    surplus: r.surplus_since ? { since: r.surplus_since, reason: r.surplus_reason ?? '', basis: r.surplus_basis } : null,
    notes: r.notes,
    ...(r.od_kind !== undefined
      ? {
          overdue: r.od_action_id
            ? { actionId: r.od_action_id, kind: r.od_kind!, deadline: r.od_deadline!, daysOverdue: daysBetween(r.od_deadline!, todayInVietnam()) }
            : null,
        }
      : {}),
    version: r.version,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

/** What the event log records of an asset: business fields by code, no internal ids. */
export function auditOf(r: AssetRow): Record<string, unknown> {
  return {
    code: r.code,
    name: r.name,
    category: r.category,
    status: r.status,
    currentUnit: `new/${r.cu_level}/${r.cu_code}`,
    originUnit: r.ou_code ? `old/${r.ou_level}/${r.ou_code}` : null,
    custodian: r.custodian_code,
    address: r.address,
    latitude: r.latitude,
    longitude: r.longitude,
    landArea: r.land_area,
    floorArea: r.floor_area,
    yearBuilt: r.year_built,
    originalCost: r.original_cost,
    remainingValue: r.remaining_value,
    landCertificateNo: r.land_certificate_no,
    landUseCategory: r.land_use_category,
    condition: r.condition,
    surplusSince: r.surplus_since,
    surplusReason: r.surplus_reason,
    surplusBasis: r.surplus_basis,
    notes: r.notes,
  };
}
