/** The XLSX template of the asset import: the header row, an example row and a guide sheet. */
import ExcelJS from 'exceljs';
import type { Lang } from '../../common/language';
import { IMPORT_COLUMNS } from './asset-columns';

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const TEXT: Record<Lang, { file: string; data: string; guide: string; guideHeader: string[]; yes: string; no: string; notes: string[] }> = {
  vi: {
    file: 'mau-nhap-tai-san.xlsx',
    data: 'Tài sản',
    guide: 'Hướng dẫn',
    guideHeader: ['Cột', 'Khóa tiếng Anh', 'Bắt buộc', 'Định dạng', 'Giá trị cho phép'],
    yes: 'Có',
    no: 'Không',
    notes: [
      'Dòng 1 là dòng tiêu đề; mỗi cột ghi bằng tiêu đề tiếng Việt hoặc khóa tiếng Anh (không phân biệt hoa thường, dấu và khoảng trắng).',
      'Mã tài sản đã có: tài sản được cập nhật; mã mới: tài sản được thêm. Ô trống xóa giá trị; cột không có trong tệp giữ nguyên giá trị đã lưu.',
      'Có lỗi ở bất kỳ dòng nào thì không dòng nào được ghi (trừ khi gọi với partial=true). Gọi với dry_run=true để chỉ kiểm tra.',
      'Nhập mã đơn vị hành chính dạng văn bản để giữ các số 0 ở đầu (00691).',
      'Tệp xuất danh sách tài sản có thể sửa rồi nhập lại; các cột chỉ để đọc của tệp xuất (trạng thái, tỉnh, tên đơn vị, phiên bản) được bỏ qua.',
    ],
  },
  en: {
    file: 'asset-import-template.xlsx',
    data: 'Assets',
    guide: 'Guide',
    guideHeader: ['Column', 'Vietnamese header', 'Required', 'Format', 'Allowed values'],
    yes: 'yes',
    no: 'no',
    notes: [
      'Line 1 is the header row; each column is named by its English key or its Vietnamese header (case, accents and spaces do not matter).',
      'A code already stored updates that asset; a new code adds one. An empty cell clears a value; a column left out of the file keeps the stored values.',
      'Any rejected row rejects the whole file (unless called with partial=true). Call with dry_run=true to check only.',
      'Enter unit codes as text to keep their leading zeros (00691).',
      'An asset export can be edited and imported back; its read-only columns (status, province, unit and custodian names, version) are ignored.',
    ],
  },
};

export const templateFileName = (lang: Lang): string => TEXT[lang].file;

export async function buildTemplate(lang: Lang): Promise<Buffer> {
  const t = TEXT[lang];
  const wb = new ExcelJS.Workbook();
  wb.creator = 'vn-public-assets-api';
  const data = wb.addWorksheet(t.data, { views: [{ state: 'frozen', ySplit: 1 }] });
  data.columns = IMPORT_COLUMNS.map((c) => ({
    header: lang === 'vi' ? c.vi : c.key,
    key: c.key,
    width: Math.max(14, (lang === 'vi' ? c.vi : c.key).length + 4),
    style: c.text ? { numFmt: '@' } : {},
  }));
  data.getRow(1).font = { bold: true };
  data.addRow(Object.fromEntries(IMPORT_COLUMNS.map((c) => [c.key, c.example === '' ? null : c.example])));

  const guide = wb.addWorksheet(t.guide);
  guide.columns = [{ width: 32 }, { width: 30 }, { width: 10 }, { width: 90 }, { width: 60 }];
  guide.addRow(t.guideHeader).font = { bold: true };
  for (const c of IMPORT_COLUMNS) {
    guide.addRow([lang === 'vi' ? c.vi : c.key, lang === 'vi' ? c.key : c.vi, c.required ? t.yes : t.no, c.format[lang], c.allowed?.join(', ') ?? '']);
  }
  guide.addRow([]);
  for (const note of t.notes) guide.addRow([note]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
