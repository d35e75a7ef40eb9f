import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A finding category for dates that cannot be in that order (the `dates-out-of-order` check). */
const BEFORE = `'no_legal_basis', 'clause_not_in_force', 'below_valuation', 'missing_document', 'overdue', 'backdated_decision', 'unauthorised_use', 'priority_ignored', 'plan_update_missing', 'valuation_expired', 'other'`;
const AFTER = `'no_legal_basis', 'clause_not_in_force', 'below_valuation', 'missing_document', 'overdue', 'backdated_decision', 'unauthorised_use', 'priority_ignored', 'plan_update_missing', 'valuation_expired', 'dates_inconsistent', 'other'`;

export class FindingDatesInconsistent1764530000000 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE finding DROP CONSTRAINT chk_finding_category, ADD CONSTRAINT chk_finding_category CHECK (category IN (${AFTER}))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE finding DROP CONSTRAINT chk_finding_category, ADD CONSTRAINT chk_finding_category CHECK (category IN (${BEFORE}))`);
  }
}
