/**
 * The columns of the asset spreadsheet import: English key, Vietnamese header, whether required,
 * and the format as the template's guide sheet explains it. Pure data and header matching.
 */
import type { Lang } from '../../common/language';
import { LABELLED_VOCABULARIES, type LabelledVocabulary } from '../../schema/labels';
import { EXPORT_COLUMNS } from '../export/asset-export-columns';

export const IMPORT_COLUMN_KEYS = [
  'code',
  'name',
  'category',
  'current_unit',
  'origin_unit',
  'custodian_code',
  'address',
  'latitude',
  'longitude',
  'land_area',
  'floor_area',
  'year_built',
  'original_cost',
  'remaining_value',
  'land_certificate_no',
  'land_use_category',
  'condition',
  'notes',
  'surplus_since',
  'surplus_reason',
] as const;
export type ImportColumnKey = (typeof IMPORT_COLUMN_KEYS)[number];

export interface ImportColumn {
  key: ImportColumnKey;
  /** The Vietnamese header of the template. */
  vi: string;
  required: boolean;
  format: Record<Lang, string>;
  /** A coded column: the vocabulary whose codes and labels (src/schema/labels.ts) it takes; the template offers the labels in a drop-down list. */
  vocabulary?: LabelledVocabulary;
  /** The template's example row (a coded column's: the code, which the template writes as its label). */
  example: string | number;
  /** Written as text in the template, so leading zeros survive. */
  text?: boolean;
}

const NUM_VI = 'chấp nhận 1234.5 hoặc kiểu Việt Nam 1.234,5';
const VND_VI = 'số nguyên đồng, ≥ 0; chấp nhận 35000000000 hoặc 35.000.000.000';
const VND_EN = 'whole VND, ≥ 0; 35000000000 or 35.000.000.000';
const CODED = {
  en: 'a value of the drop-down list; its Vietnamese label or its code are read too',
  vi: 'một giá trị trong danh sách chọn; cũng nhận nhãn tiếng Anh hoặc mã',
};

export const IMPORT_COLUMNS: readonly ImportColumn[] = [
  {
    key: 'code',
    vi: 'Mã tài sản',
    required: true,
    text: true,
    example: '08.TSC.000123',
    format: { en: 'national asset code, unique: 2-40 letters, digits or . _ / -', vi: 'mã tài sản quốc gia, duy nhất: 2-40 ký tự chữ, số hoặc . _ / -' },
  },
  {
    key: 'name',
    vi: 'Tên tài sản',
    required: true,
    example: 'Trụ sở UBND thành phố Hà Giang (cũ)',
    format: { en: 'text, up to 300 characters', vi: 'văn bản, tối đa 300 ký tự' },
  },
  { key: 'category', vi: 'Loại tài sản', required: true, vocabulary: LABELLED_VOCABULARIES.assetCategory, example: 'headquarters', format: CODED },
  {
    key: 'current_unit',
    vi: 'Mã đơn vị hành chính hiện tại',
    required: true,
    text: true,
    example: '00691',
    format: {
      en: 'new-era unit code (after 1 July 2025): 5 digits = commune, 2 digits = province',
      vi: 'mã đơn vị hành chính mới (từ 01/7/2025): 5 chữ số = cấp xã, 2 chữ số = cấp tỉnh',
    },
  },
  {
    key: 'origin_unit',
    vi: 'Mã đơn vị hành chính cũ',
    required: false,
    text: true,
    example: '024',
    format: {
      en: 'old-era unit code (before 1 July 2025): 2 digits = province, 3 = district, 5 = commune',
      vi: 'mã đơn vị hành chính cũ (trước 01/7/2025): 2 chữ số = tỉnh, 3 = huyện, 5 = xã',
    },
  },
  {
    key: 'custodian_code',
    vi: 'Mã đơn vị quản lý',
    required: true,
    text: true,
    example: '08.UBND.HG2',
    format: { en: "code of an active agency of the asset's province", vi: 'mã cơ quan, đơn vị đang hoạt động thuộc tỉnh của tài sản' },
  },
  {
    key: 'address',
    vi: 'Địa chỉ',
    required: false,
    example: 'Số 1 đường Nguyễn Trãi, phường Hà Giang 2',
    format: { en: 'text, up to 500 characters', vi: 'văn bản, tối đa 500 ký tự' },
  },
  {
    key: 'latitude',
    vi: 'Vĩ độ',
    required: false,
    example: 22.8233,
    format: {
      en: 'decimal degrees (WGS 84), at most 6 decimals, inside Vietnam; with the longitude',
      vi: 'độ thập phân (WGS 84), tối đa 6 chữ số thập phân, trong lãnh thổ Việt Nam; đi cùng kinh độ',
    },
  },
  {
    key: 'longitude',
    vi: 'Kinh độ',
    required: false,
    example: 104.9836,
    format: {
      en: 'decimal degrees (WGS 84), at most 6 decimals, inside Vietnam; with the latitude',
      vi: 'độ thập phân (WGS 84), tối đa 6 chữ số thập phân, trong lãnh thổ Việt Nam; đi cùng vĩ độ',
    },
  },
  {
    key: 'land_area',
    vi: 'Diện tích đất (m²)',
    required: false,
    example: 5230.5,
    format: { en: 'm², ≥ 0, at most 2 decimals; 1234.5 or 1.234,5', vi: `m², ≥ 0, tối đa 2 chữ số thập phân; ${NUM_VI}` },
  },
  {
    key: 'floor_area',
    vi: 'Diện tích sàn (m²)',
    required: false,
    example: 2100.25,
    format: { en: 'm², ≥ 0, at most 2 decimals; 1234.5 or 1.234,5', vi: `m², ≥ 0, tối đa 2 chữ số thập phân; ${NUM_VI}` },
  },
  {
    key: 'year_built',
    vi: 'Năm xây dựng',
    required: false,
    example: 2004,
    format: { en: 'year, from 1800 to this year', vi: 'năm, từ 1800 đến năm hiện tại' },
  },
  { key: 'original_cost', vi: 'Nguyên giá (VND)', required: false, example: 35_000_000_000, format: { en: VND_EN, vi: VND_VI } },
  {
    key: 'remaining_value',
    vi: 'Giá trị còn lại (VND)',
    required: false,
    example: 12_500_000_000,
    format: { en: `${VND_EN}; not above the original cost`, vi: `${VND_VI}; không lớn hơn nguyên giá` },
  },
  {
    key: 'land_certificate_no',
    vi: 'Số giấy chứng nhận QSDĐ',
    required: false,
    text: true,
    example: 'BĐ 123456',
    format: { en: 'land-use right certificate number, up to 60 characters', vi: 'số giấy chứng nhận quyền sử dụng đất, tối đa 60 ký tự' },
  },
  {
    key: 'land_use_category',
    vi: 'Loại đất',
    required: false,
    example: 'TSC',
    format: {
      en: 'land-use category code of the land law (TSC, DGD, DYT, DVH, DTT, ODT, ...)',
      vi: 'mã loại đất theo Luật Đất đai (TSC, DGD, DYT, DVH, DTT, ODT, ...)',
    },
  },
  { key: 'condition', vi: 'Tình trạng', required: false, vocabulary: LABELLED_VOCABULARIES.assetCondition, example: 'fair', format: CODED },
  { key: 'notes', vi: 'Ghi chú', required: false, example: '', format: { en: 'text, up to 4000 characters', vi: 'văn bản, tối đa 4000 ký tự' } },
  {
    key: 'surplus_since',
    vi: 'Ngày dôi dư',
    required: false,
    text: true,
    example: '2025-07-01',
    format: {
      en: 'date YYYY-MM-DD, not in the future (Vietnam time); declares an in-use asset surplus',
      vi: 'ngày YYYY-MM-DD, không sau ngày hôm nay (giờ Việt Nam); khai báo tài sản đang sử dụng là dôi dư',
    },
  },
  {
    key: 'surplus_reason',
    vi: 'Lý do dôi dư',
    required: false,
    example: 'Không còn cấp huyện; trụ sở không còn nhu cầu sử dụng',
    format: { en: 'text, up to 2000 characters; required with surplus_since', vi: 'văn bản, tối đa 2000 ký tự; bắt buộc khi có Ngày dôi dư' },
  },
];

/** NFC, no diacritics (đ → d, ² → 2), lower case, no whitespace. */
export function normaliseHeader(text: string): string {
  return text.normalize('NFC').normalize('NFKD').replace(/\p{M}/gu, '').replace(/[đĐ]/g, 'd').toLowerCase().replace(/\s+/g, '');
}

const withoutUnit = (normalised: string) => normalised.replace(/\(.*\)$/, '');

/** What a header names: a column the import reads, or (null) a column of the asset export it ignores. */
export type HeaderMatch = ImportColumn | null;

/**
 * Each column by its English key and Vietnamese header (with or without the unit in brackets), and
 * by the headers of the asset export (GET /assets/export), so that an export can be edited and
 * imported back: the export's own columns (status, province, names, version) are recognised and
 * ignored.
 */
const BY_HEADER: ReadonlyMap<string, HeaderMatch> = (() => {
  const map = new Map<string, HeaderMatch>();
  const add = (alias: string, match: HeaderMatch) => {
    for (const n of [normaliseHeader(alias), withoutUnit(normaliseHeader(alias))]) if (n && !map.has(n)) map.set(n, match);
  };
  for (const c of IMPORT_COLUMNS) {
    add(c.key, c);
    add(c.vi, c);
  }
  for (const e of EXPORT_COLUMNS) {
    const c = IMPORT_COLUMNS.find((i) => i.key === e.key) ?? null;
    for (const alias of [e.key, e.vi, e.en]) add(alias, c);
  }
  return map;
})();

/** The column a header names (null: a column of the export the import ignores; undefined: unknown). */
export function matchHeader(text: string): HeaderMatch | undefined {
  const n = normaliseHeader(text);
  return BY_HEADER.get(n) ?? BY_HEADER.get(withoutUnit(n));
}

export const columnForHeader = (text: string): ImportColumn | undefined => matchHeader(text) ?? undefined;

export const columnByKey = (key: ImportColumnKey): ImportColumn => IMPORT_COLUMNS.find((c) => c.key === key)!;
