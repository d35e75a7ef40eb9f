/**
 * Renders a StatusReport to CSV, XLSX or PDF bytes. Deterministic: the same report (and extras)
 * gives the same bytes, whenever and wherever it is rendered, so a snapshot can be verified.
 */
import type { ReportItem, StatusReport } from '../report.model';
import { renderCsv } from './csv';
import { renderReportPdf } from './pdf';
import { renderXlsx } from './xlsx';

export type RenderFormat = 'csv' | 'xlsx' | 'pdf';

export interface RenderExtras {
  /** The facilities behind each overdue deadline, by deadline key ('overdue:...'), for the XLSX overdue sheets. */
  overdueItems?: Record<string, ReportItem[]>;
}

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
