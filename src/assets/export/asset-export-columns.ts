import type { Lang } from '../../common/language';
import { ASSET_CATEGORY_LABELS, ASSET_CONDITION_LABELS, ASSET_STATUS_LABELS } from '../../schema/labels';
import type { AssetRow } from '../assets.repository';

type Kind = 'text' | 'vnd' | 'area' | 'coordinate' | 'integer';

export interface ExportColumn {
  key: string;
  vi: string;
  en: string;
  kind: Kind;
  /** The cell: a coded value as its label in the export's language. */
  value: (r: AssetRow, lang: Lang) => string | number | null;
}

/**
 * The columns of an asset export. The first keys are those the spreadsheet import reads, so an
 * export can be edited and imported back; the rest (names, status, version) are for reading. Coded
 * values (category, condition, status) are written as their labels in the export's language
 * (src/schema/labels.ts), which the import reads back as it reads the codes.
 */
export const EXPORT_COLUMNS: ExportColumn[] = [
  { key: 'code', vi: 'Mã tài sản', en: 'Code', kind: 'text', value: (r) => r.code },
  { key: 'name', vi: 'Tên tài sản', en: 'Name', kind: 'text', value: (r) => r.name },
  { key: 'category', vi: 'Loại tài sản', en: 'Category', kind: 'text', value: (r, lang) => ASSET_CATEGORY_LABELS[r.category][lang] },
  { key: 'current_unit', vi: 'Mã đơn vị hành chính hiện tại', en: 'Current unit code', kind: 'text', value: (r) => r.cu_code },
  { key: 'origin_unit', vi: 'Mã đơn vị hành chính cũ', en: 'Origin unit code', kind: 'text', value: (r) => r.ou_code },
  { key: 'custodian_code', vi: 'Mã đơn vị quản lý', en: 'Custodian code', kind: 'text', value: (r) => r.custodian_code },
  { key: 'address', vi: 'Địa chỉ', en: 'Address', kind: 'text', value: (r) => r.address },
  { key: 'latitude', vi: 'Vĩ độ', en: 'Latitude', kind: 'coordinate', value: (r) => r.latitude },
  { key: 'longitude', vi: 'Kinh độ', en: 'Longitude', kind: 'coordinate', value: (r) => r.longitude },
  { key: 'land_area', vi: 'Diện tích đất (m²)', en: 'Land area (m²)', kind: 'area', value: (r) => r.land_area },
  { key: 'floor_area', vi: 'Diện tích sàn (m²)', en: 'Floor area (m²)', kind: 'area', value: (r) => r.floor_area },
  { key: 'year_built', vi: 'Năm xây dựng', en: 'Year built', kind: 'integer', value: (r) => r.year_built },
  { key: 'original_cost', vi: 'Nguyên giá (VND)', en: 'Original cost (VND)', kind: 'vnd', value: (r) => r.original_cost },
  { key: 'remaining_value', vi: 'Giá trị còn lại (VND)', en: 'Remaining value (VND)', kind: 'vnd', value: (r) => r.remaining_value },
  { key: 'land_certificate_no', vi: 'Số giấy chứng nhận QSDĐ', en: 'Land-use right certificate no.', kind: 'text', value: (r) => r.land_certificate_no },
  { key: 'land_use_category', vi: 'Loại đất', en: 'Land-use category', kind: 'text', value: (r) => r.land_use_category },
  {
    key: 'condition',
    vi: 'Tình trạng',
    en: 'Condition',
    kind: 'text',
    value: (r, lang) => (r.condition === null ? null : ASSET_CONDITION_LABELS[r.condition][lang]),
  },
  { key: 'notes', vi: 'Ghi chú', en: 'Notes', kind: 'text', value: (r) => r.notes },
  { key: 'surplus_since', vi: 'Ngày dôi dư', en: 'Surplus since', kind: 'text', value: (r) => r.surplus_since },
  { key: 'surplus_reason', vi: 'Lý do dôi dư', en: 'Surplus reason', kind: 'text', value: (r) => r.surplus_reason },
  { key: 'status', vi: 'Trạng thái', en: 'Status', kind: 'text', value: (r, lang) => ASSET_STATUS_LABELS[r.status][lang] },
  { key: 'province', vi: 'Tỉnh, thành phố', en: 'Province', kind: 'text', value: (r) => r.province_code },
  { key: 'current_unit_name', vi: 'Đơn vị hành chính hiện tại', en: 'Current unit', kind: 'text', value: (r) => r.cu_name },
  { key: 'origin_unit_name', vi: 'Đơn vị hành chính cũ', en: 'Origin unit', kind: 'text', value: (r) => r.ou_name },
  { key: 'custodian_name', vi: 'Đơn vị quản lý', en: 'Custodian', kind: 'text', value: (r) => r.custodian_name },
  { key: 'version', vi: 'Phiên bản', en: 'Version', kind: 'integer', value: (r) => r.version },
];

export const headerOf = (c: ExportColumn, lang: Lang): string => (lang === 'vi' ? c.vi : c.en);
