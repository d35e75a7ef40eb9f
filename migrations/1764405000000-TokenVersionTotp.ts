import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tokens carry the user's token version (claim `tv`), compared on every request: bumping it (password,
 * role or scope changed, account disabled or enabled again, second factor removed) revokes every
 * token issued before, even one issued in the same second, which the one-second `tokens_valid_after`
 * it replaces could not. Existing tokens carry no version and stop working: everyone signs in again.
 *
 * And a TOTP second factor: the secret (encrypted, never readable through the API after enrolment),
 * one being enrolled until it is confirmed with a code, when it was turned on, and the last time step
 * accepted (a code of that step or an earlier one is a replay).
 */
export class TokenVersionTotp1764405000000 implements MigrationInterface {
  name = 'TokenVersionTotp1764405000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE app_user
      ADD COLUMN token_version integer NOT NULL DEFAULT 0,
      ADD COLUMN totp_secret text NULL,
      ADD COLUMN totp_pending_secret text NULL,
      ADD COLUMN totp_enabled_at timestamptz NULL,
      ADD COLUMN totp_last_step integer NULL,
      DROP COLUMN tokens_valid_after`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE app_user
      ADD COLUMN tokens_valid_after timestamptz NOT NULL DEFAULT now(),
      DROP COLUMN token_version,
      DROP COLUMN totp_secret,
      DROP COLUMN totp_pending_secret,
      DROP COLUMN totp_enabled_at,
      DROP COLUMN totp_last_step`);
  }
}
