import { ApiProperty } from '@nestjs/swagger';
import { apiEnum } from '../../common/api-enum';
import { REPORT_JOB_STATUSES } from '../../schema/vocabulary';
import { REPORT_FORMATS, type ReportFormat } from '../report.model';
import { ReportParamsDto } from '../snapshots/reports.dto';
import type { JobRow } from './report-jobs.repository';

export class ReportJobParamsDto extends ReportParamsDto {
  @ApiProperty({ ...apiEnum('ReportFormat', REPORT_FORMATS), isArray: true }) formats!: ReportFormat[];
}

export class ReportJobDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty(apiEnum('ReportJobStatus', REPORT_JOB_STATUSES)) status!: string;
  @ApiProperty({ minimum: 0, maximum: 100 }) percent!: number;
  @ApiProperty({ type: ReportJobParamsDto }) params!: ReportJobParamsDto;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'The snapshot, once done' }) reportId!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Where the snapshot is, once done' }) reportUrl!: string | null;
  @ApiProperty({ nullable: true, type: Object, description: 'RFC 9457 problem, when failed (or while waiting to retry)' }) problem!: Record<
    string,
    unknown
  > | null;
  @ApiProperty() attempts!: number;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) scheduleId!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) startedAt!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) finishedAt!: string | null;
}

export const jobDto = (j: JobRow): ReportJobDto => ({
  id: j.id,
  status: j.status,
  percent: j.percent,
  params: j.params,
  reportId: j.report_id,
  reportUrl: j.report_id ? `/api/v1/reports/${j.report_id}` : null,
  problem: j.problem,
  attempts: j.attempts,
  scheduleId: j.schedule_id,
  createdAt: j.created_at,
  startedAt: j.started_at,
  finishedAt: j.finished_at,
});
