import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';
import { Action } from './action.entity';
import { Asset } from './asset.entity';
import type { FindingCategory, FindingStatus, InspectionStatus, Severity, SubjectType } from './vocabulary';

/**
 * An inspector's audit of one asset, one action, or a whole province over a period. An action's
 * inspection also records the action's asset, so evidence of either can be cited.
 */
@Entity('inspection')
@Index('idx_inspection_province_status', ['provinceCode', 'status', 'createdAt'])
@Index('idx_inspection_asset', ['assetId'])
@Index('idx_inspection_action', ['actionId'])
@Check('chk_inspection_status', `status IN ('planned', 'in_progress', 'closed')`)
@Check(
  'chk_inspection_subject',
  `(subject_type = 'asset' AND asset_id IS NOT NULL AND action_id IS NULL) OR (subject_type = 'action' AND asset_id IS NOT NULL AND action_id IS NOT NULL) OR (subject_type = 'province' AND asset_id IS NULL AND action_id IS NULL AND period_start IS NOT NULL AND period_end IS NOT NULL)`,
)
@Check('chk_inspection_period', `period_start IS NULL OR period_end IS NULL OR period_start <= period_end`)
@Check(
  'chk_inspection_dates',
  `(planned_end IS NULL OR planned_start <= planned_end) AND (actual_end IS NULL OR (actual_start IS NOT NULL AND actual_start <= actual_end))`,
)
@Check('chk_inspection_closed', `status <> 'closed' OR (conclusion IS NOT NULL AND actual_end IS NOT NULL)`)
export class Inspection {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_inspection' }) id!: string;
  @Column({ name: 'province_code', type: 'varchar', length: 2 }) provinceCode!: string;
  @Column({ name: 'subject_type', type: 'varchar', length: 10 }) subjectType!: SubjectType;
  @Column({ name: 'asset_id', type: 'uuid', nullable: true }) assetId!: string | null;
  @ManyToOne(() => Asset, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'asset_id', foreignKeyConstraintName: 'fk_inspection_asset' })
  asset?: Asset | null;
  @Column({ name: 'action_id', type: 'uuid', nullable: true }) actionId!: string | null;
  @ManyToOne(() => Action, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'action_id', foreignKeyConstraintName: 'fk_inspection_action' })
  action?: Action | null;
  @Column({ name: 'period_start', type: 'date', nullable: true }) periodStart!: string | null;
  @Column({ name: 'period_end', type: 'date', nullable: true }) periodEnd!: string | null;
  @Column({ type: 'text' }) title!: string;
  @Column({ type: 'varchar', length: 12, default: 'planned' }) status!: InspectionStatus;
  @Column({ name: 'planned_start', type: 'date' }) plannedStart!: string;
  @Column({ name: 'planned_end', type: 'date', nullable: true }) plannedEnd!: string | null;
  @Column({ name: 'actual_start', type: 'date', nullable: true }) actualStart!: string | null;
  @Column({ name: 'actual_end', type: 'date', nullable: true }) actualEnd!: string | null;
  /** The team: [{ name, role }] (members need not be users of the API). */
  @Column({ type: 'jsonb' }) team!: { name: string; role: string | null }[];
  @Column({ type: 'text', nullable: true }) conclusion!: string | null;
  @Column({ name: 'close_override_reason', type: 'text', nullable: true }) closeOverrideReason!: string | null;
  @Column({ name: 'created_by', type: 'uuid', nullable: true }) createdBy!: string | null;
  @Column({ name: 'closed_by', type: 'uuid', nullable: true }) closedBy!: string | null;
  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true }) closedAt!: Date | null;
  @Column({ type: 'integer', default: 1 }) version!: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}

/** A finding of an inspection; an automatic check's suggestion carries its check id and fingerprint. */
@Entity('finding')
@Unique('uq_finding_fingerprint', ['inspectionId', 'fingerprint'])
@Index('idx_finding_inspection', ['inspectionId', 'createdAt'])
@Index('idx_finding_asset', ['assetId'])
@Check(
  'chk_finding_category',
  `category IN ('no_legal_basis', 'clause_not_in_force', 'below_valuation', 'missing_document', 'overdue', 'backdated_decision', 'unauthorised_use', 'priority_ignored', 'plan_update_missing', 'valuation_expired', 'dates_inconsistent', 'renovated_then_disposed', 'other')`,
)
@Check('chk_finding_severity', `severity IN ('info', 'minor', 'major', 'critical')`)
@Check('chk_finding_status', `status IN ('suggested', 'open', 'resolved', 'dismissed')`)
@Check('chk_finding_fingerprint', `(check_id IS NULL) = (fingerprint IS NULL) AND (status <> 'suggested' OR check_id IS NOT NULL)`)
@Check('chk_finding_resolved', `status <> 'resolved' OR (resolution IS NOT NULL AND resolved_by IS NOT NULL AND resolved_on IS NOT NULL)`)
@Check('chk_finding_dismissed', `status <> 'dismissed' OR dismissal_reason IS NOT NULL`)
export class Finding {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_finding' }) id!: string;
  @Column({ name: 'inspection_id', type: 'uuid' }) inspectionId!: string;
  @ManyToOne(() => Inspection, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'inspection_id', foreignKeyConstraintName: 'fk_finding_inspection' })
  inspection?: Inspection;
  @Column({ name: 'province_code', type: 'varchar', length: 2 }) provinceCode!: string;
  @Column({ type: 'varchar', length: 30 }) category!: FindingCategory;
  @Column({ type: 'varchar', length: 10 }) severity!: Severity;
  @Column({ type: 'varchar', length: 12, default: 'open' }) status!: FindingStatus;
  @Column({ type: 'text' }) description!: string;
  @Column({ type: 'text', nullable: true }) recommendation!: string | null;
  @Column({ name: 'asset_id', type: 'uuid', nullable: true }) assetId!: string | null;
  @ManyToOne(() => Asset, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'asset_id', foreignKeyConstraintName: 'fk_finding_asset' })
  asset?: Asset | null;
  @Column({ name: 'action_id', type: 'uuid', nullable: true }) actionId!: string | null;
  @ManyToOne(() => Action, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'action_id', foreignKeyConstraintName: 'fk_finding_action' })
  action?: Action | null;
  @Column({ name: 'check_id', type: 'varchar', length: 60, nullable: true }) checkId!: string | null;
  @Column({ type: 'varchar', length: 400, nullable: true }) fingerprint!: string | null;
  @Column({ name: 'decided_by', type: 'uuid', nullable: true }) decidedBy!: string | null;
  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true }) decidedAt!: Date | null;
  @Column({ name: 'dismissal_reason', type: 'text', nullable: true }) dismissalReason!: string | null;
  @Column({ type: 'text', nullable: true }) resolution!: string | null;
  @Column({ name: 'resolved_by', type: 'text', nullable: true }) resolvedBy!: string | null;
  @Column({ name: 'resolved_on', type: 'date', nullable: true }) resolvedOn!: string | null;
  @Column({ name: 'resolution_recorded_by', type: 'uuid', nullable: true }) resolutionRecordedBy!: string | null;
  @Column({ name: 'resolution_recorded_at', type: 'timestamptz', nullable: true }) resolutionRecordedAt!: Date | null;
  @Column({ name: 'created_by', type: 'uuid', nullable: true }) createdBy!: string | null;
  @Column({ type: 'integer', default: 1 }) version!: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
