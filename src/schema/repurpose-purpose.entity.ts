import { Check, Column, CreateDateColumn, Entity, JoinColumn, ManyToOne } from 'typeorm';
import { LandUseCategory } from './land-use-category.entity';
import { NEW_USES, type NewUse } from './vocabulary';

/** A public purpose a surplus facility can be converted to, with its rank in the government's priority order. */
@Entity('repurpose_purpose')
@Check('chk_repurpose_purpose_code', `code ~ '^[a-z_]{2,30}$'`)
@Check('chk_repurpose_purpose_rank', `priority_rank >= 1`)
@Check('chk_repurpose_purpose_new_use', `new_use IN (${NEW_USES.map((u) => `'${u}'`).join(', ')})`)
export class RepurposePurpose {
  @Column({ type: 'varchar', length: 30, primary: true, primaryKeyConstraintName: 'pk_repurpose_purpose' })
  code!: string;

  @Column({ name: 'name_vi', type: 'text' })
  nameVi!: string;

  @Column({ name: 'name_en', type: 'text' })
  nameEn!: string;

  @Column({ name: 'priority_rank', type: 'integer' })
  priorityRank!: number;

  /** In the priority group of dispatch 213/CĐ-TTg (health, education, culture, sports, commune police, then other public works): no justification needed. */
  @Column({ name: 'is_priority', type: 'boolean', default: false })
  isPriority!: boolean;

  @Column({ name: 'default_land_use_category', type: 'varchar', length: 10, nullable: true })
  defaultLandUseCategory!: string | null;

  @ManyToOne(() => LandUseCategory, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'default_land_use_category', foreignKeyConstraintName: 'fk_repurpose_purpose_land_use' })
  landUse?: LandUseCategory | null;

  /** The Ministry of Finance's category a repurposing to this purpose counts as (src/rules/new-use.ts). */
  @Column({ name: 'new_use', type: 'varchar', length: 40 })
  newUse!: NewUse;

  @Column({ type: 'integer', default: 1 })
  version!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
