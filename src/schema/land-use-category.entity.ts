import { Check, Column, CreateDateColumn, Entity } from 'typeorm';

/** A land-use category of the land law's classification (TSC, DGD, DYT, ...): reference data, not an enum. */
@Entity('land_use_category')
@Check('chk_land_use_category_code', `code ~ '^[A-Z]{2,10}$'`)
export class LandUseCategory {
  @Column({ type: 'varchar', length: 10, primary: true, primaryKeyConstraintName: 'pk_land_use_category' })
  code!: string;

  @Column({ name: 'name_vi', type: 'text' })
  nameVi!: string;

  @Column({ name: 'name_en', type: 'text' })
  nameEn!: string;

  @Column({ type: 'integer', default: 1 })
  version!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
