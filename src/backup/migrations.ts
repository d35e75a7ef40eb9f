import { DataSource, type MigrationInterface } from 'typeorm';
import { dataSourceOptions } from '../database/data-source-options';
import { runMigrationsOf } from '../database/migrate';
import { migrationTimestamp } from './manifest';

/** TypeORM names a migration by its `name`, else by its class name, and orders them by the timestamp ending it. */
const nameOf = (m: MigrationInterface): string => m.name ?? m.constructor.name;

/** This version's migrations, in the order TypeORM applies them (it reads them from the migrations folder). */
async function loadMigrations(url: string): Promise<MigrationInterface[]> {
  const ds = new DataSource(dataSourceOptions(url, { logging: false }));
  await ds.initialize();
  try {
    return [...ds.migrations].sort((a, b) => migrationTimestamp(nameOf(a)) - migrationTimestamp(nameOf(b)));
  } finally {
    await ds.destroy();
  }
}

export async function knownMigrations(url: string): Promise<string[]> {
  return (await loadMigrations(url)).map(nameOf);
}

/**
 * Applies this version's migrations up to and including `last` (not the newer ones), in one
 * transaction under the same advisory lock as every start, so the target's schema is the backup's.
 */
export async function migrateUpTo(url: string, last: string, log: (m: string) => void): Promise<string[]> {
  const all = await loadMigrations(url);
  const end = all.findIndex((m) => nameOf(m) === last);
  if (end < 0) throw new Error(`migration ${last} is not one of this version's`);
  return runMigrationsOf(
    dataSourceOptions(url, { logging: false, migrations: all.slice(0, end + 1).map((m) => m.constructor as new () => MigrationInterface) }),
    log,
  );
}
