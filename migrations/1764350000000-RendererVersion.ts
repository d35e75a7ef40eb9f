import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Which version of its format's renderer made each stored report content (src/reports/render/render.ts,
 * RENDERER_VERSIONS). /reports/{id}/verify regenerates only the formats whose renderer is still the one
 * that made them; for the others it checks the stored bytes against their recorded SHA-256 and says it
 * did not regenerate. Every content stored before this migration was made by version 1 of its renderer
 * (the XLSX streamed writer, version 2, had not been released).
 */
export class RendererVersion1764350000000 implements MigrationInterface {
  name = 'RendererVersion1764350000000';

  async up(q: QueryRunner): Promise<void> {
    // A catalog change with a constant default: no row is rewritten, so the immutability trigger is not involved.
    await q.query(`ALTER TABLE report_content ADD COLUMN renderer_version smallint NOT NULL DEFAULT 1`);
    await q.query(`ALTER TABLE report_content ALTER COLUMN renderer_version DROP DEFAULT`);
    await q.query(`ALTER TABLE report_content ADD CONSTRAINT chk_report_content_renderer_version CHECK (renderer_version >= 1)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE report_content DROP CONSTRAINT chk_report_content_renderer_version`);
    await q.query(`ALTER TABLE report_content DROP COLUMN renderer_version`);
  }
}
