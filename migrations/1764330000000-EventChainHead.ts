import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The hash-chain trigger looked up the chain head (`ORDER BY seq DESC LIMIT 1`) for every row. Once a
 * transaction holds the chain's advisory lock, no other transaction can append, so the head it just
 * wrote is still the head: the trigger now keeps it in a transaction-local setting and reads the table
 * only for the transaction's first event. Bulk writes (a 100,000-row import appends 110,000 events)
 * skip one index probe per row. Rolled-back savepoints revert the setting together with their rows,
 * and the cache is keyed by the transaction id, so a stale value is never read. The chain (seq,
 * prev_hash, hash = event_hash(...)) is unchanged.
 */
export class EventChainHead1764330000000 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE OR REPLACE FUNCTION event_chain() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE last_seq bigint; last_hash text; head text := current_setting('vpa.event_chain_head', true); xid text := txid_current()::text;
      BEGIN
        IF head IS NOT NULL AND split_part(head, ':', 1) = xid THEN
          last_seq := split_part(head, ':', 2)::bigint;
          last_hash := split_part(head, ':', 3);
        ELSE
          PERFORM pg_advisory_xact_lock(2025070100);
          SELECT e.seq, e.hash INTO last_seq, last_hash FROM event e ORDER BY e.seq DESC LIMIT 1;
        END IF;
        NEW.seq := coalesce(last_seq, 0) + 1;
        NEW.prev_hash := coalesce(last_hash, repeat('0', 64));
        NEW.occurred_at := clock_timestamp();
        NEW.hash := event_hash(NEW.seq, NEW.prev_hash, NEW.occurred_at, NEW.actor_id, NEW.request_id,
          NEW.entity_type, NEW.entity_id, NEW.action, NEW.before, NEW.after);
        PERFORM set_config('vpa.event_chain_head', xid || ':' || NEW.seq || ':' || NEW.hash, true);
        RETURN NEW;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE OR REPLACE FUNCTION event_chain() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE last_seq bigint; last_hash text;
      BEGIN
        PERFORM pg_advisory_xact_lock(2025070100);
        SELECT e.seq, e.hash INTO last_seq, last_hash FROM event e ORDER BY e.seq DESC LIMIT 1;
        NEW.seq := coalesce(last_seq, 0) + 1;
        NEW.prev_hash := coalesce(last_hash, repeat('0', 64));
        NEW.occurred_at := clock_timestamp();
        NEW.hash := event_hash(NEW.seq, NEW.prev_hash, NEW.occurred_at, NEW.actor_id, NEW.request_id,
          NEW.entity_type, NEW.entity_id, NEW.action, NEW.before, NEW.after);
        RETURN NEW;
      END $$`);
  }
}
