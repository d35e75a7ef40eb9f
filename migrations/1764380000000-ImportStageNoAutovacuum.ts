import type { MigrationInterface, QueryRunner } from 'typeorm';

const STAGES = ['asset_import_row_stage', 'asset_import_event_stage'];

/**
 * The import's scratch tables (see BulkWrites) are filled during one import and emptied by the next:
 * vacuuming or analysing them is wasted work. Autovacuum did both in the middle of every large
 * import, on the 2 cores the import needs, and the import's closing TRUNCATE then waited for it (up to
 * deadlock_timeout, after which autovacuum is cancelled). Autovacuum now leaves them alone; without
 * statistics the planner sizes them from their current pages, which is all the import's two
 * statements need (one batch by the batch index, then every event in order).
 */
export class ImportStageNoAutovacuum1764380000000 implements MigrationInterface {
  name = 'ImportStageNoAutovacuum1764380000000';

  async up(q: QueryRunner): Promise<void> {
    for (const table of STAGES) await q.query(`ALTER TABLE ${table} SET (autovacuum_enabled = false, toast.autovacuum_enabled = false)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of STAGES) await q.query(`ALTER TABLE ${table} RESET (autovacuum_enabled, toast.autovacuum_enabled)`);
  }
}
