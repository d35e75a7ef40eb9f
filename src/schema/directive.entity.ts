import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';
import { ALL_METHODS, type DirectiveKind } from './vocabulary';

/** A written authority: a Party conclusion, a resolution, law, decree, decision or official letter. */
@Entity('directive')
@Unique('uq_directive_number', ['number'])
@Index('idx_directive_province', ['provinceCode'])
@Check(
  'chk_directive_kind',
  `kind IN ('party_conclusion', 'party_resolution', 'resolution', 'law', 'decree', 'decision', 'circular', 'official_letter', 'other')`,
)
@Check('chk_directive_validity', `valid_to IS NULL OR valid_from IS NULL OR valid_from <= valid_to`)
@Check('chk_directive_not_self_superseded', `superseded_by_id IS NULL OR superseded_by_id <> id`)
export class Directive {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_directive' }) id!: string;
  @Column({ type: 'varchar', length: 60 }) number!: string;
  @Column({ type: 'varchar', length: 20 }) kind!: DirectiveKind;
  @Column({ type: 'text' }) issuer!: string;
  @Column({ name: 'issued_on', type: 'date' }) issuedOn!: string;
  @Column({ type: 'text' }) title!: string;
  /** A provincial decision belongs to one province; national directives to none. */
  @Column({ name: 'province_code', type: 'varchar', length: 2, nullable: true }) provinceCode!: string | null;
  @Column({ name: 'valid_from', type: 'date', nullable: true }) validFrom!: string | null;
  @Column({ name: 'valid_to', type: 'date', nullable: true }) validTo!: string | null;
  @Column({ name: 'superseded_by_id', type: 'uuid', nullable: true }) supersededById!: string | null;
  @ManyToOne(() => Directive, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'superseded_by_id', foreignKeyConstraintName: 'fk_directive_superseded_by' })
  supersededBy?: Directive | null;
  @Column({ type: 'integer', default: 1 }) version!: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}

/** A clause of a directive: what it orders, by when, and which action types (and, where its text says so, which methods) it authorises. */
@Entity('directive_clause')
@Unique('uq_directive_clause_ref', ['directiveId', 'ref'])
@Check(
  'chk_directive_clause_types',
  `authorised_action_types <@ ARRAY['retention', 'reallocation', 'disposal', 'renovation', 'repurposing']::character varying(20)[]`,
)
@Check('chk_directive_clause_methods', `authorised_methods <@ ARRAY[${ALL_METHODS.map((m) => `'${m}'`).join(', ')}]::character varying(30)[]`)
export class DirectiveClause {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_directive_clause' }) id!: string;
  @Column({ name: 'directive_id', type: 'uuid' }) directiveId!: string;
  @ManyToOne(() => Directive, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'directive_id', foreignKeyConstraintName: 'fk_directive_clause_directive' })
  directive?: Directive;
  /** Reference within the directive, e.g. `2.6` or `khoản 14 Điều 1`. */
  @Column({ type: 'varchar', length: 60 }) ref!: string;
  @Column({ type: 'text' }) summary!: string;
  @Column({ name: 'full_text', type: 'text', nullable: true }) fullText!: string | null;
  @Column({ type: 'date', nullable: true }) deadline!: string | null;
  @Column({ name: 'authorised_action_types', type: 'varchar', length: 20, array: true, default: () => "'{}'" }) authorisedActionTypes!: string[];
  /** The methods it authorises where its text names them (a clause allowing transfers does not allow sales); empty = every method of its types. */
  @Column({ name: 'authorised_methods', type: 'varchar', length: 30, array: true, default: () => "'{}'" }) authorisedMethods!: string[];
  /** Its deadline is the date by which every surplus facility must have an approved handling plan (e.g. the Ministry of Finance's 31 Dec 2025): the reports' overdue:no_plan. */
  @Column({ name: 'plan_deadline', type: 'boolean', default: false }) planDeadline!: boolean;
  @Column({ type: 'integer', default: 1 }) version!: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}

/** A province's own, earlier deadline for its actions under a clause. */
@Entity('clause_province_deadline')
export class ClauseProvinceDeadline {
  @Column({ name: 'clause_id', type: 'uuid', primary: true, primaryKeyConstraintName: 'pk_clause_province_deadline' }) clauseId!: string;
  @ManyToOne(() => DirectiveClause, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'clause_id', foreignKeyConstraintName: 'fk_clause_province_deadline_clause' })
  clause?: DirectiveClause;
  @Column({ name: 'province_code', type: 'varchar', length: 2, primary: true, primaryKeyConstraintName: 'pk_clause_province_deadline' }) provinceCode!: string;
  @Column({ type: 'date' }) deadline!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
