import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, readFileSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { Client } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import type { DocumentStorage } from '../documents/document-storage';
import { appliedMigrations, chainHead, copyToSql, documentFiles, listSequences, listTables, readSequence, serverVersion } from './backup-sql';
import { Meter } from './file-streams';
import {
  BACKUP_FORMAT,
  BACKUP_FORMAT_VERSION,
  type BackupManifest,
  type DocumentFileEntry,
  documentFile,
  MANIFEST_FILE,
  parseManifest,
  type TableEntry,
  tableFile,
} from './manifest';

/** A backup that could not be written; nothing is left at the target path. */
export class BackupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupError';
  }
}

export interface BackupOptions {
  /** The database to back up. */
  url: string;
  /** The document store the document rows point into. */
  storage: DocumentStorage;
  /** A directory that does not exist yet; the backup appears there only once complete. */
  out: string;
  log?: (message: string) => void;
}

/** Documents between two progress lines. */
const DOCUMENT_PROGRESS_EVERY = 200;

/** The application's version, from the package.json above this file (in src/ or in dist/src/). */
export function appVersion(): string {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (!existsSync(file)) continue;
    const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
    if (pkg.name === 'vn-public-assets-api' && pkg.version) return pkg.version;
  }
  return 'unknown';
}

/**
 * Writes a backup of the database and of the stored documents into `out`:
 *
 * - `tables/<table>.copy.gz`: every application table (and typeorm_migrations) in COPY text format,
 *   gzip'ed, all read in ONE `REPEATABLE READ, READ ONLY` transaction, so the tables, the sequences
 *   and the event chain's head are one consistent snapshot while the API keeps running;
 * - `documents/ab/cd/<sha256>`: each file the snapshot's document rows point to, hashed while copied
 *   and checked against the recorded SHA-256 and size (stored files are never changed or deleted,
 *   so copying them after the snapshot is safe);
 * - `manifest.json`, written last: format and app version, the migrations, per table its columns,
 *   rows and the file's SHA-256, the sequences, the chain head and the document files.
 *
 * It is written into a temporary sibling directory and renamed into place at the end. A missing or
 * altered document file fails the backup (exit 1), naming it: the store needs repair, and the
 * previous backups still hold the good file.
 */
export async function writeBackup(opts: BackupOptions): Promise<BackupManifest> {
  const log = opts.log ?? (() => undefined);
  const target = resolve(opts.out);
  if (existsSync(target)) throw new BackupError(`${target} already exists: each backup goes into a new directory`);
  const work = `${target}.partial-${randomBytes(4).toString('hex')}`;
  await mkdir(join(work, 'tables'), { recursive: true });
  try {
    const snapshot = await readSnapshot(opts.url, work, log);
    const documents = await copyDocuments(opts.storage, snapshot.files, work, log);
    const manifest: BackupManifest = {
      format: BACKUP_FORMAT,
      formatVersion: BACKUP_FORMAT_VERSION,
      appVersion: appVersion(),
      createdAt: snapshot.createdAt,
      server: snapshot.server,
      migrations: snapshot.migrations,
      lastMigration: snapshot.migrations[snapshot.migrations.length - 1],
      tables: snapshot.tables,
      sequences: snapshot.sequences,
      eventChain: snapshot.eventChain,
      documents,
    };
    const text = `${JSON.stringify(manifest, null, 2)}\n`;
    // Checked as a restore will check it: a schema it could not read back fails today, not on the day of the restore.
    try {
      parseManifest(text);
    } catch (err) {
      throw new BackupError(`a restore could not read this backup: ${(err as Error).message}`);
    }
    await writeFile(join(work, MANIFEST_FILE), text, { flush: true });
    await rename(work, target);
    return manifest;
  } catch (err) {
    await rm(work, { recursive: true, force: true });
    throw err;
  }
}

interface Snapshot {
  createdAt: string;
  server: string;
  migrations: string[];
  tables: TableEntry[];
  sequences: BackupManifest['sequences'];
  eventChain: BackupManifest['eventChain'];
  files: { sha256: string; sizeBytes: number; documentIds: string[] }[];
}

async function readSnapshot(url: string, work: string, log: (m: string) => void): Promise<Snapshot> {
  const client = new Client({ connectionString: url, application_name: 'vn-public-assets-backup' });
  await client.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY');
    // The snapshot is taken by the first statement: everything below reads the same instant.
    const { rows } = await client.query<{ now: Date }>('SELECT now() AS now');
    const migrations = await appliedMigrations(client);
    if (!migrations?.length) throw new BackupError('the database has no applied migrations: it is not a database of this application');
    const tables: TableEntry[] = [];
    for (const t of await listTables(client)) {
      const rowsMeter = new Meter(true);
      const fileMeter = new Meter();
      const file = tableFile(t.name);
      await pipeline(
        client.query(copyTo(copyToSql(t.name, t.columns))),
        rowsMeter,
        createGzip(),
        fileMeter,
        createWriteStream(join(work, file), { flush: true }),
      );
      tables.push({ name: t.name, columns: t.columns, rows: rowsMeter.lines, file, bytes: fileMeter.bytes, sha256: fileMeter.sha256() });
      log(`Backed up table ${t.name}: ${rowsMeter.lines} rows`);
    }
    const sequences = [];
    for (const name of await listSequences(client)) sequences.push(await readSequence(client, name));
    const eventChain = await chainHead(client);
    const files = await documentFiles(client);
    const server = await serverVersion(client);
    await client.query('COMMIT');
    return { createdAt: rows[0].now.toISOString(), server, migrations, tables, sequences, eventChain, files };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    await client.end();
  }
}

async function copyDocuments(storage: DocumentStorage, files: Snapshot['files'], work: string, log: (m: string) => void): Promise<DocumentFileEntry[]> {
  const problems: string[] = [];
  const copied: DocumentFileEntry[] = [];
  let done = 0;
  for (const f of files) {
    const dest = join(work, documentFile(f.sha256));
    await mkdir(dirname(dest), { recursive: true });
    const meter = new Meter();
    const which = `document ${f.documentIds.join(', ')} (file ${f.sha256})`;
    try {
      await pipeline(createReadStream(storage.pathOf(f.sha256)), meter, createWriteStream(dest, { flush: true }));
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      problems.push(`${which}: the stored file is ${code === 'ENOENT' ? 'missing' : `unreadable (${code ?? String(err)})`}`);
      continue;
    }
    if (meter.sha256() !== f.sha256 || meter.bytes !== f.sizeBytes) {
      problems.push(`${which}: the stored file is altered (SHA-256 ${meter.sha256()}, ${meter.bytes} bytes; recorded ${f.sizeBytes} bytes)`);
      continue;
    }
    copied.push({ sha256: f.sha256, sizeBytes: f.sizeBytes });
    if (++done % DOCUMENT_PROGRESS_EVERY === 0) log(`Backed up ${done} of ${files.length} document files`);
  }
  if (problems.length) {
    throw new BackupError(
      `${problems.length} stored document ${problems.length === 1 ? 'file is' : 'files are'} not as recorded, so no backup was written:\n  ${problems.join('\n  ')}\n` +
        'Repair the document store (an earlier backup holds the good file), then back up again.',
    );
  }
  log(`Backed up ${files.length} document files`);
  return copied;
}
