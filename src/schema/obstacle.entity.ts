import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Action } from './action.entity';
import { Asset } from './asset.entity';
import type { ObstacleAddressee, ObstacleKind, ObstacleStatus } from './vocabulary';

/**
 * A difficulty a province reports on a facility or on an action (Conclusion 221): its kind, what it is
 * and what the province recommends, to whom it is addressed (a ministry or the centre), and the answer
 * once it comes (who answered, on what date, what). An obstacle on an action also records the action's
 * asset. Never deleted; once answered it no longer changes.
 */
@Entity('obstacle')
@Index('idx_obstacle_province', ['provinceCode', 'createdAt', 'id'])
@Index('idx_obstacle_asset', ['assetId'])
@Index('idx_obstacle_action', ['actionId'])
@Check(
  'chk_obstacle_kind',
  `kind IN ('legal_framework', 'competence', 'land_records', 'planning', 'valuation', 'funding', 'procedure', 'encroachment_dispute', 'other')`,
)
@Check(
  'chk_obstacle_addressee',
  `addressee IN ('ministry_of_finance', 'ministry_of_agriculture_and_environment', 'ministry_of_construction', 'ministry_of_home_affairs', 'ministry_of_justice', 'other_ministry', 'government', 'central_organization_committee', 'politburo_secretariat')`,
)
@Check('chk_obstacle_status', `status IN ('open', 'answered')`)
@Check(
  'chk_obstacle_answer',
  `(status = 'open' AND answered_by IS NULL AND answered_on IS NULL AND answer IS NULL AND answer_reference IS NULL AND answer_recorded_at IS NULL)
   OR (status = 'answered' AND answered_by IS NOT NULL AND answered_on IS NOT NULL AND answer IS NOT NULL AND answer_recorded_at IS NOT NULL AND answered_on >= raised_on)`,
)
export class Obstacle {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_obstacle' }) id!: string;
  /** The province that reports it: the asset's when it was recorded. */
  @Column({ name: 'province_code', type: 'varchar', length: 2 }) provinceCode!: string;
  @Column({ name: 'asset_id', type: 'uuid' }) assetId!: string;
  @ManyToOne(() => Asset, { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'asset_id', foreignKeyConstraintName: 'fk_obstacle_asset' })
  asset?: Asset;
  @Column({ name: 'action_id', type: 'uuid', nullable: true }) actionId!: string | null;
  @ManyToOne(() => Action, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'action_id', foreignKeyConstraintName: 'fk_obstacle_action' })
  action?: Action | null;
  @Column({ type: 'varchar', length: 30 }) kind!: ObstacleKind;
  @Column({ type: 'varchar', length: 60 }) addressee!: ObstacleAddressee;
  /** The difficulty, as the province words it. */
  @Column({ type: 'text' }) description!: string;
  /** What the province recommends (kiến nghị, đề xuất). */
  @Column({ type: 'text', nullable: true }) recommendation!: string | null;
  /** The date the province raised it (its letter's date). */
  @Column({ name: 'raised_on', type: 'date' }) raisedOn!: string;
  @Column({ type: 'varchar', length: 10, default: 'open' }) status!: ObstacleStatus;
  /** Who answered: the ministry's or the central body's department, or the signatory. */
  @Column({ name: 'answered_by', type: 'varchar', length: 300, nullable: true }) answeredBy!: string | null;
  /** The date the answer bears. */
  @Column({ name: 'answered_on', type: 'date', nullable: true }) answeredOn!: string | null;
  @Column({ type: 'text', nullable: true }) answer!: string | null;
  /** The answering document's number, e.g. 1234/BTC-QLCS. */
  @Column({ name: 'answer_reference', type: 'varchar', length: 100, nullable: true }) answerReference!: string | null;
  /** When the answer was recorded here (the time it became known, beside the date it bears). */
  @Column({ name: 'answer_recorded_at', type: 'timestamptz', nullable: true }) answerRecordedAt!: Date | null;
  @Column({ name: 'created_by', type: 'uuid', nullable: true }) createdBy!: string | null;
  @Column({ type: 'integer', default: 1 }) version!: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
