import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';
import { AdminUnit } from './admin-unit.entity';
import type { AgencyKind, AgencyStatus } from './vocabulary';

/** An organisation that manages or uses public assets; belongs to a unit of either era. */
@Entity('agency')
@Unique('uq_agency_code', ['code'])
@Index('idx_agency_province_code', ['provinceCode', 'code'])
@Index('idx_agency_unit', ['unitId'])
@Index('idx_agency_successor', ['successorId'])
@Check(
  'chk_agency_kind',
  `kind IN ('peoples_committee', 'peoples_council', 'party_committee', 'department', 'public_service_unit', 'mass_organisation', 'police', 'military', 'other')`,
)
@Check('chk_agency_status', `status IN ('active', 'dissolved')`)
@Check('chk_agency_dissolution', `(status = 'dissolved') = (dissolved_on IS NOT NULL) AND (successor_id IS NULL OR status = 'dissolved')`)
export class Agency {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_agency' })
  id!: string;

  @Column({ type: 'varchar', length: 40 })
  code!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'varchar', length: 30 })
  kind!: AgencyKind;

  @Column({ name: 'unit_id', type: 'integer' })
  unitId!: number;

  @ManyToOne(() => AdminUnit, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'unit_id', foreignKeyConstraintName: 'fk_agency_unit' })
  unit?: AdminUnit;

  /** The new-era province whose officers manage the agency (for an old-era unit, the province that took it). */
  @Column({ name: 'province_code', type: 'varchar', length: 2 })
  provinceCode!: string;

  @Column({ type: 'varchar', length: 10, default: 'active' })
  status!: AgencyStatus;

  @Column({ name: 'dissolved_on', type: 'date', nullable: true })
  dissolvedOn!: string | null;

  @Column({ name: 'successor_id', type: 'uuid', nullable: true })
  successorId!: string | null;

  @ManyToOne(() => Agency, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'successor_id', foreignKeyConstraintName: 'fk_agency_successor' })
  successor?: Agency | null;

  @Column({ type: 'integer', default: 1 })
  version!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
