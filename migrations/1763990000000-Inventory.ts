import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Inventory: land-use categories (reference data), agencies, assets, and idempotency keys for
 * retried creates. Search uses trigram indexes on search_norm() of the searchable text.
 */
export class Inventory1763990000000 implements MigrationInterface {
  name = 'Inventory1763990000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE land_use_category (
      code character varying(10) NOT NULL,
      name_vi text NOT NULL,
      name_en text NOT NULL,
      created_at timestamp with time zone NOT NULL DEFAULT now(),
      CONSTRAINT pk_land_use_category PRIMARY KEY (code),
      CONSTRAINT chk_land_use_category_code CHECK (code ~ '^[A-Z]{2,10}$')
    )`);
    // Codes of the land law's classification that surplus facilities are kept in or converted to.
    await q.query(`INSERT INTO land_use_category (code, name_vi, name_en) VALUES
      ('TSC', 'Đất xây dựng trụ sở cơ quan', 'Land for government office buildings'),
      ('DTS', 'Đất xây dựng trụ sở của tổ chức sự nghiệp', 'Land for public-service organisation buildings'),
      ('DGD', 'Đất xây dựng cơ sở giáo dục và đào tạo', 'Land for education and training'),
      ('DYT', 'Đất xây dựng cơ sở y tế', 'Land for health facilities'),
      ('DVH', 'Đất xây dựng cơ sở văn hóa', 'Land for cultural facilities'),
      ('DTT', 'Đất xây dựng cơ sở thể dục, thể thao', 'Land for sports facilities'),
      ('DXH', 'Đất xây dựng cơ sở dịch vụ xã hội', 'Land for social-service facilities'),
      ('DKH', 'Đất xây dựng cơ sở khoa học và công nghệ', 'Land for science and technology'),
      ('DSH', 'Đất sinh hoạt cộng đồng', 'Land for community activities'),
      ('DKV', 'Đất khu vui chơi, giải trí công cộng', 'Land for public recreation'),
      ('CQP', 'Đất quốc phòng', 'Defence land'),
      ('CAN', 'Đất an ninh', 'Security land'),
      ('TMD', 'Đất thương mại, dịch vụ', 'Commercial and service land'),
      ('SKC', 'Đất cơ sở sản xuất phi nông nghiệp', 'Non-agricultural production land'),
      ('ODT', 'Đất ở tại đô thị', 'Urban residential land'),
      ('ONT', 'Đất ở tại nông thôn', 'Rural residential land'),
      ('BCS', 'Đất bằng chưa sử dụng', 'Unused flat land')`);

    await q.query(`CREATE TABLE agency (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      code character varying(40) NOT NULL,
      name text NOT NULL,
      kind character varying(30) NOT NULL,
      unit_id integer NOT NULL,
      province_code character varying(2) NOT NULL,
      status character varying(10) NOT NULL DEFAULT 'active',
      dissolved_on date,
      successor_id uuid,
      version integer NOT NULL DEFAULT 1,
      created_at timestamp with time zone NOT NULL DEFAULT now(),
      updated_at timestamp with time zone NOT NULL DEFAULT now(),
      CONSTRAINT pk_agency PRIMARY KEY (id),
      CONSTRAINT uq_agency_code UNIQUE (code),
      CONSTRAINT fk_agency_unit FOREIGN KEY (unit_id) REFERENCES admin_unit(id) ON DELETE RESTRICT,
      CONSTRAINT fk_agency_successor FOREIGN KEY (successor_id) REFERENCES agency(id) ON DELETE RESTRICT,
      CONSTRAINT chk_agency_kind CHECK (kind IN ('peoples_committee', 'peoples_council', 'party_committee', 'department', 'public_service_unit', 'mass_organisation', 'police', 'military', 'other')),
      CONSTRAINT chk_agency_status CHECK (status IN ('active', 'dissolved')),
      CONSTRAINT chk_agency_dissolution CHECK ((status = 'dissolved') = (dissolved_on IS NOT NULL) AND (successor_id IS NULL OR status = 'dissolved'))
    )`);
    await q.query(`CREATE INDEX idx_agency_province_code ON agency (province_code, code)`);
    await q.query(`CREATE INDEX idx_agency_unit ON agency (unit_id)`);
    await q.query(`CREATE INDEX idx_agency_successor ON agency (successor_id)`);
    await q.query(`CREATE INDEX idx_agency_name_search ON agency USING gin (search_norm(code || ' ' || name) gin_trgm_ops)`);

    await q.query(`CREATE TABLE asset (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      code character varying(40) NOT NULL,
      name text NOT NULL,
      category character varying(30) NOT NULL,
      current_unit_id integer NOT NULL,
      province_code character varying(2) NOT NULL,
      origin_unit_id integer,
      custodian_id uuid NOT NULL,
      address text,
      latitude numeric(9,6),
      longitude numeric(9,6),
      land_area numeric(14,2),
      floor_area numeric(14,2),
      year_built smallint,
      original_cost bigint,
      remaining_value bigint,
      land_certificate_no character varying(60),
      land_use_category character varying(10),
      condition character varying(20),
      status character varying(20) NOT NULL DEFAULT 'in_use',
      surplus_since date,
      surplus_reason text,
      surplus_basis character varying(200),
      notes text,
      version integer NOT NULL DEFAULT 1,
      created_at timestamp with time zone NOT NULL DEFAULT now(),
      updated_at timestamp with time zone NOT NULL DEFAULT now(),
      CONSTRAINT pk_asset PRIMARY KEY (id),
      CONSTRAINT uq_asset_code UNIQUE (code),
      CONSTRAINT fk_asset_current_unit FOREIGN KEY (current_unit_id) REFERENCES admin_unit(id) ON DELETE RESTRICT,
      CONSTRAINT fk_asset_origin_unit FOREIGN KEY (origin_unit_id) REFERENCES admin_unit(id) ON DELETE RESTRICT,
      CONSTRAINT fk_asset_custodian FOREIGN KEY (custodian_id) REFERENCES agency(id) ON DELETE RESTRICT,
      CONSTRAINT fk_asset_land_use_category FOREIGN KEY (land_use_category) REFERENCES land_use_category(code) ON DELETE RESTRICT,
      CONSTRAINT chk_asset_category CHECK (category IN ('headquarters', 'public_service_facility', 'housing', 'land_only', 'vehicle', 'equipment', 'other')),
      CONSTRAINT chk_asset_status CHECK (status IN ('in_use', 'surplus', 'action_pending', 'under_renovation', 'transferred', 'sold', 'liquidated', 'recovered', 'repurposed')),
      CONSTRAINT chk_asset_condition CHECK (condition IN ('good', 'fair', 'poor', 'dilapidated')),
      CONSTRAINT chk_asset_coordinates CHECK ((latitude IS NULL) = (longitude IS NULL) AND (latitude IS NULL OR (latitude BETWEEN 6 AND 23.5 AND longitude BETWEEN 102 AND 118))),
      CONSTRAINT chk_asset_amounts CHECK (coalesce(land_area, 0) >= 0 AND coalesce(floor_area, 0) >= 0 AND coalesce(original_cost, 0) >= 0 AND coalesce(remaining_value, 0) >= 0),
      CONSTRAINT chk_asset_year_built CHECK (year_built IS NULL OR year_built BETWEEN 1800 AND 2200),
      CONSTRAINT chk_asset_surplus CHECK (status <> 'surplus' OR surplus_since IS NOT NULL)
    )`);
    await q.query(`CREATE INDEX idx_asset_province_code ON asset (province_code, code)`);
    await q.query(`CREATE INDEX idx_asset_province_status_code ON asset (province_code, status, code)`);
    await q.query(`CREATE INDEX idx_asset_status_code ON asset (status, code)`);
    await q.query(`CREATE INDEX idx_asset_current_unit ON asset (current_unit_id)`);
    await q.query(`CREATE INDEX idx_asset_origin_unit ON asset (origin_unit_id)`);
    await q.query(`CREATE INDEX idx_asset_custodian ON asset (custodian_id)`);
    await q.query(`CREATE INDEX idx_asset_category ON asset (category, code)`);
    await q.query(`CREATE INDEX idx_asset_land_use_category ON asset (land_use_category)`);
    await q.query(`CREATE INDEX idx_asset_search ON asset USING gin (search_norm(code || ' ' || name || ' ' || coalesce(address, '')) gin_trgm_ops)`);

    // A retried create with the same Idempotency-Key replays the first answer instead of creating again.
    await q.query(`CREATE TABLE idempotency_key (
      user_id uuid NOT NULL,
      key character varying(200) NOT NULL,
      route character varying(200) NOT NULL,
      request_hash character(64) NOT NULL,
      state character varying(10) NOT NULL DEFAULT 'pending',
      response_status integer,
      response_body jsonb,
      response_headers jsonb,
      created_at timestamp with time zone NOT NULL DEFAULT now(),
      CONSTRAINT pk_idempotency_key PRIMARY KEY (user_id, key),
      CONSTRAINT chk_idempotency_key_state CHECK (state IN ('pending', 'done'))
    )`);
    await q.query(`CREATE INDEX idx_idempotency_key_created ON idempotency_key (created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE idempotency_key`);
    await q.query(`DROP TABLE asset`);
    await q.query(`DROP TABLE agency`);
    await q.query(`DROP TABLE land_use_category`);
  }
}
