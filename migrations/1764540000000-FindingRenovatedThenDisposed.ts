import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A finding category for a facility renovated and then disposed of soon after (the `renovated-then-disposed` check). */
const BEFORE = `'no_legal_basis', 'clause_not_in_force', 'below_valuation', 'missing_document', 'overdue', 'backdated_decision', 'unauthorised_use', 'priority_ignored', 'plan_update_missing', 'valuation_expired', 'dates_inconsistent', 'other'`;
const AFTER = `'no_legal_basis', 'clause_not_in_force', 'below_valuation', 'missing_document', 'overdue', 'backdated_decision', 'unauthorised_use', 'priority_ignored', 'plan_update_missing', 'valuation_expired', 'dates_inconsistent', 'renovated_then_disposed', 'other'`;

export class FindingRenovatedThenDisposed1764540000000 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE finding DROP CONSTRAINT chk_finding_category, ADD CONSTRAINT chk_finding_category CHECK (category IN (${AFTER}))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE finding DROP CONSTRAINT chk_finding_category, ADD CONSTRAINT chk_finding_category CHECK (category IN (${BEFORE}))`);
  }
}
