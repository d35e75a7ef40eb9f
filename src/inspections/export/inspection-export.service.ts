import { FILE_MEDIA_TYPES } from '../../common/file-response';
import { Injectable } from '@nestjs/common';
import type { RequestContext } from '../../common/auth-user';
import { FindingsRepository } from '../findings.repository';
import { toFindingDto, toInspectionDto } from '../inspection.mapper';
import { InspectionsService } from '../inspections.service';
import { inspectionPdf, inspectionXlsx } from './inspection-export';
import { InspectionExportRepository } from './inspection-export.repository';

export const XLSX_TYPE = FILE_MEDIA_TYPES.xlsx;

@Injectable()
export class InspectionExportService {
  constructor(
    private readonly inspections: InspectionsService,
    private readonly findings: FindingsRepository,
    private readonly names: InspectionExportRepository,
  ) {}

  /** The file, dated by the last change to the inspection or its findings (so the same state gives the same PDF bytes). */
  async export(ctx: RequestContext, id: string, format: 'pdf' | 'xlsx'): Promise<{ body: Buffer; type: string; fileName: string }> {
    const inspection = toInspectionDto(await this.inspections.mustFind(ctx, id));
    const findings = (await this.findings.list(id, {})).map(toFindingDto);
    const facts = await this.names.facts(
      inspection.provinceCode,
      [inspection.subject.assetId, ...findings.map((f) => f.assetId)].filter((x): x is string => x !== null),
      [inspection.subject.actionId, ...findings.map((f) => f.actionId)].filter((x): x is string => x !== null),
      findings.map((f) => f.id),
    );
    const fileName = `bien-ban-kiem-tra-${id.slice(0, 8)}.${format}`;
    if (format === 'xlsx') return { body: await inspectionXlsx(inspection, findings, facts), type: XLSX_TYPE, fileName };
    const lastChange = [inspection.updatedAt, ...findings.map((f) => f.updatedAt)].sort().pop()!;
    return { body: await inspectionPdf(inspection, findings, facts, new Date(lastChange)), type: 'application/pdf', fileName };
  }
}
