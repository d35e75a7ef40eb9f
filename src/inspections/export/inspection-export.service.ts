import { Injectable } from '@nestjs/common';
import type { RequestContext } from '../../common/auth-user';
import { FindingsRepository } from '../findings.repository';
import { toFindingDto, toInspectionDto } from '../inspection.mapper';
import { InspectionsService } from '../inspections.service';
import { inspectionPdf, inspectionXlsx } from './inspection-export';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

@Injectable()
export class InspectionExportService {
  constructor(
    private readonly inspections: InspectionsService,
    private readonly findings: FindingsRepository,
  ) {}

  /** The file, dated by the last change to the inspection or its findings (so the same state gives the same PDF bytes). */
  async export(ctx: RequestContext, id: string, format: 'pdf' | 'xlsx'): Promise<{ body: Buffer; type: string; fileName: string }> {
    const inspection = toInspectionDto(await this.inspections.mustFind(ctx, id));
    const findings = (await this.findings.list(id, {})).map(toFindingDto);
    const fileName = `bien-ban-kiem-tra-${id.slice(0, 8)}.${format}`;
    if (format === 'xlsx') return { body: await inspectionXlsx(inspection, findings), type: XLSX_TYPE, fileName };
    const lastChange = [inspection.updatedAt, ...findings.map((f) => f.updatedAt)].sort().pop()!;
    return { body: await inspectionPdf(inspection, findings, new Date(lastChange)), type: 'application/pdf', fileName };
  }
}
