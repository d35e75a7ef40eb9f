import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A snapshot records the snapshot it follows: the latest earlier one (by as-of date, then known-at)
 * of the same scope, province and period, whatever its language, chosen when it is made, so
 * that a report can be compared with the one before it. Snapshots are immutable, so
 * a snapshot made later for an earlier date does not change the link of those already made.
 * Snapshots made before this migration keep previous_id null: no comparison was recorded for them,
 * and the immutability trigger is not switched off to invent one.
 */
export class ReportSnapshotPrevious1764412180000 implements MigrationInterface {
  name = 'ReportSnapshotPrevious1764412180000';

  async up(q: QueryRunner): Promise<void> {
    // A nullable column without a default: a catalog change, no row is rewritten (the immutability trigger is not involved).
    await q.query(`ALTER TABLE report_snapshot ADD COLUMN previous_id uuid`);
    await q.query(
      `ALTER TABLE report_snapshot ADD CONSTRAINT fk_report_snapshot_previous FOREIGN KEY (previous_id) REFERENCES report_snapshot(id) ON DELETE RESTRICT`,
    );
    await q.query(`CREATE INDEX idx_report_snapshot_series ON report_snapshot (scope, province_code, period, as_of, known_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX idx_report_snapshot_series`);
    await q.query(`ALTER TABLE report_snapshot DROP CONSTRAINT fk_report_snapshot_previous`);
    await q.query(`ALTER TABLE report_snapshot DROP COLUMN previous_id`);
  }
}
