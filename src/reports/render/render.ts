/**
 * Renders a StatusReport to CSV, XLSX or PDF bytes. Deterministic: the same report (and extras)
 * gives the same bytes, whenever and wherever it is rendered, so a snapshot can be verified.
 */
import type { ReportFormat, ReportItem, ReportParams, StatusReport } from '../report.model';
import { renderCsv } from './csv';
import { renderReportPdf } from './pdf';
import { renderXlsx } from './xlsx';

export type RenderFormat = 'csv' | 'xlsx' | 'pdf';

export interface RenderExtras {
  /** The facilities behind each overdue deadline, by deadline key ('overdue:...'), for the XLSX overdue sheets. */
  overdueItems?: Record<string, ReportItem[]>;
}

/** The attachment name of a report: bao-cao-tinh-hinh-xu-ly-08-2025-12-15.xlsx, status-report-national-2025-12-15.pdf. */
export const reportFileName = (params: Pick<ReportParams, 'lang' | 'province' | 'asOf'>, format: ReportFormat): string =>
  `${params.lang === 'vi' ? 'bao-cao-tinh-hinh-xu-ly' : 'status-report'}-${params.province ?? 'national'}-${params.asOf}.${format}`;

export const MEDIA_TYPES: Record<RenderFormat | 'json', string> = {
  json: 'application/json',
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
};

export async function renderReport(report: StatusReport, format: RenderFormat, extras: RenderExtras = {}): Promise<Buffer> {
  switch (format) {
    case 'csv':
      return renderCsv(report);
    case 'xlsx':
      return renderXlsx(report, extras.overdueItems ?? {});
    case 'pdf':
      return renderReportPdf(report);
  }
}
