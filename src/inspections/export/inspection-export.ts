/**
 * An inspection and its findings as a PDF (pdfmake + Noto Sans, via src/common/pdf.ts) or an XLSX
 * workbook (exceljs), in Vietnamese, as a record an inspector can sign: every coded value as its
 * label (src/schema/labels.ts), the province and units by name, assets by code, dates dd/mm/yyyy,
 * the documents each finding cites, and no raw id. Built from the API's DTOs and the names the
 * export repository looks up.
 */
import ExcelJS from 'exceljs';
import { type PdfDocument, renderPdf } from '../../common/pdf';
import { todayInVietnam } from '../../common/dates';
import {
  ACTION_TYPE_LABELS,
  DOCUMENT_KIND_LABELS,
  FINDING_CATEGORY_LABELS,
  FINDING_STATUS_LABELS,
  INSPECTION_STATUS_LABELS,
  METHOD_LABELS,
  SEVERITY_LABELS,
  SUBJECT_TYPE_LABELS,
} from '../../schema/labels';
import { FindingDto } from '../findings.dto';
import { InspectionDto } from '../inspections.dto';
import { CHECK_TEXT_VI } from './check-text';
import type { ExportFacts } from './inspection-export.repository';

/** YYYY-MM-DD as a Vietnamese record writes it: dd/mm/yyyy. */
export const viDate = (date: string | null): string => (date ? date.split('-').reverse().join('/') : '…');

const actionText = (a: ExportFacts['actions'] extends Map<string, infer V> ? V : never): string =>
  `${ACTION_TYPE_LABELS[a.type].vi}: ${METHOD_LABELS[a.method].vi.toLowerCase()} tài sản ${a.assetCode}` +
  (a.decisionNo ? `, quyết định số ${a.decisionNo}${a.decisionDate ? ` ngày ${viDate(a.decisionDate)}` : ''}` : '');

/** The inspection's header lines: [label, value], every place and thing by its name and code, never by id. */
export function inspectionLines(i: InspectionDto, facts: ExportFacts): [string, string][] {
  const province = facts.provinceName ?? `Tỉnh ${i.provinceCode}`;
  const action = i.subject.actionId ? facts.actions.get(i.subject.actionId) : undefined;
  const asset = i.subject.assetId ? facts.assets.get(i.subject.assetId) : undefined;
  const subject =
    i.subject.type === 'province'
      ? `${SUBJECT_TYPE_LABELS.province.vi} ${province}, từ ${viDate(i.subject.periodStart)} đến ${viDate(i.subject.periodEnd)}`
      : `${SUBJECT_TYPE_LABELS[i.subject.type].vi} ${i.subject.assetCode ?? ''}${i.subject.assetName ? ` (${i.subject.assetName})` : ''}${action ? `; ${actionText(action)}` : ''}`;
  return [
    ['Đối tượng kiểm tra', subject],
    ['Tỉnh, thành phố', province],
    ...(asset
      ? ([
          ['Đơn vị hành chính nơi có tài sản', asset.currentUnit],
          ...(asset.originUnit ? [['Đơn vị hành chính trước sắp xếp', asset.originUnit]] : []),
          ...(asset.custodian ? [['Cơ quan, đơn vị quản lý', asset.custodian]] : []),
        ] as [string, string][])
      : []),
    ['Trạng thái', INSPECTION_STATUS_LABELS[i.status].vi],
    ['Thời gian dự kiến', `${viDate(i.plannedStart)} – ${viDate(i.plannedEnd)}`],
    ['Thời gian thực tế', `${viDate(i.actualStart)} – ${viDate(i.actualEnd)}`],
    ['Đoàn kiểm tra', i.team.map((m) => (m.role ? `${m.name} (${m.role})` : m.name)).join('; ') || '—'],
    ['Kết luận', i.conclusion ?? '—'],
    ...(i.closeOverrideReason ? [['Lý do kết thúc khi còn phát hiện đặc biệt nghiêm trọng', i.closeOverrideReason] as [string, string]] : []),
  ];
}

/** Who signs the record, side by side under it. */
export const SIGNATORIES = ['ĐẠI DIỆN ĐOÀN KIỂM TRA', 'ĐẠI DIỆN CƠ QUAN, ĐƠN VỊ ĐƯỢC KIỂM TRA'];

export const FINDING_HEADERS = ['STT', 'Tài sản', 'Loại phát hiện', 'Mức độ', 'Trạng thái', 'Nội dung', 'Kiến nghị', 'Tài liệu làm căn cứ', 'Khắc phục'];

/**
 * A finding's description and recommendation as the record shows them: an inspector's own text as
 * written; an automatic check's in Vietnamese from its check (check-text.ts) and its action.
 */
export function findingText(f: FindingDto, facts: ExportFacts): { description: string; recommendation: string } {
  if (!f.checkId) return { description: f.description, recommendation: f.recommendation ?? '' };
  const text = CHECK_TEXT_VI[f.checkId];
  const action = f.actionId ? facts.actions.get(f.actionId) : undefined;
  const fault = text?.fault ?? FINDING_CATEGORY_LABELS[f.category].vi;
  return { description: `${fault}${action ? ` (${actionText(action)})` : ''}. Phát hiện qua kiểm tra tự động.`, recommendation: text?.recommendation ?? '' };
}

/** The documents a finding cites: kind, file, note, the SHA-256's first 12 hex digits, and the day it was stored (Vietnam time). */
export function evidenceText(f: FindingDto, facts: ExportFacts): string {
  return (facts.evidence.get(f.id) ?? [])
    .map(
      (d) =>
        `${DOCUMENT_KIND_LABELS[d.kind].vi}: ${d.fileName}${d.note ? ` (${d.note})` : ''}, SHA-256 ${d.sha256.slice(0, 12)}…, ngày ${viDate(todayInVietnam(d.uploadedAt))}`,
    )
    .join('\n');
}

/** A finding's row; its asset is the one it names, else its action's, else the inspected asset (`subjectAssetCode`). */
export function findingCells(f: FindingDto, n: number, facts: ExportFacts, subjectAssetCode: string | null = null): string[] {
  const resolution = f.resolution
    ? `${f.resolution.resolvedBy}, ${viDate(f.resolution.resolvedOn)}: ${f.resolution.resolution}`
    : f.decision?.dismissalReason
      ? `Bác bỏ: ${f.decision.dismissalReason}`
      : '';
  const assetCode = (f.assetId ? facts.assets.get(f.assetId)?.code : f.actionId ? facts.actions.get(f.actionId)?.assetCode : undefined) ?? subjectAssetCode;
  const { description, recommendation } = findingText(f, facts);
  return [
    String(n),
    assetCode ?? '',
    FINDING_CATEGORY_LABELS[f.category].vi,
    SEVERITY_LABELS[f.severity].vi,
    FINDING_STATUS_LABELS[f.status].vi,
    description,
    recommendation,
    evidenceText(f, facts),
    resolution,
  ];
}

export function inspectionPdf(i: InspectionDto, findings: FindingDto[], facts: ExportFacts, createdAt: Date): Promise<Buffer> {
  const doc: PdfDocument = {
    pageOrientation: 'landscape',
    info: { title: i.title },
    content: [
      { text: 'BIÊN BẢN KIỂM TRA', fontSize: 14, bold: true, alignment: 'center' },
      { text: i.title, fontSize: 12, bold: true, alignment: 'center', margin: [0, 4, 0, 10] },
      { table: { widths: [160, '*'], body: inspectionLines(i, facts).map(([k, v]) => [{ text: k, bold: true }, v]) }, layout: 'lightHorizontalLines' },
      { text: `Các phát hiện (${findings.length})`, fontSize: 11, bold: true, margin: [0, 12, 0, 4] },
      findings.length
        ? {
            table: {
              headerRows: 1,
              widths: [20, 80, 70, 52, 52, '*', 100, 125, 75],
              body: [FINDING_HEADERS.map((h) => ({ text: h, bold: true })), ...findings.map((f, n) => findingCells(f, n + 1, facts, i.subject.assetCode))],
            },
          }
        : { text: 'Không có phát hiện.' },
      {
        columns: SIGNATORIES.map((who) => ({
          text: [
            { text: `${who}\n`, bold: true },
            { text: '(Ký, ghi rõ họ tên)', italics: true },
          ],
          alignment: 'center' as const,
        })),
        margin: [0, 24, 0, 60],
        unbreakable: true,
      },
    ],
    footer: (page: number, pages: number) => ({ text: `Trang ${page}/${pages}`, alignment: 'center' as const, fontSize: 8 }),
  };
  return renderPdf(doc, createdAt);
}

export async function inspectionXlsx(i: InspectionDto, findings: FindingDto[], facts: ExportFacts): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'vn-public-assets-api';
  const info = wb.addWorksheet('Kiểm tra');
  info.columns = [{ width: 40 }, { width: 100 }];
  info.addRow(['Tên cuộc kiểm tra', i.title]).font = { bold: true };
  for (const line of inspectionLines(i, facts)) info.addRow(line);
  const sheet = wb.addWorksheet('Phát hiện');
  sheet.columns = [8, 18, 30, 22, 18, 70, 50, 60, 50].map((width) => ({ width }));
  sheet.addRow(FINDING_HEADERS).font = { bold: true };
  findings.forEach((f, n) => sheet.addRow(findingCells(f, n + 1, facts, i.subject.assetCode)));
  return Buffer.from(await wb.xlsx.writeBuffer());
}
