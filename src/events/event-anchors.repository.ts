import { Injectable } from '@nestjs/common';
import { Db } from '../database/transaction';
import { type AnchorSource, type ChainHead, type RecordedAnchor } from './event-anchor';
import { GENESIS_HASH } from './event-chain';

/** An anchor recorded in the database, with the hash stored now at its seq (null: no such row). */
export interface StoredAnchorRow {
  anchor: RecordedAnchor;
  stored: string | undefined;
}

const ISO = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** All SQL about the anchors of the event log's head: reading the head, recording it, comparing the records with the log. */
@Injectable()
export class EventAnchorsRepository {
  constructor(private readonly db: Db) {}

  /**
   * The last committed row's seq and hash (seq 0 and the genesis hash for an empty log). Rows are
   * numbered under a lock held until commit, so what is visible is always a whole prefix of the chain.
   */
  async head(): Promise<ChainHead> {
    const rows: { seq: string; hash: string }[] = await this.db.query(`SELECT e.seq::text AS seq, e.hash FROM event e ORDER BY e.seq DESC LIMIT 1`);
    return rows.length ? { seq: Number(rows[0].seq), hash: rows[0].hash } : { seq: 0, hash: GENESIS_HASH };
  }

  /** The name of the database the log lives in (what a line of the anchor file names). */
  async databaseName(): Promise<string> {
    const rows: { name: string }[] = await this.db.query(`SELECT current_database() AS name`);
    return rows[0].name;
  }

  /** The latest scheduled anchor, if any. */
  async latest(): Promise<ChainHead | null> {
    const rows: { seq: string; hash: string }[] = await this.db.query(`SELECT seq::text AS seq, hash FROM event_anchor ORDER BY id DESC LIMIT 1`);
    return rows.length ? { seq: Number(rows[0].seq), hash: rows[0].hash } : null;
  }

  /** Records a scheduled anchor; returns its id and the time the database gave it. */
  async insert(head: ChainHead): Promise<{ id: string; recordedAt: string }> {
    const rows: { id: string; recorded_at: string }[] = await this.db.query(
      `INSERT INTO event_anchor (seq, hash) VALUES ($1, $2) RETURNING id::text AS id, ${ISO('recorded_at')} AS recorded_at`,
      [head.seq, head.hash],
    );
    return { id: rows[0].id, recordedAt: rows[0].recorded_at };
  }

  /**
   * How many anchors the table and the report snapshots hold, and those the log does not bear out
   * as they stand (the row at the seq is gone or has another hash; anchors of the empty log are
   * always listed, the rule decides), each with the hash stored at its seq now.
   */
  async recordedInDatabase(): Promise<{ count: number; maxSeq: number; candidates: StoredAnchorRow[] }> {
    const anchors = `SELECT 'schedule' AS source, a.id::text AS ref, a.seq, a.hash, a.recorded_at FROM event_anchor a
      UNION ALL
      SELECT 'report', s.id::text, s.event_chain_seq, s.event_chain_hash, s.created_at FROM report_snapshot s WHERE s.event_chain_seq IS NOT NULL`;
    const [totals]: { n: number; max_seq: string }[] = await this.db.query(
      `SELECT count(*)::int AS n, coalesce(max(seq), 0)::text AS max_seq FROM (${anchors}) x`,
    );
    const rows: { source: AnchorSource; ref: string; seq: string; hash: string; recorded_at: string; stored: string | null }[] = await this.db.query(
      `SELECT x.source, x.ref, x.seq::text AS seq, x.hash, ${ISO('x.recorded_at')} AS recorded_at, e.hash AS stored
       FROM (${anchors}) x LEFT JOIN event e ON e.seq = x.seq
       WHERE e.hash IS DISTINCT FROM x.hash
       ORDER BY x.seq, x.source, x.ref`,
    );
    return {
      count: totals.n,
      maxSeq: Number(totals.max_seq),
      candidates: rows.map((r) => ({
        anchor: { source: r.source, ref: r.ref, seq: Number(r.seq), hash: r.hash, recordedAt: r.recorded_at },
        stored: r.stored ?? undefined,
      })),
    };
  }

  /** The stored hashes of the rows with these seq numbers (those that exist). */
  async hashesAt(seqs: readonly number[]): Promise<Map<number, string>> {
    if (seqs.length === 0) return new Map();
    const rows: { seq: string; hash: string }[] = await this.db.query(`SELECT seq::text AS seq, hash FROM event WHERE seq = ANY($1::bigint[])`, [
      [...new Set(seqs)],
    ]);
    return new Map(rows.map((r) => [Number(r.seq), r.hash]));
  }
}
