import { Check, Column, Entity, Index, JoinColumn, ManyToOne, OneToOne, PrimaryGeneratedColumn, Unique, CreateDateColumn } from 'typeorm';
import { Action } from './action.entity';
import type { DocumentKind } from './vocabulary';
import { Asset } from './asset.entity';
import { Inspection } from './inspection.entity';

/**
 * A stored file (decision, certificate, minutes, valuation, auction result, photo) with its SHA-256
 * and size. Never overwritten or deleted through the API: a replacement supersedes it.
 */
@Entity('document')
@Unique('uq_document_supersedes', ['supersedesId'])
@Index('idx_document_asset', ['assetId'])
@Index('idx_document_action', ['actionId'])
@Index('idx_document_sha256', ['sha256'])
@Index('idx_document_inspection', ['inspectionId'])
@Check(
  'chk_document_kind',
  `kind IN ('decision', 'land_certificate', 'handover_minutes', 'valuation_report', 'auction_result', 'contract', 'acceptance_minutes', 'plan', 'photo', 'other')`,
)
@Check('chk_document_size', `size_bytes >= 0`)
@Check('chk_document_sha256', `sha256 ~ '^[0-9a-f]{64}$'`)
@Check('chk_document_subject', `asset_id IS NOT NULL OR action_id IS NOT NULL OR inspection_id IS NOT NULL`)
export class DocumentRecord {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_document' }) id!: string;
  @Column({ type: 'varchar', length: 30 }) kind!: DocumentKind;
  @Column({ name: 'province_code', type: 'varchar', length: 2 }) provinceCode!: string;
  @Column({ name: 'asset_id', type: 'uuid', nullable: true }) assetId!: string | null;
  @ManyToOne(() => Asset, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'asset_id', foreignKeyConstraintName: 'fk_document_asset' })
  asset?: Asset | null;
  @Column({ name: 'action_id', type: 'uuid', nullable: true }) actionId!: string | null;
  @ManyToOne(() => Action, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'action_id', foreignKeyConstraintName: 'fk_document_action' })
  action?: Action | null;
  /** An inspection's own evidence (asset and action then usually null). */
  @Column({ name: 'inspection_id', type: 'uuid', nullable: true }) inspectionId!: string | null;
  @ManyToOne(() => Inspection, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'inspection_id', foreignKeyConstraintName: 'fk_document_inspection' })
  inspection?: Inspection | null;
  @Column({ name: 'file_name', type: 'text' }) fileName!: string;
  @Column({ name: 'media_type', type: 'varchar', length: 200 }) mediaType!: string;
  @Column({ name: 'size_bytes', type: 'bigint' }) sizeBytes!: string;
  @Column({ type: 'char', length: 64 }) sha256!: string;
  @Column({ type: 'text', nullable: true }) note!: string | null;
  @Column({ name: 'supersedes_id', type: 'uuid', nullable: true }) supersedesId!: string | null;
  @OneToOne(() => DocumentRecord, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'supersedes_id', foreignKeyConstraintName: 'fk_document_supersedes' })
  supersedes?: DocumentRecord | null;
  @Column({ name: 'uploaded_by', type: 'uuid', nullable: true }) uploadedBy!: string | null;
  @CreateDateColumn({ name: 'uploaded_at', type: 'timestamptz' }) uploadedAt!: Date;
}
