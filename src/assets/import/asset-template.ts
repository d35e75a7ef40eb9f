/**
 * The XLSX template of the asset import: the header row and an example row, a guide sheet, and a
 * hidden sheet of lists (Danh mục / Lists) that the coded columns' drop-down lists (data
 * validations) read: the labels of the template's language for each vocabulary, and the land-use
 * category codes. The coded cells of the example row hold labels too, so the template imports back
 * as it is. Pure: the land-use categories are passed in.
 */
import { FILE_MEDIA_TYPES } from '../../common/file-response';
import ExcelJS from 'exceljs';
import type { Lang } from '../../common/language';
import { IMPORT_COLUMNS, type ImportColumn } from './asset-columns';

export const XLSX_MIME = FILE_MEDIA_TYPES.xlsx;

/** exceljs keeps a sheet's data validations by range (one `sqref` each), which its typings leave out. */
type SheetWithValidations = ExcelJS.Worksheet & { dataValidations: { add(range: string, validation: ExcelJS.DataValidation): void } };

export interface LandUseOption {
  code: string;
  name: string;
}

interface TemplateText {
  file: string;
  data: string;
  guide: string;
  lists: string;
  guideHeader: string[];
  yes: string;
  no: string;
  listCode: string;
  listName: string;
  landUse: string;
  /** The drop-down's warning: Excel shows a title of at most 32 characters and a text of at most 255. */
  listError: { title: string; text: string };
  notes: string[];
}

const TEXT: Record<Lang, TemplateText> = {
  vi: {
    file: 'mau-nhap-tai-san.xlsx',
    data: 'Tài sản',
    guide: 'Hướng dẫn',
    lists: 'Danh mục',
    guideHeader: ['Cột', 'Khóa tiếng Anh', 'Bắt buộc', 'Định dạng', 'Giá trị cho phép'],
    yes: 'Có',
    no: 'Không',
    listCode: 'Mã',
    listName: 'Tên loại đất',
    landUse: 'Loại đất',
    listError: {
      title: 'Ngoài danh sách',
      text: 'Hãy chọn một giá trị trong danh sách. Tệp nhập chỉ nhận giá trị trong danh sách, nhãn tiếng Anh hoặc mã của nó.',
    },
    notes: [
      'Dòng 1 là dòng tiêu đề; mỗi cột ghi bằng tiêu đề tiếng Việt hoặc khóa tiếng Anh (không phân biệt hoa thường, dấu và khoảng trắng).',
      'Mã tài sản đã có: tài sản được cập nhật; mã mới: tài sản được thêm. Ô trống xóa giá trị; cột không có trong tệp giữ nguyên giá trị đã lưu.',
      'Có lỗi ở bất kỳ dòng nào thì không dòng nào được ghi (trừ khi gọi với partial=true). Gọi với dry_run=true để chỉ kiểm tra.',
      'Nhập mã đơn vị hành chính dạng văn bản để giữ các số 0 ở đầu (00691).',
      'Tệp xuất danh sách tài sản có thể sửa rồi nhập lại; các cột chỉ để đọc của tệp xuất (trạng thái, tỉnh, tên đơn vị, phiên bản) được bỏ qua.',
      'Cột Loại tài sản, Tình trạng và Loại đất có danh sách chọn (sheet ẩn Danh mục). Loại tài sản và Tình trạng nhận nhãn tiếng Việt, nhãn tiếng Anh hoặc mã, không phân biệt hoa thường nhưng phải đúng dấu.',
    ],
  },
  en: {
    file: 'asset-import-template.xlsx',
    data: 'Assets',
    guide: 'Guide',
    lists: 'Lists',
    guideHeader: ['Column', 'Vietnamese header', 'Required', 'Format', 'Allowed values'],
    yes: 'yes',
    no: 'no',
    listCode: 'Code',
    listName: 'Land-use category',
    landUse: 'Land-use category',
    listError: { title: 'Not in the list', text: 'Choose a value from the list. The import reads only a value of the list, its Vietnamese label or its code.' },
    notes: [
      'Line 1 is the header row; each column is named by its English key or its Vietnamese header (case, accents and spaces do not matter).',
      'A code already stored updates that asset; a new code adds one. An empty cell clears a value; a column left out of the file keeps the stored values.',
      'Any rejected row rejects the whole file (unless called with partial=true). Call with dry_run=true to check only.',
      'Enter unit codes as text to keep their leading zeros (00691).',
      'An asset export can be edited and imported back; its read-only columns (status, province, unit and custodian names, version) are ignored.',
      'The category, condition and land_use_category columns have drop-down lists (hidden sheet Lists). Category and condition take the English label, the Vietnamese label (with its accents) or the code, in any case.',
    ],
  },
};

export const templateFileName = (lang: Lang): string => TEXT[lang].file;

/** The example row's value of a column: a coded column's example as its label in the template's language. */
const exampleOf = (c: ImportColumn, lang: Lang): string | number | null =>
  c.example === '' ? null : c.vocabulary ? c.vocabulary.labels[c.example as string][lang] : c.example;

/** An absolute column range of the lists sheet, as a data validation's formula names it: 'Danh mục'!$A$2:$A$8. */
const listRange = (sheet: string, col: number, rows: number): string => {
  const letter = String.fromCharCode(64 + col);
  return `'${sheet.replace(/'/g, "''")}'!$${letter}$2:$${letter}$${rows + 1}`;
};

/**
 * The template in `lang`. The drop-down lists cover the data rows the import reads (lines 2 to
 * 1 + `maxRows`, IMPORT_MAX_ROWS), not the sheet's million rows: a spreadsheet reader that keeps
 * validations per cell (exceljs does) would otherwise hold millions of them.
 */
export async function buildTemplate(lang: Lang, maxRows: number, landUse: readonly LandUseOption[] = []): Promise<Buffer> {
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
  data.addRow(Object.fromEntries(IMPORT_COLUMNS.map((c) => [c.key, exampleOf(c, lang)])));

  const guide = wb.addWorksheet(t.guide);
  guide.columns = [{ width: 32 }, { width: 30 }, { width: 10 }, { width: 90 }, { width: 60 }];
  guide.addRow(t.guideHeader).font = { bold: true };
  for (const c of IMPORT_COLUMNS) {
    const allowed = c.vocabulary
      ? c.vocabulary.values.map((v) => c.vocabulary!.labels[v][lang]).join('; ')
      : c.key === 'land_use_category'
        ? landUse.map((l) => l.code).join(', ')
        : '';
    guide.addRow([lang === 'vi' ? c.vi : c.key, lang === 'vi' ? c.key : c.vi, c.required ? t.yes : t.no, c.format[lang], allowed]);
  }
  guide.addRow([]);
  for (const note of t.notes) guide.addRow([note]);

  // The lists: per coded column, its labels (and the codes beside them, for reference); then the land-use codes and names.
  const lists = wb.addWorksheet(t.lists, { state: 'hidden' });
  const validated: { column: ImportColumn; range: string }[] = [];
  let col = 1;
  for (const c of IMPORT_COLUMNS) {
    if (!c.vocabulary) continue;
    const v = c.vocabulary;
    lists.getCell(1, col).value = lang === 'vi' ? c.vi : c.key;
    lists.getCell(1, col + 1).value = t.listCode;
    v.values.forEach((value, i) => {
      lists.getCell(2 + i, col).value = v.labels[value][lang];
      lists.getCell(2 + i, col + 1).value = value;
    });
    lists.getColumn(col).width = 40;
    validated.push({ column: c, range: listRange(t.lists, col, v.values.length) });
    col += 3;
  }
  const landUseColumn = IMPORT_COLUMNS.find((c) => c.key === 'land_use_category')!;
  if (landUse.length) {
    lists.getCell(1, col).value = t.landUse;
    lists.getCell(1, col + 1).value = t.listName;
    landUse.forEach((l, i) => {
      lists.getCell(2 + i, col).value = l.code;
      lists.getCell(2 + i, col + 1).value = l.name;
    });
    lists.getColumn(col + 1).width = 40;
    validated.push({ column: landUseColumn, range: listRange(t.lists, col, landUse.length) });
  }
  lists.getRow(1).font = { bold: true };

  // A warning, not a stop: the import also reads the other language's label and the code, which a user may type.
  for (const { column, range } of validated) {
    const letter = data.getColumn(column.key).letter;
    (data as SheetWithValidations).dataValidations.add(`${letter}2:${letter}${1 + maxRows}`, {
      type: 'list',
      allowBlank: !column.required,
      formulae: [range],
      showErrorMessage: true,
      errorStyle: 'warning',
      errorTitle: t.listError.title,
      error: t.listError.text,
    });
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
