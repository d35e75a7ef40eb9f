import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An Idempotency-Key's claim becomes a lease held by one request (its token): the answer is written
 * in the transaction of the change it answers, only while the token still holds the claim, and a
 * claim whose lease ran out (the process died, the database went away) can be taken by a retry.
 * Existing pending rows get no token: they are older than any lease and a retry takes them.
 */
export class IdempotencyLease1764390000000 implements MigrationInterface {
  name = 'IdempotencyLease1764390000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE idempotency_key ADD COLUMN claim_token uuid NULL, ADD COLUMN lease_until timestamptz NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE idempotency_key DROP COLUMN claim_token, DROP COLUMN lease_until`);
  }
}
