import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { Client, type ClientBase } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { DocumentStorage } from '../documents/document-storage';
import { checkBatch, startCursor } from '../events/event-chain';
import { runMigrations } from '../database/migrate';
import {
  apiConnections,
  appliedMigrations,
  canPauseTriggers,
  chainBatch,
  copyFromSql,
  countRows,
  damagedReportContents,
  documentFiles,
  hasRows,
  listTables,
  lockTables,
  nonBootstrapUsersAndEvents,
  setSequence,
  truncateTables,
} from './backup-sql';
import { hashFile, Meter } from './file-streams';
import { type BackupManifest, documentFile, MANIFEST_FILE, type NonEmptyFinding, nonEmptyMessage, parseManifest, planMigrations } from './manifest';
import { knownMigrations, migrateUpTo } from './migrations';

/** A restore that was refused or failed, with a message that names what (a file, a table, a document). */
export class RestoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RestoreError';
  }
}

export interface RestoreOptions {
  /** The target database: empty (at most started once), or not even migrated yet. */
  url: string;
  /** The target's document store. */
  storage: DocumentStorage;
  /** The backup directory (with manifest.json). */
  from: string;
  log?: (message: string) => void;
}

export interface RestoreSummary {
  appVersion: string;
  createdAt: string;
  lastMigration: string;
  /** Migrations newer than the backup's schema, applied after the load. */
  upgradedWith: string[];
  tables: { name: string; rows: number }[];
  events: { checked: number; lastSeq: number; lastHash: string | null };
  documents: { files: number; verified: number };
}

/**
 * Tables a new installation already fills and the restore replaces with the backup's rows: the
 * reference data the migrations insert (directives and their clauses from SeedDirectives, land-use
 * categories and purposes), the migrations table itself (the target is migrated to exactly the
 * backup's list first), the login rate-limit counters (runtime state, no record) and the anchors of
 * the event log's head (a first start anchors its own log, which the backup's replaces). Every other
 * table must be empty, except app_user and event, which may hold what the first start writes (the
 * first admin and its event): an installation that only started once is still empty. Since every
 * change the API makes appends an event, a target with any other event holds records, and is refused.
 */
const REPLACED_ON_RESTORE = new Set([
  'directive',
  'directive_clause',
  'land_use_category',
  'repurpose_purpose',
  'typeorm_migrations',
  'throttle_counter',
  'event_anchor',
]);
const FIRST_START_TABLES = new Set(['app_user', 'event']);
/** The application_name of the API's pool (data-source-options): a running API must be stopped first. */
const API_APPLICATION_NAME = 'vn-public-assets';
const CHAIN_BATCH = 5_000;

/**
 * Restores a backup into an empty installation. In order, so that a refusal leaves the target as it was:
 *
 * 1. the manifest is read and every table file is re-hashed against it, every document file found;
 * 2. the target is checked: a user that may set `session_replication_role` (a superuser; loading
 *    with the triggers and foreign-key checks off needs it), no API connected, no records, and a schema no newer than the backup's;
 * 3. a target not yet migrated is migrated up to the backup's last migration (not further);
 * 4. the document files are copied into the store through its own staging (hashed while written; a
 *    file that does not hash to its name stops the restore: already copied files are valid
 *    content-addressed files and harmless, and a new attempt reuses them);
 * 5. one transaction: lock and (again) check the tables, empty them, COPY every table in, set the
 *    sequences, then verify — row counts equal the manifest, the whole event chain re-hashes (the
 *    pure checker of /events/verify) and ends on the manifest's head, every document row's file is
 *    in the backup, report contents match their SHA-256 — and only then commit;
 * 6. migrations newer than the backup are applied, as an upgrade would;
 * 7. every document file in the store is re-hashed (DocumentStorage.check, as /documents/verify does).
 */
export async function restoreBackup(opts: RestoreOptions): Promise<RestoreSummary> {
  const log = opts.log ?? (() => undefined);
  const dir = resolve(opts.from);
  const manifest = await readManifest(dir);
  await verifyBackupFiles(dir, manifest, log);

  const plan = await checkTarget(opts.url, manifest);
  if (plan.before.length) {
    log(`Migrating the target up to the backup's schema (${manifest.lastMigration})`);
    await migrateUpTo(opts.url, manifest.lastMigration, log);
  }
  await copyDocumentsIn(opts.storage, dir, manifest, log);
  const loaded = await load(opts.url, dir, manifest, log);
  const upgradedWith = plan.after.length ? await runMigrations(opts.url, log) : [];
  const verified = await verifyDocuments(opts.storage, manifest, log);
  return {
    appVersion: manifest.appVersion,
    createdAt: manifest.createdAt,
    lastMigration: manifest.lastMigration,
    upgradedWith,
    tables: manifest.tables.map((t) => ({ name: t.name, rows: t.rows })),
    events: loaded.events,
    documents: { files: manifest.documents.length, verified },
  };
}

async function readManifest(dir: string): Promise<BackupManifest> {
  let text: string;
  try {
    text = await readFile(join(dir, MANIFEST_FILE), 'utf8');
  } catch {
    throw new RestoreError(`${join(dir, MANIFEST_FILE)} cannot be read: is ${dir} a backup directory?`);
  }
  try {
    return parseManifest(text);
  } catch (err) {
    throw new RestoreError(`The backup is damaged or not a backup: ${(err as Error).message}`);
  }
}

async function verifyBackupFiles(dir: string, manifest: BackupManifest, log: (m: string) => void): Promise<void> {
  for (const t of manifest.tables) {
    const found = await hashFile(join(dir, t.file));
    if (!found) throw new RestoreError(`The backup is damaged: ${t.file} is missing`);
    if (found.sha256 !== t.sha256 || found.bytes !== t.bytes) {
      throw new RestoreError(
        `The backup is damaged or altered: ${t.file} has SHA-256 ${found.sha256} (${found.bytes} bytes), the manifest records ${t.sha256} (${t.bytes} bytes)`,
      );
    }
  }
  for (const d of manifest.documents) {
    const file = documentFile(d.sha256);
    const size = await stat(join(dir, file)).then(
      (s) => s.size,
      () => null,
    );
    if (size === null) throw new RestoreError(`The backup is damaged: ${file} is missing`);
    if (size !== d.sizeBytes) throw new RestoreError(`The backup is damaged or altered: ${file} has ${size} bytes, the manifest records ${d.sizeBytes}`);
  }
  log(
    `Backup of ${manifest.createdAt} (version ${manifest.appVersion}, schema ${manifest.lastMigration}): ${manifest.tables.length} table files verified, ${manifest.documents.length} document files present`,
  );
}

async function connect(url: string): Promise<Client> {
  const client = new Client({ connectionString: url, application_name: 'vn-public-assets-restore' });
  await client.connect();
  return client;
}

/** Everything that refuses a target before anything is written to it; returns the migration plan. */
async function checkTarget(url: string, manifest: BackupManifest): Promise<{ before: string[]; after: string[] }> {
  const client = await connect(url);
  let applied: string[] | null;
  try {
    if (!(await canPauseTriggers(client))) {
      throw new RestoreError(
        "The target database user may not set session_replication_role, which loading the record with its append-only triggers and foreign-key checks paused needs: restore as a superuser (the embedded PostgreSQL's user is one)",
      );
    }
    const api = await apiConnections(client, API_APPLICATION_NAME);
    if (api > 0)
      throw new RestoreError(`The API is connected to the target database (${api} ${api === 1 ? 'connection' : 'connections'}): stop it before restoring`);
    applied = await appliedMigrations(client);
    if (applied === null) {
      const tables = await listTables(client);
      if (tables.length)
        throw new RestoreError(
          `The target database holds tables (${tables
            .map((t) => t.name)
            .slice(0, 5)
            .join(', ')}, …) but no migrations: it is not an installation of this application`,
        );
    } else {
      const found = await findRecords(
        client,
        (await listTables(client)).map((t) => t.name),
      );
      if (found.length) throw new RestoreError(nonEmptyMessage(found));
    }
  } finally {
    await client.end();
  }
  const plan = planMigrations(await knownMigrations(url), manifest.migrations, applied ?? []);
  if (!plan.ok) throw new RestoreError(`Cannot restore: ${plan.reason}`);
  return plan;
}

async function findRecords(c: ClientBase, tables: readonly string[]): Promise<NonEmptyFinding[]> {
  const found: NonEmptyFinding[] = [];
  for (const table of tables) {
    if (REPLACED_ON_RESTORE.has(table) || FIRST_START_TABLES.has(table)) continue;
    if (await hasRows(c, table)) found.push({ table, rows: await countRows(c, table) });
  }
  if (tables.includes('app_user') && tables.includes('event')) found.push(...(await nonBootstrapUsersAndEvents(c)));
  return found.sort((a, b) => a.table.localeCompare(b.table));
}

async function copyDocumentsIn(storage: DocumentStorage, dir: string, manifest: BackupManifest, log: (m: string) => void): Promise<void> {
  let done = 0;
  for (const d of manifest.documents) {
    const file = documentFile(d.sha256);
    const staged = await storage.stage(createReadStream(join(dir, file)), Number.MAX_SAFE_INTEGER);
    if (staged.sha256 !== d.sha256 || staged.sizeBytes !== d.sizeBytes) {
      await storage.discard(staged);
      throw new RestoreError(
        `The backup is damaged or altered: ${file} has SHA-256 ${staged.sha256} (${staged.sizeBytes} bytes), not the ${d.sha256} its name and the document records give; nothing was loaded into the database`,
      );
    }
    await storage.commit(staged);
    if (++done % 200 === 0) log(`Copied ${done} of ${manifest.documents.length} document files into the store`);
  }
  log(`Copied ${manifest.documents.length} document files into the store`);
}

/** Step 5: the one loading transaction, verified before it commits. */
async function load(url: string, dir: string, manifest: BackupManifest, log: (m: string) => void): Promise<{ events: RestoreSummary['events'] }> {
  const client = await connect(url);
  try {
    await client.query('BEGIN');
    // Replica mode: no ordinary trigger fires (the event log's chain and append-only triggers, the
    // report snapshots' immutability) and no foreign key is checked, exactly as a replica applies rows.
    await client.query(`SET LOCAL session_replication_role = replica`);
    const target = await listTables(client);
    const names = manifest.tables.map((t) => t.name);
    const missing = names.filter((n) => !target.some((t) => t.name === n));
    const extra = target.filter((t) => !names.includes(t.name)).map((t) => t.name);
    if (missing.length || extra.length) {
      throw new RestoreError(
        `The target's schema does not match the backup's: ${[missing.length ? `missing ${missing.join(', ')}` : '', extra.length ? `not in the backup ${extra.join(', ')}` : ''].filter(Boolean).join('; ')}`,
      );
    }
    await lockTables(client, names);
    const found = await findRecords(client, names);
    if (found.length) throw new RestoreError(nonEmptyMessage(found));
    await truncateTables(client, names);
    for (const t of manifest.tables) {
      const fileMeter = new Meter();
      const rowsMeter = new Meter(true);
      await pipeline(createReadStream(join(dir, t.file)), fileMeter, createGunzip(), rowsMeter, client.query(copyFrom(copyFromSql(t.name, t.columns))));
      if (fileMeter.sha256() !== t.sha256) throw new RestoreError(`The backup changed while it was read: ${t.file}`);
      if (rowsMeter.lines !== t.rows) throw new RestoreError(`The backup is damaged: ${t.file} holds ${rowsMeter.lines} rows, the manifest records ${t.rows}`);
      log(`Restored table ${t.name}: ${t.rows} rows`);
    }
    for (const s of manifest.sequences) await setSequence(client, s);
    const events = await verifyLoaded(client, manifest);
    await client.query('COMMIT');
    log(`Committed: ${manifest.tables.length} tables; the event chain (${events.checked} events) is intact`);
    return { events };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    await client.end();
  }
}

/** Inside the loading transaction: counts, the whole chain, the document rows' files, report contents. */
async function verifyLoaded(c: ClientBase, manifest: BackupManifest): Promise<RestoreSummary['events']> {
  for (const t of manifest.tables) {
    const n = await countRows(c, t.name);
    if (n !== t.rows) throw new RestoreError(`Table ${t.name} holds ${n} rows after the load, the manifest records ${t.rows}`);
  }
  let cursor = startCursor(1, undefined);
  let checked = 0;
  for (let from = 1; ;) {
    const rows = await chainBatch(c, from, CHAIN_BATCH);
    if (rows.length === 0) break;
    const result = checkBatch(cursor, rows);
    checked += result.checked;
    if (result.broken) {
      const b = result.broken;
      throw new RestoreError(`The restored event chain is broken at seq ${b.seq} (event ${b.id}): ${b.reason}, expected ${b.expected}, found ${b.actual}`);
    }
    cursor = result.cursor;
    from = rows[rows.length - 1].seq + 1;
  }
  const lastSeq = cursor.expectedSeq - 1;
  const lastHash = lastSeq === 0 ? null : cursor.prevHash;
  if (lastSeq !== manifest.eventChain.lastSeq || lastHash !== manifest.eventChain.lastHash) {
    throw new RestoreError(
      `The restored event chain ends at seq ${lastSeq} (${lastHash}), the manifest records seq ${manifest.eventChain.lastSeq} (${manifest.eventChain.lastHash})`,
    );
  }
  const inBackup = new Set(manifest.documents.map((d) => `${d.sha256}:${d.sizeBytes}`));
  const without = (await documentFiles(c)).filter((f) => !inBackup.has(`${f.sha256}:${f.sizeBytes}`));
  if (without.length) throw new RestoreError(`The backup holds no file for document ${without.flatMap((f) => f.documentIds).join(', ')}`);
  const reports = await damagedReportContents(c);
  if (reports.length) throw new RestoreError(`Report contents do not match their SHA-256: ${reports.join(', ')}`);
  return { checked, lastSeq, lastHash };
}

/** Step 7: each document file re-hashed in the store, as /documents/verify does. Returns the count verified. */
async function verifyDocuments(storage: DocumentStorage, manifest: BackupManifest, log: (m: string) => void): Promise<number> {
  const problems: string[] = [];
  for (const d of manifest.documents) {
    const result = await storage.check(d.sha256, d.sizeBytes);
    if (!result.ok) problems.push(`${d.sha256}: ${result.reason}`);
  }
  if (problems.length)
    throw new RestoreError(`The database was restored, but ${problems.length} document files in the store do not verify:\n  ${problems.join('\n  ')}`);
  log(`Verified ${manifest.documents.length} document files in the store`);
  return manifest.documents.length;
}
