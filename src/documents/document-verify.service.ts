import { Injectable, Logger } from '@nestjs/common';
import type { RequestContext } from '../common/auth-user';
import { decodeCursor, encodeCursor } from '../common/pagination';
import { scopeOf } from '../common/scope';
import { DocumentStorage } from './document-storage';
import {
  DOCUMENT_VERIFY_DEFAULT_LIMIT,
  DOCUMENT_VERIFY_MAX_BYTES,
  DocumentProblemDto,
  DocumentVerificationDto,
  VerifyDocumentsQueryDto,
} from './document-verify.dto';
import { DocumentsRepository } from './documents.repository';

/**
 * Re-hashes the stored files of the documents in the caller's scope, in id order, a capped batch
 * per request (documents and bytes read), and lists each missing, altered or unreadable file.
 * Files are streamed; a file shared by several documents is hashed once per request.
 */
@Injectable()
export class DocumentVerifyService {
  private readonly logger = new Logger('DocumentVerifyService');

  constructor(
    private readonly documents: DocumentsRepository,
    private readonly storage: DocumentStorage,
  ) {}

  async verify(ctx: RequestContext, q: VerifyDocumentsQueryDto): Promise<DocumentVerificationDto> {
    const limit = q.limit ?? DOCUMENT_VERIFY_DEFAULT_LIMIT;
    const afterId = decodeCursor(q.cursor, ['uuid'])?.[0] as string | undefined;
    const rows = await this.documents.listForVerification(scopeOf(ctx.user), afterId, limit);
    const results = new Map<string, Awaited<ReturnType<DocumentStorage['check']>>>();
    const problems: DocumentProblemDto[] = [];
    let checked = 0;
    let bytes = 0;
    for (const row of rows.slice(0, limit)) {
      if (checked > 0 && bytes >= DOCUMENT_VERIFY_MAX_BYTES) break;
      const size = Number(row.size_bytes);
      const key = `${row.sha256}:${size}`;
      let result = results.get(key);
      if (!result) {
        result = await this.storage.check(row.sha256, size);
        results.set(key, result);
        bytes += size;
      }
      checked++;
      if (!result.ok) {
        this.logger.error(
          {
            alarm: 'document-integrity',
            documentId: row.id,
            reason: result.reason,
            expectedSha256: row.sha256,
            actualSha256: result.actualSha256,
            requestId: ctx.requestId,
            userId: ctx.user.id,
          },
          `Document verification: the stored file of document ${row.id} is ${result.reason === 'mismatch' ? 'altered' : result.reason}`,
        );
        problems.push({
          documentId: row.id,
          provinceCode: row.province_code,
          fileName: row.file_name,
          reason: result.reason,
          expectedSha256: row.sha256,
          actualSha256: result.actualSha256,
          expectedSize: size,
          actualSize: result.actualSize,
        });
      }
    }
    const more = checked < rows.length;
    return { ok: problems.length === 0, checked, limit, problems, nextCursor: more ? encodeCursor([rows[checked - 1].id]) : null };
  }
}
