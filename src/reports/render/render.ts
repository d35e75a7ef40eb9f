/**
 * Renders a StatusReport to CSV, XLSX or PDF bytes. Deterministic: the same report (and extras)
 * gives the same bytes, whenever and wherever it is rendered, so a snapshot can be verified.
 */
import { FILE_MEDIA_TYPES } from '../../common/file-response';
import type { ReportFormat, ReportItem, ReportParams, StatusReport } from '../report.model';
import { renderCsv } from './csv';
import { renderReportPdf } from './pdf';
import { renderXlsx } from './xlsx';

export type RenderFormat = 'csv' | 'xlsx' | 'pdf';

export interface RenderExtras {
  /** The facilities behind each overdue deadline, by deadline key ('overdue:...'), for the XLSX overdue sheets. */
  overdueItems?: Record<string, ReportItem[]>;
  /** PDF: print the province rows whose figures are all zero too (GET /reports/status?zeros=true; snapshots leave them out). */
  zeros?: boolean;
}

/** The attachment name of a report: bao-cao-tinh-hinh-xu-ly-08-2025-12-15.xlsx, status-report-national-2025-12-15.pdf. */
export const reportFileName = (params: Pick<ReportParams, 'lang' | 'province' | 'asOf'>, format: ReportFormat): string =>
  `${params.lang === 'vi' ? 'bao-cao-tinh-hinh-xu-ly' : 'status-report'}-${params.province ?? 'national'}-${params.asOf}.${format}`;

export const MEDIA_TYPES: Record<RenderFormat | 'json', string> = {
  json: 'application/json',
  csv: 'text/csv; charset=utf-8',
  xlsx: FILE_MEDIA_TYPES.xlsx,
  pdf: 'application/pdf',
};

/**
 * The version of each format's renderer. Raise a format's number in the change that alters its bytes
 * for the same report (layout, library, compression): a snapshot records the version that made each of
 * its formats, and /verify regenerates byte for byte only what the running renderers would still make
 * the same way. xlsx 2: exceljs's streaming writer (2026-12-04). All raised on 2026-12-08 (json 2, csv 2,
 * xlsx 3, pdf 2): the figures of the same parameters changed (the headline handled + remaining, by new
 * use, the rank by remaining, the approved-plan deadline), so snapshots made before are checked
 * against their recorded hashes instead of being regenerated.
 * The open obstacles by kind (2026-12-08) added columns to every format: every number was raised again.
 * json 4 (the same day): areas and amounts as JSON numbers, as the API answers them (report-json.ts).
 * xlsx 5 (the same day): the overdue lists show the custodian, the method, labels instead of codes,
 * date cells and the days overdue.
 * csv 4 (the same day): the parameters in `# key,value,label` lines before the table.
 * pdf 4, xlsx 6 (the same day): a provincial report's scope reads "Tỉnh Tuyên Quang (08)", not
 * "Tỉnh, thành phố Tỉnh Tuyên Quang (08)"; the PDF opens with a page of the headline figures, by new
 * use and the provinces with the most remaining, then the detail in landscape without all-zero rows.
 */
export const RENDERER_VERSIONS: Readonly<Record<RenderFormat | 'json', number>> = { json: 4, csv: 4, xlsx: 6, pdf: 4 };

export async function renderReport(report: StatusReport, format: RenderFormat, extras: RenderExtras = {}): Promise<Buffer> {
  switch (format) {
    case 'csv':
      return renderCsv(report);
    case 'xlsx':
      return renderXlsx(report, extras.overdueItems ?? {});
    case 'pdf':
      return renderReportPdf(report, { zeros: extras.zeros });
  }
}
