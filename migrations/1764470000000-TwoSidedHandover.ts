import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The two-sided hand-over between provinces: a reallocation whose receiving agency is in
 * another province records that province, and its acceptance (who, when, the receiving side's
 * decision number and date) before it can start or complete. `accepted` is an open, decided status:
 * it joins the one-open-action-per-asset index and the approved-decision check.
 *
 * Older releases refused such actions at create and edit, but an action recorded before the refusal
 * may still name another province's agency: it gets its receiving province here, so it now waits
 * for that province's acceptance instead of being refused at completion.
 */
export class TwoSidedHandover1764470000000 implements MigrationInterface {
  name = 'TwoSidedHandover1764470000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE action
      ADD COLUMN receiving_province_code varchar(2),
      ADD COLUMN accepted_by uuid,
      ADD COLUMN accepted_at timestamptz,
      ADD COLUMN acceptance_decision_no varchar(60),
      ADD COLUMN acceptance_decision_date date`);
    await q.query(
      `UPDATE action x SET receiving_province_code = g.province_code FROM agency g WHERE g.id = x.receiving_agency_id AND g.province_code <> x.province_code`,
    );
    await q.query(`ALTER TABLE action DROP CONSTRAINT chk_action_status, DROP CONSTRAINT chk_action_approved_decision`);
    await q.query(`ALTER TABLE action
      ADD CONSTRAINT chk_action_status CHECK (status IN ('draft', 'submitted', 'approved', 'accepted', 'in_progress', 'completed', 'rejected', 'cancelled')),
      ADD CONSTRAINT chk_action_approved_decision CHECK (status NOT IN ('approved', 'accepted', 'in_progress', 'completed') OR (decision_no IS NOT NULL AND decision_date IS NOT NULL AND decision_authority IS NOT NULL AND decision_recorded_at IS NOT NULL)),
      ADD CONSTRAINT chk_action_receiving_province CHECK (receiving_province_code IS NULL OR receiving_province_code <> province_code),
      ADD CONSTRAINT chk_action_acceptance CHECK ((accepted_at IS NULL) = (accepted_by IS NULL) AND (accepted_at IS NULL) = (acceptance_decision_no IS NULL) AND (accepted_at IS NULL) = (acceptance_decision_date IS NULL)
        AND (accepted_at IS NULL OR receiving_province_code IS NOT NULL) AND (status <> 'accepted' OR accepted_at IS NOT NULL))`);
    await q.query(`DROP INDEX uq_action_one_open_per_asset`);
    await q.query(`CREATE UNIQUE INDEX uq_action_one_open_per_asset ON action (asset_id) WHERE status IN ('submitted', 'approved', 'accepted', 'in_progress')`);
    await q.query(`CREATE INDEX idx_action_receiving_province ON action (receiving_province_code, created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX idx_action_receiving_province`);
    await q.query(`DROP INDEX uq_action_one_open_per_asset`);
    await q.query(`CREATE UNIQUE INDEX uq_action_one_open_per_asset ON action (asset_id) WHERE status IN ('submitted', 'approved', 'in_progress')`);
    await q.query(
      `ALTER TABLE action DROP CONSTRAINT chk_action_acceptance, DROP CONSTRAINT chk_action_receiving_province, DROP CONSTRAINT chk_action_approved_decision, DROP CONSTRAINT chk_action_status`,
    );
    await q.query(`UPDATE action SET status = 'approved' WHERE status = 'accepted'`);
    await q.query(`ALTER TABLE action
      ADD CONSTRAINT chk_action_status CHECK (status IN ('draft', 'submitted', 'approved', 'in_progress', 'completed', 'rejected', 'cancelled')),
      ADD CONSTRAINT chk_action_approved_decision CHECK (status NOT IN ('approved', 'in_progress', 'completed') OR (decision_no IS NOT NULL AND decision_date IS NOT NULL AND decision_authority IS NOT NULL AND decision_recorded_at IS NOT NULL))`);
    await q.query(
      `ALTER TABLE action DROP COLUMN acceptance_decision_date, DROP COLUMN acceptance_decision_no, DROP COLUMN accepted_at, DROP COLUMN accepted_by, DROP COLUMN receiving_province_code`,
    );
  }
}
