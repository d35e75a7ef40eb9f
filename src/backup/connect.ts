import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import { Client } from 'pg';
import type { AppConfig } from '../common/config';
import { isCompleteDataDir, startEmbeddedPostgres } from '../database/embedded-postgres';
import { runningPostmaster } from '../database/embedded-runtime';

export interface CommandDatabase {
  url: string;
  /** Where the database is, for the log. */
  description: string;
  stop(): Promise<void>;
}

/** The embedded server's fixed account (the same constants as embedded-postgres.ts: it listens on 127.0.0.1 only). */
const embeddedUrl = (port: number) => `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;

const samePath = (a: string, b: string): boolean => {
  const real = (p: string) => {
    try {
      return realpathSync(p);
    } catch {
      return resolve(p);
    }
  };
  return real(a) === real(b);
};

/** The data directory of the server answering at `url`, or null when nothing listens there. */
async function runningDataDir(url: string): Promise<string | null> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 5_000, application_name: 'vn-public-assets-cli' });
  try {
    await client.connect();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ECONNREFUSED') return null;
    throw new Error(
      `A server answers on ${new URL(url).host} but not as this installation's embedded PostgreSQL (${(err as Error).message}): set EMBEDDED_PG_PORT, or DATABASE_URL`,
    );
  }
  try {
    return (await client.query<{ data_directory: string }>('SHOW data_directory')).rows[0].data_directory;
  } finally {
    await client.end();
  }
}

/**
 * The database a CLI command works on, WITHOUT running migrations (a backup records
 * the schema as it is, before an upgrade too; a restore migrates the target itself): DATABASE_URL
 * when set; otherwise the embedded PostgreSQL of EMBEDDED_PG_DIR — the running API's server when it
 * answers (on the port its postmaster.pid records, else EMBEDDED_PG_PORT; so a nightly backup needs no downtime and a command beside `npm start` uses the same database), else started for the command
 * and stopped after. A backup refuses a data directory that was never created.
 */
export async function openCommandDatabase(config: AppConfig, purpose: 'backup' | 'restore' | 'command', log: (m: string) => void): Promise<CommandDatabase> {
  if (config.databaseUrl) {
    const u = new URL(config.databaseUrl);
    return { url: config.databaseUrl, description: `${u.host}${u.pathname} (DATABASE_URL)`, stop: async () => undefined };
  }
  const dataDir = resolve(config.embeddedPgDir);
  // Where the running API's server listens, as it recorded it; else the configured port.
  const url = embeddedUrl(runningPostmaster(dataDir)?.port ?? config.embeddedPgPort);
  const running = await runningDataDir(url);
  if (running !== null) {
    if (!samePath(running, dataDir)) {
      throw new Error(`The PostgreSQL on ${new URL(url).host} serves ${running}, not ${dataDir}: set EMBEDDED_PG_DIR / EMBEDDED_PG_PORT, or DATABASE_URL`);
    }
    return { url, description: `the running embedded PostgreSQL (${dataDir})`, stop: async () => undefined };
  }
  if (purpose === 'backup' && !isCompleteDataDir(dataDir)) {
    throw new Error(`There is no database in ${dataDir} to back up: set EMBEDDED_PG_DIR to the installation's, or DATABASE_URL`);
  }
  const handle = await startEmbeddedPostgres({ dataDir, port: config.embeddedPgPort });
  log(`Embedded PostgreSQL ${handle.created ? 'created' : 'started'} in ${dataDir} for the ${purpose}`);
  return { url: handle.url, description: `the embedded PostgreSQL (${dataDir})`, stop: () => handle.stop() };
}
