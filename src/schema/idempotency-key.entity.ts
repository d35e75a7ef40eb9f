import { Check, Column, CreateDateColumn, Entity, Index } from 'typeorm';

/** The first answer to a create sent with an Idempotency-Key, kept 24 hours for retries. */
@Entity('idempotency_key')
@Index('idx_idempotency_key_created', ['createdAt'])
@Check('chk_idempotency_key_state', `state IN ('pending', 'done')`)
export class IdempotencyKey {
  @Column({ name: 'user_id', type: 'uuid', primary: true, primaryKeyConstraintName: 'pk_idempotency_key' })
  userId!: string;

  @Column({ type: 'varchar', length: 200, primary: true, primaryKeyConstraintName: 'pk_idempotency_key' })
  key!: string;

  @Column({ type: 'varchar', length: 200 })
  route!: string;

  @Column({ name: 'request_hash', type: 'char', length: 64 })
  requestHash!: string;

  @Column({ type: 'varchar', length: 10, default: 'pending' })
  state!: 'pending' | 'done';

  @Column({ name: 'response_status', type: 'integer', nullable: true })
  responseStatus!: number | null;

  @Column({ name: 'response_body', type: 'jsonb', nullable: true })
  responseBody!: unknown;

  @Column({ name: 'response_headers', type: 'jsonb', nullable: true })
  responseHeaders!: Record<string, string> | null;

  /** The request that holds a pending claim; its answer is recorded only while this still matches. */
  @Column({ name: 'claim_token', type: 'uuid', nullable: true })
  claimToken!: string | null;

  /** Until when a pending claim is held; past it, a retry may take the key over. */
  @Column({ name: 'lease_until', type: 'timestamptz', nullable: true })
  leaseUntil!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
