import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Inspections (of an asset, an action, or a province over a period), their findings (manual, or
 * suggested by the automatic checks with a fingerprint so a re-run adds nothing twice), the
 * documents each finding cites, and documents attached to an inspection itself.
 */
export class Inspections1764320000000 implements MigrationInterface {
  name = 'Inspections1764320000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE inspection (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      province_code character varying(2) NOT NULL,
      subject_type character varying(10) NOT NULL,
      asset_id uuid,
      action_id uuid,
      period_start date,
      period_end date,
      title text NOT NULL,
      status character varying(12) NOT NULL DEFAULT 'planned',
      planned_start date NOT NULL,
      planned_end date,
      actual_start date,
      actual_end date,
      team jsonb NOT NULL,
      conclusion text,
      close_override_reason text,
      created_by uuid,
      closed_by uuid,
      closed_at timestamp with time zone,
      version integer NOT NULL DEFAULT 1,
      created_at timestamp with time zone NOT NULL DEFAULT now(),
      updated_at timestamp with time zone NOT NULL DEFAULT now(),
      CONSTRAINT pk_inspection PRIMARY KEY (id),
      CONSTRAINT fk_inspection_asset FOREIGN KEY (asset_id) REFERENCES asset(id) ON DELETE RESTRICT,
      CONSTRAINT fk_inspection_action FOREIGN KEY (action_id) REFERENCES action(id) ON DELETE RESTRICT,
      CONSTRAINT chk_inspection_status CHECK (status IN ('planned', 'in_progress', 'closed')),
      CONSTRAINT chk_inspection_subject CHECK ((subject_type = 'asset' AND asset_id IS NOT NULL AND action_id IS NULL) OR (subject_type = 'action' AND asset_id IS NOT NULL AND action_id IS NOT NULL) OR (subject_type = 'province' AND asset_id IS NULL AND action_id IS NULL AND period_start IS NOT NULL AND period_end IS NOT NULL)),
      CONSTRAINT chk_inspection_period CHECK (period_start IS NULL OR period_end IS NULL OR period_start <= period_end),
      CONSTRAINT chk_inspection_dates CHECK ((planned_end IS NULL OR planned_start <= planned_end) AND (actual_end IS NULL OR (actual_start IS NOT NULL AND actual_start <= actual_end))),
      CONSTRAINT chk_inspection_closed CHECK (status <> 'closed' OR (conclusion IS NOT NULL AND actual_end IS NOT NULL))
    )`);
    await q.query(`CREATE INDEX idx_inspection_province_status ON inspection (province_code, status, created_at)`);
    await q.query(`CREATE INDEX idx_inspection_asset ON inspection (asset_id)`);
    await q.query(`CREATE INDEX idx_inspection_action ON inspection (action_id)`);

    await q.query(`CREATE TABLE finding (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      inspection_id uuid NOT NULL,
      province_code character varying(2) NOT NULL,
      category character varying(30) NOT NULL,
      severity character varying(10) NOT NULL,
      status character varying(12) NOT NULL DEFAULT 'open',
      description text NOT NULL,
      recommendation text,
      asset_id uuid,
      action_id uuid,
      check_id character varying(60),
      fingerprint character varying(400),
      decided_by uuid,
      decided_at timestamp with time zone,
      dismissal_reason text,
      resolution text,
      resolved_by text,
      resolved_on date,
      resolution_recorded_by uuid,
      resolution_recorded_at timestamp with time zone,
      created_by uuid,
      version integer NOT NULL DEFAULT 1,
      created_at timestamp with time zone NOT NULL DEFAULT now(),
      updated_at timestamp with time zone NOT NULL DEFAULT now(),
      CONSTRAINT pk_finding PRIMARY KEY (id),
      CONSTRAINT uq_finding_fingerprint UNIQUE (inspection_id, fingerprint),
      CONSTRAINT fk_finding_inspection FOREIGN KEY (inspection_id) REFERENCES inspection(id) ON DELETE RESTRICT,
      CONSTRAINT fk_finding_asset FOREIGN KEY (asset_id) REFERENCES asset(id) ON DELETE RESTRICT,
      CONSTRAINT fk_finding_action FOREIGN KEY (action_id) REFERENCES action(id) ON DELETE RESTRICT,
      CONSTRAINT chk_finding_category CHECK (category IN ('no_legal_basis', 'clause_not_in_force', 'below_valuation', 'missing_document', 'overdue', 'backdated_decision', 'unauthorised_use', 'priority_ignored', 'plan_update_missing', 'other')),
      CONSTRAINT chk_finding_severity CHECK (severity IN ('info', 'minor', 'major', 'critical')),
      CONSTRAINT chk_finding_status CHECK (status IN ('suggested', 'open', 'resolved', 'dismissed')),
      CONSTRAINT chk_finding_fingerprint CHECK ((check_id IS NULL) = (fingerprint IS NULL) AND (status <> 'suggested' OR check_id IS NOT NULL)),
      CONSTRAINT chk_finding_resolved CHECK (status <> 'resolved' OR (resolution IS NOT NULL AND resolved_by IS NOT NULL AND resolved_on IS NOT NULL)),
      CONSTRAINT chk_finding_dismissed CHECK (status <> 'dismissed' OR dismissal_reason IS NOT NULL)
    )`);
    await q.query(`CREATE INDEX idx_finding_inspection ON finding (inspection_id, created_at)`);

    await q.query(`CREATE TABLE finding_evidence (
      finding_id uuid NOT NULL,
      document_id uuid NOT NULL,
      CONSTRAINT pk_finding_evidence PRIMARY KEY (finding_id, document_id),
      CONSTRAINT fk_finding_evidence_finding FOREIGN KEY (finding_id) REFERENCES finding(id) ON DELETE CASCADE,
      CONSTRAINT fk_finding_evidence_document FOREIGN KEY (document_id) REFERENCES document(id) ON DELETE RESTRICT
    )`);
    await q.query(`CREATE INDEX idx_finding_evidence_document ON finding_evidence (document_id)`);

    // A document may now be attached to an inspection (its own evidence) instead of an asset or action.
    await q.query(`ALTER TABLE document ADD COLUMN inspection_id uuid`);
    await q.query(`ALTER TABLE document ADD CONSTRAINT fk_document_inspection FOREIGN KEY (inspection_id) REFERENCES inspection(id) ON DELETE RESTRICT`);
    await q.query(`CREATE INDEX idx_document_inspection ON document (inspection_id)`);
    await q.query(`ALTER TABLE document DROP CONSTRAINT chk_document_subject`);
    await q.query(
      `ALTER TABLE document ADD CONSTRAINT chk_document_subject CHECK (asset_id IS NOT NULL OR action_id IS NOT NULL OR inspection_id IS NOT NULL)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    // Documents of inspections cannot satisfy the narrower check: this down() refuses while any exist.
    await q.query(`ALTER TABLE document DROP CONSTRAINT chk_document_subject`);
    await q.query(`ALTER TABLE document ADD CONSTRAINT chk_document_subject CHECK (asset_id IS NOT NULL OR action_id IS NOT NULL)`);
    await q.query(`DROP INDEX idx_document_inspection`);
    await q.query(`ALTER TABLE document DROP CONSTRAINT fk_document_inspection`);
    await q.query(`ALTER TABLE document DROP COLUMN inspection_id`);
    for (const t of ['finding_evidence', 'finding', 'inspection']) await q.query(`DROP TABLE ${t}`);
  }
}
