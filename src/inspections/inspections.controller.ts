import { Body, Controller, Get, Headers, Param, ParseUUIDPipe, Patch, Post, Query, Req, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RequestContext } from '../common/auth-user';
import { ALL_ROLES, Ctx, Roles } from '../common/decorators';
import { ApiFileResponse, FILE_MEDIA_TYPES } from '../common/file-response';
import { Etag, type EtagSetter, IfMatch, versionFromIfMatch } from '../common/etag';
import { Idempotent } from '../idempotency/idempotent.decorator';
import { PageQueryDto } from '../common/pagination';
import { DocumentDto, DocumentPageDto } from '../documents/documents.dto';
import { InspectionExportService } from './export/inspection-export.service';
import { InspectionDocumentsService } from './inspection-documents.service';
import {
  CreateInspectionDto,
  ExportInspectionQueryDto,
  InspectionDto,
  InspectionPageDto,
  ListInspectionsQueryDto,
  UpdateInspectionDto,
} from './inspections.dto';
import { InspectionsService } from './inspections.service';

const ID = new ParseUUIDPipe();

@ApiTags('inspections')
@ApiBearerAuth()
@Controller('inspections')
export class InspectionsController {
  constructor(
    private readonly inspections: InspectionsService,
    private readonly documents: InspectionDocumentsService,
    private readonly exports: InspectionExportService,
  ) {}

  @Post()
  @Roles('admin', 'inspector')
  @Idempotent()
  @ApiOperation({ summary: 'Plan an inspection of an asset, an action, or a province over a period (admins; inspectors in their scope)' })
  @ApiCreatedResponse({ type: InspectionDto })
  async create(@Ctx() ctx: RequestContext, @Body() dto: CreateInspectionDto, @Etag() etag: EtagSetter): Promise<InspectionDto> {
    return etag(await this.inspections.create(ctx, dto));
  }

  @Get()
  @Roles(...ALL_ROLES)
  @ApiOperation({ summary: 'List inspections in your scope (filters: province, status, subjectType, assetId, actionId); officers and viewers read them too' })
  @ApiOkResponse({ type: InspectionPageDto })
  list(@Ctx() ctx: RequestContext, @Query() q: ListInspectionsQueryDto): Promise<InspectionPageDto> {
    return this.inspections.list(ctx, q);
  }

  @Get(':id')
  @Roles(...ALL_ROLES)
  @ApiOperation({ summary: 'One inspection, with counts of its findings' })
  @ApiOkResponse({ type: InspectionDto })
  async get(@Ctx() ctx: RequestContext, @Param('id', ID) id: string, @Etag() etag: EtagSetter): Promise<InspectionDto> {
    return etag(await this.inspections.get(ctx, id));
  }

  @Patch(':id')
  @Roles('admin', 'inspector')
  @ApiOperation({
    summary: 'Edit an inspection or move its status (planned → in_progress → closed); needs If-Match',
    description:
      'Closing needs a conclusion; with critical findings still open or suggested it also needs closeOverrideReason (else 409 critical-findings-open). A closed inspection is final (409 inspection-closed).',
  })
  @ApiOkResponse({ type: InspectionDto })
  async update(
    @Ctx() ctx: RequestContext,
    @Param('id', ID) id: string,
    @IfMatch() ifMatch: string | undefined,
    @Body() dto: UpdateInspectionDto,
    @Etag() etag: EtagSetter,
  ): Promise<InspectionDto> {
    return etag(await this.inspections.update(ctx, id, versionFromIfMatch(ifMatch), dto));
  }

  @Post(':id/documents')
  @Roles('admin', 'inspector')
  @Idempotent()
  @ApiOperation({
    summary: 'Attach a document to the inspection (multipart: kind, optional note, then the file in the part "file")',
    description: 'Same upload rules as POST /documents (413, 415, 422 field-after-file, storage by SHA-256).',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['kind', 'file'],
      properties: { kind: { $ref: getSchemaPath('DocumentKind') }, note: { type: 'string', maxLength: 2000 }, file: { type: 'string', format: 'binary' } },
    },
  })
  @ApiCreatedResponse({ type: DocumentDto })
  async upload(
    @Ctx() ctx: RequestContext,
    @Param('id', ID) id: string,
    @Req() req: FastifyRequest,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<DocumentDto> {
    const { document, replayed } = await this.documents.upload(ctx, id, req, key);
    if (replayed) void res.header('idempotency-replayed', 'true');
    return document;
  }

  @Get(':id/documents')
  @Roles(...ALL_ROLES)
  @ApiOperation({ summary: 'The documents attached to the inspection, oldest first' })
  @ApiOkResponse({ type: DocumentPageDto })
  listDocuments(@Ctx() ctx: RequestContext, @Param('id', ID) id: string, @Query() q: PageQueryDto): Promise<DocumentPageDto> {
    return this.documents.list(ctx, id, q);
  }

  @Get(':id/export')
  @Roles(...ALL_ROLES)
  @ApiOperation({ summary: 'The inspection and its findings as PDF or XLSX (Vietnamese)' })
  @ApiFileResponse('The file: PDF or XLSX, as format asks', [FILE_MEDIA_TYPES.pdf, FILE_MEDIA_TYPES.xlsx])
  async export(@Ctx() ctx: RequestContext, @Param('id', ID) id: string, @Query() q: ExportInspectionQueryDto): Promise<StreamableFile> {
    const file = await this.exports.export(ctx, id, q.format);
    return new StreamableFile(file.body, { type: file.type, length: file.body.length, disposition: `attachment; filename="${file.fileName}"` });
  }
}
