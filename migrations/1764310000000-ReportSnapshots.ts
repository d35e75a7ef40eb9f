import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Report snapshots (parameters, figures and each format's bytes with its SHA-256; immutable: triggers
 * refuse UPDATE and DELETE), report jobs (a PostgreSQL work queue claimed with FOR UPDATE SKIP LOCKED,
 * leased and retried) and report schedules (one job per schedule and due time, held by a unique key).
 */
export class ReportSnapshots1764310000000 implements MigrationInterface {
  name = 'ReportSnapshots1764310000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE report_schedule (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      scope character varying(10) NOT NULL,
      province_code character varying(2),
      period character varying(10) NOT NULL,
      weekday smallint,
      day_of_month smallint,
      time_of_day character varying(5) NOT NULL,
      formats character varying(10) array NOT NULL,
      lang character varying(2) NOT NULL,
      enabled boolean NOT NULL DEFAULT true,
      next_run_at timestamp with time zone,
      created_by uuid,
      version integer NOT NULL DEFAULT 1,
      created_at timestamp with time zone NOT NULL DEFAULT now(),
      updated_at timestamp with time zone NOT NULL DEFAULT now(),
      CONSTRAINT pk_report_schedule PRIMARY KEY (id),
      CONSTRAINT fk_report_schedule_created_by FOREIGN KEY (created_by) REFERENCES app_user(id) ON DELETE RESTRICT,
      CONSTRAINT chk_report_schedule_scope CHECK ((scope = 'national' AND province_code IS NULL) OR (scope = 'province' AND province_code IS NOT NULL)),
      CONSTRAINT chk_report_schedule_timing CHECK ((period = 'weekly' AND weekday BETWEEN 1 AND 7 AND day_of_month IS NULL) OR (period = 'monthly' AND day_of_month BETWEEN 1 AND 31 AND weekday IS NULL)),
      CONSTRAINT chk_report_schedule_time CHECK (time_of_day ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
      CONSTRAINT chk_report_schedule_formats CHECK (cardinality(formats) >= 1 AND formats <@ ARRAY['json', 'csv', 'xlsx', 'pdf']::character varying(10)[]),
      CONSTRAINT chk_report_schedule_lang CHECK (lang IN ('vi', 'en'))
    )`);
    await q.query(`CREATE INDEX idx_report_schedule_due ON report_schedule (next_run_at) WHERE enabled`);

    await q.query(`CREATE TABLE report_snapshot (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      scope character varying(10) NOT NULL,
      province_code character varying(2),
      as_of date NOT NULL,
      known_at timestamp with time zone NOT NULL,
      period character varying(10) NOT NULL,
      lang character varying(2) NOT NULL,
      generated_at timestamp with time zone NOT NULL,
      generated_by uuid,
      schedule_id uuid,
      figures jsonb NOT NULL,
      created_at timestamp with time zone NOT NULL DEFAULT now(),
      CONSTRAINT pk_report_snapshot PRIMARY KEY (id),
      CONSTRAINT fk_report_snapshot_generated_by FOREIGN KEY (generated_by) REFERENCES app_user(id) ON DELETE RESTRICT,
      CONSTRAINT chk_report_snapshot_scope CHECK ((scope = 'national' AND province_code IS NULL) OR (scope = 'province' AND province_code IS NOT NULL)),
      CONSTRAINT chk_report_snapshot_period CHECK (period IN ('weekly', 'monthly')),
      CONSTRAINT chk_report_snapshot_lang CHECK (lang IN ('vi', 'en'))
    )`);
    await q.query(`CREATE INDEX idx_report_snapshot_province ON report_snapshot (province_code, created_at)`);
    await q.query(`CREATE INDEX idx_report_snapshot_created ON report_snapshot (created_at, id)`);

    await q.query(`CREATE TABLE report_content (
      snapshot_id uuid NOT NULL,
      format character varying(10) NOT NULL,
      media_type character varying(200) NOT NULL,
      size_bytes integer NOT NULL,
      sha256 character(64) NOT NULL,
      content bytea NOT NULL,
      CONSTRAINT pk_report_content PRIMARY KEY (snapshot_id, format),
      CONSTRAINT fk_report_content_snapshot FOREIGN KEY (snapshot_id) REFERENCES report_snapshot(id) ON DELETE RESTRICT,
      CONSTRAINT chk_report_content_format CHECK (format IN ('json', 'csv', 'xlsx', 'pdf')),
      CONSTRAINT chk_report_content_sha256 CHECK (sha256 ~ '^[0-9a-f]{64}$'),
      CONSTRAINT chk_report_content_size CHECK (size_bytes >= 0)
    )`);

    // Snapshots are evidence: once written, neither their parameters nor their bytes change.
    await q.query(`CREATE FUNCTION report_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'report snapshots are immutable: % on % refused', TG_OP, TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
      END $$`);
    await q.query(`CREATE TRIGGER trg_report_snapshot_immutable BEFORE UPDATE OR DELETE ON report_snapshot FOR EACH ROW EXECUTE FUNCTION report_immutable()`);
    await q.query(`CREATE TRIGGER trg_report_content_immutable BEFORE UPDATE OR DELETE ON report_content FOR EACH ROW EXECUTE FUNCTION report_immutable()`);

    await q.query(`CREATE TABLE report_job (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      status character varying(10) NOT NULL DEFAULT 'queued',
      percent smallint NOT NULL DEFAULT 0,
      params jsonb NOT NULL,
      province_code character varying(2),
      requested_by uuid,
      schedule_id uuid,
      due_at timestamp with time zone,
      report_id uuid,
      problem jsonb,
      attempts integer NOT NULL DEFAULT 0,
      run_after timestamp with time zone NOT NULL DEFAULT now(),
      locked_by character varying(100),
      locked_until timestamp with time zone,
      created_at timestamp with time zone NOT NULL DEFAULT now(),
      started_at timestamp with time zone,
      finished_at timestamp with time zone,
      CONSTRAINT pk_report_job PRIMARY KEY (id),
      CONSTRAINT uq_report_job_schedule_due UNIQUE (schedule_id, due_at),
      CONSTRAINT fk_report_job_requested_by FOREIGN KEY (requested_by) REFERENCES app_user(id) ON DELETE RESTRICT,
      CONSTRAINT fk_report_job_schedule FOREIGN KEY (schedule_id) REFERENCES report_schedule(id) ON DELETE SET NULL,
      CONSTRAINT fk_report_job_report FOREIGN KEY (report_id) REFERENCES report_snapshot(id) ON DELETE RESTRICT,
      CONSTRAINT chk_report_job_status CHECK (status IN ('queued', 'running', 'done', 'failed')),
      CONSTRAINT chk_report_job_percent CHECK (percent BETWEEN 0 AND 100),
      CONSTRAINT chk_report_job_done CHECK ((status = 'done') = (report_id IS NOT NULL))
    )`);
    await q.query(`CREATE INDEX idx_report_job_due ON report_job (status, run_after)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE report_job`);
    await q.query(`DROP TABLE report_content`);
    await q.query(`DROP TABLE report_snapshot`);
    await q.query(`DROP FUNCTION report_immutable()`);
    await q.query(`DROP TABLE report_schedule`);
  }
}
