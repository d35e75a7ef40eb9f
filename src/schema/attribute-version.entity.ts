import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { AdminUnit } from './admin-unit.entity';
import { Asset } from './asset.entity';

/**
 * The versions of an asset's attributes the status report reads, each with the date it takes effect
 * (validFrom; null: from the start of the record) and the time it was recorded, so a report as of D
 * known at T reads the values valid on D as known at T (src/rules/versions.ts). Written by a database
 * trigger in the transaction of every write that changes one of them (migration AttributeVersions);
 * an asset never changed has none (its row is its only version).
 */
@Entity('asset_version')
@Index('idx_asset_version_asset', ['assetId', 'validFrom'])
export class AssetVersion {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'BY DEFAULT', primaryKeyConstraintName: 'pk_asset_version' }) seq!: string;
  @Column({ name: 'asset_id', type: 'uuid' }) assetId!: string;
  @ManyToOne(() => Asset, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'asset_id', foreignKeyConstraintName: 'fk_asset_version_asset' })
  asset?: Asset;
  @Column({ name: 'valid_from', type: 'date', nullable: true }) validFrom!: string | null;
  @Column({ name: 'recorded_at', type: 'timestamptz' }) recordedAt!: Date;
  @Column({ type: 'text' }) name!: string;
  @Column({ type: 'varchar', length: 30 }) category!: string;
  @Column({ name: 'current_unit_id', type: 'integer' }) currentUnitId!: number;
  @Column({ name: 'province_code', type: 'varchar', length: 2 }) provinceCode!: string;
  @Column({ name: 'origin_unit_id', type: 'integer', nullable: true }) originUnitId!: number | null;
  @Column({ name: 'custodian_id', type: 'uuid' }) custodianId!: string;
  @Column({ name: 'land_area', type: 'numeric', precision: 14, scale: 2, nullable: true }) landArea!: string | null;
  @Column({ name: 'floor_area', type: 'numeric', precision: 14, scale: 2, nullable: true }) floorArea!: string | null;
  @Column({ name: 'land_use_category', type: 'varchar', length: 10, nullable: true }) landUseCategory!: string | null;
}

/** The versions of a unit's disadvantaged-area flags, as AssetVersion is for assets. */
@Entity('admin_unit_flags_version')
@Index('idx_admin_unit_flags_version_unit', ['unitId', 'validFrom'])
export class AdminUnitFlagsVersion {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'BY DEFAULT', primaryKeyConstraintName: 'pk_admin_unit_flags_version' })
  seq!: string;
  @Column({ name: 'unit_id', type: 'integer' }) unitId!: number;
  @ManyToOne(() => AdminUnit, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'unit_id', foreignKeyConstraintName: 'fk_admin_unit_flags_version_unit' })
  unit?: AdminUnit;
  @Column({ name: 'valid_from', type: 'date', nullable: true }) validFrom!: string | null;
  @Column({ name: 'recorded_at', type: 'timestamptz' }) recordedAt!: Date;
  @Column({ name: 'is_mountainous', type: 'boolean' }) isMountainous!: boolean;
  @Column({ name: 'is_remote', type: 'boolean' }) isRemote!: boolean;
  @Column({ name: 'is_island', type: 'boolean' }) isIsland!: boolean;
  @Column({ name: 'is_ethnic_minority', type: 'boolean' }) isEthnicMinority!: boolean;
}

/** The versions of a unit's name (migration UnitNameVersions), as AdminUnitFlagsVersion is for its flags. */
@Entity('admin_unit_name_version')
@Index('idx_admin_unit_name_version_unit', ['unitId', 'validFrom'])
export class AdminUnitNameVersion {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'BY DEFAULT', primaryKeyConstraintName: 'pk_admin_unit_name_version' }) seq!: string;
  @Column({ name: 'unit_id', type: 'integer' }) unitId!: number;
  @ManyToOne(() => AdminUnit, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'unit_id', foreignKeyConstraintName: 'fk_admin_unit_name_version_unit' })
  unit?: AdminUnit;
  @Column({ name: 'valid_from', type: 'date', nullable: true }) validFrom!: string | null;
  @Column({ name: 'recorded_at', type: 'timestamptz' }) recordedAt!: Date;
  @Column({ type: 'text' }) name!: string;
}
