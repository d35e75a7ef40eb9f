import { Injectable } from '@nestjs/common';
import type { RequestContext } from '../common/auth-user';
import { SYSTEM_USER_ID } from '../common/auth-user';
import { Db } from '../database/transaction';

export interface NewEvent {
  entityType: string;
  entityId: string | number;
  action: string;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
}

/** Only the fields that changed, for an update event's before/after. */
export function changedFields(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): { before: Record<string, unknown>; after: Record<string, unknown> } {
  const b: Record<string, unknown> = {};
  const a: Record<string, unknown> = {};
  for (const key of Object.keys(after)) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) {
      b[key] = before[key] ?? null;
      a[key] = after[key] ?? null;
    }
  }
  return { before: b, after: a };
}

/** Appends to the event log, always inside the transaction of the change it records. */
@Injectable()
export class EventsRepository {
  constructor(private readonly db: Db) {}

  async append(ctx: RequestContext, e: NewEvent): Promise<void> {
    await this.db.query(`INSERT INTO event (actor_id, request_id, entity_type, entity_id, action, before, after) VALUES ($1, $2, $3, $4, $5, $6, $7)`, [
      ctx.user.id === SYSTEM_USER_ID ? null : ctx.user.id,
      ctx.requestId.slice(0, 128),
      e.entityType,
      String(e.entityId),
      e.action,
      e.before === undefined || e.before === null ? null : JSON.stringify(e.before),
      e.after === undefined || e.after === null ? null : JSON.stringify(e.after),
    ]);
  }
}
