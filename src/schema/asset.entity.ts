import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';
import { Agency } from './agency.entity';
import { LandUseCategory } from './land-use-category.entity';
import { AdminUnit } from './admin-unit.entity';
import type { AssetCategory, AssetCondition, AssetStatus } from './vocabulary';

/**
 * One public asset. Money is integer VND (bigint, read as string), areas are decimals (read as
 * string), text is NFC. `status` is never written by a client: it follows from operations.
 */
@Entity('asset')
@Unique('uq_asset_code', ['code'])
@Index('idx_asset_province_code', ['provinceCode', 'code'])
@Index('idx_asset_province_status_code', ['provinceCode', 'status', 'code'])
@Index('idx_asset_status_code', ['status', 'code'])
@Index('idx_asset_current_unit', ['currentUnitId'])
@Index('idx_asset_origin_unit', ['originUnitId'])
@Index('idx_asset_custodian', ['custodianId'])
@Index('idx_asset_category', ['category', 'code'])
@Index('idx_asset_land_use_category', ['landUseCategory'])
@Check('chk_asset_category', `category IN ('headquarters', 'public_service_facility', 'housing', 'land_only', 'vehicle', 'equipment', 'other')`)
@Check('chk_asset_status', `status IN ('in_use', 'surplus', 'action_pending', 'under_renovation', 'transferred', 'sold', 'liquidated', 'recovered')`)
@Check('chk_asset_condition', `condition IN ('good', 'fair', 'poor', 'dilapidated')`)
@Check(
  'chk_asset_coordinates',
  `(latitude IS NULL) = (longitude IS NULL) AND (latitude IS NULL OR (latitude BETWEEN 6 AND 23.5 AND longitude BETWEEN 102 AND 118))`,
)
@Check(
  'chk_asset_amounts',
  `coalesce(land_area, 0) >= 0 AND coalesce(floor_area, 0) >= 0 AND coalesce(original_cost, 0) >= 0 AND coalesce(remaining_value, 0) >= 0`,
)
@Check('chk_asset_year_built', `year_built IS NULL OR year_built BETWEEN 1800 AND 2200`)
@Check('chk_asset_surplus', `status <> 'surplus' OR surplus_since IS NOT NULL`)
export class Asset {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_asset' })
  id!: string;

  @Column({ type: 'varchar', length: 40 })
  code!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'varchar', length: 30 })
  category!: AssetCategory;

  @Column({ name: 'current_unit_id', type: 'integer' })
  currentUnitId!: number;

  @ManyToOne(() => AdminUnit, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'current_unit_id', foreignKeyConstraintName: 'fk_asset_current_unit' })
  currentUnit?: AdminUnit;

  @Column({ name: 'province_code', type: 'varchar', length: 2 })
  provinceCode!: string;

  @Column({ name: 'origin_unit_id', type: 'integer', nullable: true })
  originUnitId!: number | null;

  @ManyToOne(() => AdminUnit, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'origin_unit_id', foreignKeyConstraintName: 'fk_asset_origin_unit' })
  originUnit?: AdminUnit | null;

  @Column({ name: 'custodian_id', type: 'uuid' })
  custodianId!: string;

  @ManyToOne(() => Agency, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'custodian_id', foreignKeyConstraintName: 'fk_asset_custodian' })
  custodian?: Agency;

  @Column({ type: 'text', nullable: true })
  address!: string | null;

  @Column({ type: 'numeric', precision: 9, scale: 6, nullable: true })
  latitude!: string | null;

  @Column({ type: 'numeric', precision: 9, scale: 6, nullable: true })
  longitude!: string | null;

  @Column({ name: 'land_area', type: 'numeric', precision: 14, scale: 2, nullable: true })
  landArea!: string | null;

  @Column({ name: 'floor_area', type: 'numeric', precision: 14, scale: 2, nullable: true })
  floorArea!: string | null;

  @Column({ name: 'year_built', type: 'smallint', nullable: true })
  yearBuilt!: number | null;

  @Column({ name: 'original_cost', type: 'bigint', nullable: true })
  originalCost!: string | null;

  @Column({ name: 'remaining_value', type: 'bigint', nullable: true })
  remainingValue!: string | null;

  @Column({ name: 'land_certificate_no', type: 'varchar', length: 60, nullable: true })
  landCertificateNo!: string | null;

  @Column({ name: 'land_use_category', type: 'varchar', length: 10, nullable: true })
  landUseCategory!: string | null;

  @ManyToOne(() => LandUseCategory, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'land_use_category', foreignKeyConstraintName: 'fk_asset_land_use_category' })
  landUse?: LandUseCategory | null;

  @Column({ type: 'varchar', length: 20, nullable: true })
  condition!: AssetCondition | null;

  @Column({ type: 'varchar', length: 20, default: 'in_use' })
  status!: AssetStatus;

  @Column({ name: 'surplus_since', type: 'date', nullable: true })
  surplusSince!: string | null;

  @Column({ name: 'surplus_reason', type: 'text', nullable: true })
  surplusReason!: string | null;

  @Column({ name: 'surplus_basis', type: 'varchar', length: 200, nullable: true })
  surplusBasis!: string | null;

  @Column({ type: 'text', nullable: true })
  notes!: string | null;

  @Column({ type: 'integer', default: 1 })
  version!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
