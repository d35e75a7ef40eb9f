import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Agency } from './agency.entity';
import { Asset } from './asset.entity';
import { DirectiveClause } from './directive.entity';
import { LandUseCategory } from './land-use-category.entity';
import { RepurposePurpose } from './repurpose-purpose.entity';
import { AdminUnit } from './admin-unit.entity';
import { NEW_USES, type ActionStatus, type ActionType, type NewUse } from './vocabulary';

/**
 * One handling decision on one asset and its execution. A decision has the date it bears and the
 * time it was recorded; both are kept. Money is integer VND (bigint, read as string).
 */
@Entity('action')
// At most one open action per asset: the partial unique index is written in the migration.
@Index('uq_action_one_open_per_asset', { synchronize: false })
@Index('idx_action_asset', ['assetId', 'createdAt'])
@Index('idx_action_province_status', ['provinceCode', 'status', 'createdAt'])
@Index('idx_action_type_method', ['type', 'method'])
@Check('chk_action_type', `type IN ('retention', 'reallocation', 'disposal', 'renovation', 'repurposing')`)
@Check(
  'chk_action_method',
  `(type = 'retention' AND method IN ('permanent', 'temporary')) OR (type = 'reallocation' AND method IN ('transfer', 'handover_to_locality', 'assignment')) OR (type = 'disposal' AND method IN ('sale', 'liquidation', 'recovery', 'land_fund', 'payment_in_kind', 'destruction')) OR (type = 'renovation' AND method IN ('repair', 'upgrade', 'extension')) OR (type = 'repurposing' AND method IN ('change_of_function', 'change_of_land_use'))`,
)
@Check('chk_action_status', `status IN ('draft', 'submitted', 'approved', 'accepted', 'in_progress', 'completed', 'rejected', 'cancelled')`)
@Check('chk_action_sale_method', `sale_method IS NULL OR sale_method IN ('auction', 'direct')`)
@Check(
  'chk_action_amounts',
  `coalesce(valuation_amount, 0) >= 0 AND coalesce(sale_price, 0) >= 0 AND coalesce(proceeds_paid, 0) >= 0 AND coalesce(planned_cost, 0) >= 0 AND coalesce(actual_cost, 0) >= 0`,
)
@Check(
  'chk_action_approved_decision',
  `status NOT IN ('approved', 'accepted', 'in_progress', 'completed') OR (decision_no IS NOT NULL AND decision_date IS NOT NULL AND decision_authority IS NOT NULL AND decision_recorded_at IS NOT NULL)`,
)
@Check('chk_action_new_use', `new_use IS NULL OR (type <> 'renovation' AND new_use IN (${NEW_USES.map((u) => `'${u}'`).join(', ')}))`)
@Check('chk_action_valuation_at_approval', `coalesce(valuation_at_approval, 0) >= 0`)
@Check('chk_action_four_eyes', `approved_by IS NULL OR submitted_by IS NULL OR approved_by <> submitted_by`)
@Check('chk_action_receiving_province', `receiving_province_code IS NULL OR receiving_province_code <> province_code`)
@Check(
  'chk_action_acceptance',
  `(accepted_at IS NULL) = (accepted_by IS NULL) AND (accepted_at IS NULL) = (acceptance_decision_no IS NULL) AND (accepted_at IS NULL) = (acceptance_decision_date IS NULL)
        AND (accepted_at IS NULL OR receiving_province_code IS NOT NULL) AND (status <> 'accepted' OR accepted_at IS NOT NULL)`,
)
@Index('idx_action_receiving_province', ['receivingProvinceCode', 'createdAt'])
@Index('idx_action_corrects', ['correctsActionId'])
@Check('chk_action_correction', `(corrects_action_id IS NULL) = (correction_reason IS NULL) AND corrects_action_id IS DISTINCT FROM id`)
@Check(
  'chk_action_superseded',
  `(superseded_by_id IS NULL) = (superseded_on IS NULL) AND (superseded_on IS NULL) = (superseded_recorded_at IS NULL) AND (superseded_by_id IS NULL OR status = 'completed')`,
)
export class Action {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_action' }) id!: string;
  @Column({ name: 'asset_id', type: 'uuid' }) assetId!: string;
  @ManyToOne(() => Asset, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'asset_id', foreignKeyConstraintName: 'fk_action_asset' })
  asset?: Asset;
  @Column({ name: 'province_code', type: 'varchar', length: 2 }) provinceCode!: string;
  @Column({ type: 'varchar', length: 20 }) type!: ActionType;
  @Column({ type: 'varchar', length: 30 }) method!: string;
  @Column({ type: 'varchar', length: 20, default: 'draft' }) status!: ActionStatus;
  @Column({ type: 'text', nullable: true }) justification!: string | null;
  @Column({ type: 'text', nullable: true }) notes!: string | null;
  @Column({ name: 'asset_status_before', type: 'varchar', length: 20, nullable: true }) assetStatusBefore!: string | null;

  @Column({ name: 'decision_no', type: 'varchar', length: 60, nullable: true }) decisionNo!: string | null;
  @Column({ name: 'decision_date', type: 'date', nullable: true }) decisionDate!: string | null;
  @Column({ name: 'decision_authority', type: 'text', nullable: true }) decisionAuthority!: string | null;
  @Column({ name: 'decision_recorded_at', type: 'timestamptz', nullable: true }) decisionRecordedAt!: Date | null;

  @Column({ name: 'receiving_agency_id', type: 'uuid', nullable: true }) receivingAgencyId!: string | null;
  @ManyToOne(() => Agency, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'receiving_agency_id', foreignKeyConstraintName: 'fk_action_receiving_agency' })
  receivingAgency?: Agency | null;
  @Column({ name: 'receiving_unit_id', type: 'integer', nullable: true }) receivingUnitId!: number | null;
  @ManyToOne(() => AdminUnit, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'receiving_unit_id', foreignKeyConstraintName: 'fk_action_receiving_unit' })
  receivingUnit?: AdminUnit | null;
  /** A hand-over to another province: the receiving agency's province (null within the province), which must accept it before it starts. */
  @Column({ name: 'receiving_province_code', type: 'varchar', length: 2, nullable: true }) receivingProvinceCode!: string | null;
  @Column({ name: 'accepted_by', type: 'uuid', nullable: true }) acceptedBy!: string | null;
  @Column({ name: 'accepted_at', type: 'timestamptz', nullable: true }) acceptedAt!: Date | null;
  /** The receiving side's decision to accept (the number and the date it bears). */
  @Column({ name: 'acceptance_decision_no', type: 'varchar', length: 60, nullable: true }) acceptanceDecisionNo!: string | null;
  @Column({ name: 'acceptance_decision_date', type: 'date', nullable: true }) acceptanceDecisionDate!: string | null;
  @Column({ name: 'temporary_handover_date', type: 'date', nullable: true }) temporaryHandoverDate!: string | null;
  @Column({ name: 'handover_date', type: 'date', nullable: true }) handoverDate!: string | null;
  @Column({ name: 'minutes_confirmed_by_sender', type: 'boolean', default: false }) minutesConfirmedBySender!: boolean;
  @Column({ name: 'minutes_confirmed_by_receiver', type: 'boolean', default: false }) minutesConfirmedByReceiver!: boolean;

  @Column({ name: 'sale_method', type: 'varchar', length: 10, nullable: true }) saleMethod!: 'auction' | 'direct' | null;
  @Column({ name: 'valuation_amount', type: 'bigint', nullable: true }) valuationAmount!: string | null;
  @Column({ name: 'valuation_date', type: 'date', nullable: true }) valuationDate!: string | null;
  /** The valuation the decision was approved with (copied at approval); completion may change valuation_amount only with a reason. */
  @Column({ name: 'valuation_at_approval', type: 'bigint', nullable: true }) valuationAtApproval!: string | null;
  @Column({ name: 'valuation_change_reason', type: 'text', nullable: true }) valuationChangeReason!: string | null;
  @Column({ name: 'sale_price', type: 'bigint', nullable: true }) salePrice!: string | null;
  @Column({ type: 'text', nullable: true }) buyer!: string | null;
  @Column({ name: 'proceeds_paid', type: 'bigint', nullable: true }) proceedsPaid!: string | null;
  @Column({ name: 'proceeds_paid_date', type: 'date', nullable: true }) proceedsPaidDate!: string | null;

  @Column({ name: 'planned_cost', type: 'bigint', nullable: true }) plannedCost!: string | null;
  @Column({ name: 'actual_cost', type: 'bigint', nullable: true }) actualCost!: string | null;
  @Column({ name: 'planned_start', type: 'date', nullable: true }) plannedStart!: string | null;
  @Column({ name: 'planned_end', type: 'date', nullable: true }) plannedEnd!: string | null;
  @Column({ name: 'actual_start', type: 'date', nullable: true }) actualStart!: string | null;
  @Column({ name: 'actual_end', type: 'date', nullable: true }) actualEnd!: string | null;

  @Column({ name: 'purpose_code', type: 'varchar', length: 30, nullable: true }) purposeCode!: string | null;
  @ManyToOne(() => RepurposePurpose, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'purpose_code', foreignKeyConstraintName: 'fk_action_purpose' })
  purpose?: RepurposePurpose | null;
  @Column({ name: 'target_land_use_category', type: 'varchar', length: 10, nullable: true }) targetLandUseCategory!: string | null;
  @ManyToOne(() => LandUseCategory, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'target_land_use_category', foreignKeyConstraintName: 'fk_action_target_land_use' })
  targetLandUse?: LandUseCategory | null;
  @Column({ name: 'category_unchanged_reason', type: 'text', nullable: true }) categoryUnchangedReason!: string | null;

  /** What the facility is used for after this handling (src/rules/new-use.ts): chosen or derived, recorded by the approval; null for a renovation, or when it could not be derived for an action approved before it was recorded. */
  @Column({ name: 'new_use', type: 'varchar', length: 40, nullable: true }) newUse!: NewUse | null;

  @Column({ name: 'created_by', type: 'uuid', nullable: true }) createdBy!: string | null;
  @Column({ name: 'submitted_by', type: 'uuid', nullable: true }) submittedBy!: string | null;
  @Column({ name: 'submitted_at', type: 'timestamptz', nullable: true }) submittedAt!: Date | null;
  @Column({ name: 'approved_by', type: 'uuid', nullable: true }) approvedBy!: string | null;
  @Column({ name: 'approved_at', type: 'timestamptz', nullable: true }) approvedAt!: Date | null;
  @Column({ name: 'rejected_by', type: 'uuid', nullable: true }) rejectedBy!: string | null;
  @Column({ name: 'rejected_at', type: 'timestamptz', nullable: true }) rejectedAt!: Date | null;
  @Column({ name: 'rejection_reason', type: 'text', nullable: true }) rejectionReason!: string | null;
  @Column({ name: 'started_at', type: 'timestamptz', nullable: true }) startedAt!: Date | null;
  @Column({ name: 'completed_by', type: 'uuid', nullable: true }) completedBy!: string | null;
  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true }) completedAt!: Date | null;
  /** The date completion took effect (the hand-over, the sale, the end of works). */
  @Column({ name: 'completed_on', type: 'date', nullable: true }) completedOn!: string | null;
  @Column({ name: 'cancelled_by', type: 'uuid', nullable: true }) cancelledBy!: string | null;
  @Column({ name: 'cancelled_at', type: 'timestamptz', nullable: true }) cancelledAt!: Date | null;
  @Column({ name: 'cancellation_reason', type: 'text', nullable: true }) cancellationReason!: string | null;

  /** A correcting action: the completed action it corrects, and why. */
  @Column({ name: 'corrects_action_id', type: 'uuid', nullable: true }) correctsActionId!: string | null;
  @ManyToOne(() => Action, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'corrects_action_id', foreignKeyConstraintName: 'fk_action_corrects' })
  corrects?: Action | null;
  @Column({ name: 'correction_reason', type: 'text', nullable: true }) correctionReason!: string | null;
  /** A completed action corrected since: the correction, from its completion date, recorded when it was. */
  @Column({ name: 'superseded_by_id', type: 'uuid', nullable: true }) supersededById!: string | null;
  @ManyToOne(() => Action, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'superseded_by_id', foreignKeyConstraintName: 'fk_action_superseded_by' })
  supersededBy?: Action | null;
  @Column({ name: 'superseded_on', type: 'date', nullable: true }) supersededOn!: string | null;
  @Column({ name: 'superseded_recorded_at', type: 'timestamptz', nullable: true }) supersededRecordedAt!: Date | null;

  @Column({ type: 'integer', default: 1 }) version!: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}

/** A clause an action cites as its authority. */
@Entity('action_clause')
@Index('idx_action_clause_clause', ['clauseId'])
export class ActionClause {
  @Column({ name: 'action_id', type: 'uuid', primary: true, primaryKeyConstraintName: 'pk_action_clause' }) actionId!: string;
  @ManyToOne(() => Action, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'action_id', foreignKeyConstraintName: 'fk_action_clause_action' })
  action?: Action;
  @Column({ name: 'clause_id', type: 'uuid', primary: true, primaryKeyConstraintName: 'pk_action_clause' }) clauseId!: string;
  @ManyToOne(() => DirectiveClause, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'clause_id', foreignKeyConstraintName: 'fk_action_clause_clause' })
  clause?: DirectiveClause;
}
