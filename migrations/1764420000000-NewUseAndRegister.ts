import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The Ministry of Finance's categories of new use, and a handled facility that stays in the
 * register (the table of ../shared/DOMAIN.md):
 *
 * - `action.new_use`: what the facility is used for after the handling, one of the nine categories
 *   (NEW_USES of src/schema/vocabulary.ts, listed here as they were when this ran). Actions already
 *   approved, started or completed get it where the table derives it: a disposal to the land fund
 *   counts as land_fund_or_housing_business, every other disposal as other_use_under_plan, a
 *   repurposing as its purpose's. A retention or reallocation chooses it on the decision, which was
 *   not recorded: those stay NULL and the reports show them as "not recorded".
 * - `repurpose_purpose.new_use`: the category each purpose counts as (health → health, education and
 *   vocational training → education_training, culture and sports → culture_sports, office and commune
 *   police → working_office, public space, defence, security and other → other_public_use). A purpose
 *   an administrator added is a public use by definition: other_public_use, until corrected.
 * - `directive_clause.plan_deadline`: a clause whose deadline is the date by which every surplus
 *   facility must have an approved plan (the Ministry's 31 Dec 2025); none is marked here (the
 *   administrator who enters that document marks its clause).
 * - The asset register: a reallocated or repurposed facility stays in use with its new custodian,
 *   unit or land-use category, no longer surplus; `transferred` is for a disposal to the land fund
 *   (such assets were `recovered` before). Existing assets move accordingly, each with an event
 *   (`status-migrated`, no actor, request id `migration:NewUseAndRegister`) in the hash chain: the
 *   chain is append-only, so what happened before stays as recorded and the move is added after it.
 *   The status `repurposed` is then unused and leaves the CHECK.
 * - `surplus_declaration.handled_*`: a completed handling closes the surplus episode as handled
 *   (not withdrawn: the facility still counts as surplus, handled, on later dates). Back-filled from
 *   the completed handlings; a new declaration on the same asset then opens a new episode.
 */
const NEW_USES = [
  'working_office',
  'public_service_facility',
  'official_housing',
  'education_training',
  'health',
  'culture_sports',
  'other_public_use',
  'land_fund_or_housing_business',
  'other_use_under_plan',
];
const IN_NEW_USES = NEW_USES.map((u) => `'${u}'`).join(', ');
const PURPOSE_NEW_USE: Record<string, string> = {
  health: 'health',
  education: 'education_training',
  vocational_training: 'education_training',
  culture: 'culture_sports',
  sports: 'culture_sports',
  office: 'working_office',
  commune_police: 'working_office',
  public_space: 'other_public_use',
  defence: 'other_public_use',
  security: 'other_public_use',
  other: 'other_public_use',
};
const STATUSES_BEFORE = `'in_use', 'surplus', 'action_pending', 'under_renovation', 'transferred', 'sold', 'liquidated', 'recovered', 'repurposed'`;
const STATUSES_AFTER = `'in_use', 'surplus', 'action_pending', 'under_renovation', 'transferred', 'sold', 'liquidated', 'recovered'`;
const REQUEST_ID = 'migration:NewUseAndRegister';
/** The statuses of an approved handling that stands (DECIDED_STATUSES of src/rules/model.ts when this ran). */
const DECIDED = `'approved', 'in_progress', 'completed'`;
const HANDLING = `'retention', 'reallocation', 'disposal', 'repurposing'`;

export class NewUseAndRegister1764420000000 implements MigrationInterface {
  name = 'NewUseAndRegister1764420000000';

  async up(q: QueryRunner): Promise<void> {
    // Purposes: the category each counts as.
    await q.query(`ALTER TABLE repurpose_purpose ADD COLUMN new_use character varying(40)`);
    for (const [code, use] of Object.entries(PURPOSE_NEW_USE)) await q.query(`UPDATE repurpose_purpose SET new_use = $2 WHERE code = $1`, [code, use]);
    await q.query(`UPDATE repurpose_purpose SET new_use = 'other_public_use' WHERE new_use IS NULL`);
    await q.query(`ALTER TABLE repurpose_purpose ALTER COLUMN new_use SET NOT NULL`);
    await q.query(`ALTER TABLE repurpose_purpose ADD CONSTRAINT chk_repurpose_purpose_new_use CHECK (new_use IN (${IN_NEW_USES}))`);

    // Actions: the new use, derived where the table derives it, with an event for each.
    await q.query(`ALTER TABLE action ADD COLUMN new_use character varying(40)`);
    await q.query(`ALTER TABLE action ADD CONSTRAINT chk_action_new_use CHECK (new_use IS NULL OR (type <> 'renovation' AND new_use IN (${IN_NEW_USES})))`);
    await q.query(`WITH derived AS (
        UPDATE action x SET new_use = CASE WHEN x.type = 'disposal' AND x.method = 'land_fund' THEN 'land_fund_or_housing_business'
                                         WHEN x.type = 'disposal' THEN 'other_use_under_plan'
                                         ELSE (SELECT p.new_use FROM repurpose_purpose p WHERE p.code = x.purpose_code) END
        WHERE x.status IN (${DECIDED}) AND (x.type = 'disposal' OR (x.type = 'repurposing' AND x.purpose_code IS NOT NULL))
        RETURNING x.id, x.new_use
      )
      INSERT INTO event (actor_id, request_id, entity_type, entity_id, action, before, after)
      SELECT NULL, '${REQUEST_ID}', 'action', d.id::text, 'new-use-derived', '{"newUse": null}'::jsonb, jsonb_build_object('newUse', d.new_use)
      FROM derived d ORDER BY d.id`);

    // Clauses: the approved-plan deadline.
    await q.query(`ALTER TABLE directive_clause ADD COLUMN plan_deadline boolean NOT NULL DEFAULT false`);

    // Surplus episodes closed as handled.
    await q.query(
      `ALTER TABLE surplus_declaration ADD COLUMN handled_on date, ADD COLUMN handled_recorded_at timestamp with time zone, ADD COLUMN handled_action_id uuid`,
    );
    await q.query(
      `ALTER TABLE surplus_declaration ADD CONSTRAINT fk_surplus_declaration_handled_action FOREIGN KEY (handled_action_id) REFERENCES action(id) ON DELETE RESTRICT`,
    );
    await q.query(`ALTER TABLE surplus_declaration ADD CONSTRAINT chk_surplus_declaration_handled
      CHECK ((handled_on IS NULL) = (handled_recorded_at IS NULL) AND (handled_on IS NULL) = (handled_action_id IS NULL))`);
    await q.query(`UPDATE surplus_declaration s SET handled_on = h.completed_on, handled_recorded_at = h.completed_at, handled_action_id = h.id
      FROM (
        SELECT DISTINCT ON (s2.id) s2.id AS declaration_id, x.id, x.completed_on, x.completed_at
        FROM surplus_declaration s2 JOIN action x ON x.asset_id = s2.asset_id
        WHERE s2.withdrawn_on IS NULL AND x.status = 'completed' AND x.type IN (${HANDLING}) AND x.completed_on >= s2.since AND x.completed_at IS NOT NULL
        ORDER BY s2.id, x.completed_on DESC, x.completed_at DESC
      ) h WHERE s.id = h.declaration_id`);
    await q.query(`DROP INDEX uq_surplus_declaration_open`);
    await q.query(`CREATE UNIQUE INDEX uq_surplus_declaration_open ON surplus_declaration (asset_id) WHERE withdrawn_on IS NULL AND handled_on IS NULL`);

    // The register: reallocated and repurposed facilities in use, land-fund disposals transferred; one event each.
    await q.query(`WITH last AS (
        SELECT DISTINCT ON (x.asset_id) x.asset_id, x.id, x.type, x.method
        FROM action x WHERE x.status = 'completed' ORDER BY x.asset_id, x.completed_at DESC NULLS LAST, x.created_at DESC
      ),
      moves AS (
        SELECT a.id, a.status AS before_status, to_char(a.surplus_since, 'YYYY-MM-DD') AS before_since, l.id AS action_id,
          CASE WHEN a.status = 'transferred' AND l.type = 'reallocation' THEN 'in_use'
               WHEN a.status = 'repurposed' THEN 'in_use'
               WHEN a.status = 'recovered' AND l.type = 'disposal' AND l.method = 'land_fund' THEN 'transferred' END AS after_status
        FROM asset a LEFT JOIN last l ON l.asset_id = a.id
        WHERE a.status IN ('transferred', 'repurposed', 'recovered')
      ),
      moved AS (
        UPDATE asset a SET status = m.after_status,
          surplus_since = CASE WHEN m.after_status = 'in_use' THEN NULL ELSE a.surplus_since END,
          surplus_reason = CASE WHEN m.after_status = 'in_use' THEN NULL ELSE a.surplus_reason END,
          surplus_basis = CASE WHEN m.after_status = 'in_use' THEN NULL ELSE a.surplus_basis END,
          version = a.version + 1, updated_at = now()
        FROM moves m WHERE a.id = m.id AND m.after_status IS NOT NULL
        RETURNING a.id, m.before_status, m.before_since, m.after_status, m.action_id, a.surplus_since
      )
      INSERT INTO event (actor_id, request_id, entity_type, entity_id, action, before, after)
      SELECT NULL, '${REQUEST_ID}', 'asset', m.id::text, 'status-migrated',
        jsonb_build_object('status', m.before_status, 'surplusSince', m.before_since, 'actionId', m.action_id),
        jsonb_build_object('status', m.after_status, 'surplusSince', to_char(m.surplus_since, 'YYYY-MM-DD'), 'actionId', m.action_id)
      FROM moved m ORDER BY m.id`);
    await q.query(`ALTER TABLE asset DROP CONSTRAINT chk_asset_status`);
    await q.query(`ALTER TABLE asset ADD CONSTRAINT chk_asset_status CHECK (status IN (${STATUSES_AFTER}))`);
  }

  /**
   * Drops the new columns and puts `repurposed` back into the CHECK. The moved statuses stay as they
   * are (in use is a valid status before this migration too) and their events stay in the chain. It
   * fails if an asset was declared surplus again after a handling (two episodes open by the old index).
   */
  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE asset DROP CONSTRAINT chk_asset_status`);
    await q.query(`ALTER TABLE asset ADD CONSTRAINT chk_asset_status CHECK (status IN (${STATUSES_BEFORE}))`);
    await q.query(`DROP INDEX uq_surplus_declaration_open`);
    await q.query(`UPDATE surplus_declaration SET handled_on = NULL, handled_recorded_at = NULL, handled_action_id = NULL`);
    await q.query(`ALTER TABLE surplus_declaration DROP CONSTRAINT chk_surplus_declaration_handled, DROP CONSTRAINT fk_surplus_declaration_handled_action`);
    await q.query(`ALTER TABLE surplus_declaration DROP COLUMN handled_on, DROP COLUMN handled_recorded_at, DROP COLUMN handled_action_id`);
    await q.query(`CREATE UNIQUE INDEX uq_surplus_declaration_open ON surplus_declaration (asset_id) WHERE withdrawn_on IS NULL`);
    await q.query(`ALTER TABLE directive_clause DROP COLUMN plan_deadline`);
    await q.query(`ALTER TABLE action DROP CONSTRAINT chk_action_new_use`);
    await q.query(`ALTER TABLE action DROP COLUMN new_use`);
    await q.query(`ALTER TABLE repurpose_purpose DROP CONSTRAINT chk_repurpose_purpose_new_use`);
    await q.query(`ALTER TABLE repurpose_purpose DROP COLUMN new_use`);
  }
}
