import { Injectable } from '@nestjs/common';
import type { ChainRow } from './event-chain';
import { Db } from '../database/transaction';

export interface EventListRow {
  seq: string;
  id: string;
  occurred_at: Date;
  actor_id: string | null;
  actor_username: string | null;
  request_id: string | null;
  entity_type: string;
  entity_id: string;
  action: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  prev_hash: string;
  hash: string;
}

export interface EventFilter {
  entityType?: string;
  entityId?: string;
  actor?: string;
  from?: string;
  to?: string;
}

/** All reading SQL about the event log (the chain walk and the list). Writing is EventsRepository's. */
@Injectable()
export class EventsReadRepository {
  constructor(private readonly db: Db) {}

  /** The stored hash of the row numbered `seq`, if there is one. */
  async hashAt(seq: number): Promise<string | undefined> {
    const rows: { hash: string }[] = await this.db.query(`SELECT hash FROM event WHERE seq = $1`, [seq]);
    return rows[0]?.hash;
  }

  /** The highest seq, 0 for an empty log. */
  async lastSeq(): Promise<number> {
    const rows: { seq: string }[] = await this.db.query(`SELECT coalesce(max(seq), 0)::text AS seq FROM event`);
    return Number(rows[0].seq);
  }

  /**
   * One keyset batch of the chain from `fromSeq` to `toSeq` (inclusive), with each row's hash
   * recomputed by the same SQL function the insert trigger uses (uq_event_seq serves the range).
   */
  async chainBatch(fromSeq: number, toSeq: number, size: number): Promise<ChainRow[]> {
    const rows: { seq: string; id: string; prev_hash: string; hash: string; computed: string }[] = await this.db.query(
      `SELECT e.seq::text AS seq, e.id::text AS id, e.prev_hash, e.hash,
              event_hash(e.seq, e.prev_hash, e.occurred_at, e.actor_id, e.request_id, e.entity_type, e.entity_id, e.action, e.before, e.after) AS computed
       FROM event e WHERE e.seq >= $1 AND e.seq <= $2 ORDER BY e.seq LIMIT $3`,
      [fromSeq, toSeq, size],
    );
    return rows.map((r) => ({ seq: Number(r.seq), id: r.id, prevHash: r.prev_hash, hash: r.hash, computed: r.computed }));
  }

  /** Events in chain order after `afterSeq`, filtered; limit + 1 rows to know whether more exist. */
  list(filter: EventFilter, afterSeq: number | undefined, limit: number): Promise<EventListRow[]> {
    const params: unknown[] = [];
    const p = (v: unknown) => `$${params.push(v)}`;
    const where = [`e.seq > ${p(afterSeq ?? 0)}`];
    if (filter.entityType) where.push(`e.entity_type = ${p(filter.entityType)}`);
    if (filter.entityId) where.push(`e.entity_id = ${p(filter.entityId)}`);
    if (filter.actor) where.push(`e.actor_id = ${p(filter.actor)}::uuid`);
    if (filter.from) where.push(`e.occurred_at >= ${p(filter.from)}::timestamptz`);
    if (filter.to) where.push(`e.occurred_at < ${p(filter.to)}::timestamptz`);
    return this.db.query(
      `SELECT e.seq::text AS seq, e.id::text AS id, e.occurred_at, e.actor_id, u.username AS actor_username, e.request_id, e.entity_type, e.entity_id,
              e.action, e.before, e.after, e.prev_hash, e.hash
       FROM event e LEFT JOIN app_user u ON u.id = e.actor_id
       WHERE ${where.join(' AND ')} ORDER BY e.seq LIMIT ${p(limit + 1)}`,
      params,
    );
  }
}
