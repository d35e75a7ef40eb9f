import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Action } from './action.entity';
import { Asset } from './asset.entity';

/**
 * The surplus declarations of assets as recorded over time: a projection written by the asset
 * service in the same transaction as a declaration (API or import) and a withdrawal, so the
 * reports can tell which facilities were surplus on a date, as known at a time. A removed asset
 * (entered by mistake) takes its declarations with it.
 */
@Entity('surplus_declaration')
@Index('idx_surplus_declaration_asset', ['assetId'])
@Index('idx_surplus_declaration_province', ['provinceCode', 'since'])
// At most one declaration in force (neither withdrawn nor handled) per asset: the partial unique index is written in the migration.
@Index('uq_surplus_declaration_open', { synchronize: false })
@Check('chk_surplus_declaration_withdrawn', `(withdrawn_on IS NULL) = (withdrawn_recorded_at IS NULL)`)
@Check('chk_surplus_declaration_handled', `(handled_on IS NULL) = (handled_recorded_at IS NULL) AND (handled_on IS NULL) = (handled_action_id IS NULL)`)
export class SurplusDeclaration {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_surplus_declaration' }) id!: string;
  @Column({ name: 'asset_id', type: 'uuid' }) assetId!: string;
  @ManyToOne(() => Asset, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'asset_id', foreignKeyConstraintName: 'fk_surplus_declaration_asset' })
  asset?: Asset;
  /** The asset's (new-era) province when it was declared. */
  @Column({ name: 'province_code', type: 'varchar', length: 2 }) provinceCode!: string;
  /** The date the facility is surplus from (the date the declaration bears). */
  @Column({ type: 'date' }) since!: string;
  @Column({ type: 'text', nullable: true }) reason!: string | null;
  @Column({ name: 'declared_recorded_at', type: 'timestamptz' }) declaredRecordedAt!: Date;
  /** The date (Asia/Ho_Chi_Minh) the declaration was withdrawn, and when that was recorded. */
  @Column({ name: 'withdrawn_on', type: 'date', nullable: true }) withdrawnOn!: string | null;
  @Column({ name: 'withdrawn_recorded_at', type: 'timestamptz', nullable: true }) withdrawnRecordedAt!: Date | null;
  /**
   * The episode closed as handled: the completion date of the handling that closed it, when that was
   * recorded, and the action. A handled facility stays counted as surplus on later dates (handled, not
   * withdrawn); a later declaration opens a new episode.
   */
  @Column({ name: 'handled_on', type: 'date', nullable: true }) handledOn!: string | null;
  @Column({ name: 'handled_recorded_at', type: 'timestamptz', nullable: true }) handledRecordedAt!: Date | null;
  @Column({ name: 'handled_action_id', type: 'uuid', nullable: true }) handledActionId!: string | null;
  @ManyToOne(() => Action, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'handled_action_id', foreignKeyConstraintName: 'fk_surplus_declaration_handled_action' })
  handledAction?: Action | null;
}
