import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The login throttle's counters, shared by every instance (they were in each process's memory, so N
 * instances behind a balancer allowed N times the limit). One row per throttled key (a hash of the
 * route and the caller's address and username), deleted once its window and any block are over.
 */
export class ThrottleCounter1764360000000 implements MigrationInterface {
  name = 'ThrottleCounter1764360000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE throttle_counter (
      key character varying(128) NOT NULL,
      hits integer NOT NULL,
      window_ends timestamptz NOT NULL,
      blocked_until timestamptz,
      expires_at timestamptz NOT NULL,
      CONSTRAINT pk_throttle_counter PRIMARY KEY (key),
      CONSTRAINT chk_throttle_counter_hits CHECK (hits >= 0)
    )`);
    await q.query(`CREATE INDEX idx_throttle_counter_expires ON throttle_counter (expires_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE throttle_counter`);
  }
}
