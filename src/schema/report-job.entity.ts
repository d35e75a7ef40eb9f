import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { User } from './user.entity';
import { ReportSchedule } from './report-schedule.entity';
import { ReportSnapshot } from './report-snapshot.entity';

/** A report generated in the background: a PostgreSQL work queue row, claimed with FOR UPDATE SKIP LOCKED and leased. */
@Entity('report_job')
@Unique('uq_report_job_schedule_due', ['scheduleId', 'dueAt'])
@Index('idx_report_job_due', ['status', 'runAfter'])
@Check('chk_report_job_status', `status IN ('queued', 'running', 'done', 'failed')`)
@Check('chk_report_job_percent', `percent BETWEEN 0 AND 100`)
@Check('chk_report_job_done', `(status = 'done') = (report_id IS NOT NULL)`)
export class ReportJob {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_report_job' }) id!: string;
  @Column({ type: 'varchar', length: 10, default: 'queued' }) status!: string;
  @Column({ type: 'smallint', default: 0 }) percent!: number;
  @Column({ type: 'jsonb' }) params!: Record<string, unknown>;
  @Column({ name: 'province_code', type: 'varchar', length: 2, nullable: true }) provinceCode!: string | null;
  @Column({ name: 'requested_by', type: 'uuid', nullable: true }) requestedBy!: string | null;
  @ManyToOne(() => User, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'requested_by', foreignKeyConstraintName: 'fk_report_job_requested_by' })
  requester?: User | null;
  @Column({ name: 'schedule_id', type: 'uuid', nullable: true }) scheduleId!: string | null;
  @ManyToOne(() => ReportSchedule, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'schedule_id', foreignKeyConstraintName: 'fk_report_job_schedule' })
  schedule?: ReportSchedule | null;
  @Column({ name: 'due_at', type: 'timestamptz', nullable: true }) dueAt!: Date | null;
  @Column({ name: 'report_id', type: 'uuid', nullable: true }) reportId!: string | null;
  @ManyToOne(() => ReportSnapshot, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'report_id', foreignKeyConstraintName: 'fk_report_job_report' })
  report?: ReportSnapshot | null;
  @Column({ type: 'jsonb', nullable: true }) problem!: Record<string, unknown> | null;
  @Column({ type: 'integer', default: 0 }) attempts!: number;
  @Column({ name: 'run_after', type: 'timestamptz', default: () => 'now()' }) runAfter!: Date;
  @Column({ name: 'locked_by', type: 'varchar', length: 100, nullable: true }) lockedBy!: string | null;
  @Column({ name: 'locked_until', type: 'timestamptz', nullable: true }) lockedUntil!: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column({ name: 'started_at', type: 'timestamptz', nullable: true }) startedAt!: Date | null;
  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true }) finishedAt!: Date | null;
}
