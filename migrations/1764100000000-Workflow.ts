import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The handling workflow: repurposing purposes (reference data with the government's priority
 * order), directives and their clauses (with the action types each authorises, and provinces' own
 * deadlines), actions on assets with the clauses they cite, land-use plans and their updates, and
 * documents. At most one open action per asset is enforced here, by a partial unique index.
 */
export class Workflow1764100000000 implements MigrationInterface {
  name = 'Workflow1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE repurpose_purpose (
      code character varying(30) NOT NULL,
      name_vi text NOT NULL,
      name_en text NOT NULL,
      priority_rank integer NOT NULL,
      is_priority boolean NOT NULL DEFAULT false,
      default_land_use_category character varying(10),
      created_at timestamp with time zone NOT NULL DEFAULT now(),
      CONSTRAINT pk_repurpose_purpose PRIMARY KEY (code),
      CONSTRAINT fk_repurpose_purpose_land_use FOREIGN KEY (default_land_use_category) REFERENCES land_use_category(code) ON DELETE RESTRICT,
      CONSTRAINT chk_repurpose_purpose_code CHECK (code ~ '^[a-z_]{2,30}$'),
      CONSTRAINT chk_repurpose_purpose_rank CHECK (priority_rank >= 1)
    )`);
    // Dispatches on surplus facilities put health, education, culture, sports and commune police first.
    await q.query(`INSERT INTO repurpose_purpose (code, name_vi, name_en, priority_rank, is_priority, default_land_use_category) VALUES
      ('health', 'Y tế', 'Health', 1, true, 'DYT'),
      ('education', 'Giáo dục', 'Education', 2, true, 'DGD'),
      ('culture', 'Văn hóa', 'Culture', 3, true, 'DVH'),
      ('sports', 'Thể dục, thể thao', 'Sports', 4, true, 'DTT'),
      ('commune_police', 'Công an xã', 'Commune police', 5, true, 'CAN'),
      ('office', 'Trụ sở làm việc', 'Office', 6, false, 'TSC'),
      ('vocational_training', 'Đào tạo nghề', 'Vocational training', 7, false, 'DGD'),
      ('public_space', 'Không gian công cộng', 'Public space', 8, false, 'DKV'),
      ('defence', 'Quốc phòng', 'Defence', 9, false, 'CQP'),
      ('security', 'An ninh', 'Security', 10, false, 'CAN'),
      ('other', 'Mục đích công cộng khác', 'Other public use', 11, false, NULL)`);

    await q.query(`CREATE TABLE directive (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      number character varying(60) NOT NULL,
      kind character varying(20) NOT NULL,
      issuer text NOT NULL,
      issued_on date NOT NULL,
      title text NOT NULL,
      province_code character varying(2),
      valid_from date,
      valid_to date,
      superseded_by_id uuid,
      version integer NOT NULL DEFAULT 1,
      created_at timestamp with time zone NOT NULL DEFAULT now(),
      updated_at timestamp with time zone NOT NULL DEFAULT now(),
      CONSTRAINT pk_directive PRIMARY KEY (id),
      CONSTRAINT uq_directive_number UNIQUE (number),
      CONSTRAINT fk_directive_superseded_by FOREIGN KEY (superseded_by_id) REFERENCES directive(id) ON DELETE RESTRICT,
      CONSTRAINT chk_directive_kind CHECK (kind IN ('party_conclusion', 'party_resolution', 'resolution', 'law', 'decree', 'decision', 'circular', 'official_letter', 'other')),
      CONSTRAINT chk_directive_validity CHECK (valid_to IS NULL OR valid_from IS NULL OR valid_from <= valid_to),
      CONSTRAINT chk_directive_not_self_superseded CHECK (superseded_by_id IS NULL OR superseded_by_id <> id)
    )`);
    await q.query(`CREATE INDEX idx_directive_province ON directive (province_code)`);
    await q.query(`CREATE INDEX idx_directive_search ON directive USING gin (search_norm(number || ' ' || title) gin_trgm_ops)`);

    await q.query(`CREATE TABLE directive_clause (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      directive_id uuid NOT NULL,
      ref character varying(60) NOT NULL,
      summary text NOT NULL,
      full_text text,
      deadline date,
      authorised_action_types character varying(20) array NOT NULL DEFAULT '{}',
      version integer NOT NULL DEFAULT 1,
      created_at timestamp with time zone NOT NULL DEFAULT now(),
      updated_at timestamp with time zone NOT NULL DEFAULT now(),
      CONSTRAINT pk_directive_clause PRIMARY KEY (id),
      CONSTRAINT uq_directive_clause_ref UNIQUE (directive_id, ref),
      CONSTRAINT fk_directive_clause_directive FOREIGN KEY (directive_id) REFERENCES directive(id) ON DELETE RESTRICT,
      CONSTRAINT chk_directive_clause_types CHECK (authorised_action_types <@ ARRAY['retention', 'reallocation', 'disposal', 'renovation', 'repurposing']::character varying(20)[])
    )`);

    // A province may set an earlier deadline for its own actions under a clause.
    await q.query(`CREATE TABLE clause_province_deadline (
      clause_id uuid NOT NULL,
      province_code character varying(2) NOT NULL,
      deadline date NOT NULL,
      created_at timestamp with time zone NOT NULL DEFAULT now(),
      CONSTRAINT pk_clause_province_deadline PRIMARY KEY (clause_id, province_code),
      CONSTRAINT fk_clause_province_deadline_clause FOREIGN KEY (clause_id) REFERENCES directive_clause(id) ON DELETE CASCADE
    )`);

    await q.query(`CREATE TABLE action (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      asset_id uuid NOT NULL,
      province_code character varying(2) NOT NULL,
      type character varying(20) NOT NULL,
      method character varying(30) NOT NULL,
      status character varying(20) NOT NULL DEFAULT 'draft',
      justification text,
      notes text,
      asset_status_before character varying(20),
      decision_no character varying(60),
      decision_date date,
      decision_authority text,
      decision_recorded_at timestamp with time zone,
      receiving_agency_id uuid,
      receiving_unit_id integer,
      temporary_handover_date date,
      handover_date date,
      minutes_confirmed_by_sender boolean NOT NULL DEFAULT false,
      minutes_confirmed_by_receiver boolean NOT NULL DEFAULT false,
      sale_method character varying(10),
      valuation_amount bigint,
      valuation_date date,
      sale_price bigint,
      buyer text,
      proceeds_paid bigint,
      proceeds_paid_date date,
      planned_cost bigint,
      actual_cost bigint,
      planned_start date,
      planned_end date,
      actual_start date,
      actual_end date,
      purpose_code character varying(30),
      target_land_use_category character varying(10),
      category_unchanged_reason text,
      created_by uuid,
      submitted_by uuid,
      submitted_at timestamp with time zone,
      approved_by uuid,
      approved_at timestamp with time zone,
      rejected_by uuid,
      rejected_at timestamp with time zone,
      rejection_reason text,
      started_at timestamp with time zone,
      completed_by uuid,
      completed_at timestamp with time zone,
      completed_on date,
      cancelled_by uuid,
      cancelled_at timestamp with time zone,
      cancellation_reason text,
      version integer NOT NULL DEFAULT 1,
      created_at timestamp with time zone NOT NULL DEFAULT now(),
      updated_at timestamp with time zone NOT NULL DEFAULT now(),
      CONSTRAINT pk_action PRIMARY KEY (id),
      CONSTRAINT fk_action_asset FOREIGN KEY (asset_id) REFERENCES asset(id) ON DELETE RESTRICT,
      CONSTRAINT fk_action_receiving_agency FOREIGN KEY (receiving_agency_id) REFERENCES agency(id) ON DELETE RESTRICT,
      CONSTRAINT fk_action_receiving_unit FOREIGN KEY (receiving_unit_id) REFERENCES admin_unit(id) ON DELETE RESTRICT,
      CONSTRAINT fk_action_purpose FOREIGN KEY (purpose_code) REFERENCES repurpose_purpose(code) ON DELETE RESTRICT,
      CONSTRAINT fk_action_target_land_use FOREIGN KEY (target_land_use_category) REFERENCES land_use_category(code) ON DELETE RESTRICT,
      CONSTRAINT chk_action_type CHECK (type IN ('retention', 'reallocation', 'disposal', 'renovation', 'repurposing')),
      CONSTRAINT chk_action_method CHECK (
        (type = 'retention' AND method IN ('permanent', 'temporary')) OR
        (type = 'reallocation' AND method IN ('transfer', 'handover_to_locality', 'assignment')) OR
        (type = 'disposal' AND method IN ('sale', 'liquidation', 'recovery', 'land_fund', 'payment_in_kind', 'destruction')) OR
        (type = 'renovation' AND method IN ('repair', 'upgrade', 'extension')) OR
        (type = 'repurposing' AND method IN ('change_of_function', 'change_of_land_use'))),
      CONSTRAINT chk_action_status CHECK (status IN ('draft', 'submitted', 'approved', 'in_progress', 'completed', 'rejected', 'cancelled')),
      CONSTRAINT chk_action_sale_method CHECK (sale_method IS NULL OR sale_method IN ('auction', 'direct')),
      CONSTRAINT chk_action_amounts CHECK (coalesce(valuation_amount, 0) >= 0 AND coalesce(sale_price, 0) >= 0 AND coalesce(proceeds_paid, 0) >= 0
        AND coalesce(planned_cost, 0) >= 0 AND coalesce(actual_cost, 0) >= 0),
      CONSTRAINT chk_action_approved_decision CHECK (status NOT IN ('approved', 'in_progress', 'completed') OR (decision_no IS NOT NULL AND decision_date IS NOT NULL AND decision_authority IS NOT NULL AND decision_recorded_at IS NOT NULL)),
      CONSTRAINT chk_action_four_eyes CHECK (approved_by IS NULL OR submitted_by IS NULL OR approved_by <> submitted_by)
    )`);
    await q.query(`CREATE UNIQUE INDEX uq_action_one_open_per_asset ON action (asset_id) WHERE status IN ('submitted', 'approved', 'in_progress')`);
    await q.query(`CREATE INDEX idx_action_asset ON action (asset_id, created_at)`);
    await q.query(`CREATE INDEX idx_action_province_status ON action (province_code, status, created_at)`);
    await q.query(`CREATE INDEX idx_action_type_method ON action (type, method)`);

    await q.query(`CREATE TABLE action_clause (
      action_id uuid NOT NULL,
      clause_id uuid NOT NULL,
      CONSTRAINT pk_action_clause PRIMARY KEY (action_id, clause_id),
      CONSTRAINT fk_action_clause_action FOREIGN KEY (action_id) REFERENCES action(id) ON DELETE CASCADE,
      CONSTRAINT fk_action_clause_clause FOREIGN KEY (clause_id) REFERENCES directive_clause(id) ON DELETE RESTRICT
    )`);
    await q.query(`CREATE INDEX idx_action_clause_clause ON action_clause (clause_id)`);

    await q.query(`CREATE TABLE land_use_plan (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      unit_id integer NOT NULL,
      province_code character varying(2) NOT NULL,
      kind character varying(30) NOT NULL,
      title text NOT NULL,
      period_start integer NOT NULL,
      period_end integer NOT NULL,
      decision_no character varying(60),
      decision_date date,
      version integer NOT NULL DEFAULT 1,
      created_at timestamp with time zone NOT NULL DEFAULT now(),
      updated_at timestamp with time zone NOT NULL DEFAULT now(),
      CONSTRAINT pk_land_use_plan PRIMARY KEY (id),
      CONSTRAINT fk_land_use_plan_unit FOREIGN KEY (unit_id) REFERENCES admin_unit(id) ON DELETE RESTRICT,
      CONSTRAINT chk_land_use_plan_kind CHECK (kind IN ('land_use', 'construction', 'specialised', 'defence_security_land')),
      CONSTRAINT chk_land_use_plan_period CHECK (period_start BETWEEN 2000 AND 2100 AND period_end BETWEEN period_start AND 2100)
    )`);
    await q.query(`CREATE INDEX idx_land_use_plan_province ON land_use_plan (province_code, kind)`);

    await q.query(`CREATE TABLE plan_update (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      plan_id uuid NOT NULL,
      province_code character varying(2) NOT NULL,
      asset_id uuid,
      parcel_ref character varying(100),
      from_category character varying(10),
      to_category character varying(10) NOT NULL,
      area numeric(14,2),
      status character varying(10) NOT NULL DEFAULT 'proposed',
      decision_no character varying(60),
      decision_date date,
      decision_recorded_at timestamp with time zone,
      action_id uuid,
      version integer NOT NULL DEFAULT 1,
      created_at timestamp with time zone NOT NULL DEFAULT now(),
      updated_at timestamp with time zone NOT NULL DEFAULT now(),
      CONSTRAINT pk_plan_update PRIMARY KEY (id),
      CONSTRAINT fk_plan_update_plan FOREIGN KEY (plan_id) REFERENCES land_use_plan(id) ON DELETE RESTRICT,
      CONSTRAINT fk_plan_update_asset FOREIGN KEY (asset_id) REFERENCES asset(id) ON DELETE RESTRICT,
      CONSTRAINT fk_plan_update_action FOREIGN KEY (action_id) REFERENCES action(id) ON DELETE RESTRICT,
      CONSTRAINT fk_plan_update_from FOREIGN KEY (from_category) REFERENCES land_use_category(code) ON DELETE RESTRICT,
      CONSTRAINT fk_plan_update_to FOREIGN KEY (to_category) REFERENCES land_use_category(code) ON DELETE RESTRICT,
      CONSTRAINT chk_plan_update_status CHECK (status IN ('proposed', 'approved', 'rejected')),
      CONSTRAINT chk_plan_update_area CHECK (area IS NULL OR area >= 0),
      CONSTRAINT chk_plan_update_subject CHECK (asset_id IS NOT NULL OR parcel_ref IS NOT NULL),
      CONSTRAINT chk_plan_update_decision CHECK (status = 'proposed' OR (decision_no IS NOT NULL AND decision_date IS NOT NULL AND decision_recorded_at IS NOT NULL))
    )`);
    await q.query(`CREATE INDEX idx_plan_update_plan ON plan_update (plan_id)`);
    await q.query(`CREATE INDEX idx_plan_update_action ON plan_update (action_id)`);
    await q.query(`CREATE INDEX idx_plan_update_province_status ON plan_update (province_code, status)`);

    // Files are stored content-addressed by SHA-256; a row is never updated but to be superseded.
    await q.query(`CREATE TABLE document (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      kind character varying(30) NOT NULL,
      province_code character varying(2) NOT NULL,
      asset_id uuid,
      action_id uuid,
      file_name text NOT NULL,
      media_type character varying(200) NOT NULL,
      size_bytes bigint NOT NULL,
      sha256 character(64) NOT NULL,
      note text,
      supersedes_id uuid,
      uploaded_by uuid,
      uploaded_at timestamp with time zone NOT NULL DEFAULT now(),
      CONSTRAINT pk_document PRIMARY KEY (id),
      CONSTRAINT fk_document_asset FOREIGN KEY (asset_id) REFERENCES asset(id) ON DELETE RESTRICT,
      CONSTRAINT fk_document_action FOREIGN KEY (action_id) REFERENCES action(id) ON DELETE RESTRICT,
      CONSTRAINT fk_document_supersedes FOREIGN KEY (supersedes_id) REFERENCES document(id) ON DELETE RESTRICT,
      CONSTRAINT uq_document_supersedes UNIQUE (supersedes_id),
      CONSTRAINT chk_document_kind CHECK (kind IN ('decision', 'land_certificate', 'handover_minutes', 'valuation_report', 'auction_result', 'contract', 'acceptance_minutes', 'plan', 'photo', 'other')),
      CONSTRAINT chk_document_size CHECK (size_bytes >= 0),
      CONSTRAINT chk_document_sha256 CHECK (sha256 ~ '^[0-9a-f]{64}$'),
      CONSTRAINT chk_document_subject CHECK (asset_id IS NOT NULL OR action_id IS NOT NULL)
    )`);
    await q.query(`CREATE INDEX idx_document_asset ON document (asset_id)`);
    await q.query(`CREATE INDEX idx_document_action ON document (action_id)`);
    await q.query(`CREATE INDEX idx_document_sha256 ON document (sha256)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'document',
      'plan_update',
      'land_use_plan',
      'action_clause',
      'action',
      'clause_province_deadline',
      'directive_clause',
      'directive',
      'repurpose_purpose',
    ]) {
      await q.query(`DROP TABLE ${t}`);
    }
  }
}
