import { Check, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';

export const ROLES = ['admin', 'officer', 'inspector', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

@Entity('app_user')
@Unique('uq_app_user_username', ['username'])
@Check('chk_app_user_role', `role IN ('admin', 'officer', 'inspector', 'viewer')`)
@Check('chk_app_user_scope', `role <> 'officer' OR province_code IS NOT NULL`)
@Check('chk_app_user_username', `username ~ '^[a-z0-9._-]{3,64}$'`)
export class User {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_app_user' })
  id!: string;

  @Column({ type: 'varchar', length: 64 })
  username!: string;

  @Column({ name: 'display_name', type: 'varchar', length: 200 })
  displayName!: string;

  @Column({ name: 'password_hash', type: 'text' })
  passwordHash!: string;

  @Column({ type: 'varchar', length: 10 })
  role!: Role;

  /** A new-era province code; null = national scope. */
  @Column({ name: 'province_code', type: 'varchar', length: 2, nullable: true })
  provinceCode!: string | null;

  @Column({ name: 'disabled_at', type: 'timestamptz', nullable: true })
  disabledAt!: Date | null;

  /** Tokens issued before this instant are refused (set on password reset). */
  @Column({ name: 'tokens_valid_after', type: 'timestamptz', default: () => 'now()' })
  tokensValidAfter!: Date;

  @Column({ type: 'integer', default: 1 })
  version!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
