import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { DocumentRecord } from './document.entity';
import { Finding } from './inspection.entity';

/** A document a finding cites as evidence (of the inspection, or of its subject asset or action). */
@Entity('finding_evidence')
@Index('idx_finding_evidence_document', ['documentId'])
export class FindingEvidence {
  @Column({ name: 'finding_id', type: 'uuid', primary: true, primaryKeyConstraintName: 'pk_finding_evidence' }) findingId!: string;
  @ManyToOne(() => Finding, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'finding_id', foreignKeyConstraintName: 'fk_finding_evidence_finding' })
  finding?: Finding;
  @Column({ name: 'document_id', type: 'uuid', primary: true, primaryKeyConstraintName: 'pk_finding_evidence' }) documentId!: string;
  @ManyToOne(() => DocumentRecord, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'document_id', foreignKeyConstraintName: 'fk_finding_evidence_document' })
  document?: DocumentRecord;
}
