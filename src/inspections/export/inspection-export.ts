/**
 * An inspection and its findings as a PDF (pdfmake + Noto Sans, via src/common/pdf.ts) or an XLSX
 * workbook (exceljs), in Vietnamese: every coded value as its label (src/schema/labels.ts). Both are
 * built from the API's DTOs.
 */
import ExcelJS from 'exceljs';
import { type PdfDocument, renderPdf } from '../../common/pdf';
import { FINDING_CATEGORY_LABELS, FINDING_STATUS_LABELS, INSPECTION_STATUS_LABELS, SEVERITY_LABELS, SUBJECT_TYPE_LABELS } from '../../schema/labels';
import { FindingDto } from '../findings.dto';
import { InspectionDto } from '../inspections.dto';

/** The inspection's header lines: [label, value]. */
export function inspectionLines(i: InspectionDto): [string, string][] {
  const subject =
    i.subject.type === 'province'
      ? `${SUBJECT_TYPE_LABELS.province.vi} ${i.provinceCode}, từ ${i.subject.periodStart} đến ${i.subject.periodEnd}`
      : `${SUBJECT_TYPE_LABELS[i.subject.type].vi} ${i.subject.assetCode ?? ''}${i.subject.assetName ? ` (${i.subject.assetName})` : ''}${i.subject.actionId ? `, phương án ${i.subject.actionId}` : ''}`;
  return [
    ['Đối tượng kiểm tra', subject],
    ['Tỉnh', i.provinceCode],
    ['Trạng thái', INSPECTION_STATUS_LABELS[i.status].vi],
    ['Thời gian dự kiến', `${i.plannedStart} – ${i.plannedEnd ?? '…'}`],
    ['Thời gian thực tế', `${i.actualStart ?? '…'} – ${i.actualEnd ?? '…'}`],
    ['Đoàn kiểm tra', i.team.map((m) => (m.role ? `${m.name} (${m.role})` : m.name)).join('; ') || '—'],
    ['Kết luận', i.conclusion ?? '—'],
    ...(i.closeOverrideReason ? [['Lý do kết thúc khi còn phát hiện đặc biệt nghiêm trọng', i.closeOverrideReason] as [string, string]] : []),
  ];
}

export const FINDING_HEADERS = ['STT', 'Loại phát hiện', 'Mức độ', 'Trạng thái', 'Nội dung', 'Kiến nghị', 'Khắc phục'];

export function findingCells(f: FindingDto, n: number): string[] {
  const resolution = f.resolution
    ? `${f.resolution.resolvedBy}, ${f.resolution.resolvedOn}: ${f.resolution.resolution}`
    : f.decision?.dismissalReason
      ? `Bác bỏ: ${f.decision.dismissalReason}`
      : '';
  return [
    String(n),
    FINDING_CATEGORY_LABELS[f.category].vi,
    SEVERITY_LABELS[f.severity].vi,
    FINDING_STATUS_LABELS[f.status].vi,
    f.description,
    f.recommendation ?? '',
    resolution,
  ];
}

export function inspectionPdf(i: InspectionDto, findings: FindingDto[], createdAt: Date): Promise<Buffer> {
  const doc: PdfDocument = {
    pageOrientation: 'landscape',
    info: { title: i.title },
    content: [
      { text: 'BIÊN BẢN KIỂM TRA', fontSize: 14, bold: true, alignment: 'center' },
      { text: i.title, fontSize: 12, bold: true, alignment: 'center', margin: [0, 4, 0, 10] },
      { table: { widths: [160, '*'], body: inspectionLines(i).map(([k, v]) => [{ text: k, bold: true }, v]) }, layout: 'lightHorizontalLines' },
      { text: `Các phát hiện (${findings.length})`, fontSize: 11, bold: true, margin: [0, 12, 0, 4] },
      findings.length
        ? {
            table: {
              headerRows: 1,
              widths: [22, 90, 60, 60, '*', 120, 110],
              body: [FINDING_HEADERS.map((h) => ({ text: h, bold: true })), ...findings.map((f, n) => findingCells(f, n + 1))],
            },
          }
        : { text: 'Không có phát hiện.' },
    ],
    footer: (page: number, pages: number) => ({ text: `Trang ${page}/${pages}`, alignment: 'center' as const, fontSize: 8 }),
  };
  return renderPdf(doc, createdAt);
}

export async function inspectionXlsx(i: InspectionDto, findings: FindingDto[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'vn-public-assets-api';
  const info = wb.addWorksheet('Kiểm tra');
  info.columns = [{ width: 40 }, { width: 100 }];
  info.addRow(['Tên cuộc kiểm tra', i.title]).font = { bold: true };
  for (const line of inspectionLines(i)) info.addRow(line);
  const sheet = wb.addWorksheet('Phát hiện');
  sheet.columns = [8, 30, 22, 18, 70, 50, 50].map((width) => ({ width }));
  sheet.addRow(FINDING_HEADERS).font = { bold: true };
  findings.forEach((f, n) => sheet.addRow(findingCells(f, n + 1)));
  return Buffer.from(await wb.xlsx.writeBuffer());
}
