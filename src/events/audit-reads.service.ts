import { Injectable } from '@nestjs/common';
import type { RequestContext } from '../common/auth-user';
import { Transactions } from '../database/transaction';
import { EventsRepository } from './events.repository';

export type AuditedEntity = 'asset' | 'action' | 'document';

/** The action of the event an audited read appends. */
export const INSPECTED_READ = 'inspected-read';

/**
 * Inspectors' reads of a disposal are part of the record: the read use cases (an asset, its
 * history, its documents' list, a document and its content, an action) call `record` once they have found what was
 * asked for, and an inspector's read appends one `inspected-read` event, in its own small
 * transaction (reads have none). Other roles' reads record nothing. If the event cannot be
 * written the read fails: an inspection that leaves no trace is not served.
 */
@Injectable()
export class AuditReadsService {
  constructor(
    private readonly events: EventsRepository,
    private readonly tx: Transactions,
  ) {}

  /** Whether this caller's reads are recorded (to skip a lookup only a recorded read needs). */
  appliesTo(ctx: RequestContext): boolean {
    return ctx.user.role === 'inspector';
  }

  async record(ctx: RequestContext, entityType: AuditedEntity, entityId: string, route: string): Promise<void> {
    if (!this.appliesTo(ctx)) return;
    await this.tx.run(() => this.events.append(ctx, { entityType, entityId, action: INSPECTED_READ, after: { route } }));
  }
}
