import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The asset attributes the status report reads, as asset_version keeps them (name: column, audit key in the event log). */
const ASSET_FIELDS: { column: string; key: string; type: string }[] = [
  { column: 'name', key: 'name', type: 'text' },
  { column: 'category', key: 'category', type: 'varchar(30)' },
  { column: 'current_unit_id', key: 'currentUnit', type: 'integer' },
  { column: 'origin_unit_id', key: 'originUnit', type: 'integer' },
  { column: 'custodian_id', key: 'custodian', type: 'uuid' },
  { column: 'land_area', key: 'landArea', type: 'numeric(14,2)' },
  { column: 'floor_area', key: 'floorArea', type: 'numeric(14,2)' },
  { column: 'land_use_category', key: 'landUseCategory', type: 'varchar(10)' },
];
const UNIT_FLAGS: { column: string; key: string }[] = [
  { column: 'is_mountainous', key: 'mountainous' },
  { column: 'is_remote', key: 'remote' },
  { column: 'is_island', key: 'island' },
  { column: 'is_ethnic_minority', key: 'ethnicMinority' },
];
const ASSET_COLUMNS = [
  'name',
  'category',
  'current_unit_id',
  'province_code',
  'origin_unit_id',
  'custodian_id',
  'land_area',
  'floor_area',
  'land_use_category',
];
const FLAG_COLUMNS = UNIT_FLAGS.map((f) => f.column);

/**
 * A field of record `p.id` (an event entity id) as it stood right after its event `p.seq` (0: before
 * any), from the record's events: the value the latest event up to it set, else the value the first
 * later event replaced; NULL when no event names the field (the caller then keeps the current row's).
 * Wrapped in a one-key object so that a recorded null differs from "not recorded".
 */
const fieldAt = (entityType: string, key: string) => `coalesce(
  (SELECT jsonb_build_object('v', e.after->'${key}') FROM event e WHERE e.entity_type = '${entityType}' AND e.entity_id = p.entity_id AND e.seq <= p.seq
     AND e.after ? '${key}' ORDER BY e.seq DESC LIMIT 1),
  (SELECT jsonb_build_object('v', e.before->'${key}') FROM event e WHERE e.entity_type = '${entityType}' AND e.entity_id = p.entity_id AND e.seq > p.seq
     AND e.before ? '${key}' ORDER BY e.seq LIMIT 1))`;

/**
 * The trigger function `<versions>_write()`: after an UPDATE of a row that changes one of `columns`,
 * a version of them valid from `validFrom` (an SQL expression) recorded now; before the first, the
 * values it replaces, from the start, recorded when the row was created.
 */
const versionTrigger = (versions: string, key: string, columns: string[], validFrom: string): string => {
  const of = (row: string) => columns.map((c) => `${row}.${c}`).join(', ');
  const insert = `INSERT INTO ${versions} (${key}, valid_from, recorded_at, ${columns.join(', ')})`;
  return `CREATE FUNCTION ${versions}_write() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF (${of('NEW')}) IS NOT DISTINCT FROM (${of('OLD')}) THEN RETURN NEW; END IF;
      IF NOT EXISTS (SELECT 1 FROM ${versions} WHERE ${key} = OLD.id) THEN
        ${insert} VALUES (OLD.id, NULL, OLD.created_at, ${of('OLD')});
      END IF;
      ${insert} VALUES (NEW.id, ${validFrom}, now(), ${of('NEW')});
      RETURN NEW;
    END $$`;
};

/**
 * Versions of what the status report reads, so that a report as of D known at T reads the values
 * valid on D as known at T (DOMAIN "Time"), and a snapshot regenerates byte for byte after any later
 * edit:
 * - asset_version: an asset's name, category, current unit (and province), origin unit, custodian,
 *   land and floor areas and land-use category, each version with the date it takes effect
 *   (valid_from; NULL: from the start of the record) and the time it was recorded;
 * - admin_unit_flags_version: the same for a unit's four disadvantaged-area flags. They describe the
 *   commune, so a change applies from the start (a correction: valid_from NULL) unless its writer
 *   dates it; what makes a report reproducible is that it is known only from when it was recorded.
 * A trigger writes them in the transaction of every write that changes one of those columns (the
 * API's create/PATCH, the import, an action's completion effect, anything later), so no write path
 * can forget; the first change also writes the values it replaces as the version from the start
 * (recorded when the row was created). A record never changed has no version: its row is its only
 * version. The date a change takes effect is the writer's `vpa.valid_from` setting (set for the one
 * statement by the repository: a completion's date, a PATCH's validFrom, a correction's date of the
 * value it corrects, 'start' for a correction of the first value), else the day it is recorded in
 * Vietnam.
 *
 * Back-fill: for every record whose events show a change of one of these fields (an event whose
 * `before` names it), a version from the start with the values before its first change, and one per
 * change, valid from the day it was recorded (an action's completion: its completion date; a unit's
 * flags: from the start) and recorded at the event's time; a value no event names is the current row's.
 */
export class AttributeVersions1764460000000 implements MigrationInterface {
  name = 'AttributeVersions1764460000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE asset_version (
      seq bigint GENERATED BY DEFAULT AS IDENTITY NOT NULL,
      asset_id uuid NOT NULL,
      valid_from date,
      recorded_at timestamptz NOT NULL,
      name text NOT NULL,
      category varchar(30) NOT NULL,
      current_unit_id integer NOT NULL,
      province_code varchar(2) NOT NULL,
      origin_unit_id integer,
      custodian_id uuid NOT NULL,
      land_area numeric(14,2),
      floor_area numeric(14,2),
      land_use_category varchar(10),
      CONSTRAINT pk_asset_version PRIMARY KEY (seq),
      CONSTRAINT fk_asset_version_asset FOREIGN KEY (asset_id) REFERENCES asset(id) ON DELETE CASCADE
    )`);
    await q.query(`CREATE INDEX idx_asset_version_asset ON asset_version (asset_id, valid_from)`);
    await q.query(`CREATE TABLE admin_unit_flags_version (
      seq bigint GENERATED BY DEFAULT AS IDENTITY NOT NULL,
      unit_id integer NOT NULL,
      valid_from date,
      recorded_at timestamptz NOT NULL,
      is_mountainous boolean NOT NULL,
      is_remote boolean NOT NULL,
      is_island boolean NOT NULL,
      is_ethnic_minority boolean NOT NULL,
      CONSTRAINT pk_admin_unit_flags_version PRIMARY KEY (seq),
      CONSTRAINT fk_admin_unit_flags_version_unit FOREIGN KEY (unit_id) REFERENCES admin_unit(id) ON DELETE CASCADE
    )`);
    await q.query(`CREATE INDEX idx_admin_unit_flags_version_unit ON admin_unit_flags_version (unit_id, valid_from)`);

    await this.backfillAssets(q);
    await this.backfillUnits(q);

    const setting = `nullif(current_setting('vpa.valid_from', true), '')`;
    await q.query(
      versionTrigger(
        'asset_version',
        'asset_id',
        ASSET_COLUMNS,
        `CASE ${setting} WHEN 'start' THEN NULL ELSE coalesce(${setting}::date, (now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date) END`,
      ),
    );
    await q.query(`CREATE TRIGGER trg_asset_version AFTER UPDATE ON asset FOR EACH ROW EXECUTE FUNCTION asset_version_write()`);
    // A commune's flags describe the commune: a change applies from the start (as a correction) unless the writer dates it.
    await q.query(versionTrigger('admin_unit_flags_version', 'unit_id', FLAG_COLUMNS, `CASE ${setting} WHEN 'start' THEN NULL ELSE ${setting}::date END`));
    await q.query(`CREATE TRIGGER trg_admin_unit_flags_version AFTER UPDATE ON admin_unit FOR EACH ROW EXECUTE FUNCTION admin_unit_flags_version_write()`);
  }

  /** Versions of the assets whose events record a change of a versioned field (see the class comment). */
  private async backfillAssets(q: QueryRunner): Promise<void> {
    const keys = ASSET_FIELDS.map((f) => `'${f.key}'`).join(', ');
    const raw = (key: string) => `(${fieldAt('asset', key)})`;
    // A recorded unit is 'new/<level>/<code>' (the asset's own events) or a bare code (an action's effect).
    const unitId = (key: string, era: string, current: string) => `CASE WHEN ${raw(key)} IS NULL THEN a.${current}
      WHEN ${raw(key)}->>'v' IS NULL THEN NULL
      ELSE coalesce((SELECT u.id FROM admin_unit u WHERE u.era = '${era}' AND u.code = split_part(${raw(key)}->>'v', '/', -1)
        AND (${raw(key)}->>'v' NOT LIKE '%/%' OR u.level = split_part(${raw(key)}->>'v', '/', 2)) ORDER BY u.level = 'commune' DESC LIMIT 1), a.${current}) END`;
    const value = (f: (typeof ASSET_FIELDS)[number]): string => {
      if (f.key === 'currentUnit') return unitId(f.key, 'new', f.column);
      if (f.key === 'originUnit') return unitId(f.key, 'old', f.column);
      if (f.key === 'custodian') return `coalesce((SELECT g.id FROM agency g WHERE g.code = ${raw(f.key)}->>'v'), a.custodian_id)`;
      const recorded = `(${raw(f.key)}->>'v')::${f.type}`;
      // name and category are never null: a null recorded for them is the current row's.
      return `CASE WHEN ${raw(f.key)} IS NULL THEN a.${f.column} ELSE ${f.key === 'name' || f.key === 'category' ? `coalesce(${recorded}, a.${f.column})` : recorded} END`;
    };
    await q.query(`
      WITH changes AS (
        SELECT e.entity_id, e.seq, e.occurred_at, e.after->>'actionId' AS action_id FROM event e
        WHERE e.entity_type = 'asset' AND e.before ?| array[${keys}] AND EXISTS (SELECT 1 FROM asset a WHERE a.id::text = e.entity_id)
      ),
      p AS (
        (SELECT DISTINCT ON (c.entity_id) c.entity_id, 0::bigint AS seq, NULL::date AS valid_from, least(a.created_at, c.occurred_at) AS recorded_at
        FROM changes c JOIN asset a ON a.id::text = c.entity_id ORDER BY c.entity_id, c.seq)
        UNION ALL
        SELECT c.entity_id, c.seq, coalesce((SELECT x.completed_on FROM action x WHERE x.id::text = c.action_id), (c.occurred_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date), c.occurred_at
        FROM changes c
      ),
      v AS (
        SELECT p.entity_id, p.seq, p.valid_from, p.recorded_at, ${ASSET_FIELDS.map((f) => `${value(f)} AS ${f.column}`).join(', ')}
        FROM p JOIN asset a ON a.id::text = p.entity_id
      )
      INSERT INTO asset_version (asset_id, valid_from, recorded_at, ${ASSET_COLUMNS.join(', ')})
      SELECT v.entity_id::uuid, v.valid_from, v.recorded_at, ${ASSET_COLUMNS.map((c) => (c === 'province_code' ? 'u.province_code' : `v.${c}`)).join(', ')}
      FROM v JOIN admin_unit u ON u.id = v.current_unit_id
      ORDER BY v.entity_id, v.seq`);
  }

  /** Versions of the units whose flags an event records changing. */
  private async backfillUnits(q: QueryRunner): Promise<void> {
    const keys = UNIT_FLAGS.map((f) => `'${f.key}'`).join(', ');
    await q.query(`
      WITH changes AS (
        SELECT e.entity_id, e.seq, e.occurred_at FROM event e
        WHERE e.entity_type = 'admin_unit' AND e.before ?| array[${keys}] AND EXISTS (SELECT 1 FROM admin_unit u WHERE u.id::text = e.entity_id)
      ),
      p AS (
        (SELECT DISTINCT ON (c.entity_id) c.entity_id, 0::bigint AS seq, NULL::date AS valid_from, least(u.created_at, c.occurred_at) AS recorded_at
        FROM changes c JOIN admin_unit u ON u.id::text = c.entity_id ORDER BY c.entity_id, c.seq)
        UNION ALL
        SELECT c.entity_id, c.seq, NULL::date, c.occurred_at FROM changes c
      )
      INSERT INTO admin_unit_flags_version (unit_id, valid_from, recorded_at, ${FLAG_COLUMNS.join(', ')})
      SELECT u.id, p.valid_from, p.recorded_at, ${UNIT_FLAGS.map((f) => `coalesce((${fieldAt('admin_unit', f.key)}->>'v')::boolean, u.${f.column})`).join(', ')}
      FROM p JOIN admin_unit u ON u.id::text = p.entity_id
      ORDER BY u.id, p.seq`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER trg_admin_unit_flags_version ON admin_unit`);
    await q.query(`DROP FUNCTION admin_unit_flags_version_write()`);
    await q.query(`DROP TRIGGER trg_asset_version ON asset`);
    await q.query(`DROP FUNCTION asset_version_write()`);
    await q.query(`DROP TABLE admin_unit_flags_version`);
    await q.query(`DROP TABLE asset_version`);
  }
}
