import { DataSource, type DataSourceOptions } from 'typeorm';
import { dataSourceOptions } from './data-source-options';

/** Arbitrary constant: the advisory lock key every instance takes while migrating. */
export const MIGRATION_LOCK_KEY = 7_2025_0701;

/**
 * Runs pending migrations under a session advisory lock, so two instances starting together
 * do not race: the second waits, then finds nothing to do. Returns the names of applied migrations.
 */
export function runMigrations(url: string, log: (m: string) => void = () => undefined): Promise<string[]> {
  return runMigrationsOf(dataSourceOptions(url, { logging: false }), log);
}

/** The same, for a data source of the caller's (a restore applies only the migrations its backup had). */
export async function runMigrationsOf(options: DataSourceOptions, log: (m: string) => void): Promise<string[]> {
  const ds = new DataSource(options);
  await ds.initialize();
  const runner = ds.createQueryRunner();
  try {
    await runner.connect();
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      const applied = await ds.runMigrations({ transaction: 'all' });
      for (const m of applied) log(`Applied migration ${m.name}`);
      return applied.map((m) => m.name);
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await runner.release();
    await ds.destroy();
  }
}
