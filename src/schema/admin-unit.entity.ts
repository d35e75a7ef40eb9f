import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';
import type { Era, Level, Share, UnitKind } from './vocabulary';

/** An administrative unit of one era; its code is unique only within (era, level). */
@Entity('admin_unit')
@Unique('uq_admin_unit_era_level_code', ['era', 'level', 'code'])
@Index('idx_admin_unit_parent', ['parentId'])
@Index('idx_admin_unit_era_province', ['era', 'provinceCode', 'level', 'code'])
@Check('chk_admin_unit_era', `era IN ('old', 'new')`)
@Check('chk_admin_unit_level', `level IN ('province', 'district', 'commune') AND NOT (era = 'new' AND level = 'district')`)
@Check(
  'chk_admin_unit_kind',
  `kind IN ('city', 'province', 'urban_district', 'rural_district', 'town', 'ward', 'township', 'commune', 'special_zone', 'other')`,
)
@Check('chk_admin_unit_code', `code ~ '^[0-9]{2,5}$'`)
@Check('chk_admin_unit_validity', `valid_to IS NULL OR valid_from IS NULL OR valid_from <= valid_to`)
export class AdminUnit {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'BY DEFAULT', primaryKeyConstraintName: 'pk_admin_unit' })
  id!: number;

  @Column({ type: 'varchar', length: 3 })
  era!: Era;

  @Column({ type: 'varchar', length: 8 })
  level!: Level;

  @Column({ type: 'varchar', length: 10 })
  code!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'varchar', length: 20 })
  kind!: UnitKind;

  @Column({ name: 'parent_id', type: 'integer', nullable: true })
  parentId!: number | null;

  @ManyToOne(() => AdminUnit, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'parent_id', foreignKeyConstraintName: 'fk_admin_unit_parent' })
  parent?: AdminUnit | null;

  /** The province (of the same era) the unit lies in; for a province, its own code. */
  @Column({ name: 'province_code', type: 'varchar', length: 2 })
  provinceCode!: string;

  @Column({ name: 'valid_from', type: 'date', nullable: true })
  validFrom!: string | null;

  @Column({ name: 'valid_to', type: 'date', nullable: true })
  validTo!: string | null;

  @Column({ name: 'is_mountainous', type: 'boolean', default: false })
  isMountainous!: boolean;

  @Column({ name: 'is_remote', type: 'boolean', default: false })
  isRemote!: boolean;

  @Column({ name: 'is_island', type: 'boolean', default: false })
  isIsland!: boolean;

  @Column({ name: 'is_ethnic_minority', type: 'boolean', default: false })
  isEthnicMinority!: boolean;

  @Column({ type: 'integer', default: 1 })
  version!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

/** The text of a resolution clause cited by a succession (from clauses.csv). */
@Entity('succession_clause')
export class SuccessionClause {
  @Column({ type: 'varchar', length: 40, primary: true, primaryKeyConstraintName: 'pk_succession_clause' })
  document!: string;

  @Column({ type: 'varchar', length: 20, primary: true, primaryKeyConstraintName: 'pk_succession_clause' })
  clause!: string;

  @Column({ type: 'text' })
  text!: string;
}

/** Old unit → new unit, with the share of the old unit and the legal basis. */
@Entity('unit_succession')
@Unique('uq_unit_succession_pair', ['oldUnitId', 'newUnitId'])
@Index('idx_unit_succession_new', ['newUnitId'])
@Check('chk_unit_succession_share', `share IN ('full', 'partial')`)
export class UnitSuccession {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'BY DEFAULT', primaryKeyConstraintName: 'pk_unit_succession' })
  id!: number;

  @Column({ name: 'old_unit_id', type: 'integer' })
  oldUnitId!: number;

  @ManyToOne(() => AdminUnit, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'old_unit_id', foreignKeyConstraintName: 'fk_unit_succession_old' })
  oldUnit?: AdminUnit;

  @Column({ name: 'new_unit_id', type: 'integer' })
  newUnitId!: number;

  @ManyToOne(() => AdminUnit, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'new_unit_id', foreignKeyConstraintName: 'fk_unit_succession_new' })
  newUnit?: AdminUnit;

  @Column({ type: 'varchar', length: 7 })
  share!: Share;

  /** Document number of the resolution; null where the source does not say. */
  @Column({ name: 'legal_basis', type: 'varchar', length: 40, nullable: true })
  legalBasis!: string | null;

  @Column({ type: 'varchar', length: 20, nullable: true })
  clause!: string | null;
}
