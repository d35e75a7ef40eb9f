import { Check, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';
import type { Role } from './vocabulary';

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

  /**
   * Carried by every token as the claim `tv` and compared on every request: bumping it revokes all the
   * user's tokens (password, role or scope changed, disabled, enabled again, second factor removed or added).
   */
  @Column({ name: 'token_version', type: 'integer', default: 0 })
  tokenVersion!: number;

  /** The TOTP secret, encrypted (totp-secrets.ts); null when the second factor is off. Never returned by the API. */
  @Column({ name: 'totp_secret', type: 'text', nullable: true })
  totpSecret!: string | null;

  /** A secret being enrolled (encrypted), until a code confirms it. */
  @Column({ name: 'totp_pending_secret', type: 'text', nullable: true })
  totpPendingSecret!: string | null;

  @Column({ name: 'totp_enabled_at', type: 'timestamptz', nullable: true })
  totpEnabledAt!: Date | null;

  /** The last TOTP time step accepted: a code of that step or an earlier one is refused (replay). */
  @Column({ name: 'totp_last_step', type: 'integer', nullable: true })
  totpLastStep!: number | null;

  @Column({ type: 'integer', default: 1 })
  version!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
