import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A sale's valuation as the decision approved it, and the reason recorded when completion changes it:
 * a valuation lowered between approval and completion let a sale below the approved
 * value pass the below-valuation check unnoticed. Actions approved before this migration keep null: what
 * their valuation was at approval is in the event log, not re-derived here.
 */
export class ValuationAtApproval1764412200000 implements MigrationInterface {
  name = 'ValuationAtApproval1764412200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE action ADD COLUMN valuation_at_approval bigint, ADD COLUMN valuation_change_reason text`);
    await q.query(`ALTER TABLE action ADD CONSTRAINT chk_action_valuation_at_approval CHECK (coalesce(valuation_at_approval, 0) >= 0)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE action DROP CONSTRAINT chk_action_valuation_at_approval`);
    await q.query(`ALTER TABLE action DROP COLUMN valuation_change_reason, DROP COLUMN valuation_at_approval`);
  }
}
