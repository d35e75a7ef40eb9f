import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reports: the surplus declarations as recorded over time (`surplus_declaration`), so a status
 * report can be computed as of any date and as known at any time. Back-filled from the event log
 * (`surplus-declared` / `surplus-withdrawn` events of assets, written by the API and the import),
 * then from `asset.surplus_since` for any surplus asset the log does not explain.
 */
export class Reports1764300000000 implements MigrationInterface {
  name = 'Reports1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE surplus_declaration (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      asset_id uuid NOT NULL,
      province_code character varying(2) NOT NULL,
      since date NOT NULL,
      reason text,
      declared_recorded_at timestamp with time zone NOT NULL,
      withdrawn_on date,
      withdrawn_recorded_at timestamp with time zone,
      CONSTRAINT pk_surplus_declaration PRIMARY KEY (id),
      CONSTRAINT fk_surplus_declaration_asset FOREIGN KEY (asset_id) REFERENCES asset(id) ON DELETE CASCADE,
      CONSTRAINT chk_surplus_declaration_withdrawn CHECK ((withdrawn_on IS NULL) = (withdrawn_recorded_at IS NULL))
    )`);
    await q.query(`CREATE INDEX idx_surplus_declaration_asset ON surplus_declaration (asset_id)`);
    await q.query(`CREATE INDEX idx_surplus_declaration_province ON surplus_declaration (province_code, since)`);
    await q.query(`CREATE UNIQUE INDEX uq_surplus_declaration_open ON surplus_declaration (asset_id) WHERE withdrawn_on IS NULL`);

    // Each declaration event, closed by the first withdrawal event of the same asset after it.
    await q.query(`INSERT INTO surplus_declaration (asset_id, province_code, since, reason, declared_recorded_at, withdrawn_on, withdrawn_recorded_at)
      SELECT a.id, a.province_code,
             coalesce((d.after->>'surplusSince')::date, a.surplus_since, (d.occurred_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date),
             coalesce(d.after->>'surplusReason', a.surplus_reason), d.occurred_at,
             (w.occurred_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date, w.occurred_at
      FROM event d
      JOIN asset a ON a.id::text = d.entity_id
      LEFT JOIN LATERAL (
        SELECT e.occurred_at FROM event e
        WHERE e.entity_type = 'asset' AND e.entity_id = d.entity_id AND e.action = 'surplus-withdrawn' AND e.seq > d.seq
        ORDER BY e.seq LIMIT 1
      ) w ON TRUE
      WHERE d.entity_type = 'asset' AND d.action = 'surplus-declared'`);
    // A surplus asset the log does not explain (e.g. written directly): declared as of its creation.
    await q.query(`INSERT INTO surplus_declaration (asset_id, province_code, since, reason, declared_recorded_at)
      SELECT a.id, a.province_code, a.surplus_since, a.surplus_reason, a.created_at FROM asset a
      WHERE a.surplus_since IS NOT NULL AND NOT EXISTS (SELECT 1 FROM surplus_declaration s WHERE s.asset_id = a.id AND s.withdrawn_on IS NULL)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE surplus_declaration`);
  }
}
