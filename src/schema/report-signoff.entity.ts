import { Check, Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { ReportSnapshot } from './report-snapshot.entity';
import { User } from './user.entity';

/**
 * A province's sign-off of its weekly report: the snapshot it signs (provincial, weekly), the ISO week
 * of that snapshot's as-of date, the officer of the province who signed, when, and an optional note.
 * One per province and week, for good: a second sign-off of the same week is refused (never replaced),
 * so the national view always shows the report the province stood behind. Never changed or deleted.
 */
@Entity('report_signoff')
@Unique('uq_report_signoff_province_week', ['provinceCode', 'week'])
@Check('chk_report_signoff_week', `week ~ '^[0-9]{4}-W(0[1-9]|[1-4][0-9]|5[0-3])$'`)
export class ReportSignOff {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_report_signoff' }) id!: string;
  @Column({ name: 'snapshot_id', type: 'uuid' }) snapshotId!: string;
  @ManyToOne(() => ReportSnapshot, { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'snapshot_id', foreignKeyConstraintName: 'fk_report_signoff_snapshot' })
  snapshot?: ReportSnapshot;
  @Column({ name: 'province_code', type: 'varchar', length: 2 }) provinceCode!: string;
  /** The ISO week (`YYYY-Www`) of the snapshot's as-of date. */
  @Column({ type: 'varchar', length: 8 }) week!: string;
  /** The snapshot's as-of date, kept beside its week. */
  @Column({ name: 'as_of', type: 'date' }) asOf!: string;
  @Column({ name: 'signed_by', type: 'uuid' }) signedBy!: string;
  @ManyToOne(() => User, { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'signed_by', foreignKeyConstraintName: 'fk_report_signoff_signed_by' })
  signer?: User;
  @Column({ type: 'text', nullable: true }) note!: string | null;
  @CreateDateColumn({ name: 'signed_at', type: 'timestamptz' }) signedAt!: Date;
}
