import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { User } from './user.entity';

/** A report generated on its own, weekly or monthly at a Vietnam time, for a province or the country. */
@Entity('report_schedule')
@Index('idx_report_schedule_due', { synchronize: false })
@Check('chk_report_schedule_scope', `(scope = 'national' AND province_code IS NULL) OR (scope = 'province' AND province_code IS NOT NULL)`)
@Check(
  'chk_report_schedule_timing',
  `(period = 'weekly' AND weekday BETWEEN 1 AND 7 AND day_of_month IS NULL) OR (period = 'monthly' AND day_of_month BETWEEN 1 AND 31 AND weekday IS NULL)`,
)
@Check('chk_report_schedule_time', `time_of_day ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'`)
@Check('chk_report_schedule_formats', `cardinality(formats) >= 1 AND formats <@ ARRAY['json', 'csv', 'xlsx', 'pdf']::character varying(10)[]`)
@Check('chk_report_schedule_lang', `lang IN ('vi', 'en')`)
export class ReportSchedule {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_report_schedule' }) id!: string;
  @Column({ type: 'varchar', length: 10 }) scope!: string;
  @Column({ name: 'province_code', type: 'varchar', length: 2, nullable: true }) provinceCode!: string | null;
  @Column({ type: 'varchar', length: 10 }) period!: string;
  @Column({ type: 'smallint', nullable: true }) weekday!: number | null;
  @Column({ name: 'day_of_month', type: 'smallint', nullable: true }) dayOfMonth!: number | null;
  @Column({ name: 'time_of_day', type: 'varchar', length: 5 }) timeOfDay!: string;
  @Column({ type: 'varchar', length: 10, array: true }) formats!: string[];
  @Column({ type: 'varchar', length: 2 }) lang!: string;
  @Column({ type: 'boolean', default: true }) enabled!: boolean;
  @Column({ name: 'next_run_at', type: 'timestamptz', nullable: true }) nextRunAt!: Date | null;
  @Column({ name: 'created_by', type: 'uuid', nullable: true }) createdBy!: string | null;
  @ManyToOne(() => User, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'created_by', foreignKeyConstraintName: 'fk_report_schedule_created_by' })
  creator?: User | null;
  @Column({ type: 'integer', default: 1 }) version!: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
