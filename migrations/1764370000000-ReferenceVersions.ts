import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Land-use categories and purposes get a version, like every other record a PATCH changes: their PATCH
 * now needs If-Match (428 without, 412 when stale), so two admins editing the same entry cannot
 * silently overwrite each other.
 */
export class ReferenceVersions1764370000000 implements MigrationInterface {
  name = 'ReferenceVersions1764370000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE land_use_category ADD COLUMN version integer NOT NULL DEFAULT 1`);
    await q.query(`ALTER TABLE repurpose_purpose ADD COLUMN version integer NOT NULL DEFAULT 1`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE repurpose_purpose DROP COLUMN version`);
    await q.query(`ALTER TABLE land_use_category DROP COLUMN version`);
  }
}
