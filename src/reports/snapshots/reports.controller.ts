import { Body, Controller, Get, Headers, HttpStatus, Param, ParseUUIDPipe, Post, Query, Res, StreamableFile } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { RequestContext } from '../../common/auth-user';
import { ALL_ROLES, Ctx, Roles } from '../../common/decorators';
import { ApiFileResponse, FILE_MEDIA_TYPES } from '../../common/file-response';
import { StatusReportDto } from '../figures/figures.dto';
import { Etag, type EtagSetter, reprDigest } from '../../common/etag';
import { Idempotent } from '../../idempotency/idempotent.decorator';
import { ReportJobDto } from '../jobs/report-job.dto';
import { ContentQueryDto, CreateReportDto, ListReportsQueryDto, ReportDiffDto, ReportSnapshotDto, ReportSnapshotPageDto, VerificationDto } from './reports.dto';
import { ReportsService, type StoredContent } from './reports.service';

const ID = new ParseUUIDPipe();

/** The stored bytes with their ETag and digest, or 304 with the ETag alone. */
function sendStored(res: FastifyReply, etag: EtagSetter, c: StoredContent): StreamableFile | undefined {
  etag.of(c.sha256);
  if (c.notModified) {
    void res.status(HttpStatus.NOT_MODIFIED);
    return undefined;
  }
  void res.header('Repr-Digest', reprDigest(c.sha256));
  return new StreamableFile(c.content, { type: c.mediaType, length: c.content.length, disposition: `attachment; filename="${c.name}"` });
}

@ApiTags('reports')
@ApiBearerAuth()
@Controller('reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Post()
  @Roles(...ALL_ROLES)
  @Idempotent()
  @ApiOperation({
    summary: 'Generate and store a report snapshot (within your scope)',
    description:
      'A small report is generated at once: 201 with the snapshot. National XLSX/PDF, and reports over REPORT_JOB_THRESHOLD_ROWS rows, run as a job: 202 with the job and its Location (GET /reports/jobs/{id}). ' +
      'With an explicit knownAt, the same parameters give the same report: an existing snapshot holding the formats is answered with 200, a job already making it with 202. ' +
      'A user may have REPORT_JOBS_PER_USER jobs queued or running: one more is 429 too-many-report-jobs with Retry-After.',
  })
  @ApiOkResponse({ type: ReportSnapshotDto, description: 'an existing snapshot with the same parameters (explicit knownAt)' })
  @ApiCreatedResponse({ type: ReportSnapshotDto })
  @ApiAcceptedResponse({ type: ReportJobDto })
  async create(
    @Ctx() ctx: RequestContext,
    @Body() body: CreateReportDto,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<ReportSnapshotDto | ReportJobDto> {
    const out = await this.reports.create(ctx, body);
    if ('job' in out) {
      void res.status(HttpStatus.ACCEPTED).header('Location', `/api/v1/reports/jobs/${out.job.id}`);
      return out.job;
    }
    // An existing snapshot of the same parameters (explicit knownAt) is answered as it is: 200, not 201.
    void res.status(out.reused ? HttpStatus.OK : HttpStatus.CREATED).header('Location', `/api/v1/reports/${out.snapshot.id}`);
    return out.snapshot;
  }

  @Get()
  @Roles(...ALL_ROLES)
  @ApiOperation({ summary: 'Report snapshots in your scope, newest first' })
  @ApiOkResponse({ type: ReportSnapshotPageDto })
  list(@Ctx() ctx: RequestContext, @Query() q: ListReportsQueryDto): Promise<ReportSnapshotPageDto> {
    return this.reports.list(ctx, q);
  }

  @Get('jobs/:id')
  @Roles(...ALL_ROLES)
  @ApiOperation({ summary: 'A report job: queued, running (with percent), done (with the report id) or failed (with a problem)' })
  @ApiOkResponse({ type: ReportJobDto })
  @ApiNotFoundResponse({ description: 'No such job in your scope' })
  job(@Ctx() ctx: RequestContext, @Param('id', ID) id: string): Promise<ReportJobDto> {
    return this.reports.job(ctx, id);
  }

  @Get(':id')
  @Roles(...ALL_ROLES)
  @ApiOperation({ summary: 'One report snapshot: its parameters, who generated it when, and each stored format with its SHA-256' })
  @ApiOkResponse({ type: ReportSnapshotDto })
  get(@Ctx() ctx: RequestContext, @Param('id', ID) id: string): Promise<ReportSnapshotDto> {
    return this.reports.get(ctx, id);
  }

  @Get(':id/content')
  @Roles(...ALL_ROLES)
  @ApiOperation({
    summary: 'Exactly the stored bytes of one format (ETag = its SHA-256); damaged bytes are never served (500 report-integrity)',
    description: 'With If-None-Match naming the ETag the answer is 304 with no body (a snapshot never changes, so a copy with that ETag is current).',
  })
  @ApiHeader({ name: 'If-None-Match', required: false, description: 'The ETag of a copy already held' })
  @ApiFileResponse(
    'The stored bytes of the format asked: the report as JSON, or a CSV, XLSX or PDF file',
    [FILE_MEDIA_TYPES.csv, FILE_MEDIA_TYPES.xlsx, FILE_MEDIA_TYPES.pdf],
    { mediaType: 'application/json', model: StatusReportDto },
  )
  @ApiResponse({ status: HttpStatus.NOT_MODIFIED, description: 'If-None-Match names this content: no body' })
  async content(
    @Ctx() ctx: RequestContext,
    @Param('id', ID) id: string,
    @Query() q: ContentQueryDto,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Res({ passthrough: true }) res: FastifyReply,
    @Etag('The SHA-256 of the stored bytes: send it in If-None-Match to get 304 when your copy is current') etag: EtagSetter,
  ): Promise<StreamableFile | undefined> {
    return sendStored(res, etag, await this.reports.content(ctx, id, q.format, ifNoneMatch));
  }

  @Get(':id/verify')
  @Roles(...ALL_ROLES)
  @ApiOperation({ summary: 'Regenerate with the stored parameters and generation time, and say per format whether the bytes match' })
  @ApiOkResponse({ type: VerificationDto })
  verify(@Ctx() ctx: RequestContext, @Param('id', ID) id: string): Promise<VerificationDto> {
    return this.reports.verify(ctx, id);
  }

  @Get(':id/diff/:otherId')
  @Roles(...ALL_ROLES)
  @ApiOperation({
    summary: 'The figures that changed from one snapshot to another (same scope), with the facilities that entered and left each drillable cell',
  })
  @ApiOkResponse({ type: ReportDiffDto })
  diff(@Ctx() ctx: RequestContext, @Param('id', ID) id: string, @Param('otherId', ID) otherId: string): Promise<ReportDiffDto> {
    return this.reports.diff(ctx, id, otherId);
  }
}
