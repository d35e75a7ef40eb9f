import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { User } from './user.entity';

/** A generated report: its parameters, its figures and who made it when. Immutable (a trigger refuses UPDATE and DELETE). */
@Entity('report_snapshot')
@Index('idx_report_snapshot_province', ['provinceCode', 'createdAt'])
@Index('idx_report_snapshot_created', ['createdAt', 'id'])
@Index('idx_report_snapshot_series', ['scope', 'provinceCode', 'period', 'asOf', 'knownAt'])
@Check('chk_report_snapshot_scope', `(scope = 'national' AND province_code IS NULL) OR (scope = 'province' AND province_code IS NOT NULL)`)
@Check('chk_report_snapshot_period', `period IN ('weekly', 'monthly')`)
@Check('chk_report_snapshot_lang', `lang IN ('vi', 'en')`)
@Check(
  'chk_report_snapshot_event_chain',
  `(event_chain_seq IS NULL AND event_chain_hash IS NULL) OR (event_chain_seq >= 0 AND event_chain_hash ~ '^[0-9a-f]{64}$')`,
)
export class ReportSnapshot {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_report_snapshot' }) id!: string;
  @Column({ type: 'varchar', length: 10 }) scope!: string;
  @Column({ name: 'province_code', type: 'varchar', length: 2, nullable: true }) provinceCode!: string | null;
  @Column({ name: 'as_of', type: 'date' }) asOf!: string;
  @Column({ name: 'known_at', type: 'timestamptz' }) knownAt!: Date;
  @Column({ type: 'varchar', length: 10 }) period!: string;
  @Column({ type: 'varchar', length: 2 }) lang!: string;
  @Column({ name: 'generated_at', type: 'timestamptz' }) generatedAt!: Date;
  @Column({ name: 'generated_by', type: 'uuid', nullable: true }) generatedBy!: string | null;
  @ManyToOne(() => User, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'generated_by', foreignKeyConstraintName: 'fk_report_snapshot_generated_by' })
  generator?: User | null;
  /** The schedule that produced it, if any (kept as a plain id: deleting a schedule leaves its reports). */
  @Column({ name: 'schedule_id', type: 'uuid', nullable: true }) scheduleId!: string | null;
  /**
   * The snapshot this one follows and is compared with: the latest earlier one (by as_of, then
   * known_at) of the same scope, province and period when it was made; null for the first, and for
   * snapshots made before the column existed.
   */
  @Column({ name: 'previous_id', type: 'uuid', nullable: true }) previousId!: string | null;
  @ManyToOne(() => ReportSnapshot, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'previous_id', foreignKeyConstraintName: 'fk_report_snapshot_previous' })
  previous?: ReportSnapshot | null;
  /**
   * The event log's head when it was made (seq and hash of the last row; 0 and the genesis hash for an
   * empty log), also printed in every format of its content; null for snapshots made before anchors.
   */
  @Column({ name: 'event_chain_seq', type: 'bigint', nullable: true }) eventChainSeq!: string | null;
  @Column({ name: 'event_chain_hash', type: 'char', length: 64, nullable: true }) eventChainHash!: string | null;
  /** The report's figures (its shape: StatusReport in src/reports/report.model.ts, read and written by the snapshots repository). */
  @Column({ type: 'jsonb' }) figures!: Record<string, unknown>;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}

/** One format's exact bytes, with their SHA-256. */
@Entity('report_content')
@Check('chk_report_content_format', `format IN ('json', 'csv', 'xlsx', 'pdf')`)
@Check('chk_report_content_sha256', `sha256 ~ '^[0-9a-f]{64}$'`)
@Check('chk_report_content_size', `size_bytes >= 0`)
@Check('chk_report_content_renderer_version', `renderer_version >= 1`)
export class ReportContent {
  @PrimaryColumn({ name: 'snapshot_id', type: 'uuid', primaryKeyConstraintName: 'pk_report_content' }) snapshotId!: string;
  @ManyToOne(() => ReportSnapshot, { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'snapshot_id', foreignKeyConstraintName: 'fk_report_content_snapshot' })
  snapshot?: ReportSnapshot;
  @PrimaryColumn({ type: 'varchar', length: 10, primaryKeyConstraintName: 'pk_report_content' }) format!: string;
  @Column({ name: 'media_type', type: 'varchar', length: 200 }) mediaType!: string;
  @Column({ name: 'size_bytes', type: 'integer' }) sizeBytes!: number;
  @Column({ type: 'char', length: 64 }) sha256!: string;
  @Column({ type: 'bytea' }) content!: Buffer;
  /** RENDERER_VERSIONS[format] when the bytes were made. */
  @Column({ name: 'renderer_version', type: 'smallint' }) rendererVersion!: number;
}
