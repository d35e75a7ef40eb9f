import { Inject, Injectable } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import type { FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import { type RequestContext, SYSTEM_USER_ID } from '../auth/auth-user';
import { APP_CONFIG, type AppConfig } from '../common/config';
import { DomainError, notFound } from '../common/errors';
import { IdempotencyGate } from '../common/idempotency/idempotency.gate';
import { canonicalJson } from '../common/idempotency/idempotency.interceptor';
import { decodeCursor, DEFAULT_LIMIT, type Page, toPage } from '../common/pagination';
import { scopeOf } from '../common/scope';
import { toNfc } from '../common/text';
import { flattenValidationErrors } from '../common/validation.pipe';
import { Transactions } from '../database/transaction';
import { DocumentStorage } from '../documents/document-storage';
import { receiveDocumentUpload } from '../documents/document-upload';
import { DocumentDto, ListDocumentsQueryDto } from '../documents/documents.dto';
import { DocumentsRepository, type DocumentValues } from '../documents/documents.repository';
import { EventsRepository } from '../events/events.repository';
import { InspectionDocumentFieldsDto } from './inspection-documents.dto';
import { assertMayInspect, inspectionClosed } from './inspection.mapper';
import { InspectionsRepository } from './inspections.repository';

const UPLOAD_ROUTE = 'POST /api/v1/inspections/:id/documents';

/** Documents attached to an inspection itself (its own evidence), through the document store and upload code of src/documents. */
@Injectable()
export class InspectionDocumentsService {
  constructor(
    private readonly inspections: InspectionsRepository,
    private readonly documents: DocumentsRepository,
    private readonly storage: DocumentStorage,
    private readonly events: EventsRepository,
    private readonly tx: Transactions,
    private readonly idempotency: IdempotencyGate,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async upload(ctx: RequestContext, inspectionId: string, req: FastifyRequest, idempotencyKey?: string): Promise<{ document: DocumentDto; replayed: boolean }> {
    if (idempotencyKey !== undefined) this.idempotency.assertWellFormed(idempotencyKey);
    const received = await receiveDocumentUpload(req, {
      storage: this.storage, maxBytes: this.config.documentMaxBytes, allowedTypes: this.config.documentTypes,
      prepare: (fields) => this.prepare(ctx, inspectionId, fields),
    });
    const values: DocumentValues = {
      ...received.prepared, assetId: null, actionId: null, supersedesId: null, inspectionId,
      fileName: received.fileName, mediaType: received.mediaType, sizeBytes: received.file.sizeBytes, sha256: received.file.sha256,
      uploadedBy: ctx.user.id === SYSTEM_USER_ID ? null : ctx.user.id,
    };
    let claimed = false;
    try {
      if (idempotencyKey !== undefined) {
        const hash = createHash('sha256').update(`${UPLOAD_ROUTE}\n${canonicalJson(values)}`).digest('hex');
        const replay = await this.idempotency.begin(ctx.user.id, idempotencyKey, UPLOAD_ROUTE, hash);
        if (replay) return { document: replay.body as DocumentDto, replayed: true };
        claimed = true;
      }
      const document = await this.tx.run(async (tx) => {
        const inspection = await this.inspections.lockInScope(tx, null, inspectionId);
        if (inspection?.status === 'closed') throw inspectionClosed(inspectionId);
        const id = await this.documents.insert(tx, values);
        await this.storage.commit(received.file);
        const row = (await this.documents.findInScope(null, id, tx))!;
        await this.events.append(tx, ctx, {
          entityType: 'document', entityId: id, action: 'uploaded',
          after: { kind: row.kind, provinceCode: row.province_code, inspectionId, fileName: row.file_name, mediaType: row.media_type, sizeBytes: Number(row.size_bytes), sha256: row.sha256, note: row.note },
        });
        return DocumentDto.from(row);
      });
      if (claimed) await this.idempotency.finish(ctx.user.id, idempotencyKey!, 201, document, {});
      return { document, replayed: false };
    } catch (err) {
      if (claimed) await this.idempotency.abort(ctx.user.id, idempotencyKey!);
      throw err;
    } finally {
      await this.storage.discard(received.file);
    }
  }

  async list(ctx: RequestContext, inspectionId: string, q: Pick<ListDocumentsQueryDto, 'limit' | 'cursor'>): Promise<Page<DocumentDto>> {
    const scope = scopeOf(ctx.user);
    if (!(await this.inspections.findInScope(scope, inspectionId))) throw notFound('Inspection', inspectionId);
    const limit = q.limit ?? DEFAULT_LIMIT;
    const after = decodeCursor(q.cursor, ['timestamp', 'uuid']) as [string, string] | undefined;
    const rows = await this.documents.listInScope(scope, { inspectionId }, after, limit);
    return toPage(rows, limit, (r) => [r.uploaded_at_key, r.id], DocumentDto.from);
  }

  /** The fields (kind, note) and the inspection, checked before a byte of the file is stored. */
  private async prepare(ctx: RequestContext, inspectionId: string, raw: Record<string, string>): Promise<{ kind: DocumentValues['kind']; note: string | null; provinceCode: string }> {
    const present = Object.fromEntries(Object.entries(toNfc(raw)).filter(([, v]) => v.trim() !== ''));
    const dto = plainToInstance(InspectionDocumentFieldsDto, present);
    const errors = flattenValidationErrors(await validate(dto, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true, validationError: { target: false, value: false } }));
    if (errors.length) throw new DomainError('validation-failed', 422, 'Validation failed', `Invalid field(s): ${[...new Set(errors.map((e) => e.field))].join(', ')}`, errors);
    const inspection = await this.inspections.findInScope(scopeOf(ctx.user), inspectionId);
    if (!inspection) throw notFound('Inspection', inspectionId);
    assertMayInspect(ctx.user, inspection.province_code);
    if (inspection.status === 'closed') throw inspectionClosed(inspectionId);
    return { kind: dto.kind, note: dto.note ?? null, provinceCode: inspection.province_code };
  }
}
