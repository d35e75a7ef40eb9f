import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What a clause authorises, by method where its text says so: `directive_clause.authorised_methods`
 * lists the methods it allows (a clause that allows transfers does not allow sales); empty, the
 * default and what every existing clause keeps, means every method of its authorised types. That
 * each listed method belongs to one of the authorised types is the API's rule
 * (src/rules/clause-authority.ts); the check here keeps the values to known methods.
 */
/** The methods known when this migration was written (src/schema/vocabulary.ts METHODS), as the check lists them. */
const METHODS = [
  'permanent',
  'temporary',
  'transfer',
  'handover_to_locality',
  'assignment',
  'sale',
  'liquidation',
  'recovery',
  'land_fund',
  'payment_in_kind',
  'destruction',
  'repair',
  'upgrade',
  'extension',
  'change_of_function',
  'change_of_land_use',
];

export class ClauseMethods1764510000000 implements MigrationInterface {
  name = 'ClauseMethods1764510000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE directive_clause ADD COLUMN authorised_methods character varying(30)[] NOT NULL DEFAULT '{}'`);
    await q.query(
      `ALTER TABLE directive_clause ADD CONSTRAINT chk_directive_clause_methods CHECK (authorised_methods <@ ARRAY[${METHODS.map((m) => `'${m}'`).join(', ')}]::character varying(30)[])`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE directive_clause DROP CONSTRAINT chk_directive_clause_methods`);
    await q.query(`ALTER TABLE directive_clause DROP COLUMN authorised_methods`);
  }
}
