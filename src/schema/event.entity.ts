import { Check, Column, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

/**
 * One recorded change. Rows are numbered and hash-chained by a database trigger and can never be
 * updated or deleted (triggers refuse it). Write only through EventsRepository.append.
 */
@Entity('event')
@Unique('uq_event_seq', ['seq'])
@Index('idx_event_entity', ['entityType', 'entityId', 'seq'])
@Index('idx_event_occurred', ['occurredAt'])
export class EventRecord {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'BY DEFAULT', primaryKeyConstraintName: 'pk_event' })
  id!: string;

  @Column({ type: 'bigint' })
  seq!: string;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt!: Date;

  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId!: string | null;

  @Column({ name: 'request_id', type: 'varchar', length: 128, nullable: true })
  requestId!: string | null;

  @Column({ name: 'entity_type', type: 'varchar', length: 40 })
  entityType!: string;

  @Column({ name: 'entity_id', type: 'varchar', length: 64 })
  entityId!: string;

  @Column({ type: 'varchar', length: 40 })
  action!: string;

  @Column({ type: 'jsonb', nullable: true })
  before!: Record<string, unknown> | null;

  @Column({ type: 'jsonb', nullable: true })
  after!: Record<string, unknown> | null;

  @Column({ name: 'prev_hash', type: 'char', length: 64 })
  prevHash!: string;

  @Column({ type: 'char', length: 64 })
  hash!: string;
}

/**
 * The head of the event log (seq and hash of its last row) recorded on a schedule, so that rows cut
 * off the log's end show (GET /events/verify compares the log with it). Append-only: triggers refuse
 * UPDATE, DELETE and TRUNCATE. The same anchors go to a file outside the database.
 */
@Entity('event_anchor')
@Check('chk_event_anchor_seq', `seq >= 0`)
@Check('chk_event_anchor_hash', `hash ~ '^[0-9a-f]{64}$'`)
export class EventAnchor {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'BY DEFAULT', primaryKeyConstraintName: 'pk_event_anchor' })
  id!: string;

  @Column({ type: 'bigint' })
  seq!: string;

  @Column({ type: 'char', length: 64 })
  hash!: string;

  @Column({ name: 'recorded_at', type: 'timestamptz', default: () => 'now()' })
  recordedAt!: Date;
}
