import type { ClientBase } from 'pg';
import type { ChainRow } from '../events/event-chain';
import type { NonEmptyFinding, SequenceEntry } from './manifest';

/**
 * All SQL of backup and restore, on one pg client (inside the caller's transaction). Table and
 * sequence names come from the catalog or from a checked manifest and are quoted as identifiers.
 */

export const quoteIdent = (name: string): string => `"${name.replace(/"/g, '""')}"`;

export interface TableInfo {
  name: string;
  /** Columns in attribute order, without generated ones (COPY cannot write those). */
  columns: string[];
}

/**
 * The application's tables: ordinary, permanent tables of the current schema (the import's unlogged
 * scratch tables hold nothing between imports and are left out), typeorm_migrations included.
 */
export async function listTables(c: ClientBase): Promise<TableInfo[]> {
  const { rows } = await c.query<{ name: string; columns: string[] }>(
    `SELECT cl.relname AS name, array_agg(a.attname::text ORDER BY a.attnum) AS columns
     FROM pg_class cl
     JOIN pg_namespace n ON n.oid = cl.relnamespace
     JOIN pg_attribute a ON a.attrelid = cl.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
     WHERE n.nspname = current_schema() AND cl.relkind = 'r' AND cl.relpersistence = 'p'
     GROUP BY cl.relname ORDER BY cl.relname`,
  );
  return rows;
}

/** Every sequence of the current schema (identity and serial ones included). */
export async function listSequences(c: ClientBase): Promise<string[]> {
  const { rows } = await c.query<{ name: string }>(
    `SELECT cl.relname AS name FROM pg_class cl JOIN pg_namespace n ON n.oid = cl.relnamespace
     WHERE n.nspname = current_schema() AND cl.relkind = 'S' ORDER BY cl.relname`,
  );
  return rows.map((r) => r.name);
}

export async function readSequence(c: ClientBase, name: string): Promise<SequenceEntry> {
  const { rows } = await c.query<{ last_value: string; is_called: boolean }>(`SELECT last_value::text AS last_value, is_called FROM ${quoteIdent(name)}`);
  return { name, lastValue: rows[0].last_value, isCalled: rows[0].is_called };
}

export async function setSequence(c: ClientBase, s: SequenceEntry): Promise<void> {
  await c.query(`SELECT setval($1::regclass, $2::bigint, $3)`, [quoteIdent(s.name), s.lastValue, s.isCalled]);
}

/** The applied migrations in the order they ran; null when the schema has no migrations table. */
export async function appliedMigrations(c: ClientBase): Promise<string[] | null> {
  const { rows: exists } = await c.query<{ t: string | null }>(`SELECT to_regclass('typeorm_migrations')::text AS t`);
  if (exists[0].t === null) return null;
  const { rows } = await c.query<{ name: string }>(`SELECT name FROM typeorm_migrations ORDER BY id`);
  return rows.map((r) => r.name);
}

export async function serverVersion(c: ClientBase): Promise<string> {
  const { rows } = await c.query<{ v: string }>(`SELECT current_setting('server_version') AS v`);
  return rows[0].v;
}

/**
 * Whether this user may set session_replication_role (superusers, or since PostgreSQL 15 a role
 * granted SET on it): tried in a transaction that is rolled back.
 */
export async function canPauseTriggers(c: ClientBase): Promise<boolean> {
  await c.query('BEGIN');
  try {
    await c.query(`SET LOCAL session_replication_role = replica`);
    return true;
  } catch (err) {
    if ((err as { code?: string }).code === '42501') return false;
    throw err;
  } finally {
    await c.query('ROLLBACK');
  }
}

/** Connections of a running API (its pool's application_name) to this database, other than ours. */
export async function apiConnections(c: ClientBase, applicationName: string): Promise<number> {
  const { rows } = await c.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND application_name = $1`,
    [applicationName],
  );
  return rows[0].n;
}

export async function chainHead(c: ClientBase): Promise<{ lastSeq: number; lastHash: string | null }> {
  const { rows } = await c.query<{ seq: string; hash: string }>(`SELECT e.seq::text AS seq, e.hash FROM event e ORDER BY e.seq DESC LIMIT 1`);
  return rows.length === 0 ? { lastSeq: 0, lastHash: null } : { lastSeq: Number(rows[0].seq), lastHash: rows[0].hash };
}

/** The stored files the document rows point to, once per file, with the documents that use it. */
export async function documentFiles(c: ClientBase): Promise<{ sha256: string; sizeBytes: number; documentIds: string[] }[]> {
  const { rows } = await c.query<{ sha256: string; size_bytes: string; ids: string[] }>(
    `SELECT sha256, size_bytes::text AS size_bytes, array_agg(id::text ORDER BY id) AS ids FROM document GROUP BY sha256, size_bytes ORDER BY sha256, size_bytes`,
  );
  return rows.map((r) => ({ sha256: r.sha256, sizeBytes: Number(r.size_bytes), documentIds: r.ids }));
}

export async function countRows(c: ClientBase, table: string): Promise<number> {
  const { rows } = await c.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${quoteIdent(table)}`);
  return Number(rows[0].n);
}

/** Whether a table holds any row (without counting a large one). */
export async function hasRows(c: ClientBase, table: string): Promise<boolean> {
  const { rows } = await c.query<{ any: boolean }>(`SELECT EXISTS (SELECT 1 FROM ${quoteIdent(table)}) AS any`);
  return rows[0].any;
}

/** The request id the first start's events carry (UsersService.ensureBootstrapAdmin, systemContext('bootstrap')). */
const BOOTSTRAP_EVENT = `e.actor_id IS NULL AND e.request_id = 'bootstrap' AND e.entity_type = 'user'`;

/**
 * What the first start of an installation writes is allowed in an empty target: the first admin
 * account and the events that record it (created, or reset from ADMIN_PASSWORD). Anything else in
 * app_user or event is a record.
 */
export async function nonBootstrapUsersAndEvents(c: ClientBase): Promise<NonEmptyFinding[]> {
  const { rows } = await c.query<{ users: number; events: number }>(
    `SELECT (SELECT count(*)::int FROM app_user u WHERE NOT EXISTS (
               SELECT 1 FROM event e WHERE ${BOOTSTRAP_EVENT} AND e.action = 'created' AND e.entity_id = u.id::text)) AS users,
            (SELECT count(*)::int FROM event e WHERE NOT (${BOOTSTRAP_EVENT})) AS events`,
  );
  const found: NonEmptyFinding[] = [];
  if (rows[0].users > 0) found.push({ table: 'app_user', rows: rows[0].users });
  if (rows[0].events > 0) found.push({ table: 'event', rows: rows[0].events });
  return found;
}

export async function lockTables(c: ClientBase, tables: readonly string[]): Promise<void> {
  await c.query(`LOCK TABLE ${tables.map(quoteIdent).join(', ')} IN ACCESS EXCLUSIVE MODE`);
}

/**
 * Empties the tables in one statement (foreign keys between them allow that only together). The
 * event log's TRUNCATE trigger does not fire under session_replication_role = replica.
 */
export async function truncateTables(c: ClientBase, tables: readonly string[]): Promise<void> {
  await c.query(`TRUNCATE ${tables.map(quoteIdent).join(', ')}`);
}

export const copyToSql = (table: string, columns: readonly string[]): string => `COPY ${quoteIdent(table)} (${columns.map(quoteIdent).join(', ')}) TO STDOUT`;

export const copyFromSql = (table: string, columns: readonly string[]): string =>
  `COPY ${quoteIdent(table)} (${columns.map(quoteIdent).join(', ')}) FROM STDIN`;

/**
 * One keyset batch of the chain, each row's hash recomputed by the database's event_hash(): the
 * query of EventsReadRepository.chainBatch, run here on the restore's own transaction so the chain
 * is checked before it commits.
 */
export async function chainBatch(c: ClientBase, fromSeq: number, size: number): Promise<ChainRow[]> {
  const { rows } = await c.query<{ seq: string; id: string; prev_hash: string; hash: string; computed: string }>(
    `SELECT e.seq::text AS seq, e.id::text AS id, e.prev_hash, e.hash,
            event_hash(e.seq, e.prev_hash, e.occurred_at, e.actor_id, e.request_id, e.entity_type, e.entity_id, e.action, e.before, e.after) AS computed
     FROM event e WHERE e.seq >= $1 ORDER BY e.seq LIMIT $2`,
    [fromSeq, size],
  );
  return rows.map((r) => ({ seq: Number(r.seq), id: r.id, prevHash: r.prev_hash, hash: r.hash, computed: r.computed }));
}

/** Report contents (stored in the database with their SHA-256) whose bytes no longer match it. */
export async function damagedReportContents(c: ClientBase): Promise<string[]> {
  const { rows: exists } = await c.query<{ t: string | null }>(`SELECT to_regclass('report_content')::text AS t`);
  if (exists[0].t === null) return [];
  const { rows } = await c.query<{ k: string }>(
    `SELECT snapshot_id::text || '/' || format AS k FROM report_content
     WHERE encode(sha256(content), 'hex') <> sha256 OR octet_length(content) <> size_bytes ORDER BY 1`,
  );
  return rows.map((r) => r.k);
}
