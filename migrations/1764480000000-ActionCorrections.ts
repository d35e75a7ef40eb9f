import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Correcting a completed action: a correcting action names the completed one it corrects
 * and why; when it completes, the corrected one is marked superseded by it, from the correction's
 * completion date (recorded when it was). Both stay in the record, linked both ways. Only a completed
 * action is superseded.
 */
export class ActionCorrections1764480000000 implements MigrationInterface {
  name = 'ActionCorrections1764480000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE action
      ADD COLUMN corrects_action_id uuid,
      ADD COLUMN correction_reason text,
      ADD COLUMN superseded_by_id uuid,
      ADD COLUMN superseded_on date,
      ADD COLUMN superseded_recorded_at timestamptz,
      ADD CONSTRAINT fk_action_corrects FOREIGN KEY (corrects_action_id) REFERENCES action(id) ON DELETE RESTRICT,
      ADD CONSTRAINT fk_action_superseded_by FOREIGN KEY (superseded_by_id) REFERENCES action(id) ON DELETE RESTRICT,
      ADD CONSTRAINT chk_action_correction CHECK ((corrects_action_id IS NULL) = (correction_reason IS NULL) AND corrects_action_id IS DISTINCT FROM id),
      ADD CONSTRAINT chk_action_superseded CHECK ((superseded_by_id IS NULL) = (superseded_on IS NULL) AND (superseded_on IS NULL) = (superseded_recorded_at IS NULL) AND (superseded_by_id IS NULL OR status = 'completed'))`);
    await q.query(`CREATE INDEX idx_action_corrects ON action (corrects_action_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX idx_action_corrects`);
    await q.query(`ALTER TABLE action DROP CONSTRAINT chk_action_superseded, DROP CONSTRAINT chk_action_correction, DROP CONSTRAINT fk_action_superseded_by, DROP CONSTRAINT fk_action_corrects,
      DROP COLUMN superseded_recorded_at, DROP COLUMN superseded_on, DROP COLUMN superseded_by_id, DROP COLUMN correction_reason, DROP COLUMN corrects_action_id`);
  }
}
