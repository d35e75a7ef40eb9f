/**
 * The backup's manifest and the rules about it, as pure logic (no file system, no database): its
 * shape and how it is checked when read back, where each file lives in a backup directory, and
 * which migration plan a restore follows given the migrations the code knows, the backup's and the
 * target's.
 */

export const BACKUP_FORMAT = 'vn-public-assets-backup';
/** Raised when the layout or the meaning of a backup changes; a restore refuses a version it does not know. */
export const BACKUP_FORMAT_VERSION = 1;
export const MANIFEST_FILE = 'manifest.json';

/** One table: its columns in COPY order, its row count and the gzip'ed COPY text file with its SHA-256. */
export interface TableEntry {
  name: string;
  columns: string[];
  rows: number;
  file: string;
  bytes: number;
  sha256: string;
}

/** A sequence as it stood in the snapshot (bigint as text). */
export interface SequenceEntry {
  name: string;
  lastValue: string;
  isCalled: boolean;
}

/** One stored document file (content-addressed: several document rows may share it). */
export interface DocumentFileEntry {
  sha256: string;
  sizeBytes: number;
}

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  formatVersion: number;
  appVersion: string;
  createdAt: string;
  /** The PostgreSQL server the backup was read from (server_version). */
  server: string;
  /** The migrations applied to the backed-up database, in order; the last one names its schema. */
  migrations: string[];
  lastMigration: string;
  tables: TableEntry[];
  sequences: SequenceEntry[];
  /** The head of the event hash chain in the snapshot: a restore must end on the same one. */
  eventChain: { lastSeq: number; lastHash: string | null };
  documents: DocumentFileEntry[];
}

export class ManifestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ManifestError';
  }
}

const IDENT = /^[a-z_][a-z0-9_]{0,62}$/;
const SHA256 = /^[0-9a-f]{64}$/;
const INTEGER = /^-?\d{1,19}$/;

export const tableFile = (table: string): string => `tables/${table}.copy.gz`;
export const documentFile = (sha256: string): string => `documents/${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`;

/** The 13-digit timestamp TypeORM reads from the end of a migration's name (it orders migrations by it). */
export function migrationTimestamp(name: string): number {
  const ts = Number(name.slice(-13));
  return Number.isInteger(ts) ? ts : Number.NaN;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/**
 * Reads a manifest: valid JSON, this format, a version this code knows, and every entry well formed
 * (names safe to quote as SQL identifiers, files where the layout puts them, hashes and counts in
 * range). Throws ManifestError naming the first thing wrong.
 */
export function parseManifest(text: string): BackupManifest {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new ManifestError(`${MANIFEST_FILE} is not valid JSON`);
  }
  const fail = (what: string): never => {
    throw new ManifestError(`${MANIFEST_FILE}: ${what}`);
  };
  if (!isObject(raw)) return fail('not an object');
  if (raw.format !== BACKUP_FORMAT) return fail(`not a backup of this application (format ${JSON.stringify(raw.format)})`);
  if (!Number.isInteger(raw.formatVersion) || (raw.formatVersion as number) < 1) return fail('formatVersion is missing');
  if ((raw.formatVersion as number) > BACKUP_FORMAT_VERSION) {
    return fail(
      `format version ${raw.formatVersion as number} is newer than this application reads (${BACKUP_FORMAT_VERSION}): restore with the version that made it (${String(raw.appVersion)}) or a newer one`,
    );
  }
  if (typeof raw.appVersion !== 'string' || typeof raw.server !== 'string') return fail('appVersion or server is missing');
  if (typeof raw.createdAt !== 'string' || Number.isNaN(Date.parse(raw.createdAt))) return fail('createdAt is not a date-time');
  const migrations = raw.migrations;
  if (!Array.isArray(migrations) || migrations.length === 0 || !migrations.every((m) => typeof m === 'string' && /^[A-Za-z0-9_]+\d{13}$/.test(m))) {
    return fail('migrations must list the applied migrations');
  }
  if (raw.lastMigration !== migrations[migrations.length - 1]) return fail('lastMigration is not the last of migrations');

  if (!Array.isArray(raw.tables) || raw.tables.length === 0) return fail('tables is missing');
  const seen = new Set<string>();
  for (const t of raw.tables as unknown[]) {
    if (!isObject(t) || typeof t.name !== 'string' || !IDENT.test(t.name))
      return fail(`a table entry has no valid name (${JSON.stringify(isObject(t) ? t.name : t)})`);
    const at = `table ${t.name}`;
    if (seen.has(t.name)) return fail(`${at} is listed twice`);
    seen.add(t.name);
    if (!Array.isArray(t.columns) || t.columns.length === 0 || !t.columns.every((c) => typeof c === 'string' && IDENT.test(c)))
      return fail(`${at}: columns are not valid names`);
    if (new Set(t.columns).size !== t.columns.length) return fail(`${at}: a column is listed twice`);
    if (!isCount(t.rows) || !isCount(t.bytes)) return fail(`${at}: rows and bytes must be whole numbers`);
    if (t.file !== tableFile(t.name)) return fail(`${at}: its file must be ${tableFile(t.name)}`);
    if (typeof t.sha256 !== 'string' || !SHA256.test(t.sha256)) return fail(`${at}: sha256 is not a SHA-256`);
  }
  if (!seen.has('event') || !seen.has('document') || !seen.has('typeorm_migrations')) return fail('tables must include event, document and typeorm_migrations');

  if (!Array.isArray(raw.sequences)) return fail('sequences is missing');
  for (const s of raw.sequences as unknown[]) {
    if (!isObject(s) || typeof s.name !== 'string' || !IDENT.test(s.name)) return fail('a sequence entry has no valid name');
    if (typeof s.lastValue !== 'string' || !INTEGER.test(s.lastValue) || typeof s.isCalled !== 'boolean')
      return fail(`sequence ${s.name}: lastValue or isCalled is not valid`);
  }

  const chain = raw.eventChain;
  if (!isObject(chain) || !isCount(chain.lastSeq) || !(chain.lastHash === null || (typeof chain.lastHash === 'string' && SHA256.test(chain.lastHash)))) {
    return fail('eventChain must give lastSeq and lastHash');
  }
  if ((chain.lastSeq === 0) !== (chain.lastHash === null)) return fail('eventChain: lastHash must be given exactly when lastSeq is not 0');

  if (!Array.isArray(raw.documents)) return fail('documents is missing');
  const files = new Set<string>();
  for (const d of raw.documents as unknown[]) {
    if (!isObject(d) || typeof d.sha256 !== 'string' || !SHA256.test(d.sha256) || !isCount(d.sizeBytes))
      return fail('a document entry needs sha256 and sizeBytes');
    if (files.has(d.sha256)) return fail(`document file ${d.sha256} is listed twice`);
    files.add(d.sha256);
  }
  return raw as unknown as BackupManifest;
}

/** What a restore does about migrations, or why it cannot. */
export type MigrationPlan =
  | {
      ok: true;
      /** Migrations to apply to the target before loading, up to and including the backup's last (none when already there). */
      before: string[];
      /** This code's migrations newer than the backup's schema, applied after the load exactly as an upgrade would. */
      after: string[];
    }
  | { ok: false; reason: string };

const isPrefix = (a: readonly string[], b: readonly string[]) => a.length <= b.length && a.every((m, i) => m === b[i]);

/**
 * The target must end at the backup's schema before the load: a backup made by a schema this code
 * does not know is refused, and so is a target already migrated past (or beside) the backup, since
 * the backup's rows would not fit a newer schema and migrations are not undone.
 * `known`: this code's migrations in order; `backup`: the backup's; `applied`: the target's.
 */
export function planMigrations(known: readonly string[], backup: readonly string[], applied: readonly string[]): MigrationPlan {
  if (!isPrefix(backup, known)) {
    const first = backup.find((m, i) => m !== known[i])!;
    return known.includes(first)
      ? { ok: false, reason: `the backup's migrations differ from this application's at ${first}: it was made by another line of the application` }
      : {
          ok: false,
          reason: `the backup was made by a newer version of the application: its schema has migration ${first}, which this version does not know. Restore it with the version that made it, or a newer one`,
        };
  }
  if (!isPrefix(applied, backup)) {
    const last = applied[applied.length - 1];
    return {
      ok: false,
      reason:
        `the target database is already migrated to ${last}, past the backup's schema (${backup[backup.length - 1]}); the backup's rows can only be loaded into its own schema. ` +
        'Restore into a database that has not been migrated yet (with the embedded PostgreSQL: a new EMBEDDED_PG_DIR, or remove the empty one; with DATABASE_URL: a newly created database)',
    };
  }
  return { ok: true, before: backup.slice(applied.length), after: known.slice(backup.length) };
}

/** A table of the target holding rows that are not an empty installation's. */
export interface NonEmptyFinding {
  table: string;
  rows: number;
}

export function nonEmptyMessage(findings: readonly NonEmptyFinding[]): string {
  const list = findings.map((f) => `${f.table} (${f.rows} ${f.rows === 1 ? 'row' : 'rows'})`).join(', ');
  return `The target is not an empty installation: ${list}. A restore only goes into a new installation (at most started once), never over records`;
}
