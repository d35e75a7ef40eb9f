import { Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post, Query, Req, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RequestContext } from '../common/auth-user';
import { ALL_ROLES, Ctx, Roles } from '../common/decorators';
import { reprDigest } from '../common/etag';
import { Idempotent } from '../idempotency/idempotent.decorator';
import { DOCUMENT_VERIFY_MAX_BYTES, DocumentVerificationDto, VerifyDocumentsQueryDto } from './document-verify.dto';
import { DocumentVerifyService } from './document-verify.service';
import { DocumentDto, DocumentPageDto, ListDocumentsQueryDto } from './documents.dto';
import { type DocumentContent, DocumentsService } from './documents.service';

const ID = new ParseUUIDPipe();

/**
 * `attachment` with an ASCII fallback name and the exact UTF-8 name as RFC 5987/6266
 * `filename*=UTF-8''…` (Vietnamese names survive every browser).
 */
export function contentDisposition(fileName: string): string {
  const ascii = fileName
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const encoded = encodeURIComponent(fileName.normalize('NFC')).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** The verified bytes, with their type, length, name and digest (RFC 9530 Repr-Digest). */
function download(res: FastifyReply, c: DocumentContent): StreamableFile {
  void res.header('Repr-Digest', reprDigest(c.sha256));
  return new StreamableFile(c.stream, { type: c.mediaType, length: c.sizeBytes, disposition: contentDisposition(c.fileName) });
}

@ApiTags('documents')
@ApiBearerAuth()
@Controller('documents')
export class DocumentsController {
  constructor(
    private readonly documents: DocumentsService,
    private readonly verification: DocumentVerifyService,
  ) {}

  @Post('verify')
  @HttpCode(200)
  @Roles('admin', 'inspector')
  @ApiOperation({
    summary: 'Re-hash the stored files of the documents in your scope and list any missing or altered one',
    description:
      'Admins and national inspectors check every province, a provincial inspector only theirs. Documents are taken in id order, each file streamed ' +
      `and hashed; one request checks at most \`limit\` documents and stops after reading ${DOCUMENT_VERIFY_MAX_BYTES / 1024 / 1024} MiB: continue with ` +
      'cursor=nextCursor until it is null. Nothing is changed; each problem is also logged as an error-level alarm.',
  })
  @ApiOkResponse({ type: DocumentVerificationDto })
  verify(@Ctx() ctx: RequestContext, @Query() query: VerifyDocumentsQueryDto): Promise<DocumentVerificationDto> {
    return this.verification.verify(ctx, query);
  }

  @Post()
  @Roles('admin', 'officer')
  @Idempotent()
  @ApiOperation({
    summary: 'Upload a document attached to an asset and/or an action in your province',
    description:
      'multipart/form-data. Send the text fields FIRST and the file LAST, in the part "file": the fields are checked before the file is read, ' +
      'and a field after the file is a 422 field-after-file. The file is streamed to storage while its SHA-256 and size are computed; over ' +
      'DOCUMENT_MAX_BYTES it is a 413 payload-too-large, a media type outside DOCUMENT_TYPES a 415 (application/octet-stream is read from the ' +
      "file name's extension). Identical content is stored once. A document is never changed or deleted: to replace one, upload its " +
      'replacement with supersedesId (same asset and action; a document is superseded at most once, else 409 document-already-superseded).',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['kind', 'file'],
      properties: {
        kind: { $ref: getSchemaPath('DocumentKind') },
        assetId: { type: 'string', format: 'uuid', description: 'assetId and/or actionId' },
        actionId: { type: 'string', format: 'uuid', description: 'assetId and/or actionId; with both, the action must be on that asset' },
        note: { type: 'string', maxLength: 2000 },
        supersedesId: { type: 'string', format: 'uuid', description: 'The document this one replaces' },
        file: { type: 'string', format: 'binary', description: 'The file, sent after every other field' },
      },
    },
  })
  @ApiCreatedResponse({ type: DocumentDto })
  async upload(
    @Ctx() ctx: RequestContext,
    @Req() req: FastifyRequest,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<DocumentDto> {
    const { document, replayed } = await this.documents.upload(ctx, req, key);
    if (replayed) void res.header('idempotency-replayed', 'true');
    return document;
  }

  @Get()
  @Roles(...ALL_ROLES)
  @ApiOperation({ summary: 'List documents in your scope, oldest first, by asset, action or kind' })
  @ApiOkResponse({ type: DocumentPageDto })
  list(@Ctx() ctx: RequestContext, @Query() query: ListDocumentsQueryDto): Promise<DocumentPageDto> {
    return this.documents.list(ctx, query);
  }

  @Get(':id')
  @Roles(...ALL_ROLES)
  @ApiOperation({ summary: "One document's metadata, with the document that superseded it if any" })
  @ApiOkResponse({ type: DocumentDto })
  get(@Ctx() ctx: RequestContext, @Param('id', ID) id: string): Promise<DocumentDto> {
    return this.documents.get(ctx, id);
  }

  @Get(':id/content')
  @Roles(...ALL_ROLES)
  @ApiOperation({
    summary: 'Download the file, after checking it against its recorded SHA-256',
    description:
      'A stored file that is missing or no longer matches its SHA-256 is never served: the answer is a 500 document-integrity problem, and the server logs an alarm.',
  })
  @ApiProduces('application/octet-stream')
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  async content(@Ctx() ctx: RequestContext, @Param('id', ID) id: string, @Res({ passthrough: true }) res: FastifyReply): Promise<StreamableFile> {
    return download(res, await this.documents.content(ctx, id));
  }
}
