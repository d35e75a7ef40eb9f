import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Weekly sign-off: each province signs off its weekly report snapshot; the national view
 * lists who has and who has not. One sign-off per province and ISO week (a unique constraint, which
 * also decides between two officers signing at once). Never changed or deleted.
 */
export class ReportSignOffs1764500000000 implements MigrationInterface {
  name = 'ReportSignOffs1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE report_signoff (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      snapshot_id uuid NOT NULL,
      province_code varchar(2) NOT NULL,
      week varchar(8) NOT NULL,
      as_of date NOT NULL,
      signed_by uuid NOT NULL,
      note text,
      signed_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT pk_report_signoff PRIMARY KEY (id),
      CONSTRAINT fk_report_signoff_snapshot FOREIGN KEY (snapshot_id) REFERENCES report_snapshot(id) ON DELETE RESTRICT,
      CONSTRAINT fk_report_signoff_signed_by FOREIGN KEY (signed_by) REFERENCES app_user(id) ON DELETE RESTRICT,
      CONSTRAINT uq_report_signoff_province_week UNIQUE (province_code, week),
      CONSTRAINT chk_report_signoff_week CHECK (week ~ '^[0-9]{4}-W(0[1-9]|[1-4][0-9]|5[0-3])$')
    )`);
    // A sign-off is a record of what the province stood behind: never changed or deleted (as its snapshot).
    await q.query(`CREATE TRIGGER trg_report_signoff_immutable BEFORE UPDATE OR DELETE ON report_signoff FOR EACH ROW EXECUTE FUNCTION report_immutable()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER trg_report_signoff_immutable ON report_signoff`);
    await q.query(`DROP TABLE report_signoff`);
  }
}
