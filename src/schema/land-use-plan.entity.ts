import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Action } from './action.entity';
import { Asset } from './asset.entity';
import { AdminUnit } from './admin-unit.entity';
import { LandUseCategory } from './land-use-category.entity';

export const PLAN_KINDS = ['land_use', 'construction', 'specialised', 'defence_security_land'] as const;
export type PlanKind = (typeof PLAN_KINDS)[number];
export const PLAN_UPDATE_STATUSES = ['proposed', 'approved', 'rejected'] as const;
export type PlanUpdateStatus = (typeof PLAN_UPDATE_STATUSES)[number];

/** A plan (land use, construction, specialised, defence and security land) of a unit for a period. */
@Entity('land_use_plan')
@Index('idx_land_use_plan_province', ['provinceCode', 'kind'])
@Check('chk_land_use_plan_kind', `kind IN ('land_use', 'construction', 'specialised', 'defence_security_land')`)
@Check('chk_land_use_plan_period', `period_start BETWEEN 2000 AND 2100 AND period_end BETWEEN period_start AND 2100`)
export class LandUsePlan {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_land_use_plan' }) id!: string;
  @Column({ name: 'unit_id', type: 'integer' }) unitId!: number;
  @ManyToOne(() => AdminUnit, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'unit_id', foreignKeyConstraintName: 'fk_land_use_plan_unit' })
  unit?: AdminUnit;
  @Column({ name: 'province_code', type: 'varchar', length: 2 }) provinceCode!: string;
  @Column({ type: 'varchar', length: 30 }) kind!: PlanKind;
  @Column({ type: 'text' }) title!: string;
  @Column({ name: 'period_start', type: 'integer' }) periodStart!: number;
  @Column({ name: 'period_end', type: 'integer' }) periodEnd!: number;
  @Column({ name: 'decision_no', type: 'varchar', length: 60, nullable: true }) decisionNo!: string | null;
  @Column({ name: 'decision_date', type: 'date', nullable: true }) decisionDate!: string | null;
  @Column({ type: 'integer', default: 1 }) version!: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}

/** A change of a parcel's land-use category in a plan, linked to the action that needs it. */
@Entity('plan_update')
@Index('idx_plan_update_plan', ['planId'])
@Index('idx_plan_update_action', ['actionId'])
@Index('idx_plan_update_asset', ['assetId'])
@Index('idx_plan_update_province_status', ['provinceCode', 'status'])
@Check('chk_plan_update_status', `status IN ('proposed', 'approved', 'rejected')`)
@Check('chk_plan_update_area', `area IS NULL OR area >= 0`)
@Check('chk_plan_update_subject', `asset_id IS NOT NULL OR parcel_ref IS NOT NULL`)
@Check('chk_plan_update_decision', `status = 'proposed' OR (decision_no IS NOT NULL AND decision_date IS NOT NULL AND decision_recorded_at IS NOT NULL)`)
export class PlanUpdate {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_plan_update' }) id!: string;
  @Column({ name: 'plan_id', type: 'uuid' }) planId!: string;
  @ManyToOne(() => LandUsePlan, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'plan_id', foreignKeyConstraintName: 'fk_plan_update_plan' })
  plan?: LandUsePlan;
  @Column({ name: 'province_code', type: 'varchar', length: 2 }) provinceCode!: string;
  @Column({ name: 'asset_id', type: 'uuid', nullable: true }) assetId!: string | null;
  @ManyToOne(() => Asset, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'asset_id', foreignKeyConstraintName: 'fk_plan_update_asset' })
  asset?: Asset | null;
  @Column({ name: 'parcel_ref', type: 'varchar', length: 100, nullable: true }) parcelRef!: string | null;
  @Column({ name: 'from_category', type: 'varchar', length: 10, nullable: true }) fromCategory!: string | null;
  @ManyToOne(() => LandUseCategory, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'from_category', foreignKeyConstraintName: 'fk_plan_update_from' })
  from?: LandUseCategory | null;
  @Column({ name: 'to_category', type: 'varchar', length: 10 }) toCategory!: string;
  @ManyToOne(() => LandUseCategory, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'to_category', foreignKeyConstraintName: 'fk_plan_update_to' })
  to?: LandUseCategory;
  @Column({ type: 'numeric', precision: 14, scale: 2, nullable: true }) area!: string | null;
  @Column({ type: 'varchar', length: 10, default: 'proposed' }) status!: PlanUpdateStatus;
  @Column({ name: 'decision_no', type: 'varchar', length: 60, nullable: true }) decisionNo!: string | null;
  @Column({ name: 'decision_date', type: 'date', nullable: true }) decisionDate!: string | null;
  @Column({ name: 'decision_recorded_at', type: 'timestamptz', nullable: true }) decisionRecordedAt!: Date | null;
  @Column({ name: 'action_id', type: 'uuid', nullable: true }) actionId!: string | null;
  @ManyToOne(() => Action, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'action_id', foreignKeyConstraintName: 'fk_plan_update_action' })
  action?: Action | null;
  @Column({ type: 'integer', default: 1 }) version!: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
