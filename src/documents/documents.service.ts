import { Inject, Injectable, Logger } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import type { FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { type RequestContext, SYSTEM_USER_ID } from '../common/auth-user';
import { APP_CONFIG, type AppConfig } from '../common/config';
import { IdempotencyGate } from '../idempotency/idempotency.gate';
import { canonicalJson } from '../idempotency/idempotency.interceptor';
import { DomainError, FIELD, invalidFields, notFound, type Thing } from '../common/errors';
import { decodeCursor, DEFAULT_LIMIT, type Page, toPage } from '../common/pagination';
import { assertMayWriteIn, NATIONAL, outsideScope, scopeOf } from '../common/scope';
import { assertCleanInput } from '../common/input-guard';
import { toNfc } from '../common/text';
import { fieldErrorsOf } from '../common/validation.pipe';
import { Transactions } from '../database/transaction';
import { AuditReadsService } from '../events/audit-reads.service';
import { EventsRepository } from '../events/events.repository';
import { DocumentStorage, type StagedFile } from './document-storage';
import { receiveDocumentUpload } from './document-upload';
import { DocumentDto, ListDocumentsQueryDto, UploadDocumentFieldsDto } from './documents.dto';
import { alreadySuperseded, type DocumentRow, DocumentsRepository, type DocumentValues } from './documents.repository';

/** A verified document ready to be sent: its bytes were hashed and match the record. */
export interface DocumentContent {
  stream: Readable;
  fileName: string;
  mediaType: string;
  sizeBytes: number;
  sha256: string;
}

const UPLOAD_ROUTE = 'POST /api/v1/documents';

/** What the event log records of a document. */
/** What a document upload's event records: the fields of DocumentValues a subject's `prepare` decides. */
export type UploadSubject = Pick<DocumentValues, 'kind' | 'provinceCode' | 'assetId' | 'actionId' | 'note' | 'supersedesId' | 'inspectionId'>;

const audited = (r: DocumentRow) => ({
  kind: r.kind,
  provinceCode: r.province_code,
  assetId: r.asset_id,
  actionId: r.action_id,
  ...(r.inspection_id ? { inspectionId: r.inspection_id } : {}),
  fileName: r.file_name,
  mediaType: r.media_type,
  sizeBytes: Number(r.size_bytes),
  sha256: r.sha256,
  note: r.note,
  supersedesId: r.supersedes_id,
});

/** 404 for a referenced subject, naming the field it came from. */
const missing = (what: Thing, field: string, id: string) => outsideScope(what, id, field);

@Injectable()
export class DocumentsService {
  private readonly logger = new Logger('DocumentsService');

  constructor(
    private readonly documents: DocumentsRepository,
    private readonly storage: DocumentStorage,
    private readonly events: EventsRepository,
    private readonly tx: Transactions,
    private readonly idempotency: IdempotencyGate,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly auditReads: AuditReadsService,
  ) {}

  /** POST /documents: a document of an asset or an action (its subject resolved from the fields). */
  upload(ctx: RequestContext, req: FastifyRequest, idempotencyKey?: string): Promise<{ document: DocumentDto; replayed: boolean }> {
    return this.receiveAndStore(ctx, req, UPLOAD_ROUTE, idempotencyKey, (fields) => this.prepare(ctx, fields));
  }

  /**
   * Receives an upload for any subject: `prepare` checks the fields and resolves the subject before
   * the file is read; the file is streamed into the store while hashed and counted; then
   * `beforeInsert` (e.g. locking the subject), the row, its event (and the superseded document's)
   * and the move into the content-addressed path happen in one transaction. With an
   * Idempotency-Key, the same fields and file within 24 h return the first answer.
   */
  async receiveAndStore(
    ctx: RequestContext,
    req: FastifyRequest,
    route: string,
    idempotencyKey: string | undefined,
    prepare: (fields: Record<string, string>) => Promise<UploadSubject>,
    beforeInsert?: () => Promise<void>,
  ): Promise<{ document: DocumentDto; replayed: boolean }> {
    if (idempotencyKey !== undefined) this.idempotency.assertWellFormed(idempotencyKey);
    const received = await receiveDocumentUpload(req, {
      storage: this.storage,
      maxBytes: this.config.documentMaxBytes,
      allowedTypes: this.config.documentTypes,
      prepare,
    });
    const values: DocumentValues = {
      ...received.prepared,
      fileName: received.fileName,
      mediaType: received.mediaType,
      sizeBytes: received.file.sizeBytes,
      sha256: received.file.sha256,
      uploadedBy: ctx.user.id === SYSTEM_USER_ID ? null : ctx.user.id,
    };
    try {
      const store = () => this.insertAndStore(ctx, values, received.file, beforeInsert);
      if (idempotencyKey === undefined) return { document: await store(), replayed: false };
      // The request is known only now that it has been read: its fields and the file's hash.
      const hash = createHash('sha256')
        .update(`${route}\n${canonicalJson(values)}`)
        .digest('hex');
      const begun = await this.idempotency.begin(ctx.user.id, idempotencyKey, route, hash);
      if ('replay' in begun) return { document: begun.replay.body as DocumentDto, replayed: true };
      // The answer is recorded in the document's own transaction.
      const document = await this.idempotency.run(begun.claim, store, (body) => ({ status: 201, body, headers: {} }));
      return { document, replayed: false };
    } finally {
      // Gone already when it was moved into place; otherwise (a refusal, a failure) it is dropped here.
      await this.storage.discard(received.file);
    }
  }

  /**
   * Stores a file the server itself holds (the demo seed's papers) as an upload with these form fields
   * would be: the same checks of the fields and of what they name, then the same row, event and store.
   */
  async storeOwn(ctx: RequestContext, fields: Record<string, string>, file: { fileName: string; mediaType: string; content: Buffer }): Promise<DocumentDto> {
    const prepared = await this.prepare(ctx, fields);
    const staged = await this.storage.stage(Readable.from([file.content]), this.config.documentMaxBytes);
    try {
      return await this.insertAndStore(
        ctx,
        {
          ...prepared,
          fileName: file.fileName,
          mediaType: file.mediaType,
          sizeBytes: staged.sizeBytes,
          sha256: staged.sha256,
          uploadedBy: ctx.user.id === SYSTEM_USER_ID ? null : ctx.user.id,
        },
        staged,
      );
    } finally {
      await this.storage.discard(staged);
    }
  }

  /** The row, its event (and the superseded document's) and the move into the content-addressed path, in one transaction. */
  private insertAndStore(ctx: RequestContext, values: DocumentValues, file: StagedFile, beforeInsert?: () => Promise<void>): Promise<DocumentDto> {
    return this.tx.run(async () => {
      await beforeInsert?.();
      const id = await this.documents.insert(values);
      // Inside the transaction: if the file cannot be put in place, the row is not kept either.
      await this.storage.commit(file);
      const row = (await this.documents.findInScope(NATIONAL, id))!;
      await this.events.append(ctx, { entityType: 'document', entityId: id, action: 'uploaded', after: audited(row) });
      if (values.supersedesId) {
        await this.events.append(ctx, {
          entityType: 'document',
          entityId: values.supersedesId,
          action: 'superseded',
          before: { supersededBy: null },
          after: { supersededBy: id },
        });
      }
      return DocumentDto.from(row);
    });
  }

  async list(ctx: RequestContext, query: ListDocumentsQueryDto): Promise<Page<DocumentDto>> {
    const limit = query.limit ?? DEFAULT_LIMIT;
    const after = decodeCursor(query.cursor, ['timestamp', 'uuid']) as [string, string] | undefined;
    const rows = await this.documents.listInScope(scopeOf(ctx.user), { assetId: query.assetId, actionId: query.actionId, kind: query.kind }, after, limit);
    // An inspector listing an asset's documents (in scope) is an audited read of that asset.
    if (query.assetId && this.auditReads.appliesTo(ctx) && (await this.documents.findSubjectAsset(scopeOf(ctx.user), query.assetId))) {
      await this.auditReads.record(ctx, 'asset', query.assetId, 'GET /api/v1/documents?assetId={id}');
    }
    return toPage(rows, limit, (r) => [r.uploaded_at_key, r.id], DocumentDto.from);
  }

  async get(ctx: RequestContext, id: string): Promise<DocumentDto> {
    const row = await this.mustFind(ctx, id);
    await this.auditReads.record(ctx, 'document', id, 'GET /api/v1/documents/{id}');
    return DocumentDto.from(row);
  }

  /**
   * The stored bytes, only after they were read and hashed: a missing, unreadable or altered file
   * is never served; it is a 500 document-integrity problem and an error-level alarm in the log.
   */
  async content(ctx: RequestContext, id: string): Promise<DocumentContent> {
    const row = await this.mustFind(ctx, id);
    await this.auditReads.record(ctx, 'document', id, 'GET /api/v1/documents/{id}/content');
    const sizeBytes = Number(row.size_bytes);
    const read = await this.storage.readVerified(row.sha256, sizeBytes);
    if (!read.ok) {
      this.logger.error(
        {
          alarm: 'document-integrity',
          documentId: row.id,
          reason: read.reason,
          expectedSha256: row.sha256,
          actualSha256: read.actualSha256,
          expectedSize: sizeBytes,
          actualSize: read.actualSize,
          requestId: ctx.requestId,
          userId: ctx.user.id,
        },
        `Document integrity failure: the stored file of document ${row.id} is ${read.reason === 'mismatch' ? 'altered' : read.reason}; it was not served`,
      );
      throw new DomainError(
        'document-integrity',
        {
          vi: `Tệp lưu trữ của tài liệu ${row.id} bị mất hoặc không khớp mã SHA-256 đã ghi nhận, nên không được trả về. Sự cố đã được ghi lại; hãy báo mã yêu cầu (requestId).`,
          en: `The stored file of document ${row.id} is missing or does not match its recorded SHA-256, so it was not served. The incident has been logged; report the requestId.`,
        },
        { extra: { documentId: row.id } },
      );
    }
    return { stream: read.stream, fileName: row.file_name, mediaType: row.media_type, sizeBytes, sha256: row.sha256 };
  }

  /** Checks the upload's fields and what they name, before a byte of the file is stored. */
  private async prepare(ctx: RequestContext, raw: Record<string, string>): Promise<UploadSubject> {
    // A blank form field is an absent one.
    assertCleanInput(raw, 'form');
    const present = Object.fromEntries(Object.entries(toNfc(raw)).filter(([, v]) => v.trim() !== ''));
    const dto = plainToInstance(UploadDocumentFieldsDto, present);
    const errors = await fieldErrorsOf(dto);
    if (!dto.assetId && !dto.actionId) {
      const message = { vi: 'cần assetId hoặc actionId', en: 'assetId or actionId is required' };
      errors.push({ field: 'assetId', message }, { field: 'actionId', message });
    }
    if (errors.length) throw invalidFields(errors);

    const scope = scopeOf(ctx.user);
    const asset = dto.assetId ? await this.documents.findSubjectAsset(scope, dto.assetId) : null;
    if (dto.assetId && !asset) throw missing('asset', 'assetId', dto.assetId);
    const action = dto.actionId ? await this.documents.findSubjectAction(scope, dto.actionId) : null;
    if (dto.actionId && !action) throw missing('action', 'actionId', dto.actionId);
    if (asset && action && action.asset_id !== asset.id) {
      throw new DomainError(
        'action-not-on-asset',
        {
          vi: `Phương án ${action.id} không phải phương án xử lý của tài sản ${asset.code}`,
          en: `Action ${action.id} is not an action on asset ${asset.code}`,
        },
        {
          errors: [{ field: 'actionId', message: FIELD.notActionOnAsset }],
        },
      );
    }
    // An action's document belongs to the action's province.
    const provinceCode = action?.province_code ?? asset!.province_code;
    assertMayWriteIn(ctx.user, provinceCode);

    if (dto.supersedesId) {
      const old = await this.documents.findInScope(scope, dto.supersedesId);
      if (!old) throw missing('document', 'supersedesId', dto.supersedesId);
      if (old.superseded_by) throw alreadySuperseded(old.id);
      if (old.asset_id !== (dto.assetId ?? null) || old.action_id !== (dto.actionId ?? null)) {
        throw new DomainError(
          'supersede-subject-mismatch',
          {
            vi: `Tài liệu thay thế phải gắn với cùng tài sản và phương án như tài liệu ${old.id}`,
            en: `A replacement must be attached to the same asset and action as document ${old.id}`,
          },
          { errors: [{ field: 'supersedesId', message: { vi: 'tài liệu của tài sản hoặc phương án khác', en: 'document of another asset or action' } }] },
        );
      }
    }
    return {
      kind: dto.kind,
      provinceCode,
      assetId: dto.assetId ?? null,
      actionId: dto.actionId ?? null,
      note: dto.note ?? null,
      supersedesId: dto.supersedesId ?? null,
    };
  }

  private async mustFind(ctx: RequestContext, id: string): Promise<DocumentRow> {
    const row = await this.documents.findInScope(scopeOf(ctx.user), id);
    if (!row) throw notFound('document', id);
    return row;
  }
}
