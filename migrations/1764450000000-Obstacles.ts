import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Obstacles and recommendations (Conclusion 221): a province reports a difficulty on a facility or an
 * action, addressed to a ministry or the centre, and records the answer when it comes. The answer's
 * fields are all there exactly when the obstacle is answered, dated no earlier than it was raised.
 */
export class Obstacles1764450000000 implements MigrationInterface {
  name = 'Obstacles1764450000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE obstacle (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      province_code varchar(2) NOT NULL,
      asset_id uuid NOT NULL,
      action_id uuid,
      kind varchar(30) NOT NULL,
      addressee varchar(60) NOT NULL,
      description text NOT NULL,
      recommendation text,
      raised_on date NOT NULL,
      status varchar(10) NOT NULL DEFAULT 'open',
      answered_by varchar(300),
      answered_on date,
      answer text,
      answer_reference varchar(100),
      answer_recorded_at timestamptz,
      created_by uuid,
      version integer NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT pk_obstacle PRIMARY KEY (id),
      CONSTRAINT fk_obstacle_asset FOREIGN KEY (asset_id) REFERENCES asset(id) ON DELETE RESTRICT,
      CONSTRAINT fk_obstacle_action FOREIGN KEY (action_id) REFERENCES action(id) ON DELETE RESTRICT,
      CONSTRAINT chk_obstacle_kind CHECK (kind IN ('legal_framework', 'competence', 'land_records', 'planning', 'valuation', 'funding', 'procedure', 'encroachment_dispute', 'other')),
      CONSTRAINT chk_obstacle_addressee CHECK (addressee IN ('ministry_of_finance', 'ministry_of_agriculture_and_environment', 'ministry_of_construction', 'ministry_of_home_affairs', 'ministry_of_justice', 'other_ministry', 'government', 'central_organization_committee', 'politburo_secretariat')),
      CONSTRAINT chk_obstacle_status CHECK (status IN ('open', 'answered')),
      CONSTRAINT chk_obstacle_answer CHECK ((status = 'open' AND answered_by IS NULL AND answered_on IS NULL AND answer IS NULL AND answer_reference IS NULL AND answer_recorded_at IS NULL)
   OR (status = 'answered' AND answered_by IS NOT NULL AND answered_on IS NOT NULL AND answer IS NOT NULL AND answer_recorded_at IS NOT NULL AND answered_on >= raised_on))
    )`);
    await q.query(`CREATE INDEX idx_obstacle_province ON obstacle (province_code, created_at, id)`);
    await q.query(`CREATE INDEX idx_obstacle_asset ON obstacle (asset_id)`);
    await q.query(`CREATE INDEX idx_obstacle_action ON obstacle (action_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE obstacle`);
  }
}
