import { Check, Column, Entity, Index } from 'typeorm';

/** A login-throttle counter (throttle.rules.ts), shared by every instance. */
@Entity('throttle_counter')
@Index('idx_throttle_counter_expires', ['expiresAt'])
@Check('chk_throttle_counter_hits', `hits >= 0`)
export class ThrottleCounter {
  @Column({ type: 'varchar', length: 128, primary: true, primaryKeyConstraintName: 'pk_throttle_counter' })
  key!: string;

  @Column({ type: 'integer' })
  hits!: number;

  @Column({ name: 'window_ends', type: 'timestamptz' })
  windowEnds!: Date;

  @Column({ name: 'blocked_until', type: 'timestamptz', nullable: true })
  blockedUntil!: Date | null;

  /** When the row can go: its window and any block are over. */
  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;
}
