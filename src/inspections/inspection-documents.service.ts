import { Injectable } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import type { FastifyRequest } from 'fastify';
import type { RequestContext } from '../common/auth-user';
import { invalidFields, notFound } from '../common/errors';
import { decodeCursor, DEFAULT_LIMIT, type Page, toPage } from '../common/pagination';
import { NATIONAL, scopeOf } from '../common/scope';
import { assertCleanInput } from '../common/input-guard';
import { toNfc } from '../common/text';
import { fieldErrorsOf } from '../common/validation.pipe';
import { DocumentDto, ListDocumentsQueryDto } from '../documents/documents.dto';
import { DocumentsRepository } from '../documents/documents.repository';
import { DocumentsService, type UploadSubject } from '../documents/documents.service';
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
    private readonly uploads: DocumentsService,
  ) {}

  /** POST /inspections/{id}/documents: the document store's one upload path, with the inspection as subject (locked; not closed). */
  upload(ctx: RequestContext, inspectionId: string, req: FastifyRequest, idempotencyKey?: string): Promise<{ document: DocumentDto; replayed: boolean }> {
    return this.uploads.receiveAndStore(
      ctx,
      req,
      UPLOAD_ROUTE,
      idempotencyKey,
      (fields) => this.prepare(ctx, inspectionId, fields),
      async () => {
        const inspection = await this.inspections.lockInScope(NATIONAL, inspectionId);
        if (inspection?.status === 'closed') throw inspectionClosed(inspectionId);
      },
    );
  }

  async list(ctx: RequestContext, inspectionId: string, q: Pick<ListDocumentsQueryDto, 'limit' | 'cursor'>): Promise<Page<DocumentDto>> {
    const scope = scopeOf(ctx.user);
    if (!(await this.inspections.findInScope(scope, inspectionId))) throw notFound('inspection', inspectionId);
    const limit = q.limit ?? DEFAULT_LIMIT;
    const after = decodeCursor(q.cursor, ['timestamp', 'uuid']) as [string, string] | undefined;
    const rows = await this.documents.listInScope(scope, { inspectionId }, after, limit);
    return toPage(rows, limit, (r) => [r.uploaded_at_key, r.id], DocumentDto.from);
  }

  /** The fields (kind, note) and the inspection, checked before a byte of the file is stored. */
  private async prepare(ctx: RequestContext, inspectionId: string, raw: Record<string, string>): Promise<UploadSubject> {
    assertCleanInput(raw, 'form');
    const present = Object.fromEntries(Object.entries(toNfc(raw)).filter(([, v]) => v.trim() !== ''));
    const dto = plainToInstance(InspectionDocumentFieldsDto, present);
    const errors = await fieldErrorsOf(dto);
    if (errors.length) throw invalidFields(errors);
    const inspection = await this.inspections.findInScope(scopeOf(ctx.user), inspectionId);
    if (!inspection) throw notFound('inspection', inspectionId);
    assertMayInspect(ctx.user, inspection.province_code);
    if (inspection.status === 'closed') throw inspectionClosed(inspectionId);
    return { kind: dto.kind, note: dto.note ?? null, provinceCode: inspection.province_code, assetId: null, actionId: null, supersedesId: null, inspectionId };
  }
}
